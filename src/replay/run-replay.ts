import { LanebarError } from '../core/errors.js';
import { figures } from '../core/replay/figures.js';
import type { Budget } from '../schema/budget.js';
import { REPLAY_SCHEMA, type LaneReplay, type Replay } from '../schema/replay-result.js';
import { replayBudget } from './budget-replay.js';
import { DEFAULT_MEMORY_LIMIT, openDb, type Db, type DbOptions } from './duckdb.js';
import { failOnBadRows } from './inventory.js';
import { buildReplayed, memoryBytes, replayedStatements, runMain, type LaneSums, type Statement } from './main-query.js';
import { HISTOGRAMS_SQL, MAIN_SQL, PERCENTILES_SQL, slotsOf } from './requests-sql.js';
import { writeRequestOutcomes } from './request-outcomes.js';
import { prepare, type Prepared, type SetupInput } from './setup.js';
import { replaySweep, sweepPlans, sweepStatements, type SweepOptions } from './sweep-query.js';

/** How replay percentiles are taken (PERCENTILES_SQL): exact nearest rank, as in eval summaries. */
export const REPLAY_PERCENTILES =
  'nearest-rank (rank ceil(p*n)) over requests, of the path each request took: an escalated cascade request waits for both calls (completion: small + strong; first token: small completion + strong first token)';

export interface ReplayOptions extends SetupInput {
  evalRun: { id: string; path: string } | null;
  budget: { file: string; budget: Budget } | null;
  badRows: 'skip' | 'fail';
  costSource: 'sheet' | 'log';
  sweep: SweepOptions | null;
  pressure: boolean;
  replayId: string;
  now: Date;
  lanebarVersion: string;
  db?: DbOptions;
  /** Where to write the per-request outcomes (requests.parquet) that compare pairs; none when absent. */
  requestsFile?: string;
}

/** Requests a lane's gate needs a call for that the log lacks and no eval run estimates. */
async function unresolvedError(db: Db, sums: readonly LaneSums[], prepared: Prepared): Promise<LanebarError> {
  const rows = await db.all(`SELECT lane, g_needs AS slot, count(*) AS n FROM lanebar_replayed WHERE g_cost IS NULL OR g_acc IS NULL GROUP BY ALL ORDER BY ALL`);
  const model = (lane: string, slot: number) => slotsOf(prepared.plans.find((p) => p.lane === lane)!)[slot] ?? '?';
  const detail = rows
    .map((r) => `${String(r.lane)}: ${Number(r.n)} of ${sums.find((s) => s.lane === r.lane)?.gate.requests ?? '?'} requests need a ${model(String(r.lane), Number(r.slot))} outcome`)
    .join('; ');
  return new LanebarError(
    `the gate routes requests to calls the log does not have, and nothing estimates them: ${detail}`,
    {},
    'pass --eval-run <run-id> (an eval run of those lanes and models) to estimate the missing outcomes, tokens and latencies',
  );
}

function laneReplay(s: LaneSums, prepared: Prepared, logHasCost: boolean, warnings: string[]): LaneReplay {
  const plan = prepared.plans.find((p) => p.lane === s.lane)!;
  const baseline = (sums: typeof s.small, name: string, model: string) => {
    if (sums.unresolved === 0) return figures(sums, logHasCost);
    warnings.push(`${plan.lane}: the ${name} baseline is not shown: ${sums.unresolved} requests lack a ${model} call and no eval run estimates it (pass --eval-run)`);
    return null;
  };
  return {
    lane: plan.lane,
    gate_file: plan.file,
    mode: plan.mode,
    small_model: plan.small,
    strong_model: plan.strong,
    rules: plan.rules.map((r) => ({ condition: r.condition, model: r.model })),
    gate: figures(s.gate, logHasCost),
    all_small: baseline(s.small, 'all-small', plan.small),
    all_strong: baseline(s.strong, 'all-strong', plan.strong),
  };
}

/** The SQL a replay runs, with its parameters, for `lanebar replay --sql`. */
export interface ReplaySql {
  views: string[];
  replayed: Statement[];
  histograms: Statement;
  main: Statement;
  percentiles: Statement;
  sweep: Statement[];
}

/** Calls the plan reads: how many buckets the pivot needs. */
const plannedCalls = (prepared: Prepared): number => prepared.inventory.filter((r) => prepared.plans.some((p) => p.lane === r.lane)).reduce((n, r) => n + r.calls, 0);

async function withDb<T>(o: ReplayOptions, f: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(o.db);
  try {
    return await f(db);
  } finally {
    await db.close();
  }
}

export function replaySql(o: ReplayOptions): Promise<ReplaySql> {
  return withDb(o, async (db) => {
    const prepared = await prepare(db, o);
    return {
      views: prepared.views.statements,
      replayed: replayedStatements(prepared.plans, prepared.views, plannedCalls(prepared), memoryBytes(o.db?.memoryLimit ?? DEFAULT_MEMORY_LIMIT), o.sweep ? sweepPlans(prepared, o.sweep) : undefined),
      histograms: { sql: HISTOGRAMS_SQL, params: [] },
      main: { sql: MAIN_SQL, params: [] },
      percentiles: { sql: PERCENTILES_SQL, params: [] },
      sweep: o.sweep ? sweepStatements(o.sweep) : [],
    };
  });
}

export function runReplay(o: ReplayOptions): Promise<Replay> {
  return withDb(o, async (db) => {
    const prepared = await prepare(db, o);
    if (o.badRows === 'fail') failOnBadRows(prepared.bad, o.logPath);
    const warnings: string[] = [];
    if (prepared.bad.count > 0) warnings.push(`${prepared.bad.count} bad rows skipped (first: ${prepared.bad.examples[0]?.problem})`);
    await buildReplayed(db, replayedStatements(prepared.plans, prepared.views, plannedCalls(prepared), memoryBytes(o.db?.memoryLimit ?? DEFAULT_MEMORY_LIMIT), o.sweep ? sweepPlans(prepared, o.sweep) : undefined));
    const sums = await runMain(db);
    if (sums.some((s) => s.gate.unresolved > 0)) throw await unresolvedError(db, sums, prepared);
    const logHasCost = prepared.views.provides.has('cost_usd');
    if (o.costSource === 'log' && !logHasCost) throw new LanebarError('--cost-source log, but the mapping maps no cost_usd', { file: o.mappingPath, field: 'fields.cost_usd' });
    const lanes = sums.filter((s) => s.lane !== null).map((s) => laneReplay(s, prepared, logHasCost, warnings));
    const all = sums.find((s) => s.lane === null)!;
    const usedEstimates = prepared.estimates.filter((e) => lanes.some((l) => l.lane === e.lane));
    const sweep = o.sweep ? await replaySweep(db, prepared, o.sweep, o.budget?.budget ?? null) : null;
    const budget = o.budget ? await replayBudget(db, prepared, o.budget, { costSource: o.costSource, pressure: o.pressure, logHasCost, warnings }) : null;
    const requests = all.gate.requests;
    if (o.requestsFile) await writeRequestOutcomes(db, o.requestsFile);
    return {
      schema: REPLAY_SCHEMA,
      replay_id: o.replayId,
      generated_at: o.now.toISOString(),
      lanebar_version: o.lanebarVersion,
      simulated: sums.some((s) => s.simulated) || usedEstimates.some((e) => e.simulated),
      inputs: {
        log: {
          path: o.logPath,
          format: prepared.format,
          calls: prepared.inventory.reduce((n, r) => n + r.calls, 0),
          requests,
          first_day: prepared.days[0] ?? null,
          last_day: prepared.days.at(-1) ?? null,
        },
        mapping: { path: o.mappingPath, name: o.mapping.name, token_basis: o.mapping.token_basis, latency_unit: o.mapping.latency_unit },
        gates: o.gates.map((g) => ({ path: g.file, lane: g.config.lane ?? null })),
        budget: o.budget?.file ?? null,
        eval_run: o.evalRun ? { ...o.evalRun, simulated: usedEstimates.some((e) => e.simulated) } : null,
        price_sheet: o.prices.sheet,
      },
      cost_source: o.costSource,
      percentile_method: REPLAY_PERCENTILES,
      bad_rows: { policy: o.badRows, count: prepared.bad.count, examples: prepared.bad.examples },
      not_replayed: prepared.notReplayed,
      lanes,
      overall: {
        gate: figures(all.gate, logHasCost),
        all_small: lanes.every((l) => l.all_small) ? figures(all.small, logHasCost) : null,
        all_strong: lanes.every((l) => l.all_strong) ? figures(all.strong, logHasCost) : null,
      },
      estimates: usedEstimates,
      sweep,
      budget,
      warnings,
    };
  });
}
