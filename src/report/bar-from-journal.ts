import { join } from 'node:path';
import { decideBar } from '../core/bar-decide.js';
import { PassPairs } from '../core/pass-pairs.js';
import { SummaryAccumulator } from '../core/summarize.js';
import { LANEBAR_VERSION } from '../load/version.js';
import { Bar } from '../schema/bar.js';
import type { RunStart } from '../schema/journal.js';
import { Summary } from '../schema/summary.js';
import { readJournal } from '../run/journal-reader.js';
import { journalPath } from '../run/runner.js';
import { writeFileAtomic } from './atomic-write.js';
import { barMarkdown } from './bar-markdown.js';

/**
 * The eval bar of a run, from its journal alone: one pass feeds the summary (the figures) and
 * the per-sample results (the paired tests). Nothing is re-run or re-priced.
 */
export async function barFromJournal(reportDir: string, now: Date = new Date()): Promise<{ bar: Bar; warnings: string[] }> {
  let acc: SummaryAccumulator | undefined;
  let start: RunStart | undefined;
  const pairs = new PassPairs();
  const scan = await readJournal(journalPath(reportDir), (r) => {
    if (r.type === 'run_start') {
      start = r;
      acc = new SummaryAccumulator(r);
      return;
    }
    acc!.add(r);
    if (r.type === 'case') pairs.add(r);
  });
  const summary = Summary.parse(acc!.summary(now.toISOString(), scan.warnings));
  const bar = Bar.parse(decideBar({ start: start!, summary, pairs, generatedAt: now.toISOString(), generatedBy: LANEBAR_VERSION }));
  return { bar, warnings: summary.journal_warnings };
}

/** Writes `bar.json` and `bar.md` next to the journal, each atomically; returns the Markdown. */
export async function writeBar(reportDir: string, now?: Date): Promise<{ bar: Bar; markdown: string; warnings: string[] }> {
  const { bar, warnings } = await barFromJournal(reportDir, now);
  const markdown = barMarkdown(bar);
  await writeFileAtomic(join(reportDir, 'bar.json'), JSON.stringify(bar, null, 2) + '\n');
  await writeFileAtomic(join(reportDir, 'bar.md'), markdown);
  return { bar, markdown, warnings };
}
