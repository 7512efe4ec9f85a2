import { join } from 'node:path';
import { SummaryAccumulator } from '../core/summarize.js';
import { Summary } from '../schema/summary.js';
import { readJournal } from '../run/journal-reader.js';
import { journalPath } from '../run/runner.js';
import { writeFileAtomic } from './atomic-write.js';
import { writeIndexHtml } from './html/write-index-html.js';
import { summaryMarkdown } from './summary-markdown.js';

/** Reads a run's journal, the source of truth, and writes summary.json and summary.md from it. */
export async function summarizeJournal(reportDir: string): Promise<Summary> {
  let acc: SummaryAccumulator | undefined;
  const scan = await readJournal(journalPath(reportDir), (r) => {
    if (r.type === 'run_start') acc = new SummaryAccumulator(r);
    else acc!.add(r);
  });
  return Summary.parse(acc!.summary(new Date().toISOString(), scan.warnings));
}

export async function writeRunReports(reportDir: string): Promise<Summary> {
  const summary = await summarizeJournal(reportDir);
  await writeFileAtomic(join(reportDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  await writeFileAtomic(join(reportDir, 'summary.md'), summaryMarkdown(summary));
  await writeIndexHtml(reportDir, summary);
  return summary;
}
