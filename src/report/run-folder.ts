import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rowKey } from '../core/compare.js';
import { LanebarError } from '../core/errors.js';
import { readJournal } from '../run/journal-reader.js';
import { journalPath } from '../run/runner.js';
import { Summary } from '../schema/summary.js';
import { summarizeJournal } from './write-run-reports.js';

/** A finished (or interrupted) run as compare reads it: its summary and each sample's pass/fail. */
export interface LoadedRun {
  dir: string;
  summary: Summary;
  /** lane \0 candidate -> (case id \0 repeat -> passed), the first result of each sample. */
  passes: Map<string, Map<string, boolean>>;
  warnings: string[];
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** A run's summary.json, or the summary folded from its journal when the reports were never written. */
export async function readSummary(dir: string): Promise<Summary> {
  const file = join(dir, 'summary.json');
  // The journal is the source of truth: a run killed before its reports were written still compares.
  if (!(await exists(file))) return summarizeJournal(dir);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new LanebarError(`summary is not valid JSON: ${(e as Error).message}`, { file });
  }
  const parsed = Summary.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LanebarError(issue.message, { file, field: issue.path.join('.') || undefined }, 'regenerate it from the journal with a current lanebar');
  }
  return parsed.data;
}

export async function loadRun(dir: string): Promise<LoadedRun> {
  if (!(await exists(journalPath(dir)))) {
    throw new LanebarError('no run journal (run.jsonl) here', { file: dir }, 'pass a run id from the reports folder, a run folder written by `lanebar run`, or a baseline saved by `lanebar compare --accept`');
  }
  const summary = await readSummary(dir);
  const laneOf = new Map(summary.suites.map((s) => [s.name, s.lane.id]));
  const passes = new Map<string, Map<string, boolean>>();
  const scan = await readJournal(journalPath(dir), (r) => {
    if (r.type !== 'case') return;
    const key = rowKey(laneOf.get(r.suite) ?? r.suite, r.candidate);
    let m = passes.get(key);
    if (!m) passes.set(key, (m = new Map()));
    const sample = `${r.case_id}\u0000${r.repeat}`;
    if (!m.has(sample)) m.set(sample, r.pass);
  });
  return { dir, summary, passes, warnings: scan.warnings };
}
