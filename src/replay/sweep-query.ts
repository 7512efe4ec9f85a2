import { LanebarError } from '../core/errors.js';
import { identifiers } from '../core/gate/index.js';
import { oracleCurve, summarizeCurve, SweepAccumulator } from '../core/replay/sweep.js';
import type { Budget } from '../schema/budget.js';
import type { SweepLane } from '../schema/replay-result.js';
import type { Db } from './duckdb.js';
import type { Statement } from './main-query.js';
import type { LanePlan } from './plan.js';
import type { SweepLanePlan } from './requests-sql.js';
import type { Prepared } from './setup.js';

export interface SweepOptions {
  /** Default: the gate's `signal`, else the one signal its rules read. */
  signal?: string;
  direction: 'below' | 'above';
  /** Default: the budget's quality_bar for the lane. */
  qualityBar?: number;
}

function sweepPlan(plan: LanePlan, prepared: Prepared, o: SweepOptions): SweepLanePlan {
  const signals = new Set(prepared.views.signals);
  const read = new Set(plan.rules.flatMap((r) => identifiers(r.expr)).filter((n) => signals.has(n)));
  const signal = o.signal ?? plan.signal ?? (read.size === 1 ? [...read][0] : undefined);
  if (!signal || !signals.has(signal)) {
    throw new LanebarError(
      signal ? `--signal ${signal} is not a signal of the mapping` : `lane ${plan.lane}: which signal should the sweep vary?`,
      { file: plan.file, field: 'signal' },
      `set signal: in the gate or pass --signal (the mapping's signals: ${[...signals].join(', ') || 'none'})`,
    );
  }
  const moving = plan.rules.filter((r) => identifiers(r.expr).includes(signal));
  return { signal, fixed: plan.rules.filter((r) => !moving.includes(r)), model: moving[0]?.model ?? plan.strong };
}

/** How the sweep sees each lane's gate: its signal rules give way to `signal < t`. */
export function sweepPlans(prepared: Prepared, o: SweepOptions): Map<string, SweepLanePlan> {
  return new Map(prepared.plans.map((pl) => [pl.lane, sweepPlan(pl, prepared, o)]));
}

/**
 * The curve and the oracle's gains, each one query over lanebar_replayed (filled with the sweep's
 * columns). The curve: requests with a signal are grouped by its value, and a window sums, for
 * every threshold, what escalating all requests on the escalating side of it changes
 * (acceptance, cost); requests a fixed rule escalates, and those without a signal, stay put.
 * Window functions and UNION ALL are standard SQL.
 */
export function sweepStatements(o: Pick<SweepOptions, 'direction'>): Statement[] {
  const order = o.direction === 'below' ? 'ASC' : 'DESC';
  const curve = `WITH totals AS (
  SELECT lane, count(*) AS n, sum(base_acc) AS base_acc, sum(base_cost) AS base_cost, count(*) FILTER (WHERE fixed) AS fixed_n,
    sum(s_acc) AS small_acc, sum(s_cost) AS small_cost, sum(t_acc) AS strong_acc, sum(t_path_cost) AS strong_cost,
    count(*) FILTER (WHERE sweep_est) AS est_n,
    count(*) FILTER (WHERE base_acc IS NULL OR base_cost IS NULL OR s_acc IS NULL OR t_acc IS NULL OR (movable AND (esc_acc IS NULL OR esc_cost IS NULL))) AS unresolved
  FROM lanebar_replayed GROUP BY lane
), grouped AS (
  SELECT lane, sig, count(*) AS k, sum(esc_acc - base_acc) AS d_acc, sum(esc_cost - base_cost) AS d_cost
  FROM lanebar_replayed WHERE movable GROUP BY lane, sig
), curve AS (
  SELECT lane, sig AS threshold,
    COALESCE(sum(k) OVER w, 0) AS esc_k, COALESCE(sum(d_acc) OVER w, 0) AS d_acc, COALESCE(sum(d_cost) OVER w, 0) AS d_cost
  FROM grouped
  WINDOW w AS (PARTITION BY lane ORDER BY sig ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
  UNION ALL
  SELECT lane, NULL, sum(k), sum(d_acc), sum(d_cost) FROM grouped GROUP BY lane
)
SELECT t.lane, c.threshold, (t.fixed_n + c.esc_k) / t.n AS escalation_rate, (t.base_acc + c.d_acc) / t.n AS accepted_rate,
  (t.base_cost + c.d_cost) / t.n AS cost_per_task, t.n, t.small_acc / t.n AS q_small, t.strong_acc / t.n AS q_strong,
  t.small_cost / t.n AS small_cost, t.strong_cost / t.n AS strong_cost, t.est_n, t.unresolved
FROM totals t LEFT JOIN curve c ON c.lane = t.lane
ORDER BY t.lane, escalation_rate, c.threshold ${order} NULLS LAST`;
  const oracle = `SELECT lane, round(t_acc - s_acc, 6) AS gain, count(*) AS count, sum(t_extra) AS extra_cost
FROM lanebar_replayed GROUP BY ALL ORDER BY ALL`;
  return [
    { sql: curve, params: [] },
    { sql: oracle, params: [] },
  ];
}

/** The sweep of every lane, from lanebar_replayed filled with `sweepPlans(prepared, o)`. */
export async function replaySweep(db: Db, prepared: Prepared, o: SweepOptions, budget: Budget | null): Promise<SweepLane[]> {
  const plans = sweepPlans(prepared, o);
  const [curve, oracle] = sweepStatements(o) as [Statement, Statement];
  const bar = (lane: string) => o.qualityBar ?? budget?.routing_plan.find((r) => r.lane === lane)?.quality_bar ?? null;
  const lanes = new Map<string, { acc: SweepAccumulator; head: Record<string, unknown> }>();
  await db.each(curve.sql, curve.params, (rows) => {
    for (const r of rows) {
      const lane = String(r.lane);
      if (Number(r.unresolved) > 0) {
        throw new LanebarError(
          `lane ${lane}: the sweep needs both models' outcome on every request, and ${Number(r.unresolved)} have neither a logged call nor an estimate`,
          {},
          'pass --eval-run <run-id> with this lane and its models',
        );
      }
      let entry = lanes.get(lane);
      if (!entry) {
        entry = { acc: new SweepAccumulator({ qSmall: Number(r.q_small), qStrong: Number(r.q_strong), bar: bar(lane) }), head: r };
        lanes.set(lane, entry);
      }
      if (r.escalation_rate === null) continue;
      entry.acc.add({ threshold: r.threshold === null ? null : Number(r.threshold), escalation_rate: Number(r.escalation_rate), accepted_rate: Number(r.accepted_rate), cost_per_task_usd: Number(r.cost_per_task) });
    }
  });
  const gains = await db.all(oracle.sql, oracle.params);
  return [...lanes.entries()].map(([lane, { acc, head }]) => {
    const n = Number(head.n);
    const qSmall = Number(head.q_small);
    const qStrong = Number(head.q_strong);
    const summary = acc.finish();
    const groups = gains.filter((g) => g.lane === lane).map((g) => ({ gain: Number(g.gain), count: Number(g.count), extra_cost: Number(g.extra_cost) }));
    const oracleSummary = summarizeCurve(oracleCurve(groups, n, qSmall, Number(head.small_cost), qStrong), { qSmall, qStrong, bar: null });
    return {
      lane,
      signal: plans.get(lane)!.signal,
      direction: o.direction,
      thresholds: summary.thresholds,
      quality_bar: bar(lane),
      all_small: { accepted_rate: qSmall, cost_per_task_usd: Number(head.small_cost) },
      all_strong: { accepted_rate: qStrong, cost_per_task_usd: Number(head.strong_cost) },
      apgr: summary.apgr,
      cpt50: summary.cpt50,
      cpt80: summary.cpt80,
      oracle: { apgr: oracleSummary.apgr, cpt50: oracleSummary.cpt50, cpt80: oracleSummary.cpt80, points: oracleSummary.points },
      points: summary.points,
      recommended: summary.recommended,
      estimated_outcome_share: n > 0 ? Number(head.est_n) / n : 0,
    };
  });
}
