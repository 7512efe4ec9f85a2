import { describe, expect, it } from 'vitest';
import { identifiers, printGate } from '../../../src/core/gate/ast.js';
import { GateSyntaxError } from '../../../src/core/gate/errors.js';
import { MAX_NESTING, parseGate } from '../../../src/core/gate/parser.js';
import { LanebarError } from '../../../src/core/errors.js';
import { shape } from './shape.js';

const parsed = (text: string) => shape(parseGate(text));

function syntaxError(text: string): GateSyntaxError {
  try {
    parseGate(text);
  } catch (e) {
    expect(e).toBeInstanceOf(GateSyntaxError);
    return e as GateSyntaxError;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('parseGate: values', () => {
  it('reads the seed conditions', () => {
    expect(parsed('confidence < 0.72')).toBe('(< confidence 0.72)');
    expect(parsed("account_tier == 'enterprise' and sentiment == 'high_risk'")).toBe('(and (== account_tier "enterprise") (== sentiment "high_risk"))');
  });

  it('reads integers, decimals, negatives and exponents', () => {
    expect(parsed('x == 42')).toBe('(== x 42)');
    expect(parsed('x == 0.5')).toBe('(== x 0.5)');
    expect(parsed('x > -3')).toBe('(> x -3)');
    expect(parsed('x > - 2.5')).toBe('(> x -2.5)');
    expect(parsed('x < 1e3')).toBe('(< x 1000)');
    expect(parsed('x < 2.5E-2')).toBe('(< x 0.025)');
    expect(parsed('x < 1e+2')).toBe('(< x 100)');
    expect(parsed('x == -0')).toBe('(== x -0)');
    expect(parsed('x == 007')).toBe('(== x 7)');
  });

  it('reads single- and double-quoted strings with escapes', () => {
    expect(parsed(`x == 'a"b'`)).toBe(String.raw`(== x "a\"b")`);
    expect(parsed(`x == "a'b"`)).toBe(`(== x "a'b")`);
    expect(parseGate(String.raw`x == 'tab\there\nnew \\ \' \" \0'`)).toMatchObject({ right: { value: 'tab\there\nnew \\ \' " \0' } });
    expect(parseGate(`x == 'O''Brien'`)).toMatchObject({ right: { value: "O'Brien" } });
    expect(parseGate(`x == "say ""hi"""`)).toMatchObject({ right: { value: 'say "hi"' } });
    expect(parseGate(String.raw`x == '\u00e9\u{1F600}'`)).toMatchObject({ right: { value: 'é😀' } });
    expect(parseGate(`x == 'é😀 ünïcode'`)).toMatchObject({ right: { value: 'é😀 ünïcode' } });
    expect(parseGate(`x == ''`)).toMatchObject({ right: { value: '' } });
  });

  it('reads every JSON string literal as the string JSON means', () => {
    for (const value of ['a\bb\fc/d', '\u0001\u001f', '😀 \uFFFF', 'quote " and \\']) {
      expect(parseGate(`x == ${JSON.stringify(value)}`)).toMatchObject({ right: { value } });
    }
    expect(parseGate(String.raw`x == "\uD83D\uDE00 \/"`)).toMatchObject({ right: { value: '😀 /' } });
  });

  it('reads booleans, null and dotted names; keywords in any case', () => {
    expect(parsed('is_vip == true')).toBe('(== is_vip true)');
    expect(parsed('answer == null')).toBe('(== answer null)');
    expect(parsed('usage.output_tokens > 500')).toBe('(> usage.output_tokens 500)');
    expect(parsed('choices.0.finish_reason == "length"')).toBe('(== choices.0.finish_reason "length")');
    expect(parsed('a == TRUE AND NOT b == False OR c == NULL')).toBe('(or (and (== a true) (not (== b false))) (== c null))');
    expect(parsed('_x1 == 1')).toBe('(== _x1 1)');
  });

  it('reads a bare boolean column or literal as a condition', () => {
    expect(parsed('is_vip')).toBe('is_vip');
    expect(parsed('true')).toBe('true');
    expect(parsed('not is_vip')).toBe('(not is_vip)');
  });

  it('accepts &&, || and ! for and, or, not', () => {
    expect(parsed('a == 1 && b == 2 || !c')).toBe(parsed('a == 1 and b == 2 or not c'));
    expect(parsed('!(a != 1)')).toBe('(not (!= a 1))');
  });

  it('reads in and not in lists', () => {
    expect(parsed("tier in ['pro', 'enterprise']")).toBe('(in tier ["pro" "enterprise"])');
    expect(parsed('code not in [429, 500, -1]')).toBe('(not-in code [429 500 -1])');
    expect(parsed('flag in [true]')).toBe('(in flag [true])');
    expect(parsed("not tier in ['a']")).toBe('(not (in tier ["a"]))');
    expect(parsed("'a' in ['a', 'b']")).toBe('(in "a" ["a" "b"])');
  });

  it('allows spaces, tabs and newlines between tokens, and none where unambiguous', () => {
    expect(parsed('confidence<0.72')).toBe('(< confidence 0.72)');
    expect(parsed('(a==1)and(b!=2)')).toBe('(and (== a 1) (!= b 2))');
    expect(parsed('\t a == 1\n  or b == 2 \n')).toBe('(or (== a 1) (== b 2))');
  });
});

describe('parseGate: precedence and associativity', () => {
  it('and binds tighter than or', () => {
    expect(parsed('a or b and c')).toBe('(or a (and b c))');
    expect(parsed('a and b or c')).toBe('(or (and a b) c)');
    expect(parsed('a and b or c and d')).toBe('(or (and a b) (and c d))');
  });

  it('not applies to the comparison after it, and binds tighter than and', () => {
    expect(parsed('not a == 1')).toBe('(not (== a 1))');
    expect(parsed('not a and b')).toBe('(and (not a) b)');
    expect(parsed('not a or b')).toBe('(or (not a) b)');
    expect(parsed('not not a')).toBe('(not (not a))');
    expect(parsed('not (a or b)')).toBe('(not (or a b))');
  });

  it('comparison binds tighter than and / or', () => {
    expect(parsed('x < 1 and y >= 2 or z != 3')).toBe('(or (and (< x 1) (>= y 2)) (!= z 3))');
  });

  it('chains of and / or are one flat node; parentheses keep their grouping', () => {
    expect(parsed('a or b or c')).toBe('(or a b c)');
    expect(parsed('a and b and c')).toBe('(and a b c)');
    expect(parsed('(a or b) or c')).toBe('(or (or a b) c)');
    expect(parsed('a or (b or c)')).toBe('(or a (or b c))');
    expect(parsed('(a or b) and c')).toBe('(and (or a b) c)');
    expect(parsed('((a))')).toBe('a');
  });

  it('does not chain comparisons', () => {
    const e = syntaxError('0 < x < 1');
    expect(e.reason).toBe("comparisons cannot be chained: join them with 'and', found '<'");
    expect(e.column).toBe(7);
    expect(syntaxError("x == 1 in ['a']").column).toBe(8);
  });

  it('prints an expression that parses back to the same tree', () => {
    for (const text of [
      'a or b and c',
      '(a or b) and c',
      '(a or b) or c',
      'a and (b and c)',
      'not (a and b) or not c',
      "x in ['it''s', \"q\\\"\", '\\n'] and y not in [1, -2.5, 1e21]",
      'x == -0 or y == null or null == null',
    ]) {
      expect(shape(parseGate(printGate(parseGate(text))))).toBe(parsed(text));
    }
  });
});

describe('identifiers', () => {
  it('lists each column once, in order of appearance, ignoring literals', () => {
    expect(identifiers(parseGate("b < 1 or a in ['x'] and not (b == c) or usage.tokens > 2 or flag or true"))).toEqual(['b', 'a', 'c', 'usage.tokens', 'flag']);
  });
});

describe('parseGate: errors point at the offending token', () => {
  const cases: [text: string, column: number, reason: string][] = [
    ['confidence < < 0.72', 14, "expected a value, found '<'"],
    ['', 1, 'empty condition'],
    ['   ', 4, 'empty condition'],
    ['confidence <', 13, 'expected a value, found the end of the condition'],
    ['confidence 0.72', 12, 'expected an operator (==, !=, <, <=, >, >=, in), found number 0.72'],
    ['a == 1 b == 2', 8, "expected 'and', 'or' or the end of the condition, found name 'b'"],
    ['a == 1 and', 11, 'expected a value, found the end of the condition'],
    ['and a == 1', 1, "expected a value, found 'and'"],
    ['(a == 1', 8, "expected ')' to close the '(' at column 1, found the end of the condition"],
    ['a == 1)', 7, "unmatched ')'"],
    ['()', 2, "expected a value, found ')'"],
    ['(a == 1) == true', 10, "a parenthesised condition cannot be compared with '==': compare values"],
    ['a = 1', 3, "'=' is not an operator: write == to compare"],
    ['a <> 1', 3, "'<>' is not an operator: write != for 'not equal'"],
    ['a == 1 & b == 2', 8, "'&' is not an operator: write 'and' (or &&)"],
    ['a == 1 | b == 2', 8, "'|' is not an operator: write 'or' (or ||)"],
    ['a == 1 + 2', 8, "unexpected character '+' (U+002B)"],
    ['a == 1\u00a0', 7, 'unexpected character U+00A0'],
    ['prix_é == 1', 6, "unexpected character 'é' (U+00E9)"],
    ['a == .5', 6, 'a number must start with a digit: write 0.5'],
    ['a == 1.', 8, "malformed number: expected digits after '.'"],
    ['a == 1e', 8, 'malformed number: expected digits in the exponent'],
    ['a == 1e+', 9, 'malformed number: expected digits in the exponent'],
    ['a == 12abc', 6, 'malformed number'],
    ['a == 1.2.3', 6, 'malformed number'],
    ['a == 1e999', 6, 'number out of range'],
    ['a == -b', 7, "expected a number after '-', found name 'b'"],
    ['a == --1', 7, "expected a number after '-', found '-'"],
    ["a == 'open", 6, 'unterminated string'],
    ['a == "x\ny"', 6, 'unterminated string: a string cannot span lines (write \\n)'],
    ["a == 'x\\q'", 8, "unknown escape \\q (known: \\\\ \\' \\\" \\/ \\n \\t \\r \\b \\f \\0 \\uXXXX \\u{...})"],
    ["a == '\\u12'", 7, 'malformed \\u escape: write \\uXXXX or \\u{X...} with hexadecimal digits'],
    ["a == '\\uD800'", 7, '\\u escape \\uD800 is not a Unicode character'],
    ["a == '\\u{110000}'", 7, '\\u escape \\u{110000} is not a Unicode character'],
    ["a == 'x\uD800'", 8, 'invalid character U+D800 (a lone UTF-16 surrogate)'],
    ['usage. == 1', 7, "expected a name after '.'"],
    ['usage..x == 1', 7, "expected a name after '.'"],
    ['0.72', 1, 'a number is not a condition: compare it with a column (for example x < 0.72)'],
    ["'high'", 1, 'a string is not a condition: compare it with a column (for example x < 0.72)'],
    ['null', 1, 'null is not a condition: compare it with a column (for example x < 0.72)'],
    ['a < null', 5, 'null can only be compared with == or != (x == null means x is missing)'],
    ['null >= a', 1, 'null can only be compared with == or != (x == null means x is missing)'],
    ['a > true', 5, 'true and false can only be compared with == or !='],
    ["1 == 'a'", 3, 'cannot compare a number with a string'],
    ['true != 0', 6, 'cannot compare a boolean with a number'],
    ['null == 1', 6, 'cannot compare null with a number'],
    ['a in []', 7, 'empty list: it would never match'],
    ["a in ('x')", 6, "expected '[' to start a list, found '(': lists are written in [ ]"],
    ['a in x', 6, "expected '[' to start a list, found name 'x'"],
    ['a in [1, 2', 11, "expected ',' or ']' in the list, found the end of the condition"],
    ['a in [1 2]', 9, "expected ',' or ']' in the list, found number 2"],
    ['a in [1, ]', 10, "expected a value, found ']'"],
    ['a in [b]', 7, "a list holds literal values, found name 'b'"],
    ['a in [null]', 7, 'null cannot be in a list: write x == null'],
    ["a in [1, 'x']", 10, 'this list mixes a number and a string'],
    ["1 in ['x']", 7, 'cannot look up a number in a list of strings'],
    ['null in [1]', 1, 'null cannot be looked up in a list: write x == null'],
    ['a not b', 3, "expected 'and', 'or' or the end of the condition, found 'not'"],
    ['a not in 1', 10, "expected '[' to start a list, found number 1"],
    ['x == 1 or', 10, 'expected a value, found the end of the condition'],
  ];

  it.each(cases)('%j -> column %i: %s', (text, column, reason) => {
    const e = syntaxError(text);
    expect({ column: e.column, reason: e.reason }).toEqual({ column, reason });
    expect(e.message).toBe(`${reason} (column ${column} of the condition)`);
    expect(e).toBeInstanceOf(LanebarError);
  });

  it('draws a caret under the offending token', () => {
    const e = syntaxError('confidence < < 0.72');
    expect(e.caret).toBe('confidence < < 0.72\n             ^');
    expect(e.format()).toBe("expected a value, found '<' (column 14 of the condition)\n    confidence < < 0.72\n                 ^");
  });

  it('counts columns in characters and keeps tabs in the caret line', () => {
    const e = syntaxError("x == 'é😀' <");
    expect(e.column).toBe(11);
    expect(syntaxError('\tx == = 1').caret).toBe('\tx == = 1\n\t     ^');
  });

  it('shows control characters and escape sequences in the caret line as escapes, the caret under the token as shown', () => {
    const e = syntaxError("tier == '\u001b[2J\u001b]0;pwned\u0007\u202e' and = 1");
    expect(e.reason).toBe("'=' is not an operator: write == to compare");
    expect(e.column).toBe(31);
    // 9 characters, then the string as shown (7 + 16 + 6 + 1), then ' and ': the '=' is the 45th.
    expect(e.caret).toBe(`tier == '\\x1b[2J\\x1b]0;pwned\\x07\\u202e' and = 1\n${' '.repeat(44)}^`);
    // The caret stands under the '=' that is wrong, in the text as printed.
    const [line, caret] = e.caret.split('\n') as [string, string];
    expect(line[caret.length - 1]).toBe('=');
    expect(line.slice(caret.length)).toBe(' 1');
    // Nothing in the printed error can act on a terminal: no control character but the newlines.
    expect(e.format()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(e.format().split('\n').slice(1)).toEqual([`    ${line}`, `    ${caret}`]);
    // Tabs still line up by tab stops, with escapes before them counted at their width.
    expect(syntaxError("a == '\u0007'\tand = 1").caret).toBe(`a == '\\x07'\tand = 1\n${' '.repeat(11)}\t    ^`);
    // A character the lexer cannot read is pointed at where its escape starts.
    expect(syntaxError('\u001b[2J').caret).toBe('\\x1b[2J\n^');
  });

  it('names the line and column within a condition written over several lines', () => {
    const e = syntaxError('a == 1 and\n  b == = 2');
    expect({ line: e.exprLine, column: e.column }).toEqual({ line: 2, column: 8 });
    expect(e.message).toBe("'=' is not an operator: write == to compare (line 2, column 8 of the condition)");
    expect(e.caret).toBe('  b == = 2\n       ^');
  });

  it('reports the first problem in the text, even when a later character cannot be read', () => {
    expect(syntaxError('a == == 1 & b').reason).toBe("expected a value, found '=='");
  });

  it('limits nesting instead of overflowing the stack', () => {
    const ok = `${'('.repeat(MAX_NESTING)}a${')'.repeat(MAX_NESTING)}`;
    expect(parsed(ok)).toBe('a');
    const parens = syntaxError(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`);
    expect(parens.reason).toMatch(/nested too deeply/);
    expect(parens.column).toBe(MAX_NESTING + 1);
    expect(syntaxError(`${'not '.repeat(10_000)}a`).reason).toMatch(/nested too deeply/);
  });

  it('reads very long flat chains without deep recursion', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => `x == ${i}`).join(' or ');
    const e = parseGate(long);
    expect(e.kind === 'or' && e.args.length).toBe(20_000);
  });

  it('adds a file position with locatedAt, keeping the column within the condition', () => {
    const e = syntaxError('a == = 1').locatedAt({ file: 'router.yaml', line: 7, column: 20, field: 'ROUTING.escalate_if.0.condition' });
    expect(e).toBeInstanceOf(GateSyntaxError);
    expect(e.column).toBe(6);
    expect(e.format().split('\n')[0]).toBe("router.yaml:7:20 (ROUTING.escalate_if.0.condition): '=' is not an operator: write == to compare (column 6 of the condition)");
  });
});
