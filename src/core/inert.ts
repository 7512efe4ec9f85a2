/**
 * Characters that act on a terminal or on how a line reads there: C0 and C1 controls (ESC starts
 * every ANSI sequence; the C1 CSI, U+009B, is one on its own), DEL, the bidirectional marks and
 * overrides that can reorder a line on screen ("Trojan source"), line and paragraph separators,
 * the byte-order mark.
 */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;

const escaped = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text from users' files and from servers, made safe to print on a terminal: each active character
 * is shown as its escape (`\x1b`, `\u202e`), so nothing a file or a server holds can move the
 * cursor, recolour, retitle or reorder what is printed. `keep` lists layout characters to leave
 * as they are (`'\t\n'` for text printed over several lines).
 */
export function inert(text: string, keep = ''): string {
  return text.replace(ACTIVE, (c) => (keep.includes(c) ? c : escaped(c)));
}
