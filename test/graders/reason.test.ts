import { describe, expect, it } from 'vitest';
import { oneLine, quote, showNumber } from '../../src/graders/reason.js';

describe('quote', () => {
  it('quotes short text as is', () => {
    expect(quote('billing')).toBe('"billing"');
  });

  it('escapes newlines, tabs and quotes so a reason stays on one line', () => {
    const q = quote('a\nb\r\tc "d"');
    expect(q).toBe('"a\\nb\\r\\tc \\"d\\""');
    expect(q).not.toMatch(/[\n\r\t]/);
  });

  it('truncates to 120 characters with an ellipsis', () => {
    const q = quote('x'.repeat(500));
    expect(q).toBe(`"${'x'.repeat(119)}…"`);
  });

  it('counts characters, not UTF-16 units, so emoji are not cut in half', () => {
    const q = quote('😀'.repeat(200));
    expect([...JSON.parse(q)].length).toBe(120);
    expect(q).not.toMatch(/\\ud/);
  });
});

describe('oneLine', () => {
  it('escapes line breaks without adding quotes', () => {
    expect(oneLine('first\nsecond "x"')).toBe('first\\nsecond "x"');
  });

  it('caps length', () => {
    expect([...oneLine('y'.repeat(1000), 50)]).toHaveLength(50);
  });
});

describe('showNumber', () => {
  it('hides floating-point noise', () => {
    expect(showNumber(13.2 - 12.5)).toBe('0.7');
    expect(showNumber(1234.5)).toBe('1234.5');
  });
});
