import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { evalStats, type EvalStats } from '../core/replay/estimates.js';
import { loadBudget } from '../load/budget.js';
import { loadGateConfig } from '../load/gate-config.js';
import { loadMapping } from '../load/mapping.js';
import { loadPriceBook } from '../load/prices.js';
import { LANEBAR_VERSION } from '../load/version.js';
import type { GateInput } from '../replay/plan.js';
import { REQUESTS_FILE } from '../replay/request-outcomes.js';
import { replaySql, runReplay, type ReplayOptions } from '../replay/run-replay.js';
import { replayText } from '../report/replay-text.js';
import { writeReplayReports } from '../report/write-replay-reports.js';
import { summarizeJournal } from '../report/write-run-reports.js';
import type { Budget } from '../schema/budget.js';
import { Summary } from '../schema/summary.js';
import type { Io } from './run-command.js';
import { replayView } from './replay-ui.js';
import { newRunId, RUN_ID } from './run-id.js';

export interface ReplayCommandOptions {
  mapping: string;
  gate?: string[];
  budget?: string;
  evalRun?: string;
  sweep?: boolean;
  signal?: string;
  escalateWhen: 'below' | 'above';
  qualityBar?: number;
  pressure?: boolean;
  badRows: 'skip' | 'fail';
  costSource: 'sheet' | 'log';
  sql?: boolean;
  reports: string;
  replayId?: string;
  prices?: string;
  overrides?: string;
  memoryLimit: string;
  threads?: number;
  /** Open the finished replay in the terminal view (sweeps, as --sweep does). */
  ui?: boolean;
}

/** Exit status when a budget alarm fires on the replayed traffic: CI fails the router change. */
export const ALARM_EXIT = 3;

const shown = (p: string) => relative(process.cwd(), p) || p;

/** An eval run named by id (under reports/), by folder or journal path, or `latest`. */
async function readEvalRun(arg: string, reports: string): Promise<{ id: string; path: string; stats: EvalStats[] }> {
  let dir = arg;
  if (arg === 'latest') {
    // The run that started last, by its manifest: folder names need not be timestamps.
    const runs = existsSync(reports) ? readdirSync(reports).filter((d) => existsSync(join(reports, d, 'summary.json'))) : [];
    const started = await Promise.all(
      runs.map(async (d) => ({ d, at: String((JSON.parse(await readFile(join(reports, d, 'summary.json'), 'utf8')) as { started_at?: unknown }).started_at ?? '') })),
    );
    const newest = started.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).at(-1);
    if (!newest) throw new LanebarError('no eval run with a summary.json under reports/', { file: reports }, 'run one first: npm start (offline, simulated)');
    dir = join(reports, newest.d);
  } else if (arg.endsWith('.jsonl') || arg.endsWith('.json')) {
    dir = dirname(arg);
  } else if (!existsSync(arg) && existsSync(join(reports, arg))) {
    dir = join(reports, arg);
  }
  const summaryFile = join(dir, 'summary.json');
  let summary: Summary;
  if (existsSync(summaryFile)) {
    const parsed = Summary.safeParse(JSON.parse(await readFile(summaryFile, 'utf8')));
    if (!parsed.success) throw new LanebarError(`not a lanebar run summary: ${parsed.error.issues[0]?.message}`, { file: summaryFile });
    summary = parsed.data;
  } else if (existsSync(join(dir, 'run.jsonl'))) {
    summary = await summarizeJournal(dir);
  } else {
    throw new LanebarError('eval run not found', { file: dir }, 'pass a run id under reports/, a run folder, or latest');
  }
  return { id: summary.run_id, path: shown(dir), stats: evalStats(summary.rows) };
}

/** The gates to replay: --gate files, else the escalation gates of the budget's routing plan (paths relative to the budget). */
async function readGates(o: ReplayCommandOptions, budget: { file: string; budget: Budget } | null): Promise<GateInput[]> {
  if (o.gate?.length) return Promise.all(o.gate.map(async (file) => ({ file, config: await loadGateConfig(file) })));
  if (!budget) throw new LanebarError('no gate to replay', {}, 'pass --gate <file>, or --budget whose routing plan names escalation gates');
  const rows = budget.budget.routing_plan.filter((r) => r.escalation_gate);
  return Promise.all(
    rows.map(async (r) => {
      const file = shown(resolve(dirname(budget.file), r.escalation_gate!));
      const config = await loadGateConfig(file);
      if (config.lane !== undefined && config.lane !== r.lane) {
        throw new LanebarError(`the routing plan row for ${r.lane} names a gate for lane ${config.lane}`, { file: budget.file, field: 'routing_plan' });
      }
      return { file, config: { ...config, lane: r.lane } };
    }),
  );
}

/** `lanebar replay`: replays gates over a log on DuckDB, writes reports, exits 3 when an alarm fires. */
export async function replayCommand(log: string, o: ReplayCommandOptions, io: Io): Promise<number> {
  const view = o.ui ? replayView(io) : null;
  const replayId = o.replayId ?? `replay-${newRunId(new Date())}`;
  if (!RUN_ID.test(replayId)) throw new LanebarError(`invalid replay id "${replayId}"`, { field: 'replay id' });
  const mapping = await loadMapping(o.mapping);
  const budget = o.budget ? { file: o.budget, budget: await loadBudget(o.budget) } : null;
  const gates = await readGates(o, budget);
  const evalRun = o.evalRun ? await readEvalRun(o.evalRun, o.reports) : null;
  const options: ReplayOptions = {
    logPath: log,
    mappingPath: o.mapping,
    mapping,
    gates,
    prices: loadPriceBook({ root: process.cwd(), sheetPath: o.prices, overridesPath: o.overrides }),
    evalStats: evalRun?.stats ?? [],
    evalRun: evalRun ? { id: evalRun.id, path: evalRun.path } : null,
    budget,
    badRows: o.badRows,
    costSource: o.costSource,
    sweep: o.sweep || o.ui ? { signal: o.signal, direction: o.escalateWhen, qualityBar: o.qualityBar } : null,
    pressure: o.pressure === true,
    replayId,
    now: new Date(),
    lanebarVersion: LANEBAR_VERSION,
    db: { memoryLimit: o.memoryLimit, threads: o.threads },
    requestsFile: join(o.reports, replayId, REQUESTS_FILE),
  };
  if (o.pressure && !budget) throw new LanebarError('--pressure needs --budget: the pressure tests read its alarms and pricing stance');
  if (o.sql) {
    const sql = await replaySql(options);
    const statement = (title: string, s: { sql: string; params: unknown[] }) => [
      `-- ${title}`,
      ...s.params.map((v, i) => `-- $${i + 1} = ${JSON.stringify(v)}`),
      `${s.sql};`,
      '',
    ];
    io.out(
      [
        '-- lanebar replay: the SQL it runs (DuckDB dialect; see README "Replay an escalation gate" for what is DuckDB-specific).',
        '-- Tables lanebar fills before running: lanebar_prices (per-token USD by provider, model, day) and lanebar_estimates.',
        '',
        ...sql.views.map((v) => `${v};\n`),
        // Passes and buckets differ only in their numbers: print the first of each.
        ...sql.replayed.flatMap((s, i, all) => {
          const title =
            i === 0 ? 'the gates, lane by lane' : i === 1 ? "each lane's models by slot" : i === all.length - 1 ? 'each request replayed: the gate, all-small and all-strong (a view)' : s.sql.startsWith('CREATE OR REPLACE TABLE lanebar_priced') ? 'a pass over the log: every call priced and routed (later passes differ in their hash)' : 'the pivot, one bucket: one row per request (later buckets INSERT INTO, and differ in their number)';
          const first = i < 2 || i === all.length - 1 || i === 2 || (i === 3 && !s.sql.startsWith('CREATE OR REPLACE TABLE lanebar_priced'));
          return first ? statement(title, s) : [];
        }),
        ...statement('latency histograms per lane and overall, in one scan', sql.histograms),
        ...statement('per lane and overall: the gate, all-small and all-strong', sql.main),
        ...statement('latency percentiles (nearest rank) per lane and overall', sql.percentiles),
        ...sql.sweep.flatMap((s, i) => statement(i === 0 ? 'threshold sweep: every threshold in one query' : 'oracle: gain of the strong model per request', s)),
      ].join('\n'),
    );
    return 0;
  }
  const replay = await runReplay(options);
  const dir = join(o.reports, replayId);
  await writeReplayReports(dir, replay);
  await view?.(replay);
  io.out(replayText(replay));
  io.out('');
  io.out(`reports: ${dir}/ (replay.json, replay.md, index.html, ${REQUESTS_FILE})`);
  return replay.budget?.firing.length ? ALARM_EXIT : 0;
}
