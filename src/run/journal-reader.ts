import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { LanebarError } from '../core/errors.js';
import { JournalRecord, type RunStart } from '../schema/journal.js';

export interface JournalScan {
  start: RunStart;
  /** Problems found while reading: a torn line from a killed writer, an unknown record. */
  warnings: string[];
}

/**
 * Streams a run journal record by record. A line that does not parse (the torn last write of a
 * killed process) is reported with its line number and skipped: never read as a result.
 */
export async function readJournal(path: string, onRecord: (r: JournalRecord) => void): Promise<JournalScan> {
  try {
    await access(path);
  } catch {
    throw new LanebarError('run journal not found', { file: path }, 'pass a run id from reports/ or a path to run.jsonl');
  }
  const warnings: string[] = [];
  let start: RunStart | undefined;
  let line = 0;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      warnings.push(`${path}:${line}: torn or corrupt line ignored (${text.length} bytes)`);
      continue;
    }
    const parsed = JournalRecord.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      warnings.push(`${path}:${line}: record ignored (${issue.path.join('.') || 'record'}: ${issue.message})`);
      continue;
    }
    const record = parsed.data;
    if (record.type === 'run_start') {
      if (start) {
        warnings.push(`${path}:${line}: second run_start ignored`);
        continue;
      }
      start = record;
    } else if (!start) {
      throw new LanebarError('journal does not begin with a run_start record', { file: path, line });
    }
    onRecord(record);
  }
  // Its first line should have been one (an empty or wholly torn journal has none).
  if (!start) throw new LanebarError('journal has no run_start record', { file: path, line: 1 });
  return { start, warnings };
}
