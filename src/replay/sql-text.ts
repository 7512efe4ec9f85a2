import { LanebarError } from '../core/errors.js';

/*
 * The only ways user text reaches SQL: as a quoted identifier, as a quoted string literal in a
 * view (mapping files: column names, JSON paths, constants, all validated first), or as a bound
 * parameter (gate values, lanes, model names). Nothing is spliced in raw.
 */

const noNul = (s: string, what: string): string => {
  if (s.includes('\u0000')) throw new LanebarError(`${what} contains a NUL character`, { field: what });
  return s;
};

/** `"name"`, with embedded double quotes doubled. */
export const quoteIdent = (name: string): string => `"${noNul(name, 'identifier').replaceAll('"', '""')}"`;

/** `'text'`, with embedded single quotes doubled. */
export const sqlString = (text: string): string => `'${noNul(text, 'string').replaceAll("'", "''")}'`;

/** A finite number as a SQL literal (exponent form is valid DuckDB and standard SQL). */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new LanebarError(`not a finite number: ${n}`);
  return String(n);
}

/** Positional parameters `$1, $2, ...` collected in the order they are written into the SQL. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /**
   * Appends a fragment written with its own `?` or `$n` placeholders (from the gate compiler),
   * renumbering them after the parameters already collected.
   */
  splice(fragment: { sql: string; params: readonly unknown[] }): string {
    const base = this.values.length;
    let next = 0;
    const sql = fragment.sql.replace(/\$(\d+)|\?/g, (m, n: string | undefined) => {
      if (n !== undefined) return `$${base + Number(n)}`;
      next += 1;
      return `$${base + next}`;
    });
    this.values.push(...fragment.params);
    return sql;
  }
}
