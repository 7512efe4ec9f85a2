import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { compareRuns, pairSamples, rowKey } from '../core/compare.js';
import { LanebarError } from '../core/errors.js';
import { loadYaml } from '../load/yaml.js';
import { acceptBaseline } from '../report/accept-baseline.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { compareMarkdown } from '../report/compare-markdown.js';
import { compareText } from '../report/compare-text.js';
import { writeStepSummary } from '../report/github-summary.js';
import { compareJunit } from '../report/junit.js';
import { loadRun, type LoadedRun } from '../report/run-folder.js';
import { runDirOf } from './bar-command.js';
import { CompareConfig } from '../schema/compare.js';
import type { Io } from './run-command.js';

export interface CompareCommandOptions {
  reports: string;
  rules?: string;
  accept?: boolean;
  junit?: string;
  json?: string;
}

async function writeOutput(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}

async function loadConfig(file: string, runs: readonly LoadedRun[]): Promise<CompareConfig> {
  const config = await loadYaml(file, CompareConfig);
  const lanes = new Set(runs.flatMap((r) => r.summary.suites.map((s) => s.lane.id)));
  for (const lane of Object.keys(config.lanes)) {
    if (!lanes.has(lane)) throw new LanebarError(`lane "${lane}" is in neither run`, { file, field: `lanes.${lane}` }, `lanes: ${[...lanes].join(', ')}`);
  }
  return config;
}

/**
 * `lanebar compare <baseline> <current>`: reads both runs (summaries and journals, never a model),
 * prints the changes per lane and candidate, and exits 1 when a rule is broken. With --accept the
 * current run then becomes the baseline, whatever the rules said: accepting is the explicit decision.
 */
export async function compareCommand(baselineArg: string, currentArg: string, opts: CompareCommandOptions, io: Io): Promise<number> {
  const current = await loadRun(runDirOf(currentArg, opts.reports));
  // Only --accept may name a baseline that does not exist yet (no folder, or one without a journal): the first baseline.
  const existing = (() => {
    try {
      return runDirOf(baselineArg, opts.reports);
    } catch {
      return null;
    }
  })();
  const firstBaseline = opts.accept && !(existing && existsSync(join(existing, 'run.jsonl')));
  if (firstBaseline) {
    const files = await acceptBaseline(current, existing ?? baselineArg);
    io.out(`no baseline yet at ${baselineArg}: run ${current.summary.run_id} is now the baseline (${files.length} files)`);
    return 0;
  }
  // Resolved again when missing, for the error that names it.
  const baseline = await loadRun(existing ?? runDirOf(baselineArg, opts.reports));
  for (const w of [...baseline.warnings, ...current.warnings]) io.err(`warning: ${w}`);
  const config = opts.rules ? await loadConfig(opts.rules, [baseline, current]) : undefined;
  const empty = new Map<string, boolean>();
  const comparison = compareRuns({
    baseline: baseline.summary,
    current: current.summary,
    pairs: (lane, candidate) => pairSamples(baseline.passes.get(rowKey(lane, candidate)) ?? empty, current.passes.get(rowKey(lane, candidate)) ?? empty),
    ...(config ? { overrides: { rules: config.rules, lanes: config.lanes } } : {}),
  });
  io.out(compareText(comparison));
  if (opts.junit) await writeOutput(opts.junit, compareJunit(comparison, current.summary.started_at));
  if (opts.json) await writeOutput(opts.json, JSON.stringify(comparison, null, 2) + '\n');
  await writeStepSummary(io.env, compareMarkdown(comparison));
  if (opts.accept) {
    if (basename(resolve(baseline.dir)) === baseline.summary.run_id) {
      // A run's own folder is named after it; a baseline folder holds a copy of some run.
      throw new LanebarError(`${baseline.dir} is the folder of run ${baseline.summary.run_id}, not a baseline; --accept would overwrite that run`, { file: baseline.dir }, 'accept into a baseline folder such as reports/baseline');
    }
    const files = await acceptBaseline(current, baseline.dir);
    io.out(`baseline updated: ${files.join(', ')} now hold run ${current.summary.run_id}`);
    return 0;
  }
  return comparison.broken > 0 ? 1 : 0;
}
