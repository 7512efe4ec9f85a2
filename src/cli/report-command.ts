import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { writeIndexHtml } from '../report/html/write-index-html.js';
import { summarizeJournal } from '../report/write-run-reports.js';
import type { Io } from './run-command.js';
import { RUN_ID } from './run-id.js';

export interface ReportCommandOptions {
  reports: string;
}

/** A run is named by its id under --reports, by its folder, or by its run.jsonl. */
function runDir(arg: string, reports: string): string {
  if (existsSync(arg)) return statSync(arg).isDirectory() ? resolve(arg) : resolve(dirname(arg));
  if (!RUN_ID.test(arg) || basename(arg) !== arg) throw new LanebarError(`no run "${arg}"`, { file: arg }, 'pass a run id from reports/, a run folder, or its run.jsonl');
  return resolve(reports, arg);
}

/**
 * `lanebar report <run>`: writes the run's index.html again from its journal, e.g. after
 * `lanebar bar` decided its authorizations or after a newer lanebar changed the page. It reads
 * the journal only: nothing is re-run, re-graded or re-priced.
 */
export async function reportCommand(run: string, opts: ReportCommandOptions, io: Io): Promise<number> {
  const dir = runDir(run, opts.reports);
  const summary = await summarizeJournal(dir);
  summary.journal_warnings.forEach((w) => io.err(`warning: ${w}`));
  const path = await writeIndexHtml(dir, summary);
  io.out(`report: ${relative(process.cwd(), path) || path}`);
  return 0;
}
