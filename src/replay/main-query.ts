import type { FigureSums } from '../core/replay/figures.js';
import type { Db, Row } from './duckdb.js';
import type { MappingViews } from './mapping-sql.js';
import type { LanePlan } from './plan.js';
import { figureSumsSql, perRequestSql } from './requests-sql.js';
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

/** The replay's main aggregate: per lane and overall, the gate's path and both baselines. */
export function mainStatement(plans: readonly LanePlan[], views: MappingViews): Statement {
  const p = new Params();
  const sql = `${perRequestSql(plans, views, p)}
SELECT grouping(lane) AS __all, lane, bool_or(simulated) AS simulated, count(*) AS requests,
  ${[...figureSumsSql('g', true), ...figureSumsSql('s', true), ...figureSumsSql('t', true)].join(',\n  ')}
FROM per_request
GROUP BY GROUPING SETS ((lane), ())
ORDER BY __all, lane`;
  return { sql, params: p.values };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const maybe = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The FigureSums of one path from a row of a statement built with figureSumsSql. */
export function sumsOf(r: Row, prefix: Path): FigureSums {
  const q = (name: string) => (Array.isArray(r[`${prefix}_${name}`]) ? (r[`${prefix}_${name}`] as unknown[]) : [null, null]);
  const done = q('done_q');
  const ttft = q('ttft_q');
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
    done_p50: maybe(done[0]),
    done_p95: maybe(done[1]),
    ttft_p50: maybe(ttft[0]),
    ttft_p95: maybe(ttft[1]),
  };
}

export async function runMain(db: Db, s: Statement): Promise<LaneSums[]> {
  const rows = await db.all(s.sql, s.params);
  return rows.map((r) => ({
    lane: Number(r.__all) === 1 ? null : String(r.lane),
    simulated: r.simulated === true,
    gate: sumsOf(r, 'g'),
    small: sumsOf(r, 's'),
    strong: sumsOf(r, 't'),
  }));
}
