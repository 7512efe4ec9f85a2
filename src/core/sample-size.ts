import { wilson, Z95 } from './stats.js';

/**
 * The smallest suite for which a perfect score (n of n passing) puts the Wilson lower bound at
 * or above `min`; null when no suite can (a bar of 100% is never cleared by a lower bound).
 * With p = 1 the Wilson lower bound reduces to n / (n + z^2), so n >= min * z^2 / (1 - min);
 * the closed form gives the start and wilson() itself confirms, so the two cannot drift apart.
 */
export function casesNeededAllPass(min: number, z = Z95): number | null {
  if (min <= 0) return 0;
  if (min >= 1) return null;
  let n = Math.max(1, Math.ceil((min * z * z) / (1 - min)) - 1);
  while (wilson(n, n, z).low < min) n += 1;
  return n;
}

const LIMIT = 1e9;

/**
 * The smallest suite at which the observed pass rate, if it held, would clear `min`; null when
 * the rate is at or below the bar (no number of cases helps). The lower bound rises with n for
 * a fixed rate, so a doubling search then a bisection finds it.
 */
export function casesNeededAtRate(rate: number, min: number, z = Z95): number | null {
  if (rate <= min) return null;
  if (min <= 0) return 0;
  const clears = (n: number) => wilson(rate * n, n, z).low >= min;
  let hi = 1;
  while (!clears(hi)) {
    hi *= 2;
    if (hi > LIMIT) return null;
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (clears(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
