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
 * The first bad rows with their line. For CSV, lines DuckDB could not split into the header's
 * columns come from its reject table, with its line numbers; a record's line counts one record
 * per line (a quoted field spanning lines shifts it).
 */
async function badRowExamples(db: Db, format: LogFormat, valueProblems: number): Promise<BadRows> {
  const rows = valueProblems
    ? await db.all(`SELECT __row, __problem FROM lanebar_checked WHERE __problem IS NOT NULL ORDER BY __row LIMIT ${BAD_ROW_EXAMPLES}`)
    : [];
  let rejected: { line: number; problem: string }[] = [];
  if (format === 'csv') {
    const rejects = await db.all(
      `SELECT line, error_message, csv_line FROM reject_errors WHERE scan_id = (SELECT max(scan_id) FROM reject_scans) ORDER BY line`,
    );
    rejected = rejects.map((r) => ({ line: Number(r.line), problem: `${String(r.error_message)}: ${String(r.csv_line ?? '').slice(0, 80)}` }));
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
  return { count: valueProblems + rejected.length, examples: examples.slice(0, BAD_ROW_EXAMPLES) };
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

const isoDay = (d: unknown): string => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

/**
 * One pass over the checked log: calls per lane, provider, model and day (what to price, and what
 * a plan leaves out), and how many rows are bad; the bad ones are then listed with their lines.
 */
export async function scanLog(db: Db, format: LogFormat): Promise<{ bad: BadRows; inventory: InventoryRow[] }> {
  const rows = await db.all(
    `SELECT __problem IS NULL AS ok, lane, provider, model, CAST(ts AS DATE) AS day, count(*) AS calls, bool_or(COALESCE(simulated, FALSE)) AS simulated
     FROM lanebar_checked GROUP BY ALL`,
  );
  const good = rows.filter((r) => r.ok === true);
  const problems = rows.filter((r) => r.ok !== true).reduce((n, r) => n + Number(r.calls), 0);
  const inv = good
    .map((r) => ({ lane: String(r.lane), provider: String(r.provider), model: String(r.model), day: isoDay(r.day), calls: Number(r.calls), simulated: r.simulated === true }))
    .sort((a, b) => (a.lane + a.provider + a.model + a.day < b.lane + b.provider + b.model + b.day ? -1 : 1));
  return { bad: await badRowExamples(db, format, problems), inventory: inv };
}

/** The file's own columns, to name a mapped column the log lacks before any query fails on it. */
export async function sourceColumns(db: Db): Promise<string[]> {
  const rows = await db.all(`DESCRIBE SELECT * FROM lanebar_source`);
  return rows.map((r) => String(r.column_name)).filter((c) => !c.startsWith('__'));
}
