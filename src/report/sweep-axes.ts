import type { CurvePoint, SweepLane } from '../schema/replay-result.js';

/*
 * How a threshold sweep is drawn, shared by the HTML page and the terminal view so that the two
 * pictures of one sweep agree: which figure each plot shows, and the range of its value axis.
 */

export type SweepMetric = 'accepted' | 'cost';

export const sweepValue = (m: SweepMetric, p: { accepted_rate: number; cost_per_task_usd: number }): number =>
  m === 'accepted' ? p.accepted_rate : p.cost_per_task_usd;

/**
 * The value axis of a sweep plot: every drawn curve point and both baselines (and the quality bar,
 * for the accepted rate), padded by 8% of the span; a rate stays within 0 to 100%.
 */
export function sweepRange(s: SweepLane, metric: SweepMetric, curves: readonly (readonly Pick<CurvePoint, 'accepted_rate' | 'cost_per_task_usd'>[])[]): [number, number] {
  const ys = curves.flatMap((c) => c.map((p) => sweepValue(metric, p))).concat([s.all_small, s.all_strong].map((b) => sweepValue(metric, b)));
  if (metric === 'accepted' && s.quality_bar !== null) ys.push(s.quality_bar);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  return [Math.max(0, lo - pad), metric === 'accepted' ? Math.min(1, hi + pad) : hi + pad];
}
