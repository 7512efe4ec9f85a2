/**
 * Benchmark of `lanebar replay` on large SIMULATED logs (scripts/make-logs.ts, seeded). Each
 * figure is measured against a reference taken in the same run, on the same machine:
 *
 *   replay vs hand-written SQL  lanebar's replay (views, bad-row check, inventory, pivot, figures)
 *                               against the same figures written by hand as one DuckDB query,
 *                               both given the same memory (the reference's quantiles need it)  target <= 1.5x
 *   sweep vs replay             a replay with the threshold sweep of every lane against one without  <= 3x
 *   CSV vs Parquet              the same replay over the same rows as CSV and as Parquet
 *   peak RSS                    of each lanebar scenario's own process (Node + DuckDB)          < 300 MB
 *   10M rows                    a replay of a ten-million-row Parquet log finishes under the same bound
 *
 * Every scenario runs in a child process of its own, so its peak RSS is its own. Run it with
 * `npm run bench:replay` (it builds first); it is never part of `npm test`.
 *
 *   node bench/replay.ts [--rows 1000000] [--big-rows 10000000] [--skip-big] [--repeat 3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = async <T>(path: string): Promise<T> => (await import(new URL(`../dist/${path}`, import.meta.url).href)) as T;

/** Calls per request in the generated logs (escalations and shadow calls): rows ≈ requests × this. */
const CALLS_PER_REQUEST = 1.2405;
/** lanebar's defaults (see README): one thread and 48 MB for DuckDB keep the whole process under 300 MB. */
const MEMORY_LIMIT = process.env.LANEBAR_BENCH_MEMORY ?? '48MB';
const THREADS = Number(process.env.LANEBAR_BENCH_THREADS ?? 1);
/** The hand-written reference holds its percentiles in memory (quantile_disc): it gets what it needs. */
const REFERENCE_MEMORY = '2GB';
const RSS_BOUND_MB = 300;

/** Fixed estimates for calls the log lacks (the gates escalate more than production did). */
const ESTIMATES = [
  ['ticket-triage', 'gpt-4.1-nano', 0.95, 105, 1403, 2, 187, 170],
  ['ticket-triage', 'gpt-4.1-mini', 0.96, 105, 1403, 2, 310, 300],
  ['support-reply', 'gpt-4.1-mini', 0.85, 111, 1657, 42, 658, 380],
  ['support-reply', 'gpt-4.1', 0.92, 111, 1657, 43, 1179, 620],
  ['report-drafting', 'gpt-4.1-mini', 0.76, 1039, 0, 30, 563, 380],
  ['report-drafting', 'gpt-4.1', 0.93, 1039, 0, 31, 1007, 620],
] as const;

const GATES = ['gates/support.yaml', 'gates/ticket-triage.yaml', 'gates/report-drafting.yaml'];

type Scenario = 'replay' | 'sweep' | 'reference';

interface ChildResult {
  ms: number;
  maxRssMb: number;
  figures: Record<string, { escalated: number; cost: number; accepted: number; p95: number | null }>;
}

/** One scenario, in this (child) process: prints its result as one JSON line. */
async function child(scenario: Scenario, log: string): Promise<void> {
  const start = performance.now();
  let figures: ChildResult['figures'];
  if (scenario === 'reference') {
    figures = await reference(log);
  } else {
    const { runReplay } = await dist<typeof import('../src/replay/run-replay.js')>('replay/run-replay.js');
    const { loadMapping } = await dist<typeof import('../src/load/mapping.js')>('load/mapping.js');
    const { loadGateConfig } = await dist<typeof import('../src/load/gate-config.js')>('load/gate-config.js');
    const { loadPriceBook } = await dist<typeof import('../src/load/prices.js')>('load/prices.js');
    const mappingPath = join(ROOT, 'mappings/lanebar.yaml');
    // `lanebar replay` writes each request's outcome for compare: part of what is measured.
    const out = mkdtempSync(join(tmpdir(), 'lanebar-bench-replay-'));
    const replay = await runReplay({
      logPath: log,
      mappingPath,
      mapping: await loadMapping(mappingPath),
      gates: await Promise.all(GATES.map(async (g) => ({ file: g, config: await loadGateConfig(join(ROOT, g)) }))),
      prices: loadPriceBook({ root: ROOT }),
      evalStats: ESTIMATES.map(([lane, model, pass, uncached, read, output, done, ttft]) => ({
        lane,
        model,
        n: 300,
        pass_rate: pass,
        usage: { uncached_input: uncached, cache_read: read, cache_write_5m: 0, cache_write_1h: 0, output, reasoning: 0 },
        completion_p50_ms: done,
        first_token_p50_ms: ttft,
        simulated: true,
      })),
      evalRun: { id: 'bench-fixed-estimates', path: 'bench/replay.ts' },
      budget: null,
      badRows: 'skip',
      costSource: 'sheet',
      sweep: scenario === 'sweep' ? { direction: 'below', qualityBar: 0.9 } : null,
      pressure: false,
      replayId: 'bench',
      now: new Date(),
      lanebarVersion: 'bench',
      db: { memoryLimit: MEMORY_LIMIT, threads: THREADS },
      requestsFile: join(out, 'requests.parquet'),
    });
    rmSync(out, { recursive: true, force: true });
    figures = Object.fromEntries(
      replay.lanes.map((l) => [l.lane, { escalated: l.gate.escalated, cost: l.gate.cost.total_usd, accepted: l.gate.accepted, p95: l.gate.latency_ms.completion.p95 }]),
    );
  }
  const ms = performance.now() - start;
  const result: ChildResult = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, figures };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * The same figures written by hand as one query: the gates' rules inlined, prices and estimates
 * as VALUES. Per lane: the gate's path, all-small and all-strong (cost, expected acceptance,
 * completion and first-token percentiles, cache reads, input), and the log's own cost.
 */
async function reference(log: string): Promise<ChildResult['figures']> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const spill = mkdtempSync(join(tmpdir(), 'lanebar-bench-spill-'));
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: REFERENCE_MEMORY, threads: String(THREADS), temp_directory: spill, preserve_insertion_order: 'false' });
  const conn = await instance.connect();
  const read = log.endsWith('.parquet') ? `read_parquet('${log}')` : `read_csv('${log}', header = true)`;
  const est = ESTIMATES.map(([lane, model, pass, uncached, r, out, done, ttft]) => `('${lane}', '${model}', ${pass}, ${uncached + r}, ${r}, ${out}, ${done}, ${ttft})`).join(', ');
  const sql = `
WITH prices(model, p_in, p_read, p_out) AS (VALUES ('gpt-4.1-nano', 0.1e-6, 0.025e-6, 0.4e-6), ('gpt-4.1-mini', 0.4e-6, 0.1e-6, 1.6e-6), ('gpt-4.1', 2e-6, 0.5e-6, 8e-6)),
lanes(lane, small, strong) AS (VALUES ('ticket-triage', 'gpt-4.1-nano', 'gpt-4.1-mini'), ('support-reply', 'gpt-4.1-mini', 'gpt-4.1'), ('report-drafting', 'gpt-4.1-mini', 'gpt-4.1')),
est(lane, model, pass, input_all, cache_read, output, done, ttft) AS (VALUES ${est}),
est_cost AS (SELECT e.*, (e.input_all - e.cache_read) * p.p_in + e.cache_read * p.p_read + e.output * p.p_out AS cost FROM est e JOIN prices p USING (model)),
calls AS (
  SELECT l.request_id, l.lane, l.model, l.ts, l.confidence, l.account_tier, l.sentiment, l.accepted, l.completion_ms, l.first_token_ms, l.cost_usd,
    l.uncached_input_tokens + l.cache_read_tokens + l.cache_write_tokens AS input_all, l.cache_read_tokens AS cache_read,
    l.uncached_input_tokens * p.p_in + l.cache_read_tokens * p.p_read + l.cache_write_tokens * p.p_in + l.output_tokens * p.p_out AS cost,
    l.model = n.small AS is_small
  FROM ${read} l JOIN prices p USING (model) JOIN lanes n USING (lane)
  WHERE l.model = n.small OR l.model = n.strong
),
req AS (
  SELECT request_id, min(lane) AS lane,
    max_by(confidence, ts) FILTER (WHERE is_small) AS confidence, min_by(account_tier, ts) AS tier, min_by(sentiment, ts) AS sentiment,
    count(*) FILTER (WHERE is_small) AS s_n, sum(cost) FILTER (WHERE is_small) AS s_cost, max_by(accepted, ts) FILTER (WHERE is_small) AS s_acc,
    sum(completion_ms) FILTER (WHERE is_small) AS s_done, min_by(first_token_ms, ts) FILTER (WHERE is_small) AS s_ttft,
    sum(input_all) FILTER (WHERE is_small) AS s_in, sum(cache_read) FILTER (WHERE is_small) AS s_read, sum(cost_usd) FILTER (WHERE is_small) AS s_log,
    count(*) FILTER (WHERE NOT is_small) AS t_n, sum(cost) FILTER (WHERE NOT is_small) AS t_cost, max_by(accepted, ts) FILTER (WHERE NOT is_small) AS t_acc,
    sum(completion_ms) FILTER (WHERE NOT is_small) AS t_done, min_by(first_token_ms, ts) FILTER (WHERE NOT is_small) AS t_ttft,
    sum(input_all) FILTER (WHERE NOT is_small) AS t_in, sum(cache_read) FILTER (WHERE NOT is_small) AS t_read, sum(cost_usd) FILTER (WHERE NOT is_small) AS t_log
  FROM calls GROUP BY request_id
),
filled AS (
  SELECT r.lane,
    CASE r.lane WHEN 'support-reply' THEN r.confidence < 0.72 OR (r.tier = 'enterprise' AND r.sentiment = 'high_risk')
                WHEN 'ticket-triage' THEN r.confidence < 0.6 ELSE r.confidence < 0.55 END IS TRUE AS esc,
    CASE WHEN r.s_n > 0 THEN r.s_cost ELSE es.cost END AS s_cost, COALESCE(CAST(r.s_acc AS DOUBLE), es.pass) AS s_acc,
    CASE WHEN r.s_n > 0 THEN r.s_done ELSE es.done END AS s_done, CASE WHEN r.s_n > 0 THEN r.s_ttft ELSE es.ttft END AS s_ttft,
    CASE WHEN r.s_n > 0 THEN r.s_in ELSE es.input_all END AS s_in, CASE WHEN r.s_n > 0 THEN r.s_read ELSE es.cache_read END AS s_read, r.s_log,
    CASE WHEN r.t_n > 0 THEN r.t_cost ELSE et.cost END AS t_cost, COALESCE(CAST(r.t_acc AS DOUBLE), et.pass) AS t_acc,
    CASE WHEN r.t_n > 0 THEN r.t_done ELSE et.done END AS t_done, CASE WHEN r.t_n > 0 THEN r.t_ttft ELSE et.ttft END AS t_ttft,
    CASE WHEN r.t_n > 0 THEN r.t_in ELSE et.input_all END AS t_in, CASE WHEN r.t_n > 0 THEN r.t_read ELSE et.cache_read END AS t_read, r.t_log
  FROM req r JOIN lanes n USING (lane)
  LEFT JOIN est_cost es ON es.lane = r.lane AND es.model = n.small
  LEFT JOIN est_cost et ON et.lane = r.lane AND et.model = n.strong
),
paths AS (
  SELECT lane, esc, s_cost + CASE WHEN esc THEN t_cost ELSE 0 END AS g_cost, CASE WHEN esc THEN t_acc ELSE s_acc END AS g_acc,
    s_done + CASE WHEN esc THEN t_done ELSE 0 END AS g_done, CASE WHEN esc THEN s_done + t_ttft ELSE s_ttft END AS g_ttft,
    s_in + CASE WHEN esc THEN t_in ELSE 0 END AS g_in, s_read + CASE WHEN esc THEN t_read ELSE 0 END AS g_read,
    s_log + CASE WHEN esc THEN t_log ELSE 0 END AS g_log, filled.*
  FROM filled
)
SELECT lane, count(*) AS n, count(*) FILTER (WHERE esc) AS escalated,
  sum(g_cost) AS g_cost, sum(g_acc) AS g_acc, quantile_disc(g_done, [0.5, 0.95]) AS g_done, quantile_disc(g_ttft, [0.5, 0.95]) AS g_ttft, sum(g_read) / sum(g_in) AS g_cache, sum(g_log) AS g_log,
  sum(s_cost) AS s_cost, sum(s_acc) AS s_acc, quantile_disc(s_done, [0.5, 0.95]) AS s_done, quantile_disc(s_ttft, [0.5, 0.95]) AS s_ttft, sum(s_read) / sum(s_in) AS s_cache, sum(s_log) AS s_log,
  sum(t_cost) AS t_cost, sum(t_acc) AS t_acc, quantile_disc(t_done, [0.5, 0.95]) AS t_done, quantile_disc(t_ttft, [0.5, 0.95]) AS t_ttft, sum(t_read) / sum(t_in) AS t_cache, sum(t_log) AS t_log
FROM paths GROUP BY GROUPING SETS ((lane), ())`;
  try {
    const reader = await conn.runAndReadAll(sql);
    const rows = reader.getRowObjectsJS();
    return Object.fromEntries(
      rows
        .filter((r) => r.lane !== null)
        .map((r) => [String(r.lane), { escalated: Number(r.escalated), cost: Number(r.g_cost), accepted: Number(r.g_acc), p95: Number((r.g_done as unknown[])[1]) }]),
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}

function runChild(scenario: Scenario, log: string, memory?: string): ChildResult {
  const env = memory ? { ...process.env, LANEBAR_BENCH_MEMORY: memory } : process.env;
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', scenario, '--log', log], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24, env });
  if (r.status !== 0) throw new Error(`${scenario} on ${log} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

/** The median of `repeat` runs (time), with the largest peak RSS seen. */
function measure(scenario: Scenario, log: string, repeat: number, memory?: string): ChildResult {
  const runs = Array.from({ length: repeat }, () => runChild(scenario, log, memory));
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { ...sorted[Math.floor(sorted.length / 2)]!, maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

/** The replay and the hand-written query must agree, or the timing compares two different things. */
function sameFigures(a: ChildResult['figures'], b: ChildResult['figures']): void {
  for (const lane of Object.keys(b)) {
    const x = a[lane];
    const y = b[lane]!;
    const close = (p: number, q: number) => Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(q));
    if (!x || x.escalated !== y.escalated || !close(x.cost, y.cost) || !close(x.accepted, y.accepted) || x.p95 !== y.p95) {
      throw new Error(`replay and reference disagree on ${lane}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      log: { type: 'string' },
      rows: { type: 'string', default: '1000000' },
      'big-rows': { type: 'string', default: '10000000' },
      'skip-big': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '3' },
    },
  });
  if (values.child) return child(values.child as Scenario, values.log!);
  const { makeLogs } = await import('../scripts/make-logs.ts');
  const repeat = Number(values.repeat);
  const dir = mkdtempSync(join(tmpdir(), 'lanebar-bench-replay-'));
  const note = (s: string) => process.stderr.write(`${s}\n`);
  try {
    const requests = Math.round(Number(values.rows) / CALLS_PER_REQUEST);
    const parquet = join(dir, 'log.parquet');
    const csv = join(dir, 'log.csv');
    note(`generating ${requests} requests (SIMULATED, seed 11) as Parquet and CSV in ${dir}`);
    const gen = Math.min(4, availableParallelism());
    const rows = await makeLogs({ requests, seed: 11, out: parquet, threads: gen });
    await makeLogs({ requests, seed: 11, out: csv, threads: gen });
    note(`${rows} rows; measuring (${repeat} runs each, median time, peak RSS)`);
    const reference = measure('reference', parquet, repeat);
    // The time ratio compares like with like: lanebar given the reference's memory (one pass, one bucket).
    const replayWide = measure('replay', parquet, repeat, REFERENCE_MEMORY);
    sameFigures(replayWide.figures, reference.figures);
    const replay = measure('replay', parquet, repeat);
    sameFigures(replay.figures, reference.figures);
    const sweep = measure('sweep', parquet, repeat);
    const replayCsv = measure('replay', csv, repeat);
    let big: (ChildResult & { rows: number }) | null = null;
    if (!values['skip-big']) {
      const bigRequests = Math.round(Number(values['big-rows']) / CALLS_PER_REQUEST);
      const bigParquet = join(dir, 'big.parquet');
      note(`generating ${bigRequests} requests for the large log`);
      const bigRows = await makeLogs({ requests: bigRequests, seed: 12, out: bigParquet, threads: gen });
      big = { ...measure('replay', bigParquet, 1), rows: bigRows };
    }
    const checks = [
      { name: `replay vs hand-written SQL (Parquet, both ${REFERENCE_MEMORY})`, value: replayWide.ms / reference.ms, target: 1.5, unit: 'x' },
      { name: `replay in ${MEMORY_LIMIT} vs hand-written SQL in ${REFERENCE_MEMORY} (Parquet)`, value: replay.ms / reference.ms, target: null, unit: 'x' },
      { name: 'full sweep vs one replay (Parquet)', value: sweep.ms / replay.ms, target: 3, unit: 'x' },
      { name: 'CSV vs Parquet replay', value: replayCsv.ms / replay.ms, target: null, unit: 'x' },
      { name: `peak RSS, largest 1M-row lanebar scenario in ${MEMORY_LIMIT}`, value: Math.max(replay.maxRssMb, sweep.maxRssMb, replayCsv.maxRssMb), target: RSS_BOUND_MB, unit: 'MB' },
      ...(big ? [{ name: `peak RSS, ${big.rows.toLocaleString('en-US')}-row Parquet replay`, value: big.maxRssMb, target: RSS_BOUND_MB, unit: 'MB' }] : []),
    ];
    const table = [
      ['scenario', 'rows', 'time', 'peak RSS'],
      [`hand-written SQL, Parquet, ${REFERENCE_MEMORY} (reference)`, String(rows), `${(reference.ms / 1000).toFixed(2)} s`, `${reference.maxRssMb.toFixed(0)} MB`],
      [`lanebar replay, Parquet, ${REFERENCE_MEMORY}`, String(rows), `${(replayWide.ms / 1000).toFixed(2)} s`, `${replayWide.maxRssMb.toFixed(0)} MB`],
      [`lanebar replay, Parquet, ${MEMORY_LIMIT}`, String(rows), `${(replay.ms / 1000).toFixed(2)} s`, `${replay.maxRssMb.toFixed(0)} MB`],
      [`lanebar replay + sweep, Parquet, ${MEMORY_LIMIT}`, String(rows), `${(sweep.ms / 1000).toFixed(2)} s`, `${sweep.maxRssMb.toFixed(0)} MB`],
      [`lanebar replay, CSV, ${MEMORY_LIMIT}`, String(rows), `${(replayCsv.ms / 1000).toFixed(2)} s`, `${replayCsv.maxRssMb.toFixed(0)} MB`],
      ...(big ? [[`lanebar replay, Parquet, ${MEMORY_LIMIT} (large)`, String(big.rows), `${(big.ms / 1000).toFixed(2)} s`, `${big.maxRssMb.toFixed(0)} MB`]] : []),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    const print = (r: string[]) => process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + '\n');
    process.stdout.write('lanebar replay benchmark (SIMULATED logs from scripts/make-logs.ts)\n\n');
    table.forEach(print);
    process.stdout.write('\n');
    for (const c of checks) {
      const verdict = c.target === null ? '' : c.value <= c.target ? `  within target ${c.target}${c.unit}` : `  OVER target ${c.target}${c.unit}`;
      process.stdout.write(`${c.name}: ${c.value.toFixed(c.unit === 'x' ? 2 : 0)}${c.unit}${verdict}\n`);
    }
    const date = new Date().toISOString().slice(0, 10);
    const out = join(ROOT, 'bench', 'results', `replay-${date}.json`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const duckdb = await import('@duckdb/node-api');
    const result = {
      benchmark: 'lanebar replay',
      simulated: true,
      date: new Date().toISOString(),
      machine: { platform: platform(), release: release(), cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), free_memory_gb: Math.round(freemem() / 2 ** 30) },
      versions: { node: process.version, duckdb: duckdb.default.version(), lanebar: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version },
      settings: { memory_limit: MEMORY_LIMIT, reference_memory_limit: REFERENCE_MEMORY, threads: THREADS, repeat, log_bytes: { parquet: statSync(parquet).size, csv: statSync(csv).size } },
      rows,
      results: { reference, replay_same_memory: replayWide, replay, sweep, replay_csv: replayCsv, large: big },
      checks,
    };
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(`\nwrote ${out.slice(ROOT.length)}\n`);
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
