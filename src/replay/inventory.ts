import { LanebarError } from '../core/errors.js';
import type { LogFormat } from '../schema/replay.js';
import type { BadRow } from '../schema/replay-result.js';
import type { Db } from './duckdb.js';
import { lineOf } from './source-sql.js';

/** How many bad rows a report lists; all of them are counted. */
export const BAD_ROW_EXAMPLES = 20;

export interface BadRows {
  count: number;
  examples: BadRow[];
}

/**
 * Every row the mapping cannot use, counted, the first ones with their line. For CSV, lines
 * DuckDB could not split into the header's columns come from its reject table, with its line
 * numbers; a record's line counts one record per line (a quoted field spanning lines shifts it).
 */
export async function findBadRows(db: Db, format: LogFormat): Promise<BadRows> {
  const rows = await db.all(
    `SELECT __row, __problem, count(*) OVER () AS total FROM lanebar_checked WHERE __problem IS NOT NULL ORDER BY __row LIMIT ${BAD_ROW_EXAMPLES}`,
  );
  let count = Number(rows[0]?.total ?? 0);
  let rejected: { line: number; problem: string }[] = [];
  if (format === 'csv') {
    const rejects = await db.all(
      `SELECT line, error_message, csv_line FROM reject_errors WHERE scan_id = (SELECT max(scan_id) FROM reject_scans) ORDER BY line`,
    );
    rejected = rejects.map((r) => ({ line: Number(r.line), problem: `${String(r.error_message)}: ${String(r.csv_line ?? '').slice(0, 80)}` }));
    count += rejected.length;
  }
  const lines = rejected.map((r) => r.line);
  const examples: BadRow[] = rows.map((r) => {
    const row = Number(r.__row);
    // A rejected line before this record pushes it one line down.
    let before = 0;
    while (before < lines.length && lines[before]! <= (lineOf(format, row, before) ?? 0)) before++;
    return { row, line: lineOf(format, row, before), problem: String(r.__problem) };
  });
  for (const r of rejected) examples.push({ row: null, line: r.line, problem: r.problem });
  examples.sort((a, b) => (a.line ?? a.row ?? 0) - (b.line ?? b.row ?? 0));
  return { count, examples: examples.slice(0, BAD_ROW_EXAMPLES) };
}

export function failOnBadRows(bad: BadRows, file: string): void {
  if (bad.count === 0) return;
  const first = bad.examples[0]!;
  const listed = bad.examples.map((e) => `  ${e.line !== null ? `line ${e.line}` : `row ${e.row}`}: ${e.problem}`).join('\n');
  throw new LanebarError(
    `${bad.count} bad row${bad.count > 1 ? 's' : ''} in the log\n${listed}`,
    { file, ...(first.line !== null ? { line: first.line } : {}) },
    'fix them, or pass --bad-rows skip to replay without them (they are counted in the report)',
  );
}

export interface InventoryRow {
  lane: string;
  provider: string;
  model: string;
  day: string;
  calls: number;
  simulated: boolean;
}

/** Calls per lane, provider, model and day: what to price, and what a plan leaves out. */
export async function inventory(db: Db): Promise<InventoryRow[]> {
  const rows = await db.all(
    `SELECT lane, provider, model, strftime(CAST(ts AS DATE), '%Y-%m-%d') AS day, count(*) AS calls, bool_or(simulated) AS simulated
     FROM lanebar_calls GROUP BY ALL ORDER BY ALL`,
  );
  return rows.map((r) => ({
    lane: String(r.lane),
    provider: String(r.provider),
    model: String(r.model),
    day: String(r.day),
    calls: Number(r.calls),
    simulated: r.simulated === true,
  }));
}

/** The file's own columns, to name a mapped column the log lacks before any query fails on it. */
export async function sourceColumns(db: Db): Promise<string[]> {
  const rows = await db.all(`DESCRIBE SELECT * FROM lanebar_source`);
  return rows.map((r) => String(r.column_name)).filter((c) => !c.startsWith('__'));
}
