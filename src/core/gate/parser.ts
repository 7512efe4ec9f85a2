import { literalType, type GateExpr, type Literal, type Operand } from './ast.js';
import { GateSyntaxError, positionOf } from './errors.js';
import { describe, tokenize, type Keyword, type Token } from './lexer.js';

/**
 * Recursive descent over this grammar (keywords case-insensitive; `&&`, `||`, `!` are accepted
 * for `and`, `or`, `not`):
 *
 *   gate       := or END
 *   or         := and ('or' and)*
 *   and        := not ('and' not)*
 *   not        := 'not' not | comparison
 *   comparison := '(' or ')'
 *               | value (op value | 'in' list | 'not' 'in' list)?      -- a bare value is a flag
 *   value      := number | '-' number | string | 'true' | 'false' | 'null' | name
 *   list       := '[' literal (',' literal)* ']'
 *   op         := '==' | '!=' | '<' | '<=' | '>' | '>='
 *
 * So `not` applies to the whole comparison after it (`not a == 1` is `not (a == 1)`, as in SQL
 * and Python), comparisons bind tighter than `and`, and `and` tighter than `or`. Comparisons do
 * not chain (`a < b < c` is an error, not Python's chain or SQL's `(a < b) < c`).
 *
 * Type rules checked here, on literals only (a column's type is known at run time): both sides
 * of a comparison must be the same type when both are literals; `null` and `true`/`false` only
 * take `==` / `!=`; a list holds literals of one type, never `null`, and is not empty.
 */
export function parseGate(text: string): GateExpr {
  return new Parser(text).gate();
}

/** Deep enough for any gate a person writes; shallow enough that nothing downstream overflows. */
export const MAX_NESTING = 64;

type ValueType = 'number' | 'string' | 'boolean' | 'null' | 'any';

const typeOf = (o: Operand): ValueType => (o.kind === 'ident' ? 'any' : literalType(o.value));
const article = (t: ValueType) => ({ number: 'a number', string: 'a string', boolean: 'a boolean', null: 'null', any: 'a column' })[t];

class Parser {
  private readonly text: string;
  private readonly tokens: Token[];
  private i = 0;
  private depth = 0;

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  gate(): GateExpr {
    if (this.peek().kind === 'end') throw this.fail('empty condition', this.peek());
    const expr = this.or();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw this.fail(next.kind === 'punct' && next.char === ')' ? "unmatched ')'" : `expected 'and', 'or' or the end of the condition, found ${describe(next)}`, next);
    }
    return expr;
  }

  private or(): GateExpr {
    const first = this.and();
    const args = [first];
    while (this.isKeyword('or')) {
      this.next();
      args.push(this.and());
    }
    return args.length === 1 ? first : { kind: 'or', args, at: first.at };
  }

  private and(): GateExpr {
    const first = this.not();
    const args = [first];
    while (this.isKeyword('and')) {
      this.next();
      args.push(this.not());
    }
    return args.length === 1 ? first : { kind: 'and', args, at: first.at };
  }

  private not(): GateExpr {
    if (!this.isKeyword('not')) return this.comparison();
    const token = this.next();
    this.enter(token);
    const arg = this.not();
    this.depth--;
    return { kind: 'not', arg, at: token.start };
  }

  private comparison(): GateExpr {
    const first = this.peek();
    if (first.kind === 'punct' && first.char === '(') {
      this.next();
      this.enter(first);
      const inner = this.or();
      const close = this.peek();
      if (!(close.kind === 'punct' && close.char === ')')) {
        throw this.fail(`expected ')' to close the '(' at column ${this.column(first.start)}, found ${describe(close)}`, close);
      }
      this.next();
      this.depth--;
      const after = this.peek();
      if (after.kind === 'op' || this.isKeyword('in')) {
        throw this.fail(`a parenthesised condition cannot be compared with ${describe(after)}: compare values`, after);
      }
      return inner;
    }

    const left = this.value();
    const next = this.peek();
    if (next.kind === 'op') {
      this.next();
      const right = this.value();
      this.checkCompare(left, next.op, right, next);
      this.noChain();
      return { kind: 'compare', op: next.op, left, right, at: next.start };
    }
    if (this.isKeyword('in') || (this.isKeyword('not') && this.isKeyword('in', 1))) {
      const negated = this.isKeyword('not');
      if (negated) this.next();
      this.next();
      const list = this.list(left);
      this.noChain();
      return { kind: 'in', negated, operand: left, list, at: next.start };
    }
    if (left.kind === 'literal' && typeof left.value !== 'boolean') {
      throw this.fail(`${article(typeOf(left))} is not a condition: compare it with a column (for example x < 0.72)`, this.tokenAt(left.at));
    }
    if (startsValue(next)) throw this.fail(`expected an operator (==, !=, <, <=, >, >=, in), found ${describe(next)}`, next);
    return { kind: 'flag', operand: left, at: left.at };
  }

  private value(): Operand {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.next();
        return { kind: 'literal', value: token.value, at: token.start };
      case 'string':
        this.next();
        return { kind: 'literal', value: token.value, at: token.start };
      case 'ident':
        this.next();
        return { kind: 'ident', name: token.name, at: token.start };
      case 'keyword':
        if (token.word === 'true' || token.word === 'false' || token.word === 'null') {
          this.next();
          return { kind: 'literal', value: token.word === 'null' ? null : token.word === 'true', at: token.start };
        }
        break;
      case 'punct':
        if (token.char === '-') {
          this.next();
          const number = this.peek();
          if (number.kind !== 'number') throw this.fail(`expected a number after '-', found ${describe(number)}`, number);
          this.next();
          return { kind: 'literal', value: -number.value, at: token.start };
        }
        break;
    }
    throw this.fail(`expected a value, found ${describe(token)}`, token);
  }

  private list(operand: Operand): Literal[] {
    const open = this.peek();
    if (!(open.kind === 'punct' && open.char === '[')) {
      const hint = open.kind === 'punct' && open.char === '(' ? ': lists are written in [ ]' : '';
      throw this.fail(`expected '[' to start a list, found ${describe(open)}${hint}`, open);
    }
    this.next();
    const close = this.peek();
    if (close.kind === 'punct' && close.char === ']') throw this.fail('empty list: it would never match', close);
    const operandType = typeOf(operand);
    if (operandType === 'null') throw this.fail("null cannot be looked up in a list: write x == null", this.tokenAt(operand.at));
    const items: Literal[] = [];
    while (true) {
      const item = this.value();
      const token = this.tokenAt(item.at);
      if (item.kind === 'ident') throw this.fail(`a list holds literal values, found ${describe(token)}`, token);
      const type = literalType(item.value);
      if (type === 'null') throw this.fail('null cannot be in a list: write x == null', token);
      const first = items[0];
      if (first && literalType(first.value) !== type) {
        throw this.fail(`this list mixes ${article(literalType(first.value))} and ${article(type)}`, token);
      }
      if (!first && operandType !== 'any' && operandType !== type) {
        throw this.fail(`cannot look up ${article(operandType)} in a list of ${type}s`, token);
      }
      items.push(item);
      const sep = this.peek();
      if (sep.kind === 'punct' && sep.char === ',') {
        this.next();
        continue;
      }
      if (sep.kind === 'punct' && sep.char === ']') {
        this.next();
        return items;
      }
      throw this.fail(`expected ',' or ']' in the list, found ${describe(sep)}`, sep);
    }
  }

  private checkCompare(left: Operand, op: string, right: Operand, opToken: Token): void {
    const l = typeOf(left);
    const r = typeOf(right);
    const ordering = op !== '==' && op !== '!=';
    for (const [side, t] of [
      [left, l],
      [right, r],
    ] as const) {
      if (ordering && t === 'null') throw this.fail(`null can only be compared with == or != (x == null means x is missing)`, this.tokenAt(side.at));
      if (ordering && t === 'boolean') throw this.fail('true and false can only be compared with == or !=', this.tokenAt(side.at));
    }
    if (l !== 'any' && r !== 'any' && l !== r) throw this.fail(`cannot compare ${article(l)} with ${article(r)}`, opToken);
  }

  private noChain(): void {
    const next = this.peek();
    if (next.kind === 'op' || this.isKeyword('in') || (this.isKeyword('not') && this.isKeyword('in', 1))) {
      throw this.fail(`comparisons cannot be chained: join them with 'and', found ${describe(next)}`, next);
    }
    if (startsValue(next)) throw this.fail(`expected 'and', 'or' or the end of the condition, found ${describe(next)}`, next);
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_NESTING) throw this.fail(`condition nested too deeply (more than ${MAX_NESTING} levels of '(' and 'not')`, token);
  }

  private peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
    if (token.kind === 'bad') throw new GateSyntaxError(token.reason, this.text, token.start);
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return token;
  }

  private isKeyword(word: Keyword, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && token.word === word;
  }

  private tokenAt(offset: number): Token {
    return this.tokens.find((t) => t.start === offset)!;
  }

  private column(offset: number): number {
    return positionOf(this.text, offset).column;
  }

  private fail(reason: string, token: Token): GateSyntaxError {
    return new GateSyntaxError(reason, this.text, token.start);
  }
}

function startsValue(token: Token): boolean {
  return (
    token.kind === 'number' ||
    token.kind === 'string' ||
    token.kind === 'ident' ||
    (token.kind === 'keyword' && (token.word === 'true' || token.word === 'false' || token.word === 'null')) ||
    (token.kind === 'punct' && (token.char === '(' || token.char === '['))
  );
}
