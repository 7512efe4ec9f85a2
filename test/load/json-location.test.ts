import { describe, expect, it } from 'vitest';
import { firstBadOffset, jsonErrorLocation } from '../../src/load/json-location.js';

const locate = (text: string) => {
  try {
    JSON.parse(text);
  } catch (e) {
    return jsonErrorLocation(text, (e as Error).message);
  }
  throw new Error('parsed');
};

describe('where a text stops being JSON', () => {
  it('names the line and column, also where V8 states no position', () => {
    // V8: "Unexpected token '}', ... is not valid JSON", no position.
    expect(locate('{\n  "a": tru}')).toEqual({ line: 2, column: 11 });
    expect(locate('{\n  "a": 1,\n}')).toEqual({ line: 3, column: 1 });
    expect(locate('{"a":')).toEqual({ line: 1, column: 6 });
    expect(locate('')).toEqual({ line: 1, column: 1 });
    expect(locate('\u0000{}')).toEqual({ line: 1, column: 1 });
    expect(locate('[1,2]\nx')).toEqual({ line: 2, column: 1 });
  });

  it('scans deep nesting without recursion', () => {
    expect(firstBadOffset('['.repeat(100_000) + ']'.repeat(99_999) + '}')).toBe(199_999);
    expect(firstBadOffset('{"a":[1,{"b":null}],"c":"\\u00e9"}')).toBe(33);
  });
});
