import { join } from 'node:path';
import { SummaryAccumulator } from '../core/summarize.js';
import type { JournalRecord, RunStart } from '../schema/journal.js';
import { Summary } from '../schema/summary.js';
import { readJournal } from '../run/journal-reader.js';
import { journalPath } from '../run/runner.js';
import { writeFileAtomic } from './atomic-write.js';
import { journalDetailCollector } from './html/journal-detail.js';
import { writeIndexHtml } from './html/write-index-html.js';
import { summaryMarkdown } from './summary-markdown.js';

/**
 * Folds a run's journal, the source of truth, into its summary; `also` sees every record of the
 * same pass (so another fold need not read the journal again).
 */
export async function summarizeJournal(reportDir: string, also?: (r: JournalRecord) => void): Promise<Summary> {
  let acc: SummaryAccumulator | undefined;
  const scan = await readJournal(journalPath(reportDir), (r) => {
    if (r.type === 'run_start') acc = new SummaryAccumulator(r);
    else acc!.add(r);
    also?.(r);
  });
  return Summary.parse(acc!.summary(new Date().toISOString(), scan.warnings));
}

export async function writeRunReports(reportDir: string): Promise<Summary> {
  // One pass over the journal feeds both the summary and the page's detail (latencies, failures).
  const detail = journalDetailCollector();
  let start: RunStart | undefined;
  const summary = await summarizeJournal(reportDir, (r) => {
    if (r.type === 'run_start') start = r;
    detail.add(r);
  });
  await writeFileAtomic(join(reportDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  await writeFileAtomic(join(reportDir, 'summary.md'), summaryMarkdown(summary));
  await writeIndexHtml(reportDir, summary, detail.result(start!));
  return summary;
}
