import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mergeRules } from '../core/compare.js';
import { ALL_LANES, compareReplays, type ReplayPairs } from '../core/compare-replays.js';
import { LanebarError } from '../core/errors.js';
import { openDb } from '../replay/duckdb.js';
import { pairRequestOutcomes } from '../replay/request-outcomes.js';
import { acceptReplayBaseline } from '../report/accept-baseline.js';
import { isReplayDir, loadReplay, type LoadedReplay } from '../report/replay-folder.js';
import { readSummary } from '../report/run-folder.js';
import type { Summary } from '../schema/summary.js';
import { runDirOf } from './bar-command.js';
import { concludeComparison, existingDir, loadCompareConfig, type CompareCommandOptions } from './compare-output.js';
import type { Io } from './run-command.js';

/** Pairs the two replays' requests per lane, or says why it cannot. */
async function pairsOf(baseline: LoadedReplay, current: LoadedReplay): Promise<{ byLane: Map<string, ReplayPairs>; unpaired: string | null }> {
  const missing = [baseline, current].find((r) => r.requestsFile === null);
  if (missing) {
    return { byLane: new Map(), unpaired: `replay ${missing.replay.replay_id} has no per-request outcomes (requests.parquet): replay its log again with a current lanebar` };
  }
  const db = await openDb();
  try {
    const lanes = await pairRequestOutcomes(db, baseline.requestsFile!, current.requestsFile!);
    return { byLane: new Map(lanes.map(({ lane, estimated, ...table }) => [lane, { table, estimated }])), unpaired: null };
  } finally {
    await db.close();
  }
}

/**
 * The eval run behind the current replay, for its lanes' latency budgets and compare blocks: the
 * gate is held to the same budget the eval bar admitted its models under.
 */
async function evalRunOf(current: LoadedReplay, io: Io): Promise<Summary | null> {
  const run = current.replay.inputs.eval_run;
  if (!run) return null;
  const dir = resolve(run.path);
  if (!existsSync(join(dir, 'summary.json')) && !existsSync(join(dir, 'run.jsonl'))) {
    io.err(`warning: eval run ${run.id} (${run.path}), which the current replay read, is not here: p95s are not checked against lane budgets`);
    return null;
  }
  return readSummary(dir);
}

/** `lanebar compare` of two replays: see compareReplays for the rules. */
export async function compareReplaysCommand(baselineArg: string, currentDir: string, opts: CompareCommandOptions, io: Io): Promise<number> {
  const current = await loadReplay(currentDir);
  const existing = existingDir(baselineArg, opts.reports);
  if (opts.accept && !(existing && (await isReplayDir(existing)))) {
    if (existing && existsSync(join(existing, 'run.jsonl'))) throw new LanebarError(`${existing} holds a run; the current one is a replay`, { file: existing }, 'accept a replay into a replay baseline folder, such as reports/replay-baseline');
    const files = await acceptReplayBaseline(current, existing ?? baselineArg);
    io.out(`no baseline yet at ${baselineArg}: replay ${current.replay.replay_id} is now the baseline (${files.length} files)`);
    return 0;
  }
  const baselineDir = existing ?? runDirOf(baselineArg, opts.reports);
  if (!(await isReplayDir(baselineDir))) {
    throw new LanebarError(`the current one is a replay and the baseline is not (no replay.json)`, { file: baselineDir }, 'compare a replay with a replay, such as a baseline saved by `lanebar compare <folder> <replay-id> --accept`');
  }
  const baseline = await loadReplay(baselineDir);
  const lanes = new Set([ALL_LANES, ...[baseline, current].flatMap((r) => r.replay.lanes.map((l) => l.lane))]);
  const config = opts.rules ? await loadCompareConfig(opts.rules, lanes, 'replay') : undefined;
  const overrides = config ? { rules: config.rules, lanes: config.lanes } : undefined;
  const evalRun = await evalRunOf(current, io);
  const suiteOf = (lane: string) => evalRun?.suites.find((s) => s.lane.id === lane);
  const { byLane, unpaired } = await pairsOf(baseline, current);
  const comparison = compareReplays({
    baseline: baseline.replay,
    current: current.replay,
    pairs: (lane) => (unpaired === null ? (byLane.get(lane) ?? { table: { pairs: 0, both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 }, estimated: 0 }) : null),
    unpaired,
    budget: (lane) => suiteOf(lane)?.lane.budget ?? null,
    rules: (lane) => mergeRules(lane, suiteOf(lane)?.compare, overrides),
  });
  return concludeComparison(comparison, current.replay.generated_at, opts, io, { dir: baseline.dir, id: baseline.replay.replay_id, what: 'replay' }, () =>
    acceptReplayBaseline(current, baseline.dir),
  );
}
