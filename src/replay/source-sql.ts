import { extname } from 'node:path';
import { LanebarError } from '../core/errors.js';
import type { LogFormat } from '../schema/replay.js';
import { quoteIdent, sqlString } from './sql-text.js';

/*
 * How each format is read, with `__row`, the record's position in the file (1-based), so that a
 * bad row can be reported where the user will find it.
 */

export function formatOf(path: string, declared: LogFormat | undefined): LogFormat {
  if (declared) return declared;
  const ext = extname(path.replace(/\.(gz|zst)$/i, '')).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  throw new LanebarError(`cannot tell the log's format from its name`, { file: path }, 'name it .csv, .jsonl or .parquet, or set format: in the mapping');
}

/** DuckDB reads CSV in buffers of 32 MB by default, more than a 48 MB pool can spare: 4 MB (also the longest line it reads). */
const CSV_BUFFER = 4 * 1024 * 1024;

/**
 * The SELECT that reads the log. CSV is read as text (every value is then parsed by the mapping,
 * so an unparseable value is a reported bad row, not a failed load), with malformed lines kept
 * in DuckDB's reject tables. JSONL is read one line per record and parsed per line, so a line that
 * is not JSON is a bad row with its line number. Parquet keeps its own types.
 */
export function sourceSelect(path: string, format: LogFormat): string {
  const file = sqlString(path);
  switch (format) {
    case 'parquet':
      return `SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS __row FROM read_parquet(${file}, file_row_number = true)`;
    case 'csv':
      return `SELECT row_number() OVER () AS __row, * FROM read_csv(${file}, header = true, all_varchar = true, store_rejects = true, buffer_size = ${CSV_BUFFER})`;
    case 'jsonl':
      // One VARCHAR column per physical line; the delimiter and quote are chosen never to split it.
      return (
        `SELECT __row, __line, TRY_CAST(__line AS JSON) AS __json FROM (` +
        `SELECT row_number() OVER () AS __row, line AS __line FROM read_csv(${file}, columns = {'line': 'VARCHAR'}, header = false, ` +
        `delim = chr(1), quote = '', escape = '', auto_detect = false, strict_mode = false, buffer_size = ${CSV_BUFFER})) WHERE __line IS NOT NULL AND trim(__line) <> ''`
      );
  }
}

/** The raw value of a top-level column, as the format stores it. */
export function columnSql(format: LogFormat, column: string): string {
  if (format !== 'jsonl') return quoteIdent(column);
  if (/["\\]/.test(column)) throw new LanebarError(`a JSONL key may not contain " or \\: ${column}`, { field: column });
  return `(__json ->> ${sqlString(`$."${column}"`)})`;
}

/** A column holding JSON (an object, or text that parses as one). */
export function jsonColumnSql(format: LogFormat, column: string): string {
  if (format !== 'jsonl') return `TRY_CAST(${quoteIdent(column)} AS JSON)`;
  if (/["\\]/.test(column)) throw new LanebarError(`a JSONL key may not contain " or \\: ${column}`, { field: column });
  return `(__json -> ${sqlString(`$."${column}"`)})`;
}

/** The record's line in the file, when lines mean something: CSV has a header line. */
export function lineOf(format: LogFormat, row: number, rejectedBefore = 0): number | null {
  if (format === 'parquet') return null;
  return format === 'csv' ? row + 1 + rejectedBefore : row;
}
