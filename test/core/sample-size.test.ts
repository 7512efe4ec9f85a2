import { describe, expect, it } from 'vitest';
import { casesNeededAllPass, casesNeededAtRate } from '../../src/core/sample-size.js';
import { wilson } from '../../src/core/stats.js';

describe('cases needed to clear a quality bar', () => {
  // z^2 = 1.959964^2 = 3.841459; with every case passing the Wilson lower bound is n / (n + z^2).
  it('with every case passing: the smallest n whose lower bound reaches the bar', () => {
    // 0.90: n >= 0.9 * 3.841459 / 0.1 = 34.57, so 35 (35/38.84 = 0.9011; 34/37.84 = 0.8985).
    expect(casesNeededAllPass(0.9)).toBe(35);
    // 0.75: n >= 11.52, so 12 (12/15.84 = 0.7575; 11/14.84 = 0.7412).
    expect(casesNeededAllPass(0.75)).toBe(12);
    // 0.85: n >= 21.77, so 22.
    expect(casesNeededAllPass(0.85)).toBe(22);
    // 0.95: n >= 72.99, so 73 (73/76.84 = 0.950007).
    expect(casesNeededAllPass(0.95)).toBe(73);
    // 0.99: n >= 380.3, so 381.
    expect(casesNeededAllPass(0.99)).toBe(381);
  });

  it('is exactly the boundary of wilson()', () => {
    for (const min of [0.5, 0.8, 0.9, 0.97]) {
      const n = casesNeededAllPass(min)!;
      expect(wilson(n, n).low).toBeGreaterThanOrEqual(min);
      expect(wilson(n - 1, n - 1).low).toBeLessThan(min);
    }
  });

  it('a bar of 100% can never be cleared; a bar of 0 always is', () => {
    expect(casesNeededAllPass(1)).toBeNull();
    expect(casesNeededAllPass(0)).toBe(0);
  });

  it('at an observed rate above the bar: the smallest n at which that rate would clear it', () => {
    const n = casesNeededAtRate(0.95, 0.9)!;
    expect(wilson(0.95 * n, n).low).toBeGreaterThanOrEqual(0.9);
    expect(wilson(0.95 * (n - 1), n - 1).low).toBeLessThan(0.9);
    // By hand, the normal approximation puts it near z^2 p(1-p) / (p - min)^2 = 73; Wilson needs a little more.
    expect(n).toBeGreaterThan(60);
    expect(n).toBeLessThan(200);
  });

  it('no number of cases helps a rate at or below the bar', () => {
    expect(casesNeededAtRate(0.9, 0.9)).toBeNull();
    expect(casesNeededAtRate(0.5, 0.9)).toBeNull();
  });
});
