import { forEachTest, literalType, type GateExpr, type Operand } from './ast.js';
import type { GateType } from './values.js';

export interface TypeProblem {
  /** 0-based offset in the condition of the column that does not fit. */
  at: number;
  column: string;
  message: string;
}

const NAME = { number: 'a number', string: 'text', boolean: 'a boolean', other: 'neither a number, text nor a boolean' } as const;

/**
 * Comparisons that can never be true or false because a column's type does not fit what it is
 * compared with (`account_tier > 3` on a text column). They compile to unknown, so such a rule
 * never fires: a replay should say so rather than report a quiet 0% escalation.
 */
export function typeProblems(expr: GateExpr, types: (name: string) => GateType | undefined): TypeProblem[] {
  const problems: TypeProblem[] = [];
  const typeOf = (o: Operand) => (o.kind === 'literal' ? literalType(o.value) : types(o.name));
  const report = (o: Operand, what: string) => {
    if (o.kind !== 'ident') return;
    const t = types(o.name);
    if (t === undefined) return;
    problems.push({ at: o.at, column: o.name, message: `${o.name} holds ${NAME[t]} but is ${what}: the condition is always unknown and never fires` });
  };
  forEachTest(expr, (e) => {
    switch (e.kind) {
      case 'flag': {
        const t = typeOf(e.operand);
        if (t !== undefined && t !== 'boolean') report(e.operand, 'used as a true/false condition');
        return;
      }
      case 'in': {
        const want = literalType(e.list[0]!.value);
        const t = typeOf(e.operand);
        if (t !== undefined && t !== want) report(e.operand, `looked up in a list of ${want === 'string' ? 'strings' : `${want}s`}`);
        return;
      }
      case 'compare': {
        const l = typeOf(e.left);
        const r = typeOf(e.right);
        if (l === 'null' || r === 'null') return;
        const ordering = e.op !== '==' && e.op !== '!=';
        // Blame a column (never a literal), the left one when both are columns.
        const [side, t, other] = e.left.kind === 'ident' && l !== undefined ? [e.left, l, r] : [e.right, r, l];
        if (t === undefined) return;
        if (t === 'other') report(side, `compared with ${e.op}`);
        else if (other === 'other') report(e.left.kind === 'ident' && side === e.left ? e.right : e.left, `compared with ${e.op}`);
        else if (ordering && (t === 'boolean' || other === 'boolean')) report(side, `ordered with ${e.op}`);
        else if (other !== undefined && other !== t) report(side, `compared with ${NAME[other]}`);
        return;
      }
    }
  });
  return problems;
}
