/**
 * How the gate sees a record's values, shared by the interpreter and the column-type checks.
 *
 * A value is a number (a JS number or bigint), a string, a boolean, missing (`null`, `undefined`,
 * or no such field) or `other` (dates, objects, arrays: nothing the language compares). Nothing
 * is coerced: the string "0.5" is not the number 0.5.
 */

export type GateType = 'number' | 'string' | 'boolean' | 'other';

export type Cell =
  | { type: 'missing' }
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'other' };

export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return { type: 'missing' };
  // A bigint compares as the double it rounds to, as the database compares BIGINT with DOUBLE.
  if (typeof value === 'number' || typeof value === 'bigint') return { type: 'number', value: Number(value) };
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  return { type: 'other' };
}

/** A column's value: the flat key first (`"usage.output_tokens"`), else the nested path. Own fields only. */
export function lookup(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  if (!name.includes('.')) return undefined;
  let value: unknown = record;
  for (const key of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Numbers in SQL's total order (DuckDB's and PostgreSQL's): NaN equals NaN and sorts above every
 * other number, including +Infinity; -0 equals 0.
 */
export function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Strings by Unicode code point, the order of their UTF-8 bytes: a database's binary collation, not JS's UTF-16 order. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      // Equal prefixes end on the same code point boundary, so the code points here are comparable.
      return a.codePointAt(i)! - b.codePointAt(i)!;
    }
  }
  return a.length - b.length;
}

/**
 * The gate type of a DuckDB column type name as DESCRIBE prints it, for `toSql`'s `types` option.
 * ENUM is `other` on purpose: DuckDB orders an ENUM by its declaration, not as text; cast it to
 * VARCHAR in the view to compare it as text.
 */
export function gateTypeOfSql(sqlType: string): GateType {
  const t = sqlType.trim().toUpperCase();
  if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|INT[1248]?|FLOAT[48]?|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|NUMERIC(\(\d+,\s*\d+\))?)$/.test(t)) return 'number';
  if (/^(VARCHAR(\(\d+\))?|TEXT|STRING)$/.test(t)) return 'string';
  if (t === 'BOOLEAN' || t === 'BOOL') return 'boolean';
  return 'other';
}
