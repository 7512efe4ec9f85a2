import type { LatencyLog } from './latency-log.js';

/**
 * The span a latency picture covers: up to the slowest value seen, so the shape fills the width,
 * but never past twice the budget, so one outlier cannot squash everything into the first bin.
 * Rows of one lane share a span, so their pictures compare.
 */
export function latencySpan(logs: readonly LatencyLog[], budget: number): number {
  const seen = Math.max(0, ...logs.map((l) => l.max ?? 0));
  return seen > 0 ? Math.min(seen, 2 * budget) : 2 * budget;
}

/** Index of the first bin that lies wholly at or beyond the budget: from there on, bins are drawn red. */
export function firstBinOver(span: number, budget: number, bins: number): number {
  if (span <= 0) return bins;
  return Math.min(bins, Math.max(0, Math.ceil((budget / span) * bins)));
}
