import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeIndexHtml } from '../report/html/write-index-html.js';
import { readReplayJson, writeReplayIndexHtml } from '../report/html/write-replay-html.js';
import { summarizeJournal } from '../report/write-run-reports.js';
import { runDirOf } from './bar-command.js';
import type { Io } from './run-command.js';

export interface ReportCommandOptions {
  reports: string;
}

/**
 * `lanebar report <run>`: writes the run's index.html again from its journal, e.g. after
 * `lanebar bar` decided its authorizations or after a newer lanebar changed the page. It reads
 * the journal only: nothing is re-run, re-graded or re-priced. A replay's folder (replay.json,
 * no journal) gets the replay's page, from replay.json.
 */
export async function reportCommand(run: string, opts: ReportCommandOptions, io: Io): Promise<number> {
  const dir = runDirOf(run, opts.reports);
  if (!existsSync(join(dir, 'run.jsonl')) && existsSync(join(dir, 'replay.json'))) {
    const path = await writeReplayIndexHtml(dir, await readReplayJson(dir));
    io.out(`report: ${relative(process.cwd(), path) || path}`);
    return 0;
  }
  const summary = await summarizeJournal(dir);
  summary.journal_warnings.forEach((w) => io.err(`warning: ${w}`));
  const path = await writeIndexHtml(dir, summary);
  io.out(`report: ${relative(process.cwd(), path) || path}`);
  return 0;
}
