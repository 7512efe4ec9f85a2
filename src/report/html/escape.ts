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

/**
 * Control characters made visible: ESC and the other C0 controls become their Unicode "control
 * pictures" (ESC shows as ␛, so an ANSI colour code reads as `␛[31m`), C1 controls and the
 * bidirectional overrides that can reorder a line on screen ("Trojan source") become `⟨U+202E⟩`.
 * Newlines and tabs are kept: the output's shape is part of what the reader judges.
 */
export function visible(s: string): string {
  return (
    s
      .replace(/\r\n/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)))
      .replace(/\u007f/g, '\u2421')
      .replace(/[\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`)
  );
}

/** Cuts long text at a character count, saying how much was left out. */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max).join('')}… (${chars.length - max} more characters in run.jsonl)`;
}

/** Untrusted text, ready for the page: visible control characters, clipped, escaped. */
export const inert = (s: string, max = 2000): string => esc(clip(visible(s), max));

/** Lane ids and candidate ids as `data-` attribute values and element ids. */
export const attr = (s: string): string => esc(s);

/** A stable element id from arbitrary text (ids are slugs in suites, but be safe). */
export const slugId = (...parts: string[]): string =>
  parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
