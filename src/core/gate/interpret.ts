import type { GateExpr, Operand } from './ast.js';
import type { CompareOp } from './lexer.js';
import { cellOf, compareNumbers, compareStrings, lookup, type Cell } from './values.js';

/**
 * The reference semantics of a gate: a small interpreter that the SQL from `toSql` must agree
 * with on every record (tested against DuckDB on generated records). SQL's three-valued logic:
 *
 * - a comparison with a missing operand is unknown (`null`), except `x == null` / `x != null`,
 *   which test for a missing value (SQL's IS NULL / IS NOT NULL) and are always true or false;
 * - a comparison between values of different types (number, string, boolean, other) is unknown,
 *   and so is ordering (`<`...) two booleans: nothing is coerced;
 * - `not unknown` is unknown; `and` is false if any side is false, else unknown if any is;
 *   `or` is true if any side is true, else unknown if any is;
 * - a bare column is true or false when it holds a boolean, unknown otherwise.
 */
export function evaluate3(expr: GateExpr, record: Record<string, unknown>): boolean | null {
  switch (expr.kind) {
    case 'or': {
      let unknown = false;
      for (const arg of expr.args) {
        const v = evaluate3(arg, record);
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    }
    case 'and': {
      let unknown = false;
      for (const arg of expr.args) {
        const v = evaluate3(arg, record);
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'not': {
      const v = evaluate3(expr.arg, record);
      return v === null ? null : !v;
    }
    case 'compare':
      return compare(expr.op, expr.left, expr.right, record);
    case 'in': {
      const cell = cellFor(expr.operand, record);
      const listType = cellOf(expr.list[0]!.value).type;
      if (cell.type === 'missing' || cell.type !== listType) return null;
      const found = expr.list.some((item) => equal(cell, cellOf(item.value)));
      return expr.negated ? !found : found;
    }
    case 'flag': {
      const cell = cellFor(expr.operand, record);
      return cell.type === 'boolean' ? cell.value : null;
    }
  }
}

/** Whether the gate fires: unknown does not, as a SQL WHERE drops rows whose predicate is NULL. */
export function evaluate(expr: GateExpr, record: Record<string, unknown>): boolean {
  return evaluate3(expr, record) === true;
}

/** The model a record is routed to: the first rule whose condition holds, else the default. */
export function firstMatch(rules: readonly { expr: GateExpr; model: string }[], defaultModel: string, record: Record<string, unknown>): string {
  return rules.find((rule) => evaluate(rule.expr, record))?.model ?? defaultModel;
}

function cellFor(operand: Operand, record: Record<string, unknown>): Cell {
  return cellOf(operand.kind === 'literal' ? operand.value : lookup(record, operand.name));
}

const isNullLiteral = (o: Operand) => o.kind === 'literal' && o.value === null;

function compare(op: CompareOp, left: Operand, right: Operand, record: Record<string, unknown>): boolean | null {
  const l = cellFor(left, record);
  const r = cellFor(right, record);
  if (isNullLiteral(left) || isNullLiteral(right)) {
    // `x == null` asks whether x is missing; the parser allows only == and != here.
    const missing = l.type === 'missing' && r.type === 'missing' ? true : isNullLiteral(left) ? r.type === 'missing' : l.type === 'missing';
    return op === '==' ? missing : !missing;
  }
  if (l.type === 'missing' || r.type === 'missing' || l.type !== r.type || l.type === 'other') return null;
  if (op === '==') return equal(l, r);
  if (op === '!=') return !equal(l, r);
  const order = l.type === 'number' && r.type === 'number' ? compareNumbers(l.value, r.value) : l.type === 'string' && r.type === 'string' ? compareStrings(l.value, r.value) : null;
  if (order === null) return null;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function equal(a: Cell, b: Cell): boolean {
  if (a.type === 'number' && b.type === 'number') return compareNumbers(a.value, b.value) === 0;
  if (a.type === 'string' && b.type === 'string') return a.value === b.value;
  if (a.type === 'boolean' && b.type === 'boolean') return a.value === b.value;
  return false;
}
