import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identifiers, printGate, type GateExpr } from '../../../src/core/gate/ast.js';
import { GateSyntaxError } from '../../../src/core/gate/errors.js';
import { evaluate3 } from '../../../src/core/gate/interpret.js';
import { parseGate } from '../../../src/core/gate/parser.js';
import { quoteIdent, toSql } from '../../../src/core/gate/to-sql.js';
import { gate } from './generators.js';
import { shape } from './shape.js';

/** Parses, or throws a GateSyntaxError that points inside the text; anything else fails the test. */
function parseOrLocate(text: string): GateExpr | undefined {
  try {
    return parseGate(text);
  } catch (e) {
    if (!(e instanceof GateSyntaxError)) throw e;
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(text.length);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.caret.endsWith('^')).toBe(true);
    return undefined;
  }
}

/** What must hold for any expression the parser accepts. */
function wellFormed(expr: GateExpr): void {
  expect(shape(parseGate(printGate(expr)))).toBe(shape(expr));
  const out = toSql(expr, quoteIdent);
  expect(out.sql.split('?').length - 1).toBe(out.params.length);
  expect(out.paramTypes.length).toBe(out.params.length);
  const record = Object.fromEntries(identifiers(expr).map((name, i) => [name, [1, 'a', true, null][i % 4]]));
  expect([true, false, null]).toContain(evaluate3(expr, record));
}

// Fragments of the language and near misses, so that random sequences reach deep into the grammar.
const FRAGMENTS = [
  'a', 'b.c', 'x_1', 'usage.', '==', '!=', '<', '<=', '>', '>=', '=', '<>', 'and', 'OR', 'not', 'in', 'not in',
  '(', ')', '[', ']', ',', '-', '1', '0.5', '1e3', '1e', '.5', '007', "'x'", '"y"', "'", '"', "'a''b'", '\\', "'\\u{1F600}'",
  'true', 'False', 'null', '&&', '||', '!', '&', '|', '+', ' ', '\t', '\n', 'é', '😀', '\u0000',
];

describe('parser fuzzing', () => {
  it('parses any string or throws a located GateSyntaxError, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.constantFrom(...'ab.1e-\'"\\ ()[],=!<>&|'), maxLength: 40 })), (text) => {
        const expr = parseOrLocate(text);
        if (expr) wellFormed(expr);
      }),
      { numRuns: 3000 },
    );
  });

  it('parses any sequence of language fragments or throws a located GateSyntaxError', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }), fc.constantFrom(' ', ''), (parts, sep) => {
        const expr = parseOrLocate(parts.join(sep));
        if (expr) {
          accepted++;
          wellFormed(expr);
        }
      }),
      { numRuns: 3000 },
    );
    // Some random sequences must be valid, or the properties above were never checked.
    expect(accepted).toBeGreaterThan(30);
  });

  it('reads back every printed expression as the same tree', () => {
    fc.assert(
      fc.property(gate, (expr) => {
        const parsed = parseGate(printGate(expr));
        expect(shape(parsed)).toBe(shape(expr));
        wellFormed(parsed);
      }),
      { numRuns: 1000 },
    );
  });
});
