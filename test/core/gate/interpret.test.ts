import { describe, expect, it } from 'vitest';
import { evaluate, evaluate3, firstMatch } from '../../../src/core/gate/interpret.js';
import { parseGate } from '../../../src/core/gate/parser.js';
import { compareStrings } from '../../../src/core/gate/values.js';

const e3 = (text: string, record: Record<string, unknown>) => evaluate3(parseGate(text), record);

describe('evaluate3: comparisons', () => {
  it('compares numbers', () => {
    const r = { c: 0.5 };
    expect([e3('c < 0.72', r), e3('c <= 0.5', r), e3('c > 0.5', r), e3('c >= 0.5', r), e3('c == 0.5', r), e3('c != 0.5', r)]).toEqual([true, true, false, true, true, false]);
    expect(e3('c > -1e3', r)).toBe(true);
    expect(e3('0.72 > c', r)).toBe(true);
  });

  it('compares strings exactly and by code point', () => {
    expect(e3("t == 'enterprise'", { t: 'enterprise' })).toBe(true);
    expect(e3("t == 'enterprise'", { t: 'Enterprise' })).toBe(false);
    expect(e3("t < 'b'", { t: 'a' })).toBe(true);
    expect(e3("t < 'a'", { t: 'B' })).toBe(true); // 'B' (U+0042) sorts before 'a' (U+0061)
    // UTF-16 would put U+1F600 (a surrogate pair, 0xD83D...) before U+FFFF; code points do not.
    expect(e3("t > '\\uFFFF'", { t: '😀' })).toBe(true);
    expect('😀' < '\uFFFF').toBe(true);
    expect(compareStrings('😀', '\uFFFF')).toBeGreaterThan(0);
    expect(compareStrings('ab', 'abc')).toBeLessThan(0);
    expect(compareStrings('é', 'é')).toBe(0);
  });

  it('compares booleans with == and != only; ordering two boolean columns is unknown', () => {
    expect(e3('v == true', { v: true })).toBe(true);
    expect(e3('v != false', { v: false })).toBe(false);
    expect(e3('a < b', { a: false, b: true })).toBe(null);
    expect(e3('a == b', { a: false, b: false })).toBe(true);
  });

  it('compares two columns of the same type', () => {
    expect(e3('out > inp', { out: 10, inp: 3 })).toBe(true);
    expect(e3('a == b', { a: 'x', b: 'x' })).toBe(true);
    expect(e3('a == b', { a: 'x', b: 1 })).toBe(null);
  });

  it('follows SQL for NaN, infinities, -0 and bigints', () => {
    expect(e3('x == 0', { x: -0 })).toBe(true);
    expect(e3('x > 1e308', { x: Number.POSITIVE_INFINITY })).toBe(true);
    expect(e3('x > 1e308', { x: Number.NaN })).toBe(true); // NaN sorts above every number
    expect(e3('x == 1', { x: Number.NaN })).toBe(false);
    expect(e3('x == y', { x: Number.NaN, y: Number.NaN })).toBe(true);
    expect(e3('x > y', { x: Number.NaN, y: Number.POSITIVE_INFINITY })).toBe(true);
    expect(e3('x == null', { x: Number.NaN })).toBe(false);
    expect(e3('x == 12', { x: 12n })).toBe(true);
    expect(e3('x in [12]', { x: 12n })).toBe(true);
  });
});

describe('evaluate3: missing values and wrong types', () => {
  it('treats a comparison with a missing operand as unknown', () => {
    for (const record of [{}, { c: null }, { c: undefined }]) {
      expect([e3('c < 0.72', record), e3('c == 1', record), e3('c != 1', record), e3("c in ['a']", record), e3("c not in ['a']", record), e3('c', record)]).toEqual([
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
    }
  });

  it('tests for a missing value with == null and != null, always true or false', () => {
    expect([e3('c == null', {}), e3('c == null', { c: null }), e3('c == null', { c: 0 }), e3('c == null', { c: '' }), e3('c == null', { c: false })]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([e3('c != null', {}), e3('null != c', { c: 1 }), e3('null == null', {}), e3('null != null', {})]).toEqual([false, true, true, false]);
    expect(e3('c == null', { c: new Date(0) })).toBe(false);
  });

  it('treats a value of another type as unknown: nothing is coerced', () => {
    expect(e3('c < 0.72', { c: '0.5' })).toBe(null);
    expect(e3('c == 1', { c: true })).toBe(null);
    expect(e3("c == 'true'", { c: true })).toBe(null);
    expect(e3('c == true', { c: 'true' })).toBe(null);
    expect(e3('c == true', { c: 1 })).toBe(null);
    expect(e3('c in [1, 2]', { c: '1' })).toBe(null);
    expect(e3("c not in ['1']", { c: 1 })).toBe(null);
    expect(e3('c < 1', { c: new Date(0) })).toBe(null);
    expect(e3('c == 1', { c: [1] })).toBe(null);
    expect(e3('c == 1', { c: { value: 1 } })).toBe(null);
    expect(e3('c', { c: 1 })).toBe(null);
    expect(e3('c', { c: 'true' })).toBe(null);
  });

  it('reads dotted names as a flat key first, else as a nested path, own fields only', () => {
    expect(e3('usage.output > 5', { 'usage.output': 10, usage: { output: 1 } })).toBe(true);
    expect(e3('usage.output > 5', { usage: { output: 10 } })).toBe(true);
    expect(e3('usage.output > 5', { usage: null })).toBe(null);
    expect(e3('usage.output.x > 5', { usage: { output: 10 } })).toBe(null);
    expect(e3('toString == null', {})).toBe(true);
    expect(e3('constructor == null', {})).toBe(true);
    expect(e3('a.constructor == null', { a: {} })).toBe(true);
    expect(e3('a.length == 3', { a: 'abc' })).toBe(null);
  });
});

describe('evaluate3: three-valued logic', () => {
  // u: an unknown comparison (the column is missing); t / f: true and false ones.
  const r = { t: true, f: false };
  const cases: [string, boolean | null][] = [
    ['not u', null],
    ['not t', false],
    ['not f', true],
    ['u and f', false],
    ['f and u', false],
    ['u and t', null],
    ['t and u', null],
    ['u and u', null],
    ['t and t', true],
    ['u or t', true],
    ['t or u', true],
    ['u or f', null],
    ['f or u', null],
    ['u or u', null],
    ['f or f', false],
    ['not (u and f)', true],
    ['not (u or f)', null],
    ['u or not u', null], // not the law of excluded middle: SQL agrees
    ['u == null or u', true],
    ['t and f or u and t', null],
    ['(t or u) and (f or t)', true],
  ];
  it.each(cases)('%s -> %s', (text, expected) => {
    expect(e3(text, r)).toBe(expected);
  });

  it('does not escalate on unknown, as a SQL WHERE drops a NULL predicate', () => {
    expect(evaluate(parseGate('u < 0.5'), {})).toBe(false);
    expect(evaluate(parseGate('not u < 0.5'), {})).toBe(false);
    expect(evaluate(parseGate('u < 0.5 or t'), { t: true })).toBe(true);
  });

  it('evaluates literal conditions', () => {
    expect([e3('true', {}), e3('false', {}), e3('1 < 2', {}), e3("'b' < 'a'", {}), e3('true == false', {})]).toEqual([true, false, true, false, false]);
  });
});

describe('firstMatch', () => {
  const rules = [
    { expr: parseGate('confidence < 0.72'), model: 'claude-3-5-sonnet' },
    { expr: parseGate("account_tier == 'enterprise' and sentiment == 'high_risk'"), model: 'gpt-4o' },
  ];
  it('picks the first rule that holds, else the default', () => {
    expect(firstMatch(rules, 'gpt-4o-mini', { confidence: 0.5, account_tier: 'enterprise', sentiment: 'high_risk' })).toBe('claude-3-5-sonnet');
    expect(firstMatch(rules, 'gpt-4o-mini', { confidence: 0.9, account_tier: 'enterprise', sentiment: 'high_risk' })).toBe('gpt-4o');
    expect(firstMatch(rules, 'gpt-4o-mini', { account_tier: 'enterprise', sentiment: 'high_risk' })).toBe('gpt-4o');
    expect(firstMatch(rules, 'gpt-4o-mini', { confidence: 0.9, account_tier: 'pro', sentiment: 'high_risk' })).toBe('gpt-4o-mini');
    expect(firstMatch(rules, 'gpt-4o-mini', {})).toBe('gpt-4o-mini');
    expect(firstMatch([], 'gpt-4o-mini', { confidence: 0 })).toBe('gpt-4o-mini');
  });
});
