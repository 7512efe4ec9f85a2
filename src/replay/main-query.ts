import type { FigureSums } from '../core/replay/figures.js';
import type { Db, Row } from './duckdb.js';
import type { MappingViews } from './mapping-sql.js';
import type { LanePlan } from './plan.js';
import { bucketSql, CALLS_PER_PASS, figureSumsSql, PERCENTILES_SQL, planTablesSql, pricedSql, replayedViewSql, REQUESTS_PER_BUCKET, type SweepLanePlan } from './requests-sql.js';
import { Params } from './sql-text.js';

export type Path = 'g' | 's' | 't';

export interface LaneSums {
  /** null: every replayed lane together. */
  lane: string | null;
  simulated: boolean;
  gate: FigureSums;
  small: FigureSums;
  strong: FigureSums;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The statements that build lanebar_replayed: the plan tables; the log read in passes of about
 * CALLS_PER_PASS calls, each priced and then pivoted bucket by bucket (about REQUESTS_PER_BUCKET
 * requests each, so that every GROUP BY fits in memory: DuckDB 1.5 cannot spill one as wide as
 * this pivot's within a small memory limit); the view.
 */
export function replayedStatements(plans: readonly LanePlan[], views: MappingViews, calls: number, sweep?: ReadonlyMap<string, SweepLanePlan>): Statement[] {
  const passes = Math.max(1, Math.ceil(calls / CALLS_PER_PASS));
  const buckets = Math.max(1, Math.ceil(calls / passes / REQUESTS_PER_BUCKET));
  const out: Statement[] = [...planTablesSql(plans, sweep)];
  for (let m = 0; m < passes; m++) {
    out.push(pricedSql(plans, views, { index: m, of: passes }, buckets, sweep));
    for (let i = 0; i < buckets; i++) out.push({ sql: bucketSql(plans, i, sweep !== undefined, m === 0 && i === 0), params: [] });
  }
  out.push({ sql: replayedViewSql(plans, sweep !== undefined), params: [] });
  return out;
}

export async function buildReplayed(db: Db, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) await db.exec(s.sql, s.params);
}

/** Per lane and overall: the sums of the gate's path and both baselines. */
export const MAIN_SQL = `SELECT grouping(lane) AS __all, lane, bool_or(simulated) AS simulated, count(*) AS requests,
  ${[...figureSumsSql('g'), ...figureSumsSql('s'), ...figureSumsSql('t')].join(',\n  ')}
FROM lanebar_replayed
GROUP BY GROUPING SETS ((lane), ())
ORDER BY __all, lane`;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const maybe = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The FigureSums of one path from a row of a statement built with figureSumsSql. */
export function sumsOf(r: Row, prefix: Path, pct?: Map<string, { p50: number | null; p95: number | null }>): FigureSums {
  const q = (metric: string) => pct?.get(metric) ?? { p50: null, p95: null };
  const done = q(`${prefix}_done`);
  const ttft = q(`${prefix}_ttft`);
  return {
    requests: num(r.requests),
    escalated: num(r[`${prefix}_escalated`]),
    unresolved: num(r[`${prefix}_unresolved`]),
    cost: num(r[`${prefix}_cost`]),
    accepted: num(r[`${prefix}_accepted`]),
    log_cost: num(r[`${prefix}_log_cost`]),
    log_known: num(r[`${prefix}_log_known`]),
    cache_read: num(r[`${prefix}_cache_read`]),
    input: num(r[`${prefix}_input`]),
    est_outcome: num(r[`${prefix}_est_outcome`]),
    est_call: num(r[`${prefix}_est_call`]),
    latency_n: num(r[`${prefix}_latency_n`]),
    done_p50: done.p50,
    done_p95: done.p95,
    ttft_p50: ttft.p50,
    ttft_p95: ttft.p95,
  };
}

/** The sums per lane and overall, with their percentiles, from a filled lanebar_replayed. */
export async function runMain(db: Db): Promise<LaneSums[]> {
  const pct = new Map<string | null, Map<string, { p50: number | null; p95: number | null }>>();
  for (const r of await db.all(PERCENTILES_SQL)) {
    const lane = Number(r.__all) === 1 ? null : String(r.lane);
    if (!pct.has(lane)) pct.set(lane, new Map());
    pct.get(lane)!.set(String(r.metric), { p50: maybe(r.p50), p95: maybe(r.p95) });
  }
  const rows = await db.all(MAIN_SQL);
  return rows.map((r) => {
    const lane = Number(r.__all) === 1 ? null : String(r.lane);
    const p = pct.get(lane);
    return { lane, simulated: r.simulated === true, gate: sumsOf(r, 'g', p), small: sumsOf(r, 's', p), strong: sumsOf(r, 't', p) };
  });
}
