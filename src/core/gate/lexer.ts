/**
 * Tokens of the gate language. The lexer never throws: a character it cannot read becomes a `bad`
 * token at its position and ends the stream, so the parser reports whichever problem comes first
 * in the text.
 */

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'ident'; name: string; start: number; end: number }
  | { kind: 'keyword'; word: Keyword; start: number; end: number }
  | { kind: 'op'; op: CompareOp; start: number; end: number }
  | { kind: 'punct'; char: '(' | ')' | '[' | ']' | ',' | '-'; start: number; end: number }
  | { kind: 'end'; start: number; end: number }
  | { kind: 'bad'; reason: string; start: number; end: number };

export type Keyword = 'and' | 'or' | 'not' | 'in' | 'true' | 'false' | 'null';

/** Keywords are case-insensitive, as in SQL: `AND`, `Not In`, `TRUE` (and Python's `True`). */
const KEYWORDS = new Set<string>(['and', 'or', 'not', 'in', 'true', 'false', 'null']);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNameChar = (c: string | undefined) => isNameStart(c) || isDigit(c);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** How a token or character is named in an error message. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'number':
      return `number ${token.value}`;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'ident':
      return `name '${token.name}'`;
    case 'keyword':
      return `'${token.word}'`;
    case 'op':
      return `'${token.op}'`;
    case 'punct':
      return `'${token.char}'`;
    case 'end':
      return 'the end of the condition';
    case 'bad':
      return 'an unreadable character';
  }
}

export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp < 0x21 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) ? hex : `'${ch}' (${hex})`;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const bad = (reason: string, start: number): Token[] => {
    tokens.push({ kind: 'bad', reason, start, end: start + 1 });
    return tokens;
  };
  while (true) {
    while (isSpace(text[i])) i++;
    const start = i;
    const c = text[i];
    if (c === undefined) {
      tokens.push({ kind: 'end', start, end: start });
      return tokens;
    }
    if (isDigit(c)) {
      const number = readNumber(text, i);
      if ('reason' in number) return bad(number.reason, number.at);
      tokens.push({ kind: 'number', value: number.value, start, end: number.end });
      i = number.end;
    } else if (c === '.' && isDigit(text[i + 1])) {
      return bad(`a number must start with a digit: write 0${text.slice(i, i + 3)}`, start);
    } else if (c === "'" || c === '"') {
      const string = readString(text, i);
      if ('reason' in string) return bad(string.reason, string.at);
      tokens.push({ kind: 'string', value: string.value, start, end: string.end });
      i = string.end;
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (isNameChar(text[j])) j++;
      // Dotted names reach into nested fields: usage.output_tokens, choices.0.finish_reason.
      while (text[j] === '.') {
        if (!isNameChar(text[j + 1])) return bad("expected a name after '.'", j + 1);
        j++;
        while (isNameChar(text[j])) j++;
      }
      const word = text.slice(i, j);
      const lower = word.toLowerCase();
      if (KEYWORDS.has(lower)) tokens.push({ kind: 'keyword', word: lower as Keyword, start, end: j });
      else tokens.push({ kind: 'ident', name: word, start, end: j });
      i = j;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'op', op: two, start, end: i + 2 });
        i += 2;
      } else if (two === '<>') {
        return bad("'<>' is not an operator: write != for 'not equal'", start);
      } else if (two === '&&' || two === '||') {
        // C-style spellings, accepted because routers written in JS or CEL use them.
        tokens.push({ kind: 'keyword', word: two === '&&' ? 'and' : 'or', start, end: i + 2 });
        i += 2;
      } else if (c === '!') {
        tokens.push({ kind: 'keyword', word: 'not', start, end: i + 1 });
        i++;
      } else if (c === '<' || c === '>') {
        tokens.push({ kind: 'op', op: c, start, end: i + 1 });
        i++;
      } else if (c === '(' || c === ')' || c === '[' || c === ']' || c === ',' || c === '-') {
        tokens.push({ kind: 'punct', char: c, start, end: i + 1 });
        i++;
      } else if (c === '=') {
        return bad("'=' is not an operator: write == to compare", start);
      } else if (c === '&' || c === '|') {
        return bad(`'${c}' is not an operator: write ${c === '&' ? "'and' (or &&)" : "'or' (or ||)"}`, start);
      } else {
        const ch = String.fromCodePoint(text.codePointAt(i)!);
        return bad(`unexpected character ${describeChar(ch)}`, start);
      }
    }
  }
}

type Read<T> = { value: T; end: number } | { reason: string; at: number };

/** Decimal numbers: 12, 0.72, 1e-3, 2.5E+6. A sign is the parser's business (`-` before a number). */
function readNumber(text: string, start: number): Read<number> {
  let j = start;
  while (isDigit(text[j])) j++;
  if (text[j] === '.') {
    if (!isDigit(text[j + 1])) return { reason: "malformed number: expected digits after '.'", at: j + 1 };
    j++;
    while (isDigit(text[j])) j++;
  }
  if (text[j] === 'e' || text[j] === 'E') {
    let k = j + 1;
    if (text[k] === '+' || text[k] === '-') k++;
    if (!isDigit(text[k])) return { reason: 'malformed number: expected digits in the exponent', at: k };
    while (isDigit(text[k])) k++;
    j = k;
  }
  if (isNameChar(text[j]) || text[j] === '.') return { reason: 'malformed number', at: start };
  const value = Number(text.slice(start, j));
  if (!Number.isFinite(value)) return { reason: 'number out of range', at: start };
  return { value, end: j };
}

const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/**
 * 'single' or "double" quoted, with backslash escapes (\\ \' \" \/ \n \t \r \b \f \0 \uXXXX
 * \u{X..}) and, as in SQL, a doubled quote for the quote itself: 'O''Brien'. So every JSON string
 * (JSON.stringify's output, surrogate-pair escapes included) is a valid gate string.
 */
function readString(text: string, start: number): Read<string> {
  const quote = text[start]!;
  let value = '';
  let j = start + 1;
  while (true) {
    const c = text[j];
    if (c === undefined || c === '\n' || c === '\r') {
      return { reason: c === undefined ? 'unterminated string' : 'unterminated string: a string cannot span lines (write \\n)', at: start };
    }
    if (c === quote) {
      if (text[j + 1] === quote) {
        value += quote;
        j += 2;
        continue;
      }
      return { value, end: j + 1 };
    }
    if (c === '\\') {
      const e = text[j + 1];
      if (e === 'u') {
        const unicode = readUnicodeEscape(text, j);
        if ('reason' in unicode) return unicode;
        value += unicode.value;
        j = unicode.end;
        continue;
      }
      const plain = e === undefined ? undefined : ESCAPES[e];
      if (plain === undefined) return { reason: `unknown escape \\${e ?? ''} (known: \\\\ \\' \\" \\/ \\n \\t \\r \\b \\f \\0 \\uXXXX \\u{...})`, at: j };
      value += plain;
      j += 2;
      continue;
    }
    const cp = text.codePointAt(j)!;
    // A lone surrogate is not text: the database could not store it and would never match it.
    if (cp >= 0xd800 && cp <= 0xdfff) return { reason: `invalid character ${describeChar(c)} (a lone UTF-16 surrogate)`, at: j };
    const ch = String.fromCodePoint(cp);
    value += ch;
    j += ch.length;
  }
}

function readUnicodeEscape(text: string, at: number): Read<string> {
  const braced = text[at + 2] === '{';
  const match = braced ? /^\\u\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(at, at + 11)) : /^\\u([0-9a-fA-F]{4})/.exec(text.slice(at, at + 6));
  if (!match) return { reason: 'malformed \\u escape: write \\uXXXX or \\u{X...} with hexadecimal digits', at };
  const cp = Number.parseInt(match[1]!, 16);
  const end = at + match[0].length;
  // JSON writes a character above U+FFFF as two escapes, a high then a low surrogate.
  const low = !braced && cp >= 0xd800 && cp <= 0xdbff ? /^\\u(d[c-f][0-9a-f]{2})/i.exec(text.slice(end, end + 6)) : null;
  if (low) return { value: String.fromCharCode(cp, Number.parseInt(low[1]!, 16)), end: end + 6 };
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { reason: `\\u escape ${match[0]} is not a Unicode character`, at };
  return { value: String.fromCodePoint(cp), end };
}
