/** Display helpers shared by the text reports. Numbers are rounded here and nowhere else. */

export const pct = (x: number | null, digits = 1): string => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);

export const ms = (x: number | null): string => (x === null ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)}s` : `${Math.round(x)}ms`);

/** USD with enough significant digits for sub-cent unit costs. */
export function usd(x: number | null): string {
  if (x === null) return '—';
  if (x === 0) return '$0';
  const abs = Math.abs(x);
  const digits = abs >= 1 ? 2 : Math.min(8, Math.max(2, 2 - Math.floor(Math.log10(abs)) + 1));
  return `$${x.toFixed(digits)}`;
}

/**
 * Makes untrusted text (model output, grader reasons) inert in one table cell: no newlines, no
 * pipes that would split a Markdown row, no ANSI or other control characters that could move a
 * terminal cursor.
 */
export function cell(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\|/g, '\\|').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function padTable(rows: readonly string[][], align: readonly ('l' | 'r')[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - [...c].length);
        return align[i] === 'r' ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}
