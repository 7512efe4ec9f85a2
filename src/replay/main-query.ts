import type { FigureSums } from '../core/replay/figures.js';
import type { Db, Row } from './duckdb.js';
import type { MappingViews } from './mapping-sql.js';
import type { LanePlan } from './plan.js';
import { bucketSql, HISTOGRAMS_SQL, MAIN_SQL, PERCENTILES_SQL, pivotShape, planTablesSql, pricedSql, replayedViewSql, type SweepLanePlan } from './requests-sql.js';
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
 * The statements that build lanebar_replayed: the plan tables; the log read in passes, each
 * priced and then pivoted bucket by bucket, so that every GROUP BY fits in memory (DuckDB 1.5
 * cannot spill one as wide as this pivot's within a small memory limit; see pivotShape); the
 * replayed table. With memory enough for one pass and one bucket, one statement prices and
 * pivots.
 */
export function replayedStatements(plans: readonly LanePlan[], views: MappingViews, calls: number, memoryBytes: number, sweep?: ReadonlyMap<string, SweepLanePlan>): Statement[] {
  const { passes, buckets } = pivotShape(memoryBytes, calls);
  const out: Statement[] = [...planTablesSql(plans, sweep)];
  if (passes === 1 && buckets === 1) {
    const priced = pricedSql(plans, views, { index: 0, of: 1 }, 1, sweep);
    out.push({ sql: bucketSql(plans, 0, sweep !== undefined, true, priced.sql.replace(/^CREATE OR REPLACE TABLE lanebar_priced AS\n/, '')), params: priced.params });
  } else {
    for (let m = 0; m < passes; m++) {
      out.push(pricedSql(plans, views, { index: m, of: passes }, buckets, sweep));
      for (let i = 0; i < buckets; i++) out.push({ sql: bucketSql(plans, i, sweep !== undefined, m === 0 && i === 0), params: [] });
    }
  }
  out.push({ sql: replayedViewSql(plans, sweep !== undefined), params: [] });
  return out;
}

/** "48MB", "2GB", "512 MiB" as bytes (DuckDB's units: KB, MB, GB, TB are powers of 1000, KiB... of 1024). */
export function memoryBytes(limit: string): number {
  const m = /^\s*([\d.]+)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\s*$/i.exec(limit);
  if (!m) return 48e6;
  const unit = (m[2] ?? 'b').toLowerCase();
  const scale: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
  return Number(m[1]) * scale[unit]!;
}

export async function buildReplayed(db: Db, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) await db.exec(s.sql, s.params);
}

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
  await db.exec(HISTOGRAMS_SQL);
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
