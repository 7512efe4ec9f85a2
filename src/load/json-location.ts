/**
 * The line and column where a text stops being JSON, for error messages. V8 states a position for
 * most syntax errors ("... at position 10 (line 3 column 1)") but not for an unexpected token
 * ("Unexpected token '}', ... is not valid JSON"); then a small RFC 8259 scanner finds it.
 */
export function jsonErrorLocation(text: string, message: string): { line: number; column: number } {
  const stated = /\(line (\d+) column (\d+)\)/.exec(message);
  if (stated) return { line: Number(stated[1]), column: Number(stated[2]) };
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : firstBadOffset(text);
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Stop {
  readonly offset: number;
  constructor(offset: number) {
    this.offset = offset;
  }
}

/** Offset of the first character that cannot continue a JSON text (its length when the text ends too soon). */
export function firstBadOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) throw new Stop(i);
      i++;
    }
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) throw new Stop(i);
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) throw new Stop(i);
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(i);
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') throw new Stop(i);
    i += m[0].length;
  };
  // Iterative over containers, so that a deeply nested text cannot exhaust the stack.
  const stack: ('[' | '{')[] = [];
  /** One value; an opened container is left on the stack for the loop below to finish. */
  const value = (): void => {
    for (;;) {
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          return;
        }
        stack.push(c);
        if (c === '{') {
          string();
          ws();
          expect(':');
        }
        continue;
      }
      if (c === '"') return string();
      if (c === 't') return expect('true');
      if (c === 'f') return expect('false');
      if (c === 'n') return expect('null');
      return number();
    }
  };
  try {
    value();
    for (;;) {
      ws();
      const open = stack.at(-1);
      if (!open) break;
      if (text[i] === ',') {
        i++;
        if (open === '{') {
          ws();
          string();
          ws();
          expect(':');
        }
        value();
      } else if (text[i] === (open === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else throw new Stop(i);
    }
    ws();
    return i < text.length ? i : text.length;
  } catch (e) {
    if (e instanceof Stop) return e.offset;
    throw e;
  }
}
