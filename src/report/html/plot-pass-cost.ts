import type { SummaryRow } from '../../schema/summary.js';
import type { LaneBudget } from '../../schema/suite.js';
import { pct, usd } from '../format.js';
import { attr, esc, slugId } from './escape.js';
import { linearScale, logScale, marker, n2, niceTicks, series, spreadLabels, svgOpen, text, usdShort } from './svg.js';

export interface Highlight {
  candidate: string;
  /** Why it stands out, shown next to it: "assigned by the bar" or "cheapest in budget region". */
  label: string;
}

const W = 600;
const H = 320;
const M = { left: 60, right: 172, top: 18, bottom: 48 };
/** A strip at the right edge for candidates with no accepted outcome (their cost per accepted outcome is undefined, not huge). */
const NONE_W = 46;

/**
 * Pass rate (with its Wilson interval) against cost per accepted outcome, one point per
 * candidate, on a log cost axis: unit costs across tiers differ by orders of magnitude. The
 * lane's budget region (pass rate at or above the minimum, cost at or under the target) is
 * shaded, so the cheapest candidate inside it is the point furthest left in the green.
 */
export function passCostPlot(lane: string, budget: LaneBudget, rows: readonly SummaryRow[], highlight: Highlight | null): string {
  const id = slugId('plot-pass-cost', lane);
  const costs = rows.map((r) => r.cost.per_accepted_usd).filter((c): c is number => c !== null && c > 0);
  const lo = Math.min(budget.cost_per_accepted_usd, ...costs) / 1.8;
  const hi = Math.max(budget.cost_per_accepted_usd, ...costs) * 1.8;
  const hasNone = rows.some((r) => r.cost.per_accepted_usd === null || r.cost.per_accepted_usd <= 0);
  const plotRight = W - M.right - (hasNone ? NONE_W : 0);
  const x = logScale(lo, hi, M.left, plotRight);
  const lows = rows.filter((r) => r.completed > 0).map((r) => r.pass_ci.low);
  const y0 = Math.max(0, Math.floor((Math.min(budget.min_pass_rate, ...lows) - 0.03) * 20) / 20);
  const y = linearScale(y0, 1, H - M.bottom, M.top, niceTicks(y0, 1, 6));

  const desc = rows
    .map((r) => `${r.candidate}${r.simulated ? ' (simulated)' : ''}: pass rate ${pct(r.pass_rate)} (95% CI ${pct(r.pass_ci.low)}–${pct(r.pass_ci.high)}), ${usd(r.cost.per_accepted_usd)} per accepted outcome`)
    .join('; ');
  const out: string[] = [
    svgOpen(
      id,
      W,
      H,
      `${lane}: pass rate against cost per accepted outcome`,
      `Budget region: pass rate ≥ ${pct(budget.min_pass_rate, 0)} and cost ≤ ${usd(budget.cost_per_accepted_usd)} per accepted outcome. ${desc}.`,
      `data-plot="pass-cost" data-lane="${attr(lane)}"`,
    ),
  ];
  // Budget region, then grid, axes, points: later marks are drawn on top.
  const rx = x(budget.cost_per_accepted_usd);
  const ry = y(budget.min_pass_rate);
  out.push(`<rect class="region" x="${M.left}" y="${M.top}" width="${n2(rx - M.left)}" height="${n2(ry - M.top)}" data-region="budget"/>`);
  out.push(text(M.left + 6, M.top + 14, `budget: pass ≥ ${pct(budget.min_pass_rate, 0)}, ≤ ${usdShort(budget.cost_per_accepted_usd)}`, 'region-label'));
  for (const t of y.ticks) {
    out.push(`<line class="grid" x1="${M.left}" x2="${plotRight}" y1="${n2(y(t))}" y2="${n2(y(t))}"/>`);
    out.push(text(M.left - 6, y(t) + 4, pct(t, 0), 'tick', 'end'));
  }
  let lastLabelEnd = -Infinity;
  for (const t of x.ticks) {
    out.push(`<line class="grid" x1="${n2(x(t))}" x2="${n2(x(t))}" y1="${M.top}" y2="${H - M.bottom}"/>`);
    // Every tick keeps its grid line; a label is dropped when it would run into the previous one.
    const label = usdShort(t);
    const half = label.length * 3.3;
    if (x(t) - half < lastLabelEnd + 6) continue;
    lastLabelEnd = x(t) + half;
    out.push(text(x(t), H - M.bottom + 16, label, 'tick', 'middle'));
  }
  out.push(`<line class="budget-line" x1="${n2(rx)}" x2="${n2(rx)}" y1="${M.top}" y2="${H - M.bottom}"/>`);
  out.push(`<line class="budget-line" x1="${M.left}" x2="${plotRight}" y1="${n2(ry)}" y2="${n2(ry)}"/>`);
  out.push(`<rect class="frame" x="${M.left}" y="${M.top}" width="${n2(plotRight - M.left)}" height="${H - M.top - M.bottom}"/>`);
  if (hasNone) {
    out.push(`<rect class="none-strip" x="${plotRight}" y="${M.top}" width="${NONE_W}" height="${H - M.top - M.bottom}"/>`);
    out.push(text(plotRight + NONE_W / 2, H - M.bottom + 16, 'none', 'tick', 'middle'));
    out.push(text(plotRight + NONE_W / 2, H - M.bottom + 28, 'accepted', 'tick', 'middle'));
  }
  out.push(text((M.left + plotRight) / 2, H - 6, 'cost per accepted outcome (USD, log scale)', 'axis-label', 'middle'));
  out.push(text(14, (M.top + H - M.bottom) / 2, 'pass rate (95% CI)', 'axis-label', 'middle', `transform="rotate(-90 14 ${n2((M.top + H - M.bottom) / 2)})"`));

  const px = rows.map((r) => (r.cost.per_accepted_usd && r.cost.per_accepted_usd > 0 ? x(r.cost.per_accepted_usd) : plotRight + NONE_W / 2));
  const py = rows.map((r) => y(r.pass_rate ?? 0));
  const labelY = spreadLabels(py, rows.map((r) => (highlight?.candidate === r.candidate ? 28 : 15)));
  rows.forEach((r, i) => {
    const s = series(i);
    const hot = highlight?.candidate === r.candidate;
    const [cx, cy] = [px[i]!, py[i]!];
    out.push(
      `<g class="point${hot ? ' highlight' : ''}" data-candidate="${attr(r.candidate)}" data-pass-rate="${r.pass_rate ?? ''}" data-cost-per-accepted="${r.cost.per_accepted_usd ?? ''}" data-simulated="${r.simulated}">`,
      `<title>${esc(`${r.candidate}${r.simulated ? ' (simulated)' : ''}: ${pct(r.pass_rate)} pass (${pct(r.pass_ci.low)}–${pct(r.pass_ci.high)}), ${usd(r.cost.per_accepted_usd)} per accepted outcome`)}</title>`,
      `<line class="ci" x1="${n2(cx)}" x2="${n2(cx)}" y1="${n2(y(Math.max(y0, r.pass_ci.low)))}" y2="${n2(y(r.pass_ci.high))}" stroke="${s.color}"/>`,
      hot ? `<circle class="halo" cx="${n2(cx)}" cy="${n2(cy)}" r="11"/>` : '',
      marker(s.marker, cx, cy, 5, s.color),
      `<line class="leader" x1="${n2(cx + 7)}" y1="${n2(cy)}" x2="${n2(plotRight + (hasNone ? NONE_W : 0) + 4)}" y2="${n2(labelY[i]! - 4)}"/>`,
      text(plotRight + (hasNone ? NONE_W : 0) + 8, labelY[i]!, `${r.candidate}${r.simulated ? ' (sim)' : ''}`, hot ? 'point-label hot' : 'point-label'),
      hot ? text(plotRight + (hasNone ? NONE_W : 0) + 8, labelY[i]! + 12, highlight!.label, 'tick') : '',
      `</g>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}
