import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Comparison } from '../core/compare.js';
import { LanebarError } from '../core/errors.js';
import { loadYaml } from '../load/yaml.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { compareMarkdown } from '../report/compare-markdown.js';
import { compareText } from '../report/compare-text.js';
import { writeStepSummary } from '../report/github-summary.js';
import { compareJunit } from '../report/junit.js';
import { CompareConfig } from '../schema/compare.js';
import { runDirOf } from './bar-command.js';
import type { Io } from './run-command.js';

/* What `lanebar compare` does the same way for runs and for replays. */

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

/** A --rules file, each lane it names checked against the lanes being compared. */
export async function loadCompareConfig(file: string, lanes: ReadonlySet<string>, what: 'run' | 'replay'): Promise<CompareConfig> {
  const config = await loadYaml(file, CompareConfig);
  for (const lane of Object.keys(config.lanes)) {
    if (!lanes.has(lane)) throw new LanebarError(`lane "${lane}" is in neither ${what}`, { file, field: `lanes.${lane}` }, `lanes: ${[...lanes].join(', ')}`);
  }
  return config;
}

/** The baseline's folder if it can be named, else null: only --accept may name one that does not exist yet. */
export function existingDir(arg: string, reports: string): string | null {
  try {
    return runDirOf(arg, reports);
  } catch {
    return null;
  }
}

/** A run's own folder is named after it; a baseline folder holds a copy of some run or replay. */
function refuseOwnFolder(dir: string, id: string, what: 'run' | 'replay'): void {
  if (basename(resolve(dir)) === id) {
    throw new LanebarError(`${dir} is the folder of ${what} ${id}, not a baseline; --accept would overwrite that ${what}`, { file: dir }, `accept into a baseline folder such as reports/${what === 'run' ? 'baseline' : 'replay-baseline'}`);
  }
}

/**
 * Prints the comparison, writes the files asked for and the CI step summary, then either accepts
 * the current one as the baseline (whatever the rules said: accepting is the explicit decision) or
 * returns the exit status: 1 when a rule is broken.
 */
export async function concludeComparison(
  comparison: Comparison,
  at: string,
  opts: CompareCommandOptions,
  io: Io,
  baseline: { dir: string; id: string; what: 'run' | 'replay' },
  accept: () => Promise<string[]>,
): Promise<number> {
  io.out(compareText(comparison));
  if (opts.junit) await writeOutput(opts.junit, compareJunit(comparison, at));
  if (opts.json) await writeOutput(opts.json, JSON.stringify(comparison, null, 2) + '\n');
  await writeStepSummary(io.env, compareMarkdown(comparison));
  if (!opts.accept) return comparison.broken > 0 ? 1 : 0;
  refuseOwnFolder(baseline.dir, baseline.id, baseline.what);
  const files = await accept();
  io.out(`baseline updated: ${files.join(', ')} now hold ${baseline.what} ${comparison.current_run}`);
  return 0;
}
