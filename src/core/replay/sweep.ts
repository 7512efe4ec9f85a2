import type { CurvePoint } from '../../schema/replay-result.js';

/*
 * RouteLLM's measures on an escalation curve (Ong et al., 2024, "RouteLLM: Learning to Route LLMs
 * with Preference Data"): each point is a router setting, at the share of requests it sends to the
 * strong model (x) and the quality it reaches (y, here the accepted-outcome rate).
 *   PGR  performance gap recovered: (y - y_small) / (y_strong - y_small), undefined when the
 *        strong model is not better than the small one;
 *   APGR its average over x in [0, 1]: the trapezoid rule over the curve's points, from (0, 0)
 *        (no escalation at all) to the last point, held flat from there to x = 1;
 *   CPT(p) the smallest x whose PGR reaches p.
 */

const EPS = 1e-9;

export function pgr(quality: number, qSmall: number, qStrong: number): number | null {
  const gap = qStrong - qSmall;
  return gap > 0 ? (quality - qSmall) / gap : null;
}

export interface SweepInput {
  threshold: number | null;
  escalation_rate: number;
  accepted_rate: number;
  cost_per_task_usd: number;
}

export interface SweepSummary {
  thresholds: number;
  apgr: number | null;
  cpt50: number | null;
  cpt80: number | null;
  points: CurvePoint[];
  recommended: (CurvePoint & { meets_bar: boolean }) | null;
}

/**
 * Folds a curve fed in increasing escalation order, one point at a time, so that a sweep over a
 * million thresholds is summarised without holding them: it keeps the area, the first crossings
 * of 50% and 80% PGR, the cheapest point that meets the quality bar, and one point per percent of
 * escalation for the report.
 */
export class SweepAccumulator {
  private readonly qSmall: number;
  private readonly qStrong: number;
  private readonly bar: number | null;
  private n = 0;
  private area = 0;
  private prev: { x: number; y: number } = { x: 0, y: 0 };
  private cpt50: number | null = null;
  private cpt80: number | null = null;
  private readonly kept = new Map<number, CurvePoint>();
  private last: CurvePoint | null = null;
  private best: CurvePoint | null = null;
  private bestQuality: CurvePoint | null = null;

  constructor(opts: { qSmall: number; qStrong: number; bar: number | null }) {
    this.qSmall = opts.qSmall;
    this.qStrong = opts.qStrong;
    this.bar = opts.bar;
  }

  add(p: SweepInput): void {
    const point: CurvePoint = { ...p, pgr: pgr(p.accepted_rate, this.qSmall, this.qStrong) };
    this.n += 1;
    if (point.pgr !== null) {
      const x = point.escalation_rate;
      this.area += ((x - this.prev.x) * (point.pgr + this.prev.y)) / 2;
      this.prev = { x, y: point.pgr };
      // Rates are ratios of sums: 0.7 - 0.6 is 0.0999... in binary, so compare with a hair of slack.
      if (this.cpt50 === null && point.pgr >= 0.5 - EPS) this.cpt50 = x;
      if (this.cpt80 === null && point.pgr >= 0.8 - EPS) this.cpt80 = x;
    }
    const bucket = Math.floor(point.escalation_rate * 100);
    if (!this.kept.has(bucket)) this.kept.set(bucket, point);
    this.last = point;
    if (this.bar !== null && point.accepted_rate >= this.bar - EPS && (this.best === null || point.cost_per_task_usd < this.best.cost_per_task_usd)) this.best = point;
    if (this.bestQuality === null || point.accepted_rate > this.bestQuality.accepted_rate) this.bestQuality = point;
  }

  finish(): SweepSummary {
    const defined = this.qStrong - this.qSmall > 0 && this.n > 0;
    const apgr = defined ? this.area + this.prev.y * (1 - this.prev.x) : null;
    const recommended = this.bar === null ? null : this.best ? { ...this.best, meets_bar: true } : this.bestQuality ? { ...this.bestQuality, meets_bar: false } : null;
    const points = [...this.kept.values()];
    for (const extra of [this.last, recommended]) {
      if (extra && !points.some((q) => q.escalation_rate === extra.escalation_rate && q.threshold === extra.threshold)) {
        points.push({ threshold: extra.threshold, escalation_rate: extra.escalation_rate, accepted_rate: extra.accepted_rate, cost_per_task_usd: extra.cost_per_task_usd, pgr: extra.pgr });
      }
    }
    points.sort((a, b) => a.escalation_rate - b.escalation_rate);
    return { thresholds: this.n, apgr, cpt50: defined ? this.cpt50 : null, cpt80: defined ? this.cpt80 : null, points, recommended };
  }
}

/** The whole summary of a curve held in memory (tests, small curves). */
export function summarizeCurve(points: readonly SweepInput[], opts: { qSmall: number; qStrong: number; bar: number | null }): SweepSummary {
  const acc = new SweepAccumulator(opts);
  for (const p of points) acc.add(p);
  return acc.finish();
}

/**
 * The oracle's curve: a router that knows each request's outcome on both models escalates first
 * the requests the strong model saves (gain 1), and never one it does not help. With estimated
 * outcomes a gain is fractional; the oracle takes the largest first. `groups` pool requests of
 * equal gain (strong acceptance minus small acceptance) with what escalating them adds to the
 * bill; `n` is the lane's requests. Within a group the curve is a straight line (each request adds
 * the same gain), so points are emitted at every percent of escalation and exactly where PGR
 * reaches 50% and 80%, which keeps CPT exact to the request.
 */
export function oracleCurve(
  groups: readonly { gain: number; count: number; extra_cost: number }[],
  n: number,
  qSmall: number,
  costSmall: number,
  qStrong: number,
): SweepInput[] {
  const sorted = [...groups].filter((g) => g.gain > 0 && g.count > 0).sort((a, b) => b.gain - a.gain);
  const at = (k: number, quality: number, cost: number): SweepInput => ({ threshold: null, escalation_rate: k / n, accepted_rate: quality / n, cost_per_task_usd: cost / n });
  const out: SweepInput[] = [at(0, qSmall * n, costSmall * n)];
  const gap = (qStrong - qSmall) * n;
  let k = 0;
  let quality = qSmall * n;
  let cost = costSmall * n;
  for (const g of sorted) {
    const perCost = g.extra_cost / g.count;
    const stops = new Set<number>([g.count]);
    for (let step = Math.ceil(((k + 1) / n) * 100); (step / 100) * n < k + g.count; step++) stops.add(Math.ceil((step / 100) * n) - k);
    if (gap > 0) {
      for (const target of [0.5, 0.8]) {
        const need = Math.ceil((target * gap - (quality - qSmall * n)) / g.gain - 1e-9);
        if (need > 0 && need < g.count) stops.add(need);
      }
    }
    for (const j of [...stops].filter((j) => j > 0 && j <= g.count).sort((a, b) => a - b)) out.push(at(k + j, quality + g.gain * j, cost + perCost * j));
    k += g.count;
    quality += g.gain * g.count;
    cost += g.extra_cost;
  }
  return out;
}
