import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mcnemarExact, pairedTable } from '../../src/core/paired-test.js';

/** Exact binomial sums with BigInt, as a reference the log-space code must agree with. */
function reference(b: number, c: number): { two: number; worse: number } {
  const n = b + c;
  const choose: bigint[] = [1n];
  for (let k = 0; k < n; k++) choose.push((choose[k]! * BigInt(n - k)) / BigInt(k + 1));
  const total = 2n ** BigInt(n);
  const tail = (from: number) => choose.slice(from).reduce((s, x) => s + x, 0n);
  const ratio = (num: bigint) => Number((num * 10n ** 18n) / total) / 1e18;
  return { two: Math.min(1, 2 * ratio(tail(Math.max(b, c)))), worse: ratio(tail(b)) };
}

describe("McNemar's exact test", () => {
  it('matches a table worked by hand: 10 pass→fail, 2 fail→pass', () => {
    // P(X <= 2 | n = 12) = (1 + 12 + 66) / 4096 = 79/4096; two-sided doubles it.
    const r = mcnemarExact({ pass_to_fail: 10, fail_to_pass: 2 });
    expect(r.discordant).toBe(12);
    expect(r.p_two_sided).toBeCloseTo(158 / 4096, 12);
    expect(r.p_worse).toBeCloseTo(79 / 4096, 12);
  });

  it('matches the textbook example (b = 3, c = 12: two-sided p = 0.0352)', () => {
    // P(X <= 3 | n = 15) = (1 + 15 + 105 + 455) / 32768 = 576/32768.
    const r = mcnemarExact({ pass_to_fail: 3, fail_to_pass: 12 });
    expect(r.p_two_sided).toBeCloseTo(1152 / 32768, 12);
    expect(r.p_two_sided).toBeCloseTo(0.0352, 4);
    // Better now, so "worse" is nowhere near significant.
    expect(r.p_worse).toBeGreaterThan(0.99);
  });

  it('gives p = 1 with no discordant pair and with an even split', () => {
    expect(mcnemarExact({ pass_to_fail: 0, fail_to_pass: 0 })).toEqual({ discordant: 0, p_two_sided: 1, p_worse: 1 });
    expect(mcnemarExact({ pass_to_fail: 7, fail_to_pass: 7 }).p_two_sided).toBe(1);
  });

  it('stays finite and exact for thousands of discordant pairs', () => {
    const r = mcnemarExact({ pass_to_fail: 2600, fail_to_pass: 2400 });
    expect(r.p_two_sided).toBeGreaterThan(0);
    expect(r.p_two_sided).toBeLessThan(0.01);
    expect(Number.isFinite(r.p_worse)).toBe(true);
  });

  it('agrees with exact integer arithmetic on any small table', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (b, c) => {
        const r = mcnemarExact({ pass_to_fail: b, fail_to_pass: c });
        const ref = reference(b, c);
        expect(r.p_two_sided).toBeCloseTo(ref.two, 10);
        expect(r.p_worse).toBeCloseTo(ref.worse, 10);
      }),
    );
  });

  it('folds pairs into the 2×2 table', () => {
    const t = pairedTable([
      [true, true],
      [true, false],
      [true, false],
      [false, true],
      [false, false],
    ]);
    expect(t).toEqual({ both_pass: 1, pass_to_fail: 2, fail_to_pass: 1, both_fail: 1 });
  });
});
