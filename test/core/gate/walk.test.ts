import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachTest, identifiers, operandsOf, printGate, type GateExpr, type GateTest } from '../../../src/core/gate/ast.js';
import { parseGate } from '../../../src/core/gate/parser.js';
import { gate } from './generators.js';

/** How many tests an expression holds, counted apart from the walk under test. */
const leaves = (e: GateExpr): number => (e.kind === 'or' || e.kind === 'and' ? e.args.reduce((n, a) => n + leaves(a), 0) : e.kind === 'not' ? leaves(e.arg) : 1);

const visited = (expr: GateExpr): GateTest[] => {
  const tests: GateTest[] = [];
  forEachTest(expr, (t) => tests.push(t));
  return tests;
};

describe('forEachTest: the one walk over a gate, shared by identifiers and the type checks', () => {
  it('visits every comparison, list lookup and flag, under and, or and not, left to right', () => {
    const tests = visited(parseGate("not (a < 1) or b in [1, 2] and (c or d != 'x')"));
    expect(tests.map((t) => t.kind)).toEqual(['compare', 'in', 'flag', 'compare']);
    expect(tests.map((t) => operandsOf(t).map((o) => (o.kind === 'ident' ? o.name : o.value)))).toEqual([['a', 1], ['b'], ['c'], ['d', 'x']]);
  });

  it('visits each test of any expression once, in the order of the text', () => {
    fc.assert(
      fc.property(gate, (g) => {
        const expr = parseGate(printGate(g));
        const tests = visited(expr);
        // Offsets strictly rise: each test once, left to right.
        tests.slice(1).forEach((t, i) => expect(t.at).toBeGreaterThan(tests[i]!.at));
        expect(tests).toHaveLength(leaves(expr));
        // identifiers reads the same walk: the columns of the visited tests' operands, each once.
        expect(identifiers(expr)).toEqual([...new Set(tests.flatMap((t) => operandsOf(t).flatMap((o) => (o.kind === 'ident' ? [o.name] : []))))]);
      }),
      { numRuns: 500 },
    );
  });
});
