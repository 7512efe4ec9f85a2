/**
 * Column widths of the lane table for a terminal width. Every column has a preferred and a least
 * width; when the terminal is narrow they shrink in a fixed order (the words first, the numbers
 * never), then the sparkline goes. Cells are cut to their width, so a row never wraps.
 */
export interface TableLayout {
  candidate: number;
  bar: number;
  count: number;
  pass: number;
  ft: number;
  done: number;
  spend: number;
  projected: number;
  retries: number;
  errors: number;
  /** 0 when there is no room for it. */
  spark: number;
  /** Total columns used, selection marker included. */
  total: number;
}

export const MARKER = 2;
const GAP = 1;
/** Compact money (see money7) never needs more. */
const MONEY = 7;

type Flexible = 'candidate' | 'bar' | 'pass' | 'ft' | 'done' | 'spark';
const PREFERRED: Record<Flexible, number> = { candidate: 10, bar: 10, pass: 14, ft: 8, done: 8, spark: 8 };
const LEAST: Record<Flexible, number> = { candidate: 6, bar: 4, pass: 12, ft: 6, done: 6, spark: 4 };
const SHRINK_ORDER: Flexible[] = ['pass', 'ft', 'done', 'spark', 'bar', 'candidate'];
const GROW: [Flexible, number][] = [
  ['candidate', 16],
  ['spark', 16],
  ['bar', 16],
];

export interface TableNeeds {
  /** Longest `done/total` text. */
  count: number;
  retries: number;
  errors: number;
}

export function tableLayout(width: number, needs: TableNeeds): TableLayout {
  const fixed = {
    count: Math.max(1, needs.count),
    spend: MONEY,
    projected: MONEY,
    retries: Math.max(5, needs.retries),
    errors: Math.max(3, needs.errors),
  };
  const flex: Record<Flexible, number> = { ...PREFERRED };
  const columns = () => 5 + Object.values(flex).filter((w) => w > 0).length;
  const used = () => MARKER + Object.values(fixed).reduce((a, b) => a + b, 0) + Object.values(flex).reduce((a, b) => a + b, 0) + (columns() - 1) * GAP;
  for (const c of SHRINK_ORDER) {
    while (used() > width && flex[c] > LEAST[c]) flex[c] -= 1;
  }
  if (used() > width) flex.spark = 0;
  for (const [c, max] of GROW) {
    if (flex[c] === 0) continue;
    while (used() < width && flex[c] < max) flex[c] += 1;
  }
  return { ...fixed, ...flex, total: used() };
}

/** Money in at most 7 columns: $0.0455, $0.00930, $9.3e-5, $123.4, $12.3k. */
export function money7(x: number | null): string {
  if (x === null) return '—';
  if (x === 0) return '$0';
  const a = Math.abs(x);
  if (a < 0.001) return `$${x.toExponential(1)}`;
  if (a < 1) return `$${x.toFixed(Math.min(5, 2 - Math.floor(Math.log10(a))))}`.slice(0, MONEY);
  if (a < 1000) return `$${x.toFixed(a < 10 ? 3 : a < 100 ? 2 : 1)}`;
  if (a < 100_000) return `$${(x / 1000).toFixed(1)}k`;
  return `$${(x / 1e6).toFixed(1)}M`;
}
