import { describe, expect, it } from 'vitest';
import { extractNumber, parseNumber } from '../../src/graders/number.js';
import { gradeWith } from './compile.js';

describe('extractNumber', () => {
  it.each([
    ['1,234.50', 1234.5],
    ['$1234.5', 1234.5],
    ['-3', -3],
    ['1e3', 1000],
    ['2.5E-2', 0.025],
    ['.5', 0.5],
    ['-$12', -12],
    ['€ 1,000,000', 1000000],
    ['The answer is 42.', 42],
    ['12 apples and 30 pears: 42 fruit', 42],
    ['TOTAL: 19\nwhere 4 + 15 = 19 and 7 more', 19],
    ['**Answer:** 1,234.50 (I checked twice: 3 times)', 1234.5],
    ['Total: 42 (= 40 + 2)', 42],
    ['Subtotal: 10, tax 2, total = 12 dollars, 3 items', 12],
    ['x = -2.5, so y = 7; check 1 2 3', 7],
    ['10 - 3', 3],
    ['Answer: 3\nFinal answer: 4\n5', 4],
  ])('%j -> %d', (output, expected) => {
    expect(extractNumber(output)).toBe(expected);
  });

  it('finds nothing in text without digits, or in a version string', () => {
    expect(extractNumber('no idea')).toBeUndefined();
    expect(extractNumber('see v1.2')).toBeUndefined();
  });
});

describe('parseNumber', () => {
  it('parses a whole value in any accepted format', () => {
    expect(parseNumber(' 1,234.50 ')).toBe(1234.5);
    expect(parseNumber('$-7')).toBe(-7);
  });

  it('rejects values that are not one number', () => {
    expect(parseNumber('about 12')).toBeUndefined();
    expect(parseNumber('12 13')).toBeUndefined();
    expect(parseNumber('n/a')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
  });
});

describe('number grader', () => {
  const spec = { type: 'number', expected: '{{total}}' };

  it('passes on an exact match in another format', async () => {
    const r = await gradeWith(spec, 'TOTAL: $1,234.50', { total: '1234.5' });
    expect(r).toEqual({ grader: 'number', pass: true, score: 1, reason: '1234.5 equals 1234.5' });
  });

  it('fails outside an absolute tolerance, saying how far off', async () => {
    const r = await gradeWith({ ...spec, tolerance: 0.5 }, 'Answer: 12.5', { total: '13.2' });
    expect(r).toEqual({ grader: 'number', pass: false, score: 0, reason: '12.5 is 0.7 away from 13.2 (tolerance 0.5)' });
  });

  it('passes inside an absolute tolerance, including its edge despite floating point', async () => {
    expect(await gradeWith({ ...spec, tolerance: 0.5 }, '12.8', { total: '13.2' })).toMatchObject({ pass: true, reason: '12.8 is within 0.5 of 13.2' });
    expect((await gradeWith({ ...spec, tolerance: 0.1 }, '1.1', { total: '1.0' })).pass).toBe(true);
    expect((await gradeWith({ ...spec, tolerance: 0.1 }, '1.2', { total: '1.0' })).pass).toBe(false);
  });

  it('is exact with the default tolerance of 0', async () => {
    expect((await gradeWith(spec, '1000000000001', { total: '1e12' })).pass).toBe(false);
    expect((await gradeWith(spec, '1,000,000,000,000', { total: '1e12' })).pass).toBe(true);
  });

  it('treats a relative tolerance as a fraction of the expected value', async () => {
    const rel = { ...spec, tolerance: 0.05, relative: true };
    expect((await gradeWith(rel, '= 104', { total: '100' })).pass).toBe(true);
    expect((await gradeWith(rel, '= -104', { total: '-100' })).pass).toBe(true);
    const r = await gradeWith(rel, '= 106', { total: '100' });
    expect(r).toMatchObject({ pass: false, reason: '106 is 6 away from 100 (tolerance 5% = 5)' });
  });

  it('fails the case, quoting the value, when the expected column is not a number', async () => {
    const r = await gradeWith(spec, '42', { total: 'forty-two' });
    expect(r).toMatchObject({ pass: false, score: 0, reason: 'expected value "forty-two" from the dataset is not a number' });
  });

  it('fails when the output has no number', async () => {
    const r = await gradeWith(spec, 'I cannot compute that.', { total: '3' });
    expect(r).toMatchObject({ pass: false, reason: 'no number in output: "I cannot compute that."' });
  });
});
