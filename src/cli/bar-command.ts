import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkBar } from '../core/bar-check.js';
import { LanebarError } from '../core/errors.js';
import { readBarFile } from '../load/bar-file.js';
import { currentInputs } from '../load/current-inputs.js';
import { barCheckText } from '../report/bar-check-text.js';
import { writeBar } from '../report/bar-from-journal.js';
import { writeIndexHtml } from '../report/html/write-index-html.js';
import { summarizeJournal } from '../report/write-run-reports.js';
import type { Bar } from '../schema/bar.js';
import { RUN_ID } from './run-id.js';

/** Where the command writes; the run command's Io fits it. */
export interface BarIo {
  out(line: string): void;
  err(line: string): void;
}

export interface BarCommandOptions {
  reports: string;
  strict?: boolean;
  check?: string;
  prices?: string;
  overrides?: string;
}

/** A run argument is a run id under --reports, a run folder, or its run.jsonl. */
export function runDirOf(arg: string, reports: string): string {
  if (existsSync(arg)) {
    const info = statSync(arg);
    if (info.isDirectory()) return resolve(arg);
    if (basename(arg) === 'bar.json') throw new LanebarError('this is an authorization, not a run', { file: arg }, `check it with: lanebar bar --check ${arg}`);
    return resolve(dirname(arg));
  }
  if (!RUN_ID.test(arg)) throw new LanebarError(`no run "${arg}"`, { file: arg }, 'pass a run id from reports/, a run folder, or its run.jsonl');
  return resolve(reports, arg);
}

/** Exit status of a bar for CI: with --strict, a lane without an admitted model fails the job. */
export const barExitCode = (bar: Bar, strict: boolean | undefined): number =>
  strict && bar.lanes.some((l) => l.authorization === null) ? 1 : 0;

/** Prints a written bar's Markdown, and to stderr where it went and what warned. */
export function printBar(io: BarIo, written: { markdown: string; warnings: string[] }, dir: string): void {
  written.warnings.forEach((w) => io.err(`warning: ${w}`));
  io.out(written.markdown.trimEnd());
  io.err(`bar: ${join(dir, 'bar.json')}, ${join(dir, 'bar.md')}`);
}

/** `lanebar bar`: decide the eval bar of a run from its journal, or (--check) re-validate one. */
export async function barCommand(run: string | undefined, opts: BarCommandOptions, io: BarIo): Promise<number> {
  if (opts.check) {
    if (run) throw new LanebarError('give a run or --check <bar.json>, not both', { field: 'bar' });
    const bar = await readBarFile(opts.check);
    const at = new Date();
    const check = checkBar(bar, await currentInputs(bar, { sheetPath: opts.prices, overridesPath: opts.overrides, at }));
    io.out(barCheckText(bar, check, opts.check, at));
    return check.stale ? 1 : 0;
  }
  if (!run) throw new LanebarError('which run?', { field: 'bar' }, 'lanebar bar <run-id | run folder | run.jsonl>, or lanebar bar --check <bar.json>');
  const dir = runDirOf(run, opts.reports);
  if (!existsSync(join(dir, 'run.jsonl'))) {
    throw new LanebarError('run journal not found', { file: join(dir, 'run.jsonl') }, 'pass a run id from reports/ (see --reports), a run folder, or its run.jsonl');
  }
  const written = await writeBar(dir);
  // The run's page shows its bar: write it again so it never contradicts bar.json.
  await writeIndexHtml(dir, await summarizeJournal(dir));
  printBar(io, written, dir);
  return barExitCode(written.bar, opts.strict);
}
