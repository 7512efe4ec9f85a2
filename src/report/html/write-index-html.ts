import { join } from 'node:path';
import type { CaseRecord } from '../../schema/journal.js';
import type { Summary } from '../../schema/summary.js';
import { journalPath } from '../../run/runner.js';
import { writeFileAtomic } from '../atomic-write.js';
import { loadCaseInputs, type CaseInputs } from '../case-inputs.js';
import { readBarView } from './bar-view.js';
import type { FailureView } from './failures-html.js';
import { indexHtml, type PageData } from './index-html.js';
import { readJournalDetail, type JournalDetail } from './journal-detail.js';

/** Gathers what the page shows, from the journal (the source of truth), its summary and the datasets it names. */
export async function pageData(reportDir: string, summary: Summary, journalDetail?: JournalDetail): Promise<PageData> {
  const detail = journalDetail ?? (await readJournalDetail(journalPath(reportDir)));
  const notes: string[] = [];
  // Inputs come from the dataset the manifest names (paths relative to where the run started, as
  // `lanebar run` and `lanebar report` are run from the project folder), and only if it is unchanged.
  const columns = new Map<string, Map<string, CaseInputs>>();
  for (const suite of detail.start.suites) {
    const ids = new Set(detail.failures.filter((f) => f.suite === suite.name).map((f) => f.case_id));
    if (!ids.size) continue;
    const found = await loadCaseInputs(suite, ids);
    if (found.ok) columns.set(suite.name, found.cases);
    else notes.push(`${suite.lane.id}: inputs and expected values are not shown: ${found.reason}`);
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
      columns: columns.get(record.suite)?.get(record.case_id) ?? null,
    };
  });
  const bar = await readBarView(reportDir, summary);
  return { summary, detail, failures, notes, bar: bar.bar, barNote: bar.note };
}

/** Writes `reports/<id>/index.html` and returns its path; `detail` when the caller already read it from the journal. */
export async function writeIndexHtml(reportDir: string, summary: Summary, detail?: JournalDetail): Promise<string> {
  const path = join(reportDir, 'index.html');
  await writeFileAtomic(path, indexHtml(await pageData(reportDir, summary, detail)));
  return path;
}
