import { describe, expect, it } from 'vitest';
import { comparePaired, mcnemarExactP } from '../../src/core/mcnemar.js';

/** Independent check: the exact two-sided sum with BigInt binomial coefficients, no logs. */
function bigIntP(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let coef = 1n;
  let tail = 0n;
  for (let i = 0; i <= Math.min(b, c); i++) {
    tail += coef;
    coef = (coef * BigInt(n - i)) / BigInt(i + 1);
  }
  // 2 * tail / 2^n: keep the top 60 bits of the exact sum, then apply the power of two in logs.
  const twice = 2n * tail;
  const shift = Math.max(0, twice.toString(2).length - 60);
  const mantissa = Number(twice >> BigInt(shift));
  return Math.min(1, Math.exp(Math.log(mantissa) + (shift - n) * Math.LN2));
}

describe('McNemar exact test', () => {
  it('matches binomial sums worked by hand', () => {
    // b=0, c=5: n=5, P(X<=0) = 1/32, two-sided 2/32.
    expect(mcnemarExactP(0, 5)).toBeCloseTo(0.0625, 12);
    // b=0, c=6: 2/64.
    expect(mcnemarExactP(0, 6)).toBeCloseTo(0.03125, 12);
    // b=1, c=9: n=10, P(X<=1) = (1 + 10)/1024, two-sided 22/1024.
    expect(mcnemarExactP(1, 9)).toBeCloseTo(22 / 1024, 12);
    // b=2, c=8: (1 + 10 + 45)/1024, two-sided 112/1024 = 0.109375.
    expect(mcnemarExactP(8, 2)).toBeCloseTo(0.109375, 12);
    // b=3, c=12: n=15, (1 + 15 + 105 + 455)/32768 = 576/32768, two-sided 1152/32768.
    expect(mcnemarExactP(3, 12)).toBeCloseTo(1152 / 32768, 12);
  });

  it('is symmetric and capped at 1', () => {
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(mcnemarExactP(4, 4)).toBe(1);
    expect(mcnemarExactP(5, 6)).toBe(1);
    expect(mcnemarExactP(2, 9)).toBe(mcnemarExactP(9, 2));
  });

  it('agrees with exact BigInt sums on large suites, where 2^-n underflows', () => {
    for (const [b, c] of [
      [40, 60],
      [480, 520],
      [700, 1300],
      [0, 1100],
      [1500, 1500],
    ] as const) {
      const want = bigIntP(b, c);
      const got = mcnemarExactP(b, c);
      if (want < 1e-300) expect(got).toBeLessThan(1e-290);
      else expect(Math.abs(got - want) / want).toBeLessThan(1e-9);
    }
  });

  it('rejects counts that are not whole numbers', () => {
    expect(() => mcnemarExactP(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarExactP(1.5, 2)).toThrow(RangeError);
  });

  it('calls the first candidate worse only when significant and in the stronger one\'s favour', () => {
    const t = { pairs: 100, both: 85, neither: 5 };
    // 1 vs 9 discordant: p = 22/1024 < 0.05, and the second wins them.
    expect(comparePaired({ ...t, onlyFirst: 1, onlySecond: 9 }, 0.05)).toMatchObject({ firstWorse: true, pValue: expect.closeTo(22 / 1024, 12) });
    // Same p, but the first wins them: not worse.
    expect(comparePaired({ ...t, onlyFirst: 9, onlySecond: 1 }, 0.05).firstWorse).toBe(false);
    // 2 vs 8: p = 0.109 >= 0.05: not significant.
    expect(comparePaired({ ...t, onlyFirst: 2, onlySecond: 8 }, 0.05).firstWorse).toBe(false);
  });
});
