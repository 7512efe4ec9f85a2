import type { SummaryRow } from '../../schema/summary.js';
import { ms } from '../format.js';
import { attr, slugId } from './escape.js';
import { linearScale, n2, niceTicks, series, svgOpen, text } from './svg.js';

export type LatencyMetric = 'first_token' | 'completion';

const TITLES: Record<LatencyMetric, string> = { first_token: 'time to first token', completion: 'time to last token (completion)' };
const W = 440;
const H = 250;
const M = { left: 46, right: 16, top: 16, bottom: 40 };
const BINS = 30;

export interface LatencySeries {
  row: SummaryRow;
  /** Latencies of the row's successful attempts, in ms. */
  values: readonly number[];
}

export interface LatencyFigure {
  svg: string;
  /** Attempts slower than the axis, per candidate, for the caption; empty when none. */
  note: string;
}

/**
 * One latency distribution per candidate, as step outlines over shared bins, with the lane's
 * p95 budget as a vertical line. Bars show each candidate's share of its own attempts, so
 * candidates with different attempt counts compare. The axis stops a little past the largest
 * p99: the rare slow attempt beyond it is counted in the caption rather than squeezing every
 * other bar into one column, and a budget far beyond the data is marked at the edge ("off
 * scale") instead of stretching the axis until the distributions are a sliver.
 */
export function latencyPlot(lane: string, metric: LatencyMetric, budgetMs: number, data: readonly LatencySeries[]): LatencyFigure {
  const id = slugId('plot-latency', lane, metric);
  const dataMax = Math.max(0, ...data.map((d) => d.row.latency_ms[metric].p99 ?? 0)) || budgetMs;
  const budgetOnScale = budgetMs <= dataMax * 2;
  const xmax = (budgetOnScale ? Math.max(budgetMs, dataMax) : dataMax) * 1.1;
  const width = xmax / BINS;
  const hists = data.map((d) => {
    const bins = new Array<number>(BINS).fill(0);
    let beyond = 0;
    for (const v of d.values) {
      if (v > xmax) beyond += 1;
      else bins[Math.min(BINS - 1, Math.floor(v / width))]! += 1;
    }
    const n = d.values.length;
    return { bins: bins.map((b) => (n ? b / n : 0)), beyond, n };
  });
  const ymax = Math.max(0.05, ...hists.flatMap((h) => h.bins)) * 1.1;
  const x = linearScale(0, xmax, M.left, W - M.right, niceTicks(0, xmax, 5));
  const y = linearScale(0, ymax, H - M.bottom, M.top, niceTicks(0, ymax, 4));

  const desc =
    `Lane budget: ${metric === 'first_token' ? 'first token' : 'completion'} p95 ≤ ${ms(budgetMs)}. ` +
    data.map((d) => `${d.row.candidate}: p50 ${ms(d.row.latency_ms[metric].p50)}, p95 ${ms(d.row.latency_ms[metric].p95)} over ${d.values.length} successful attempts`).join('; ') +
    '.';
  const out: string[] = [svgOpen(id, W, H, `${lane}: ${TITLES[metric]}`, desc, `data-plot="latency" data-lane="${attr(lane)}" data-metric="${metric}"`)];
  for (const t of y.ticks) {
    out.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${n2(y(t))}" y2="${n2(y(t))}"/>`);
    out.push(text(M.left - 5, y(t) + 4, `${Math.round(t * 100)}%`, 'tick', 'end'));
  }
  for (const t of x.ticks) out.push(text(x(t), H - M.bottom + 15, ms(t), 'tick', 'middle'));
  hists.forEach((h, i) => {
    const s = series(i);
    const row = data[i]!.row;
    let d = `M${n2(x(0))},${n2(y(0))}`;
    h.bins.forEach((b, k) => {
      d += ` L${n2(x(k * width))},${n2(y(b))} L${n2(x((k + 1) * width))},${n2(y(b))}`;
    });
    d += ` L${n2(x(xmax))},${n2(y(0))}`;
    out.push(
      `<path class="hist" d="${d}" stroke="${s.color}" fill="${s.color}" stroke-dasharray="${s.dash}" data-candidate="${attr(row.candidate)}" data-n="${h.n}" data-p95="${row.latency_ms[metric].p95 ?? ''}"><title>${attr(`${row.candidate}: p95 ${ms(row.latency_ms[metric].p95)} (${h.n} attempts)`)}</title></path>`,
    );
    const p95 = row.latency_ms[metric].p95;
    if (p95 !== null && p95 <= xmax) {
      out.push(`<line class="p95-tick" x1="${n2(x(p95))}" x2="${n2(x(p95))}" y1="${H - M.bottom}" y2="${H - M.bottom + 6}" stroke="${s.color}"/>`);
    }
  });
  if (budgetOnScale) {
    const bx = x(budgetMs);
    out.push(`<line class="budget-line strong" x1="${n2(bx)}" x2="${n2(bx)}" y1="${M.top}" y2="${H - M.bottom}" data-budget-ms="${budgetMs}"/>`);
    const right = bx > W - 150;
    out.push(text(right ? bx - 4 : bx + 4, M.top + 10, `budget p95 ≤ ${ms(budgetMs)}`, 'region-label', right ? 'end' : 'start'));
  } else {
    const ex = W - M.right;
    out.push(`<path class="budget-offscale" d="M${ex - 10},${M.top + 4} L${ex},${M.top + 9} L${ex - 10},${M.top + 14} Z" data-budget-ms="${budgetMs}"/>`);
    out.push(text(ex - 14, M.top + 13, `budget p95 ≤ ${ms(budgetMs)}, off scale`, 'region-label', 'end'));
  }
  out.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`);
  out.push(text((M.left + W - M.right) / 2, H - 6, `${TITLES[metric]}, share of attempts per bin`, 'axis-label', 'middle'));
  out.push('</svg>');
  const beyond = hists.map((h, i) => (h.beyond ? `${data[i]!.row.candidate} ${h.beyond}` : '')).filter(Boolean);
  return { svg: out.join(''), note: beyond.length ? `Slower than ${ms(xmax)}, not drawn: ${beyond.join(', ')} attempt(s).` : '' };
}

/** The legend shared by a lane's latency plots: HTML, so it wraps and reads as text. */
export function latencyLegend(rows: readonly SummaryRow[]): string {
  return `<ul class="legend">${rows
    .map((r, i) => {
      const s = series(i);
      const l = r.latency_ms;
      return `<li><svg class="swatch" width="26" height="10" aria-hidden="true"><line x1="1" x2="25" y1="5" y2="5" stroke="${s.color}" stroke-width="3" stroke-dasharray="${s.dash}"/></svg>${attr(r.candidate)}${r.simulated ? ' <span class="badge sim">simulated</span>' : ''} <span class="muted">first token p95 ${ms(l.first_token.p95)}, completion p95 ${ms(l.completion.p95)} (${l.completion.n} successful attempts)</span></li>`;
    })
    .join('')}</ul>`;
}
