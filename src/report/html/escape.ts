/**
 * Untrusted text (model output, grader reasons, dataset cells, even suite descriptions) reaches
 * the HTML page only through these functions. `text` escapes every character HTML gives meaning
 * to, so `<script>` arrives as the letters of `<script>`; `visible` additionally turns characters
 * that are invisible or that move a terminal cursor into visible marks, so a reader sees exactly
 * what the model sent without anything acting on it.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML[c]!);

const CONTROL_NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 0x0b: 'VT', 0x0c: 'FF', 0x0d: 'CR', 0x1b: 'ESC', 0x7f: 'DEL' };

/**
 * Characters that are invisible or act on a terminal or on the line's direction: C0 and C1
 * controls (but newline and tab, which give the output its shape), DEL, the bidirectional
 * overrides that can reorder a line on screen ("Trojan source"), line and paragraph separators,
 * the byte-order mark.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;

export const controlName = (c: string): string => {
  const code = c.charCodeAt(0);
  return CONTROL_NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** Cuts long text at a character count, saying how much was left out. */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max).join('')}… (${chars.length - max} more characters in run.jsonl)`;
}

/**
 * Untrusted text, ready for the page: clipped, escaped, and every control character shown as a
 * boxed name (an ANSI colour code reads as [ESC][31m), so the reader sees exactly what the model
 * sent and nothing in it acts on the page.
 */
export function inert(s: string, max = 2000): string {
  return esc(clip(s.replace(/\r\n/g, '\n'), max)).replace(CONTROL, (c) => `<span class="ctrl" title="control character">${controlName(c)}</span>`);
}

/** Lane ids and candidate ids as `data-` attribute values and element ids. */
export const attr = (s: string): string => esc(s);

/** A stable element id from arbitrary text (ids are slugs in suites, but be safe). */
export const slugId = (...parts: string[]): string =>
  parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
