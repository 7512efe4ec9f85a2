import { LanebarError } from '../core/errors.js';
import type { TokenPrices } from '../core/cost.js';
import type { PriceValue } from '../schema/prices.js';
import type { Estimate } from '../schema/replay-result.js';
import type { Db } from './duckdb.js';
import { Params } from './sql-text.js';

/*
 * The two small tables a replay joins on: per-token prices from the frozen price sheet (one row
 * per provider, model and day of the log, so a price change mid-log is honoured) and the eval
 * run's estimates for calls the log lacks.
 */

export interface PriceRow {
  provider: string;
  model: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  price: TokenPrices;
}

const BUCKETS = [
  ['input', 'input_mtok'],
  ['read', 'cache_read_mtok'],
  // A log says how many tokens were written to the cache, rarely for how long: the 5-minute price.
  ['write', 'cache_write_5m_mtok'],
  ['output', 'output_mtok'],
] as const;

/** Base and long-context per-token prices of one bucket; lanebar's SQL handles one tier. */
function split(value: PriceValue, where: string): { base: number; start: number | null; tier: number } {
  if (typeof value === 'number') return { base: value / 1e6, start: null, tier: value / 1e6 };
  if (value.tiers.length > 1) {
    throw new LanebarError(`${where} has ${value.tiers.length} long-context tiers; lanebar replay prices one`, { field: 'prices' }, 'keep one tier for this model in prices/overrides.yaml');
  }
  const t = value.tiers[0];
  return { base: value.base / 1e6, start: t ? t.start : null, tier: (t ? t.price : value.base) / 1e6 };
}

export const PRICE_TABLE = `CREATE OR REPLACE TEMP TABLE lanebar_prices (
  provider VARCHAR, model VARCHAR, day DATE, tier_start BIGINT,
  input_base DOUBLE, input_tier DOUBLE, read_base DOUBLE, read_tier DOUBLE,
  write_base DOUBLE, write_tier DOUBLE, output_base DOUBLE, output_tier DOUBLE)`;

export async function createPriceTable(db: Db, rows: readonly PriceRow[]): Promise<void> {
  await db.exec(PRICE_TABLE);
  if (rows.length === 0) return;
  const p = new Params();
  const values = rows.map((r) => {
    const where = `${r.provider}/${r.model}`;
    const parts = BUCKETS.map(([, field]) => split(r.price[field], where));
    const starts = [...new Set(parts.map((x) => x.start).filter((s) => s !== null))];
    if (starts.length > 1) throw new LanebarError(`${where} has long-context tiers starting at different sizes (${starts.join(', ')})`, { field: 'prices' });
    const cells = [r.provider, r.model, r.day, starts[0] ?? null, ...parts.flatMap((x) => [x.base, x.tier])];
    return `(${cells.map((c, i) => (c === null ? 'NULL' : i === 2 ? `CAST(${p.add(c)} AS DATE)` : i === 3 ? `CAST(${p.add(c)} AS BIGINT)` : p.add(c))).join(', ')})`;
  });
  await db.exec(`INSERT INTO lanebar_prices VALUES ${values.join(', ')}`, p.values);
}

export const ESTIMATE_TABLE = `CREATE OR REPLACE TEMP TABLE lanebar_estimates (
  lane VARCHAR, model VARCHAR, pass_rate DOUBLE, input_tokens DOUBLE, cache_read_tokens DOUBLE,
  completion_ms DOUBLE, first_token_ms DOUBLE, cost_usd DOUBLE)`;

export async function createEstimateTable(db: Db, estimates: readonly Estimate[]): Promise<void> {
  await db.exec(ESTIMATE_TABLE);
  if (estimates.length === 0) return;
  const p = new Params();
  const num = (n: number | null) => (n === null ? 'CAST(NULL AS DOUBLE)' : `CAST(${p.add(n)} AS DOUBLE)`);
  const values = estimates.map(
    (e) =>
      `(${p.add(e.lane)}, ${p.add(e.model)}, ${num(e.pass_rate)}, ${num(e.tokens.input)}, ${num(e.tokens.cache_read)}, ${num(e.completion_ms)}, ${num(e.first_token_ms)}, ${num(e.cost_usd)})`,
  );
  await db.exec(`INSERT INTO lanebar_estimates VALUES ${values.join(', ')}`, p.values);
}
