import { LanebarError, type Location } from '../errors.js';
import { inert } from '../inert.js';

/** 1-based line and column of a UTF-16 offset in an expression, counting code points (what a terminal shows). */
export function positionOf(text: string, offset: number): { line: number; column: number; lineText: string } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  return {
    line: before.split('\n').length,
    column: [...text.slice(lineStart, offset)].length + 1,
    lineText: text.slice(lineStart, lineEnd),
  };
}

/**
 * A condition that cannot be compiled: a syntax error, or a comparison whose literals can never
 * agree in type. It points at the offending token: `column` is 1-based within the condition (within
 * its line, for a condition written over several lines), and `caret` shows it. A loader re-raises
 * it with `locatedAt` to add the file, line and field of the rule.
 */
export class GateSyntaxError extends LanebarError {
  /** What is wrong, without any position: "expected a value, found '<'". */
  readonly reason: string;
  readonly expression: string;
  /** 0-based UTF-16 offset of the offending token in `expression`. */
  readonly offset: number;
  /** 1-based line within the expression (1 unless the condition spans lines). */
  readonly exprLine: number;
  /** 1-based column of the offending token within its line of the expression, in code points. */
  readonly column: number;
  /**
   * The expression's line, inert (a control character shown as its escape, `\x1b`), and a `^`
   * under the offending token as it is shown.
   */
  readonly caret: string;

  constructor(reason: string, expression: string, offset: number, location?: Location) {
    const pos = positionOf(expression, offset);
    const where = pos.line > 1 ? `line ${pos.line}, column ${pos.column}` : `column ${pos.column}`;
    super(`${reason} (${where} of the condition)`, location ?? { column: pos.column });
    this.name = 'GateSyntaxError';
    this.reason = reason;
    this.expression = expression;
    this.offset = offset;
    this.exprLine = pos.line;
    this.column = pos.column;
    // Tabs are kept, so the caret lines up under the same terminal tab stops as the text above
    // it; an escaped character takes as many columns as its escape.
    const shown = [...pos.lineText].map((ch) => inert(ch, '\t'));
    const pad = shown
      .slice(0, pos.column - 1)
      .map((s) => (s === '\t' ? '\t' : ' '.repeat([...s].length)))
      .join('');
    this.caret = `${shown.join('')}\n${pad}^`;
  }

  /** The same error, placed in a file: the rule's file, line, column and field. */
  locatedAt(location: Location): GateSyntaxError {
    return new GateSyntaxError(this.reason, this.expression, this.offset, location);
  }

  override format(): string {
    const indented = this.caret
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
    return `${super.format()}\n${indented}`;
  }
}
