/**
 * Text that goes on the screen in fixed columns. Everything from a model or a user file passes
 * through `inert` first: no escape sequence, control character or bidirectional override in it
 * can move the cursor, recolour the terminal or reorder what is drawn around it.
 */

// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-9;?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
const BIDI_AND_ZERO_WIDTH = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** One line of untrusted text, made inert; leading spaces (indentation) are kept, a tab is two. */
export function inert(text: string, max = 10_000): string {
  const flat = text.replace(ESCAPE_SEQUENCE, '').replace(/\t/g, '  ').replace(CONTROL, ' ').replace(BIDI_AND_ZERO_WIDTH, '').trimEnd();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Columns a code point takes in a terminal: wide East Asian and emoji take two, combining marks none. */
function cpWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += cpWidth(ch.codePointAt(0)!);
  return w;
}

/** At most `width` columns: cut with an ellipsis when longer, never padded (a line on its own). */
export function cut(text: string, width: number): string {
  return displayWidth(text) <= width ? text : fit(text, width);
}

/** Exactly `width` columns: cut with an ellipsis when longer, padded when shorter. */
export function fit(text: string, width: number, align: 'l' | 'r' = 'l'): string {
  if (width <= 0) return '';
  let out = text;
  if (displayWidth(text) > width) {
    out = '';
    let w = 0;
    for (const ch of text) {
      const cw = cpWidth(ch.codePointAt(0)!);
      if (w + cw > width - 1) break;
      out += ch;
      w += cw;
    }
    out += '…';
  }
  const pad = ' '.repeat(Math.max(0, width - displayWidth(out)));
  return align === 'r' ? pad + out : out + pad;
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** One character per bin, heights relative to the fullest bin; an empty bin is a space. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (c === 0 || max === 0 ? ' ' : BLOCKS[Math.min(7, Math.floor((c / max) * 7.999))]!)).join('');
}

/** A progress bar of `width` cells with eighth-cell resolution. */
export function progressBar(done: number, total: number, width: number): string {
  if (width <= 0) return '';
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const eighths = Math.round(share * width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  const partial = part > 0 ? ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][part]! : '';
  return ('█'.repeat(full) + partial).padEnd(width, '·');
}

/** Seconds and minutes for a header: 9s, 1m05s, 2h03m. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Latency in at most 6 columns: 457ms, 1.52s, 12.3s. */
export function shortMs(x: number | null): string {
  if (x === null) return '—';
  if (x < 1000) return `${Math.round(x)}ms`;
  if (x < 10_000) return `${(x / 1000).toFixed(2)}s`;
  return `${(x / 1000).toFixed(1)}s`;
}
