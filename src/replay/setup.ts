import { existsSync } from 'node:fs';
import { LanebarError } from '../core/errors.js';
import { attemptCost } from '../core/cost.js';
import type { EvalStats } from '../core/replay/estimates.js';
import type { PriceBook } from '../load/prices.js';
import type { LogFormat, Mapping } from '../schema/replay.js';
import type { Estimate } from '../schema/replay-result.js';
import type { Db } from './duckdb.js';
import { scanLog, sourceColumns, type BadRows, type InventoryRow } from './inventory.js';
import { mappingColumns, mappingViews, type MappingViews } from './mapping-sql.js';
import { laneModelsOf, planLanes, type GateInput, type LanePlan } from './plan.js';
import { formatOf } from './source-sql.js';
import { createEstimateTable, createPriceTable, type PriceRow } from './tables.js';

/** Everything a replay query needs, set up in DuckDB. */
export interface Prepared {
  format: LogFormat;
  views: MappingViews;
  bad: BadRows;
  inventory: InventoryRow[];
  plans: LanePlan[];
  estimates: Estimate[];
  notReplayed: { lane: string; model: string; calls: number; reason: string }[];
  days: string[];
}

export interface SetupInput {
  logPath: string;
  mappingPath: string;
  mapping: Mapping;
  gates: readonly GateInput[];
  prices: PriceBook;
  evalStats: readonly EvalStats[];
}

/** The views' column checks: a mapped column the log lacks is named before any query fails on it. */
async function checkColumns(db: Db, input: SetupInput, format: LogFormat): Promise<void> {
  let present: Set<string>;
  if (format === 'jsonl') {
    const rows = await db.all(`SELECT DISTINCT unnest(json_keys(__json)) AS k FROM (SELECT __json FROM lanebar_source WHERE __json IS NOT NULL LIMIT 1000)`);
    present = new Set(rows.map((r) => String(r.k)));
  } else {
    present = new Set(await sourceColumns(db));
  }
  for (const { field, column } of mappingColumns(input.mapping)) {
    if (present.has(column)) continue;
    throw new LanebarError(
      `the log has no column "${column}"${format === 'jsonl' ? ' (in its first 1,000 records)' : ''}`,
      { file: input.mappingPath, field },
      `columns of ${input.logPath}: ${[...present].slice(0, 40).join(', ')}`,
    );
  }
}

export async function createViews(db: Db, input: SetupInput): Promise<{ format: LogFormat; views: MappingViews }> {
  if (!existsSync(input.logPath.replace(/[*?[].*$/, '')) && !/[*?[]/.test(input.logPath)) {
    throw new LanebarError('log file not found', { file: input.logPath });
  }
  const format = formatOf(input.logPath, input.mapping.format);
  const [source] = mappingViews(input.mapping, input.logPath, format).statements;
  try {
    await db.exec(source!);
  } catch (e) {
    throw new LanebarError(`cannot read the log as ${format}: ${(e as Error).message.replace(/^DuckDB: /, '')}`, { file: input.logPath });
  }
  await checkColumns(db, input, format);
  // Parquet keeps its types: a column that already is what lanebar reads needs no per-row check.
  const types = format === 'parquet' ? new Map((await db.all(`DESCRIBE SELECT * FROM lanebar_source`)).map((r) => [String(r.column_name), String(r.column_type)])) : new Map<string, string>();
  const views = mappingViews(input.mapping, input.logPath, format, types);
  for (const s of views.statements.slice(1)) await db.exec(s);
  return { format, views };
}

function priceRows(input: SetupInput, inv: readonly InventoryRow[], plans: readonly LanePlan[]): PriceRow[] {
  const wanted = new Map<string, PriceRow>();
  for (const r of inv) {
    const plan = plans.find((p) => p.lane === r.lane);
    if (!plan || !laneModelsOf(plan).includes(r.model)) continue;
    const key = `${r.provider}\u0000${r.model}\u0000${r.day}`;
    if (!wanted.has(key)) wanted.set(key, { provider: r.provider, model: r.model, day: r.day, price: input.prices.resolve(r.provider, r.model, new Date(`${r.day}T00:00:00Z`)) });
  }
  return [...wanted.values()];
}

/** An eval run's stats turned into per-call estimates, priced like the log's calls on its last day. */
function estimatesFor(input: SetupInput, inv: readonly InventoryRow[], plans: readonly LanePlan[]): Estimate[] {
  const lastDay = inv.map((r) => r.day).sort().at(-1);
  const out: Estimate[] = [];
  for (const plan of plans) {
    const provider = inv.find((r) => r.lane === plan.lane)?.provider ?? 'openai';
    for (const model of laneModelsOf(plan)) {
      const s = input.evalStats.find((x) => x.lane === plan.lane && x.model === model);
      if (!s || !lastDay) continue;
      const provided = inv.find((r) => r.lane === plan.lane && r.model === model)?.provider ?? provider;
      const price = input.prices.resolve(provided, model, new Date(`${lastDay}T00:00:00Z`));
      const u = s.usage;
      out.push({
        lane: plan.lane,
        model,
        pass_rate: s.pass_rate,
        n: s.n,
        tokens: { input: u.uncached_input + u.cache_read + u.cache_write_5m + u.cache_write_1h, cache_read: u.cache_read, output: u.output },
        completion_ms: s.completion_p50_ms,
        first_token_ms: s.first_token_p50_ms,
        cost_usd: attemptCost(u, price).total_usd,
        simulated: s.simulated,
      });
    }
  }
  return out;
}

/** Views, bad rows, inventory, plan, prices and estimates: everything before the first aggregate. */
export async function prepare(db: Db, input: SetupInput): Promise<Prepared> {
  const { format, views } = await createViews(db, input);
  const { bad, inventory: inv } = await scanLog(db, format);
  if (inv.length === 0) throw new LanebarError('the log has no usable rows', { file: input.logPath }, bad.count ? `all ${bad.count} rows are bad; see the first: ${bad.examples[0]?.problem}` : undefined);
  const lanes = [...new Set(inv.map((r) => r.lane))];
  const plans = planLanes(input.gates, views, lanes);
  const notReplayed = new Map<string, { lane: string; model: string; calls: number; reason: string }>();
  for (const r of inv) {
    const plan = plans.find((p) => p.lane === r.lane);
    const reason = !plan ? 'no gate covers this lane' : laneModelsOf(plan).includes(r.model) ? null : "not a model of the lane's gate";
    if (!reason) continue;
    const key = `${r.lane}\u0000${r.model}`;
    const prev = notReplayed.get(key);
    notReplayed.set(key, { lane: r.lane, model: r.model, calls: (prev?.calls ?? 0) + r.calls, reason });
  }
  await createPriceTable(db, priceRows(input, inv, plans));
  const estimates = estimatesFor(input, inv, plans);
  await createEstimateTable(db, estimates);
  const days = [...new Set(inv.filter((r) => plans.some((p) => p.lane === r.lane)).map((r) => r.day))].sort();
  return { format, views, bad, inventory: inv, plans, estimates, notReplayed: [...notReplayed.values()], days };
}
