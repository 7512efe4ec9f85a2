import { join } from 'node:path';
import type { CaseRecord } from '../../schema/journal.js';
import type { Summary } from '../../schema/summary.js';
import { journalPath } from '../../run/runner.js';
import { writeFileAtomic } from '../atomic-write.js';
import { readBarView } from './bar-view.js';
import { readFailedRows } from './dataset-rows.js';
import type { FailureView } from './failures-html.js';
import { indexHtml, type PageData } from './index-html.js';
import { readJournalDetail } from './journal-detail.js';

export interface IndexHtmlOptions {
  /** The folder the run started in: the journal's suite and dataset paths are relative to it. Default: the current folder. */
  root?: string;
}

/** Gathers what the page shows, from the journal (the source of truth), its summary and the datasets it names. */
export async function pageData(reportDir: string, summary: Summary, opts: IndexHtmlOptions = {}): Promise<PageData> {
  const root = opts.root ?? process.cwd();
  const detail = await readJournalDetail(journalPath(reportDir));
  const notes: string[] = [];
  const columns = new Map<string, Awaited<ReturnType<typeof readFailedRows>>>();
  for (const suite of detail.start.suites) {
    const ids = new Set(detail.failures.filter((f) => f.suite === suite.name).map((f) => f.case_id));
    const rows = await readFailedRows(suite, ids, root);
    if (rows.note) notes.push(rows.note);
    columns.set(suite.name, rows);
  }
  // Grouped as the tables are (suite, then candidate, in run order), cases in natural order (t2 before t10).
  const order = new Map(detail.start.suites.flatMap((s, i) => s.candidates.map((c, j) => [`${s.name}\u0000${c.id}`, i * 1000 + j] as const)));
  const rank = (r: CaseRecord) => order.get(`${r.suite}\u0000${r.candidate}`) ?? Infinity;
  const sorted = [...detail.failures].sort(
    (a, b) => rank(a) - rank(b) || a.case_id.localeCompare(b.case_id, 'en', { numeric: true }) || a.repeat - b.repeat,
  );
  const failures: FailureView[] = sorted.map((record) => {
    const suite = detail.start.suites.find((s) => s.name === record.suite);
    const candidate = suite?.candidates.find((c) => c.id === record.candidate);
    return {
      record,
      lane: suite?.lane.id ?? record.suite,
      simulated: candidate?.simulated ?? false,
      columns: columns.get(record.suite)?.rows.get(record.case_id) ?? null,
    };
  });
  const bar = await readBarView(reportDir, summary);
  return { summary, detail, failures, notes, bar: bar.bar, barNote: bar.note };
}

/** Writes `reports/<id>/index.html` and returns its path. */
export async function writeIndexHtml(reportDir: string, summary: Summary, opts: IndexHtmlOptions = {}): Promise<string> {
  const path = join(reportDir, 'index.html');
  await writeFileAtomic(path, indexHtml(await pageData(reportDir, summary, opts)));
  return path;
}
