import type { CaseRecord, JournalRecord, RunStart } from '../../schema/journal.js';
import { sampleKey } from '../../schema/journal.js';
import { readJournal } from '../../run/journal-reader.js';

/** The successful attempts' latencies of one lane × candidate: what the histograms draw. */
export interface LatencySamples {
  first_token: number[];
  completion: number[];
}

/** Everything the page needs from the journal beyond the summary's figures. */
export interface JournalDetail {
  start: RunStart;
  /** `suite\0candidate` -> latencies of successful attempts (the summary's percentiles come from the same values). */
  latency: Map<string, LatencySamples>;
  /** Failed samples (graded and not passed, or errored), first result per sample, in journal order. */
  failures: CaseRecord[];
  /** Failed samples per `suite\0candidate`, kept or not. */
  failureCounts: Map<string, number>;
}

export const rowKey = (suite: string, candidate: string): string => `${suite}\u0000${candidate}`;

/**
 * At most this many failures per lane × candidate are put on the page, so that a weak model on a
 * large suite cannot make the file unreadable (or crowd out the other candidates); the count
 * of every failure is still shown, and all of them are in run.jsonl.
 */
export const FAILURES_PER_ROW = 200;

/**
 * One pass over the journal, the source of truth. Duplicate results of a sample are ignored the
 * way the summary ignores them (the first one counts), so the page and summary.json agree.
 */
export async function readJournalDetail(journal: string): Promise<JournalDetail> {
  const detail = journalDetailCollector();
  const scan = await readJournal(journal, detail.add);
  return detail.result(scan.start);
}

/**
 * The same fold, fed one record at a time, so that a caller already reading the journal (the
 * summary) can build the page's detail in the same pass instead of reading it again.
 */
export function journalDetailCollector(): { add(r: JournalRecord): void; result(start: RunStart): JournalDetail } {
  const latency = new Map<string, LatencySamples>();
  const failures: CaseRecord[] = [];
  const failureCounts = new Map<string, number>();
  const seen = new Set<string>();
  const add = (r: JournalRecord): void => {
    if (r.type === 'attempt' && r.ok) {
      const key = rowKey(r.suite, r.candidate);
      const l = latency.get(key) ?? { first_token: [], completion: [] };
      if (r.ttft_ms !== null) l.first_token.push(r.ttft_ms);
      if (r.completion_ms !== null) l.completion.push(r.completion_ms);
      latency.set(key, l);
    } else if (r.type === 'case') {
      const sample = sampleKey(r);
      if (seen.has(sample)) return;
      seen.add(sample);
      if (r.pass) return;
      const key = rowKey(r.suite, r.candidate);
      const count = (failureCounts.get(key) ?? 0) + 1;
      failureCounts.set(key, count);
      if (count <= FAILURES_PER_ROW) failures.push(r);
    }
  };
  return { add, result: (start) => ({ start, latency, failures, failureCounts }) };
}
