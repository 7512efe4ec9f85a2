import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { LanebarError } from '../core/errors.js';
import type { Row } from '../core/template.js';

export interface DatasetRow {
  row: Row;
  /** 1-based line of the record's start in the file (CSV: the header is line 1). */
  line: number;
}

export interface DatasetSource {
  path: string;
  format: 'csv' | 'jsonl';
  /** How the file is named in errors (the path the user wrote). */
  display?: string;
}

async function ensureReadable(src: DatasetSource): Promise<void> {
  try {
    await access(src.path);
  } catch {
    throw new LanebarError('dataset file not found', { file: src.display ?? src.path });
  }
}

/** Streams dataset rows; memory stays flat whatever the file's size. */
export async function* readDataset(src: DatasetSource): AsyncGenerator<DatasetRow> {
  await ensureReadable(src);
  if (src.format === 'csv') yield* readCsv(src);
  else yield* readJsonl(src);
}

async function* readCsv(src: DatasetSource): AsyncGenerator<DatasetRow> {
  const file = src.display ?? src.path;
  const parser = createReadStream(src.path).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, info: true, relax_column_count: false }),
  );
  // csv-parse reports the line a record ends on; a record starts after the previous one ends
  // and after any empty lines skipped in between.
  let prevEnd = 1;
  let prevEmpty = 0;
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; empty_lines: number } }>) {
      const line = prevEnd + 1 + (rec.info.empty_lines - prevEmpty);
      prevEnd = rec.info.lines;
      prevEmpty = rec.info.empty_lines;
      yield { row: rec.record, line };
    }
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    throw new LanebarError(`unreadable CSV: ${err.message.replace(/^Invalid Record Length: /, '')}`, {
      file,
      line: err.lines,
    });
  }
}

async function* readJsonl(src: DatasetSource): AsyncGenerator<DatasetRow> {
  const file = src.display ?? src.path;
  const lines = createInterface({ input: createReadStream(src.path), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new LanebarError(`invalid JSON: ${(e as Error).message}`, { file, line });
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new LanebarError('each line must be a JSON object', { file, line });
    }
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      row[k] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    }
    yield { row, line };
  }
}

export interface DatasetCheck {
  idColumn: string;
  required: readonly string[];
}

/**
 * One pass over the dataset before any model is called: every row has its id and every column
 * the prompt and graders read, and ids are unique. Returns the row count.
 */
export async function checkDataset(src: DatasetSource, check: DatasetCheck): Promise<number> {
  const file = src.display ?? src.path;
  const ids = new Set<string>();
  let count = 0;
  for await (const { row, line } of readDataset(src)) {
    count += 1;
    const id = row[check.idColumn];
    if (id === undefined || id === '') {
      throw new LanebarError(`row has no id`, { file, line, field: check.idColumn }, `every row needs a "${check.idColumn}" value`);
    }
    if (ids.has(id)) throw new LanebarError(`duplicate id "${id}"`, { file, line, field: check.idColumn });
    ids.add(id);
    for (const col of check.required) {
      if (row[col] === undefined) {
        throw new LanebarError(`row ${id} has no "${col}" column`, { file, line, field: col }, `columns found: ${Object.keys(row).join(', ')}`);
      }
    }
  }
  if (count === 0) throw new LanebarError('dataset has no rows', { file, line: 1 });
  return count;
}
