/**
 * Writes the SIMULATED gateway log that `lanebar replay` runs on offline (logs/support.parquet,
 * see logs/README.md), and the large logs of bench/replay.ts. Every value comes from DuckDB's
 * deterministic hash() of (row, stream, seed), so a seed gives the same log on every machine with
 * the same DuckDB version, and ten million rows are generated inside DuckDB without passing
 * through JavaScript.
 *
 *   node scripts/make-logs.ts [--requests 51000] [--seed 11] [--out logs/support.parquet]
 *
 * The story the numbers tell (all invented): Ledgerly's support inbox over 28 days of October
 * 2026. Three lanes run a cascade; production escalated on a low `confidence` from the small
 * model (ticket-triage below 0.55, support-reply below 0.60 or an enterprise customer in a
 * high-risk mood, report-drafting below 0.50), and shadowed the strong model on 8% of the rest.
 * `accepted` is the business acceptance of a served answer; an answer that was not served (the
 * small model's on an escalated request, the strong model's shadow answer) carries the verdict of
 * the same offline check. The strong model's outcome on the other requests is not in the log: a
 * replay of a gate that escalates more must estimate it. Confidence is higher when the small model
 * is right; harder requests fail more often on both models. Accounts follow a heavy tail (the busiest of 400 sends ~7%).
 * Prompts share a cached prefix where it is long enough for OpenAI's prompt cache (1,024 tokens):
 * triage and replies hit it, report drafting never does. Prompt and answer sizes follow the bundled
 * suites (suites/*.yaml), so that an eval run of them estimates missing calls at the right size.
 * cost_usd is the gateway's own figure at OpenAI's list prices.
 *
 * It imports nothing from src/ (Node cannot follow src/'s `.js` import paths from a `.ts` file).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

export interface LogOptions {
  requests: number;
  seed: number;
  /** Accounts; the busiest sends a few percent of all traffic. */
  customers?: number;
  days?: number;
}

/** A uniform number in [0, 1) for row `i`, stream `k`: DuckDB's hash, reduced modulo a prime. */
const u = (k: number) => `((hash(i, ${k}, seed) % 1000000007) / 1000000007.0)`;
/** A standard normal draw (Box-Muller) from two streams. */
const normal = (k: number) => `(sqrt(-2 * ln(${u(k)} + 1e-12)) * cos(2 * pi() * ${u(k + 1)}))`;

/** The SELECT that produces the log's call rows (one per model call), ready for COPY. */
export function logSql(o: LogOptions): string {
  const customers = o.customers ?? 400;
  const days = o.days ?? 28;
  return `
WITH req AS (
  SELECT i, ${o.seed} AS seed FROM range(${o.requests}) t(i)
), drawn AS (
  SELECT i,
    CASE WHEN ${u(1)} < 0.59 THEN 'ticket-triage' WHEN ${u(1)} < 0.88 THEN 'support-reply' ELSE 'report-drafting' END AS lane,
    TIMESTAMP '2026-10-01' + to_seconds(CAST(floor(${u(2)} * ${days}) * 86400 + 6 * 3600 + power(${u(3)}, 0.9) * 15 * 3600 AS BIGINT)) AS ts,
    CAST(floor(${customers} * power(${u(4)}, 2.2)) AS INTEGER) AS cust,
    CASE WHEN ${u(5)} < 0.70 THEN 'calm' WHEN ${u(5)} < 0.92 THEN 'frustrated' ELSE 'high_risk' END AS sentiment,
    ${u(6)} AS difficulty, ${u(7)} AS u_small, ${u(8)} AS u_strong, ${u(9)} AS u_conf, ${u(10)} AS u_shadow,
    ${u(11)} AS u_tok, ${u(12)} AS u_out, ${u(13)} AS u_cache_s, ${u(14)} AS u_cache_t, ${u(15)} AS u_retry,
    ${normal(16)} AS z_s, ${normal(18)} AS z_t, ${u(20)} AS u_speed, ${u(21)} AS u_scn
  FROM req
), lanes AS (
  SELECT *,
    CASE lane WHEN 'ticket-triage' THEN 'gpt-4.1-nano' ELSE 'gpt-4.1-mini' END AS small_model,
    CASE lane WHEN 'ticket-triage' THEN 'gpt-4.1-mini' ELSE 'gpt-4.1' END AS strong_model,
    CASE lane WHEN 'ticket-triage' THEN 0.985 - 0.30 * difficulty * difficulty
              WHEN 'support-reply' THEN 0.93 - 0.40 * difficulty * difficulty
              ELSE 0.95 - 0.35 * difficulty * difficulty END AS p_small,
    CASE lane WHEN 'ticket-triage' THEN 0.995 - 0.12 * difficulty * difficulty
              WHEN 'support-reply' THEN 0.97 - 0.15 * difficulty * difficulty
              ELSE 0.985 - 0.10 * difficulty * difficulty END AS p_strong,
    CASE WHEN cust < 8 OR hash(cust, 31) % 100 < 5 THEN 'enterprise' WHEN hash(cust, 31) % 100 < 22 THEN 'pro'
         WHEN hash(cust, 31) % 100 < 55 THEN 'growth' ELSE 'starter' END AS tier,
    CASE hash(cust, 37) % 4 WHEN 0 THEN 'de-DE' WHEN 1 THEN 'fr-FR' WHEN 2 THEN 'en-GB' ELSE 'en-US' END AS locale
  FROM drawn
), outcome AS (
  SELECT *, u_small < p_small AS small_ok, u_strong < p_strong AS strong_ok FROM lanes
), gated AS (
  SELECT *,
    round(CASE WHEN small_ok THEN 0.50 + 0.50 * power(u_conf, 0.55) - 0.12 * difficulty
               ELSE 0.10 + 0.72 * power(u_conf, 1.4) END, 3) AS confidence
  FROM outcome
), served AS (
  SELECT *,
    CASE lane WHEN 'ticket-triage' THEN confidence < 0.55
              WHEN 'support-reply' THEN confidence < 0.60 OR (tier = 'enterprise' AND sentiment = 'high_risk')
              ELSE confidence < 0.50 END AS escalated
  FROM gated
), shaped AS (
  SELECT *, NOT escalated AND u_shadow < 0.08 AS shadowed,
    CASE lane WHEN 'ticket-triage' THEN 1408 WHEN 'support-reply' THEN 1700 ELSE 980 END AS prefix,
    CASE lane WHEN 'ticket-triage' THEN 1408 WHEN 'support-reply' THEN 1664 ELSE 0 END AS cacheable,
    CAST(CASE lane WHEN 'ticket-triage' THEN 60 + 80 * u_tok WHEN 'support-reply' THEN 50 + 110 * u_tok ELSE 30 + 60 * u_tok END AS INTEGER) AS dynamic,
    CAST(CASE lane WHEN 'ticket-triage' THEN 2 + 3 * u_out WHEN 'support-reply' THEN 25 + 50 * u_out ELSE 22 + 18 * u_out END AS INTEGER) AS out_tokens,
    CASE lane WHEN 'ticket-triage' THEN list_extract(['billing', 'outage', 'login', 'hardware', 'integration', 'other'], 1 + CAST(floor(u_scn * 6) AS INTEGER))
              WHEN 'support-reply' THEN list_extract(['refund', 'payout', 'reader', 'shipping', 'access'], 1 + CAST(floor(u_scn * 5) AS INTEGER))
              ELSE list_extract(['monthly-pack', 'quarter-close'], 1 + CAST(floor(u_scn * 2) AS INTEGER)) END AS scenario
  FROM served
), calls AS (
  SELECT i, 0 AS leg, ts, lane, scenario, cust, tier, sentiment, locale, small_model AS model,
    CASE WHEN cacheable > 0 AND u_cache_s < 0.85 THEN cacheable ELSE 0 END AS cache_read,
    prefix + dynamic AS input_total, out_tokens,
    exp(z_s * 0.35) * CASE small_model WHEN 'gpt-4.1-nano' THEN 240 ELSE 380 END AS ttft,
    CASE small_model WHEN 'gpt-4.1-nano' THEN 190 ELSE 110 END * (0.8 + 0.4 * u_speed) AS speed,
    confidence, small_ok AS accepted, u_retry < 0.015 AS retried
  FROM shaped
  UNION ALL
  SELECT i, 1 AS leg, ts + INTERVAL 2 SECOND, lane, scenario, cust, tier, sentiment, locale, strong_model,
    CASE WHEN cacheable > 0 AND u_cache_t < 0.55 THEN cacheable ELSE 0 END,
    prefix + dynamic, CAST(out_tokens * 1.1 AS INTEGER),
    exp(z_t * 0.35) * CASE strong_model WHEN 'gpt-4.1-mini' THEN 380 ELSE 620 END,
    CASE strong_model WHEN 'gpt-4.1-mini' THEN 110 ELSE 75 END * (0.8 + 0.4 * u_speed),
    NULL, strong_ok, u_retry > 0.99
  FROM shaped WHERE escalated OR shadowed
)
SELECT
  printf('req-%07d', i) AS request_id,
  printf('call-%07d-%d', i, leg) AS call_id,
  ts, lane, scenario,
  printf('acct-%04d', cust) AS customer_id,
  tier AS account_tier, sentiment, locale, model,
  CAST(input_total - cache_read AS INTEGER) AS uncached_input_tokens,
  CAST(cache_read AS INTEGER) AS cache_read_tokens,
  0 AS cache_write_tokens,
  CAST(out_tokens AS INTEGER) AS output_tokens,
  CAST(round(ttft) AS INTEGER) AS first_token_ms,
  CAST(round(ttft + out_tokens / speed * 1000) AS INTEGER) AS completion_ms,
  confidence,
  CAST(retried AS INTEGER) AS retries,
  accepted,
  round(CASE model WHEN 'gpt-4.1-nano' THEN ((input_total - cache_read) * 0.1 + cache_read * 0.025 + out_tokens * 0.4)
                   WHEN 'gpt-4.1-mini' THEN ((input_total - cache_read) * 0.4 + cache_read * 0.1 + out_tokens * 1.6)
                   ELSE ((input_total - cache_read) * 2 + cache_read * 0.5 + out_tokens * 8) END / 1e6, 9) AS cost_usd,
  TRUE AS simulated
FROM calls
ORDER BY request_id, call_id`;
}

export type OutputFormat = 'parquet' | 'csv';

/** Writes the log with DuckDB's COPY; returns the number of call rows written. */
export async function makeLogs(o: LogOptions & { out: string; format?: OutputFormat; threads?: number; memoryLimit?: string }): Promise<number> {
  mkdirSync(dirname(resolve(o.out)), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(o.threads ?? 1),
    memory_limit: o.memoryLimit ?? '200MB',
    preserve_insertion_order: o.requests > 1_000_000 ? 'false' : 'true',
  });
  const conn = await instance.connect();
  try {
    const format = o.format ?? (o.out.endsWith('.parquet') ? 'parquet' : 'csv');
    // An ORDER BY over ten million rows would hold them all; large bench logs skip it.
    const sql = o.requests > 1_000_000 ? logSql(o).replace(/\nORDER BY request_id, call_id$/, '') : logSql(o);
    const target = o.out.replaceAll("'", "''");
    const options = format === 'parquet' ? "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880" : 'FORMAT csv, HEADER true';
    const result = await conn.run(`COPY (${sql}) TO '${target}' (${options})`);
    return result.rowsChanged;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '51000' },
      seed: { type: 'string', default: '11' },
      out: { type: 'string', default: fileURLToPath(new URL('../logs/support.parquet', import.meta.url)) },
    },
  });
  const rows = await makeLogs({ requests: Number(values.requests), seed: Number(values.seed), out: values.out });
  process.stdout.write(`wrote ${rows} call rows (${values.requests} requests, SIMULATED) to ${values.out}\n`);
}
