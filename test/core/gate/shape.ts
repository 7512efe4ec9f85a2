import type { GateExpr, Operand } from '../../../src/core/gate/ast.js';

/** An expression as a lisp-like string, so that tests can state a tree's shape in one line. */
export function shape(e: GateExpr): string {
  switch (e.kind) {
    case 'or':
    case 'and':
      return `(${e.kind} ${e.args.map(shape).join(' ')})`;
    case 'not':
      return `(not ${shape(e.arg)})`;
    case 'compare':
      return `(${e.op} ${operand(e.left)} ${operand(e.right)})`;
    case 'in':
      return `(${e.negated ? 'not-in' : 'in'} ${operand(e.operand)} [${e.list.map(operand).join(' ')}])`;
    case 'flag':
      return operand(e.operand);
  }
}

function operand(o: Operand): string {
  if (o.kind === 'ident') return o.name;
  if (typeof o.value === 'number' && Object.is(o.value, -0)) return '-0';
  return JSON.stringify(o.value);
}
