import fc from 'fast-check';
import type { GateExpr, Ident, Literal, Operand } from '../../../src/core/gate/ast.js';
import type { CompareOp } from '../../../src/core/gate/lexer.js';

/**
 * Random gates over a fixed set of columns, valid by construction (the parser's literal type
 * rules hold), and random records for them. Values are drawn from small pools shared by literals
 * and records so that equalities and boundaries are hit often.
 */

export const COLUMNS = ['n1', 'n2', 's1', 's2', 'b1', 'usage.tokens', 'd1'] as const;
export type Column = (typeof COLUMNS)[number];
export type ColumnType = 'number' | 'string' | 'boolean' | 'other';
export const NATURAL: Record<Column, ColumnType> = { n1: 'number', n2: 'number', s1: 'string', s2: 'string', b1: 'boolean', 'usage.tokens': 'number', d1: 'other' };

const NUMBERS = [0, -0, 1, -1, 0.5, 0.72, 3, 1e21, -1e-7, 2 ** 53, 2 ** 63, 1e300];
const STRINGS = ['', 'a', 'b', 'A', 'ab', 'enterprise', 'é', 'e\u0301', '😀', '\uFFFF', "'", '"', '\\', 'a b', '\0', "O'Brien", 'DROP TABLE t; --'];

export const literalNumber = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
export const literalString = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...STRINGS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) });

/** Record values: the literals' pools plus what no literal can be (NaN, infinities). */
const recordNumber = fc.oneof({ weight: 4, arbitrary: literalNumber }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) });
const recordDate = fc.integer({ min: 0, max: 3 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d)));

export function valueOf(type: ColumnType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'number':
      return recordNumber;
    case 'string':
      return literalString;
    case 'boolean':
      return fc.boolean();
    case 'other':
      return recordDate;
  }
}

const lit = (value: Literal['value']): Literal => ({ kind: 'literal', value, at: 0 });
const ident: fc.Arbitrary<Ident> = fc.constantFrom(...COLUMNS).map((name) => ({ kind: 'ident', name, at: 0 }));

const literalOf = (type: 'number' | 'string' | 'boolean'): fc.Arbitrary<Literal> =>
  (type === 'number' ? literalNumber : type === 'string' ? literalString : fc.boolean()).map(lit);

const anyLiteral: fc.Arbitrary<Literal> = fc.oneof(literalOf('number'), literalOf('string'), literalOf('boolean'), fc.constant(lit(null)));
const operand: fc.Arbitrary<Operand> = fc.oneof({ weight: 3, arbitrary: ident }, { weight: 2, arbitrary: anyLiteral });
const OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>='];

const compare: fc.Arbitrary<GateExpr> = fc.tuple(operand, fc.constantFrom(...OPS), operand).map(([left, op, right]) => {
  const ordering = op !== '==' && op !== '!=';
  const orderable = (o: Operand) => o.kind === 'ident' || typeof o.value === 'number' || typeof o.value === 'string';
  // Repair what the parser rejects: null or booleans under <, and two literals of different types.
  const fixedOp = ordering && !(orderable(left) && orderable(right)) ? '==' : op;
  const fixedRight = left.kind === 'literal' && right.kind === 'literal' && typeof left.value !== typeof right.value ? left : right;
  const bothNull = left.kind === 'literal' && left.value === null && fixedRight.kind === 'literal' && fixedRight.value === null;
  return { kind: 'compare', op: bothNull && ordering ? '==' : fixedOp, left, right: fixedRight, at: 0 };
});

const inList: fc.Arbitrary<GateExpr> = fc
  .constantFrom('number', 'string', 'boolean' as const)
  .chain((type) => fc.tuple(fc.oneof({ weight: 4, arbitrary: ident }, { weight: 1, arbitrary: literalOf(type) }), fc.array(literalOf(type), { minLength: 1, maxLength: 4 }), fc.boolean()))
  .map(([operand, list, negated]) => ({ kind: 'in', negated, operand, list, at: 0 }));

const flag: fc.Arbitrary<GateExpr> = fc.oneof({ weight: 4, arbitrary: ident }, { weight: 1, arbitrary: fc.boolean().map(lit) }).map((operand) => ({ kind: 'flag', operand, at: 0 }));

export const gate: fc.Arbitrary<GateExpr> = fc.letrec<{ node: GateExpr }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: compare },
    { weight: 1, arbitrary: inList },
    { weight: 1, arbitrary: flag },
    { weight: 1, arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((args): GateExpr => ({ kind: 'and', args, at: 0 })) },
    { weight: 1, arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((args): GateExpr => ({ kind: 'or', args, at: 0 })) },
    { weight: 1, arbitrary: tie('node').map((arg): GateExpr => ({ kind: 'not', arg, at: 0 })) },
  ),
})).node;

/** Each column mostly holds its natural type, sometimes another: the gate's literals then do not fit it. */
export const schema: fc.Arbitrary<Record<Column, ColumnType>> = fc.record(
  Object.fromEntries(
    COLUMNS.map((c) => [c, fc.oneof({ weight: 5, arbitrary: fc.constant(NATURAL[c]) }, { weight: 1, arbitrary: fc.constantFrom<ColumnType>('number', 'string', 'boolean', 'other') })]),
  ) as Record<Column, fc.Arbitrary<ColumnType>>,
);

/** A record for a schema: each column holds a value of its type, null, or nothing at all. `usage.tokens` is sometimes nested. */
export function records(types: Record<Column, ColumnType>): fc.Arbitrary<Record<string, unknown>[]> {
  const cell = (c: Column) => fc.oneof({ weight: 4, arbitrary: valueOf(types[c]) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(undefined) });
  const row = fc.tuple(...COLUMNS.map(cell), fc.boolean()).map((values) => {
    const record: Record<string, unknown> = {};
    COLUMNS.forEach((c, i) => {
      const v = values[i];
      if (v === undefined) return;
      if (c === 'usage.tokens' && values[COLUMNS.length]) record.usage = { tokens: v };
      else record[c] = v;
    });
    return record;
  });
  return fc.array(row, { maxLength: 25 });
}
