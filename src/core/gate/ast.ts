import type { CompareOp } from './lexer.js';

export type { CompareOp } from './lexer.js';

/**
 * The parsed form of an escalation gate. Plain data: `at` is the 0-based offset of the node's
 * token in the condition text, kept so that later checks (column types) can point at it.
 */

export type LiteralValue = number | string | boolean | null;

export interface Literal {
  kind: 'literal';
  value: LiteralValue;
  at: number;
}

/** A column of the record; dotted names (`usage.output_tokens`) reach into nested fields. */
export interface Ident {
  kind: 'ident';
  name: string;
  at: number;
}

export type Operand = Literal | Ident;

export type GateExpr =
  | { kind: 'or'; args: GateExpr[]; at: number }
  | { kind: 'and'; args: GateExpr[]; at: number }
  | { kind: 'not'; arg: GateExpr; at: number }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand; at: number }
  | { kind: 'in'; negated: boolean; operand: Operand; list: Literal[]; at: number }
  /** A bare boolean column or `true`/`false` used as a condition. */
  | { kind: 'flag'; operand: Operand; at: number };

/** A condition that reads operands: a comparison, a list lookup or a bare flag. */
export type GateTest = Extract<GateExpr, { kind: 'compare' | 'in' | 'flag' }>;

/** Calls `visit` on every comparison, list lookup and flag of an expression, left to right. */
export function forEachTest(expr: GateExpr, visit: (test: GateTest) => void): void {
  switch (expr.kind) {
    case 'or':
    case 'and':
      for (const arg of expr.args) forEachTest(arg, visit);
      return;
    case 'not':
      forEachTest(expr.arg, visit);
      return;
    default:
      visit(expr);
  }
}

/** The operands a test reads, left to right (a list's literals are not operands). */
export const operandsOf = (test: GateTest): Operand[] => (test.kind === 'compare' ? [test.left, test.right] : [test.operand]);

/** The columns an expression reads, each once, in order of first appearance. */
export function identifiers(expr: GateExpr): string[] {
  const seen = new Set<string>();
  forEachTest(expr, (test) => {
    for (const o of operandsOf(test)) if (o.kind === 'ident') seen.add(o.name);
  });
  return [...seen];
}

/** The type of a literal as the gate language sees it. */
export function literalType(value: LiteralValue): 'number' | 'string' | 'boolean' | 'null' {
  return value === null ? 'null' : (typeof value as 'number' | 'string' | 'boolean');
}

const PRECEDENCE = { or: 1, and: 2, not: 3, compare: 4, in: 4, flag: 4 } as const;

/**
 * Canonical text of an expression, parenthesised only where precedence needs it. Parsing the
 * result gives the same expression back (tested), so it is safe to show or store.
 */
export function printGate(expr: GateExpr): string {
  const wrap = (e: GateExpr, min: number) => (PRECEDENCE[e.kind] < min ? `(${printGate(e)})` : printGate(e));
  switch (expr.kind) {
    case 'or':
      // A nested `or` directly inside an `or` came from parentheses: keep them so the shape survives.
      return expr.args.map((a) => wrap(a, 2)).join(' or ');
    case 'and':
      return expr.args.map((a) => wrap(a, 3)).join(' and ');
    case 'not':
      return `not ${wrap(expr.arg, 3)}`;
    case 'compare':
      return `${printOperand(expr.left)} ${expr.op} ${printOperand(expr.right)}`;
    case 'in':
      return `${printOperand(expr.operand)} ${expr.negated ? 'not in' : 'in'} [${expr.list.map(printOperand).join(', ')}]`;
    case 'flag':
      return printOperand(expr.operand);
  }
}

function printOperand(o: Operand): string {
  if (o.kind === 'ident') return o.name;
  const v = o.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return `'${v.replace(/[\\'\n\r\t\0]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' })[c]!)}'`;
}
