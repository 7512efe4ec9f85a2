import { usd } from '../format.js';
import { esc } from './escape.js';

/**
 * The few drawing primitives the page's plots share. Plots are inline SVG drawn here rather than
 * by a charting library: the page must open offline, print, and stay one file, and every mark
 * must carry the number it stands for (data- attributes and <title>) so tests and screen
 * readers can read the plot, not just see it.
 */

/** Colour and marker per candidate, in run order. Okabe–Ito colours stay distinct for colour-blind readers and in greyscale with the dash and marker. */
export const SERIES = [
  { color: '#0068a8', dash: '', marker: 'circle' },
  { color: '#c45100', dash: '6 3', marker: 'square' },
  { color: '#007a5a', dash: '2 2', marker: 'triangle' },
  { color: '#b0407e', dash: '8 3 2 3', marker: 'diamond' },
  { color: '#5c5c5c', dash: '1 3', marker: 'circle' },
  { color: '#6a4c93', dash: '10 4', marker: 'square' },
] as const;

export const series = (i: number) => SERIES[i % SERIES.length]!;

export interface Scale {
  (v: number): number;
  ticks: number[];
}

export function linearScale(d0: number, d1: number, r0: number, r1: number, ticks: number[]): Scale {
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0 || 1)) * (r1 - r0)) as Scale;
  f.ticks = ticks;
  return f;
}

export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const f = ((v: number) => r0 + ((Math.log10(v) - l0) / (l1 - l0 || 1)) * (r1 - r0)) as Scale;
  f.ticks = logTicks(d0, d1);
  return f;
}

/** 1-2-5 ticks per decade; finer steps when the range is narrow, powers of ten only when it is wide. */
export function logTicks(lo: number, hi: number): number[] {
  const within = (steps: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
      for (const s of steps) {
        const v = Number((s * 10 ** k).toPrecision(6));
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  const t = within([1, 2, 5]);
  if (t.length > 8) return within([1]);
  if (t.length < 3) return within([1, 1.5, 2, 3, 4, 5, 6, 8]);
  return t;
}

/** Round steps (1, 2, 2.5, 5 × 10^k) giving about `count` ticks over [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** USD for axis ticks and budget labels: the same rounding as the tables, without trailing zeros ($0.0002, not $0.0002000). */
export const usdShort = (v: number): string =>
  Math.abs(v) >= 1 ? usd(v).replace(/\.00$/, '') : usd(v).replace(/(\.\d*?[1-9])0+$/, '$1').replace(/\.0+$/, '');

export const n2 = (v: number): string => (Math.round(v * 10) / 10).toString();

/** SVG text: escaped, with a class the stylesheet colours (never an inline colour, so print and contrast checks see one palette). */
export const text = (x: number, y: number, s: string, cls = '', anchor: 'start' | 'middle' | 'end' = 'start', extra = ''): string =>
  `<text x="${n2(x)}" y="${n2(y)}" text-anchor="${anchor}"${cls ? ` class="${cls}"` : ''}${extra ? ` ${extra}` : ''}>${esc(s)}</text>`;

export function marker(kind: string, x: number, y: number, r: number, color: string, extra = ''): string {
  const [cx, cy] = [n2(x), n2(y)];
  switch (kind) {
    case 'square':
      return `<rect x="${n2(x - r)}" y="${n2(y - r)}" width="${n2(2 * r)}" height="${n2(2 * r)}" fill="${color}" ${extra}/>`;
    case 'triangle':
      return `<polygon points="${cx},${n2(y - r * 1.2)} ${n2(x + r * 1.1)},${n2(y + r * 0.8)} ${n2(x - r * 1.1)},${n2(y + r * 0.8)}" fill="${color}" ${extra}/>`;
    case 'diamond':
      return `<polygon points="${cx},${n2(y - r * 1.3)} ${n2(x + r * 1.3)},${cy} ${cx},${n2(y + r * 1.3)} ${n2(x - r * 1.3)},${cy}" fill="${color}" ${extra}/>`;
    default:
      return `<circle cx="${cx}" cy="${cy}" r="${n2(r)}" fill="${color}" ${extra}/>`;
  }
}

/** Opens an accessible SVG: role img, named by its title, described by a text summary of the numbers it draws. */
export function svgOpen(id: string, w: number, h: number, title: string, desc: string, attrs: string): string {
  return (
    `<svg id="${id}" class="plot" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-labelledby="${id}-t ${id}-d" ${attrs}>` +
    `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>`
  );
}

/** Moves labels apart vertically so that none overlaps the one above it: sorted by position, each pushed below the previous one's height. */
export function spreadLabels(ys: number[], heights: number[]): number[] {
  const order = ys.map((y, i) => [y, i] as const).sort((a, b) => a[0] - b[0]);
  const out = [...ys];
  let next = -Infinity;
  for (const [y, i] of order) {
    const placed = Math.max(y, next);
    out[i] = placed;
    next = placed + (heights[i] ?? 14);
  }
  return out;
}
