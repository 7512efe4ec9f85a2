import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareRuns, pairSamples, rowKey } from '../core/compare.js';
import { LanebarError } from '../core/errors.js';
import { acceptBaseline } from '../report/accept-baseline.js';
import { isReplayDir } from '../report/replay-folder.js';
import { loadRun } from '../report/run-folder.js';
import { runDirOf } from './bar-command.js';
import { concludeComparison, existingDir, loadCompareConfig, type CompareCommandOptions } from './compare-output.js';
import type { Io } from './run-command.js';

/**
 * `lanebar compare <baseline> <current>`: reads both runs (summaries and journals, never a model)
 * or both replays (replay.json and requests.parquet), prints the changes per lane and candidate
 * (or gate), and exits 1 when a rule is broken. With --accept the current one then becomes the
 * baseline, whatever the rules said: accepting is the explicit decision.
 */
export async function compareCommand(baselineArg: string, currentArg: string, opts: CompareCommandOptions, io: Io): Promise<number> {
  const currentDir = runDirOf(currentArg, opts.reports);
  if (await isReplayDir(currentDir)) {
    // DuckDB (which pairs replays' requests) loads only when replays are compared.
    const { compareReplaysCommand } = await import('./compare-replays-command.js');
    return compareReplaysCommand(baselineArg, currentDir, opts, io);
  }
  const current = await loadRun(currentDir);
  const existing = existingDir(baselineArg, opts.reports);
  const firstBaseline = opts.accept && !(existing && existsSync(join(existing, 'run.jsonl')));
  if (firstBaseline) {
    if (existing && (await isReplayDir(existing))) throw new LanebarError(`${existing} holds a replay; the current one is a run`, { file: existing }, 'accept a run into a run baseline folder, such as reports/baseline');
    const files = await acceptBaseline(current, existing ?? baselineArg);
    io.out(`no baseline yet at ${baselineArg}: run ${current.summary.run_id} is now the baseline (${files.length} files)`);
    return 0;
  }
  // Resolved again when missing, for the error that names it.
  const baselineDir = existing ?? runDirOf(baselineArg, opts.reports);
  if (await isReplayDir(baselineDir)) throw new LanebarError(`the baseline is a replay and ${currentArg} is a run: compare a run with a run, a replay with a replay`, { file: baselineDir });
  const baseline = await loadRun(baselineDir);
  for (const w of [...baseline.warnings, ...current.warnings]) io.err(`warning: ${w}`);
  const lanes = new Set([baseline, current].flatMap((r) => r.summary.suites.map((s) => s.lane.id)));
  const config = opts.rules ? await loadCompareConfig(opts.rules, lanes, 'run') : undefined;
  const empty = new Map<string, boolean>();
  const comparison = compareRuns({
    baseline: baseline.summary,
    current: current.summary,
    pairs: (lane, candidate) => pairSamples(baseline.passes.get(rowKey(lane, candidate)) ?? empty, current.passes.get(rowKey(lane, candidate)) ?? empty),
    ...(config ? { overrides: { rules: config.rules, lanes: config.lanes } } : {}),
  });
  return concludeComparison(comparison, current.summary.started_at, opts, io, { dir: baseline.dir, id: baseline.summary.run_id, what: 'run' }, () => acceptBaseline(current, baseline.dir));
}
