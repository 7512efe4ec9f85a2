import { displayWidth } from '../text.js';

/**
 * The replay view is built as lines of styled spans by pure functions, and only drawn by Ink:
 * a frame can be measured (no line wider than the terminal) and tested without React.
 */
export interface Span {
  text: string;
  colour?: string;
  dim?: boolean;
  bold?: boolean;
}

export type Line = Span[];

export const line = (text: string, style: Omit<Span, 'text'> = {}): Line => [{ text, ...style }];

export const lineWidth = (l: Line): number => l.reduce((w, s) => w + displayWidth(s.text), 0);

export const lineText = (l: Line): string => l.map((s) => s.text).join('');

/** The longest start of `text` that takes at most `width` columns. */
function take(text: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of text) {
    w += displayWidth(ch);
    if (w > width) break;
    out += ch;
  }
  return out;
}

/** At most `width` columns: the span that crosses the edge is cut with `…`, the rest dropped. */
export function cutLine(l: Line, width: number): Line {
  if (lineWidth(l) <= width) return l;
  const out: Line = [];
  let room = width;
  for (const s of l) {
    const w = displayWidth(s.text);
    if (w < room) {
      out.push(s);
      room -= w;
      continue;
    }
    // This span reaches the edge, and more follows: it ends the line, the ellipsis in its last column.
    if (room > 0) out.push({ ...s, text: `${take(s.text, room - 1)}…` });
    break;
  }
  return out;
}

/** Exactly `width` columns: cut, or padded with spaces. */
export function padLine(l: Line, width: number): Line {
  const cut = cutLine(l, width);
  const rest = width - lineWidth(cut);
  return rest > 0 ? [...cut, { text: ' '.repeat(rest) }] : cut;
}

/** Two blocks of lines side by side: the left one padded to `leftWidth`, then `gap` spaces. */
export function beside(left: readonly Line[], right: readonly Line[], leftWidth: number, gap: number): Line[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => [...padLine(left[i] ?? [], leftWidth), { text: ' '.repeat(gap) }, ...(right[i] ?? [])]);
}

/** Rows of one-span cells as aligned columns, `gap` spaces apart; the last column is not padded. */
export function columns(rows: readonly (readonly Span[])[], align: readonly ('l' | 'r')[], gap = 2): Line[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]?.text ?? '')))) ?? [];
  return rows.map((r) =>
    r.flatMap((c, i) => {
      const pad = ' '.repeat(widths[i]! - displayWidth(c.text));
      const cell = align[i] === 'r' ? [{ text: pad }, c] : i === r.length - 1 ? [c] : [c, { text: pad }];
      return i === 0 ? cell : [{ text: ' '.repeat(gap) }, ...cell];
    }),
  );
}
