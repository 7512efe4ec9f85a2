import { sha256 } from '../../core/hash.js';

/**
 * Every "random" choice the simulator makes is a hash of what it is about, so that a run replays
 * exactly from the seed and the requests, whatever the order or timing of other requests.
 */
export function unit(...parts: readonly (string | number)[]): number {
  // 52 bits: as many as a double holds exactly.
  return Number.parseInt(sha256(parts.join('\u001f')).slice(0, 13), 16) / 2 ** 52;
}

/** Standard normal by Box-Muller from two hash uniforms. */
export function standardNormal(...parts: readonly (string | number)[]): number {
  const u1 = Math.max(unit(...parts, 'n1'), Number.MIN_VALUE);
  const u2 = unit(...parts, 'n2');
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** z-score of the 95th percentile of a standard normal. */
const Z_P95 = 1.6448536269514722;

/**
 * A lognormal sample whose median and 95th percentile are the given ones: latency distributions
 * are right-skewed, and two percentiles are what providers' dashboards and lane budgets speak in.
 */
export function lognormalFromPercentiles(p50: number, p95: number, z: number): number {
  const mu = Math.log(p50);
  const sigma = Math.log(p95 / p50) / Z_P95;
  return Math.exp(mu + sigma * z);
}
