import type { CurvePoint, SweepLane } from '../../schema/replay-result.js';
import { pct } from '../format.js';
import { sweepRange, sweepValue as value, type SweepMetric } from '../sweep-axes.js';
import { attr, esc, slugId } from './escape.js';
import { linearScale, marker, n2, niceTicks, series, svgOpen, text, usdShort } from './svg.js';

const W = 520;
const H = 300;
const M = { left: 62, right: 120, top: 18, bottom: 46 };
/** More points than pixels only slow the page down: the curve keeps one point per step of this size in escalation rate. */
const STEP = 1 / 400;

/** The curve as drawn: sorted by escalation rate, thinned to one point per STEP, ends kept. */
export function thin(points: readonly CurvePoint[]): CurvePoint[] {
  const sorted = [...points].sort((a, b) => a.escalation_rate - b.escalation_rate);
  return sorted.filter((p, i) => i === 0 || i === sorted.length - 1 || Math.floor(p.escalation_rate / STEP) !== Math.floor(sorted[i - 1]!.escalation_rate / STEP));
}

const fmt = (m: SweepMetric, v: number) => (m === 'accepted' ? pct(v, 0) : usdShort(v));

/**
 * The threshold sweep of one lane: accepted rate (or cost per task) against the share of
 * requests escalated, for every threshold of the signal. The all-small baseline sits at 0%
 * escalated and all-strong at 100%; the oracle curve (a gate that knew the answers) shows how
 * much better a signal could do; the ringed point is the recommended threshold.
 */
export function sweepPlot(s: SweepLane, metric: SweepMetric): string {
  const id = slugId('plot-sweep', s.lane, metric);
  const gate = thin(s.points);
  const oracle = thin(s.oracle.points);
  const ends = [s.all_small, s.all_strong].map((b) => value(metric, b));
  const [y0, y1] = sweepRange(s, metric, [gate, oracle]);
  const x = linearScale(0, 1, M.left, W - M.right, niceTicks(0, 1, 5));
  const y = linearScale(y0, y1, H - M.bottom, M.top, niceTicks(y0, y1, 5));
  const title = `${s.lane}: ${metric === 'accepted' ? 'accepted rate' : 'cost per task'} against share escalated, threshold sweep on ${s.signal}`;
  const rec = s.recommended;
  const desc =
    `All-small ${fmt(metric, ends[0]!)}, all-strong ${fmt(metric, ends[1]!)}. ` +
    (rec ? `Recommended threshold ${rec.threshold ?? 'all'}: ${pct(rec.escalation_rate)} escalated, ${fmt(metric, value(metric, rec))}.` : 'No recommended threshold.');
  const out = [svgOpen(id, W, H, title, desc, `data-plot="sweep" data-lane="${attr(s.lane)}" data-metric="${metric}"`)];
  for (const t of y.ticks) {
    out.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${n2(y(t))}" y2="${n2(y(t))}"/>`);
    out.push(text(M.left - 6, y(t) + 4, fmt(metric, t), 'tick', 'end'));
  }
  for (const t of x.ticks) {
    out.push(`<line class="grid" x1="${n2(x(t))}" x2="${n2(x(t))}" y1="${M.top}" y2="${H - M.bottom}"/>`);
    out.push(text(x(t), H - M.bottom + 16, pct(t, 0), 'tick', 'middle'));
  }
  out.push(`<rect class="frame" x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}"/>`);
  if (metric === 'accepted' && s.quality_bar !== null) {
    out.push(`<line class="budget-line strong" x1="${M.left}" x2="${W - M.right}" y1="${n2(y(s.quality_bar))}" y2="${n2(y(s.quality_bar))}" data-quality-bar="${s.quality_bar}"/>`);
    out.push(text(W - M.right + 4, y(s.quality_bar) + 4, `bar ${pct(s.quality_bar, 0)}`, 'region-label'));
  }
  const path = (pts: CurvePoint[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${n2(x(p.escalation_rate))},${n2(y(value(metric, p)))}`).join(' ');
  if (oracle.length) out.push(`<path class="curve oracle" d="${path(oracle)}" data-series="oracle" data-points="${oracle.length}"><title>oracle: a gate that knew which requests the small model gets wrong</title></path>`);
  out.push(`<path class="curve" d="${path(gate)}" stroke="${series(0).color}" data-series="gate" data-points="${gate.length}"><title>${esc(`gate on ${s.signal}: every threshold`)}</title></path>`);
  const base = (label: string, at: number, v: number, i: number) =>
    `<g class="baseline" data-baseline="${label}">${marker(series(i).marker, x(at), y(v), 5, series(i).color)}${text(x(at) + (at ? -8 : 8), y(v) - 8, `${label} ${fmt(metric, v)}`, 'point-label', at ? 'end' : 'start')}</g>`;
  out.push(base('all-small', 0, ends[0]!, 1), base('all-strong', 1, ends[1]!, 2));
  if (rec) {
    const [cx, cy] = [x(rec.escalation_rate), y(value(metric, rec))];
    out.push(
      `<g class="point highlight" data-threshold="${rec.threshold ?? ''}" data-escalation-rate="${rec.escalation_rate}"><circle class="halo" cx="${n2(cx)}" cy="${n2(cy)}" r="9"/>` +
        `${marker('circle', cx, cy, 4, series(0).color)}<line class="leader" x1="${n2(cx + 9)}" y1="${n2(cy)}" x2="${W - M.right + 4}" y2="${n2(M.top + 30)}"/>` +
        `${text(W - M.right + 6, M.top + 34, `threshold ${rec.threshold ?? 'all'}`, 'point-label hot')}${text(W - M.right + 6, M.top + 47, rec.meets_bar ? 'recommended' : 'best, misses bar', 'tick')}</g>`,
    );
  }
  out.push(text((M.left + W - M.right) / 2, H - 6, 'share of requests escalated to the strong model', 'axis-label', 'middle'));
  out.push('</svg>');
  return out.join('');
}
