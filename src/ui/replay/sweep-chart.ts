import { pct } from '../../report/format.js';
import { sweepRange, sweepValue, type SweepMetric } from '../../report/sweep-axes.js';
import { fit } from '../text.js';
import { columnOf, plotCells, rowOf, type Mark, type XY } from './chart.js';
import { line, type Line, type Span } from './spans.js';
import type { LaneView } from './view-state.js';

/** How each mark looks, here and in the legend. */
export const MARK: Record<Mark, { ch: string; style: Omit<Span, 'text'> }> = {
  gate: { ch: '⣀', style: { colour: 'cyan' } },
  oracle: { ch: '⣀', style: { colour: 'gray' } },
  bar: { ch: '┄', style: { colour: 'yellow' } },
  guide: { ch: '│', style: { colour: 'magenta', dim: true } },
  'all-small': { ch: '○', style: { colour: 'blue', bold: true } },
  'all-strong': { ch: '●', style: { colour: 'blue', bold: true } },
  current: { ch: '×', style: { bold: true } },
  recommended: { ch: '◆', style: { colour: 'green', bold: true } },
  cursor: { ch: '◉', style: { colour: 'magenta', bold: true } },
};

const TITLE: Record<SweepMetric, string> = { accepted: 'accepted rate by share escalated', cost: 'cost per task by share escalated' };

/** Value labels: a rate to a tenth of a percent, a cost to two significant digits ($0.0023, $0.000057). */
const tick = (m: SweepMetric, v: number) => (m === 'accepted' ? pct(v) : `$${v >= 1 ? v.toFixed(2) : Number(v.toPrecision(2))}`);

export interface ChartOptions {
  metric: SweepMetric;
  /** The cursor's point, an index into `view.points`. */
  cursor: number;
  oracle: boolean;
  /** Columns of the whole chart, value labels included. */
  width: number;
  /** Rows of the plotting area. */
  height: number;
}

/** The share labels under a plot of `width` cells: 0% and 100% at its edges, then 50% and the quarters where each leaves a space to its neighbours. */
export function shareTicks(width: number): string {
  const row = Array.from({ length: width }, () => ' ');
  const taken: [number, number][] = [];
  for (const share of [0, 1, 0.5, 0.25, 0.75]) {
    const text = `${share * 100}%`;
    const col = columnOf(share, width);
    const start = share === 0 ? col : share === 1 ? col - text.length + 1 : col - Math.floor(text.length / 2);
    const end = start + text.length;
    if (start < 0 || end > width || taken.some(([a, b]) => start <= b && end >= a)) continue;
    taken.push([start, end]);
    [...text].forEach((ch, i) => (row[start + i] = ch));
  }
  return row.join('');
}

/**
 * One of the sweep's two charts, accepted rate or cost per task against the share escalated:
 * the gate at every threshold, the oracle, the quality bar, all-small at 0% and all-strong at
 * 100%, this gate's own point, the recommended threshold and the cursor. A title line, the plot
 * with its value labels, the axis and the share labels: `height + 3` lines, `width` columns each.
 */
export function sweepChart(view: LaneView, o: ChartOptions): Line[] {
  const s = view.sweep!;
  const m = o.metric;
  const at = (p: { escalation_rate: number; accepted_rate: number; cost_per_task_usd: number }): XY => ({ x: p.escalation_rate, y: sweepValue(m, p) });
  const g = view.lane.gate;
  const current = g.escalation_rate !== null && g.accepted_rate !== null && g.cost.per_task_usd !== null ? { escalation_rate: g.escalation_rate, accepted_rate: g.accepted_rate, cost_per_task_usd: g.cost.per_task_usd } : null;
  const oracle = o.oracle ? s.oracle.points : [];
  // The HTML page's axis (the oracle's range in it whether drawn or not), stretched only if this gate's own point lies outside it.
  const range = sweepRange(s, m, [view.points, s.oracle.points, current ? [current] : []]);
  const bar = m === 'accepted' ? s.quality_bar : null;
  const labels = [range[1], range[0], ...(bar !== null ? [bar] : [])].map((v) => tick(m, v));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const width = Math.max(1, o.width - labelWidth - 1);
  const cursor = view.points[o.cursor];
  const rec = view.recommended !== null ? view.points[view.recommended] : undefined;
  const marker = (mark: Mark, p: XY) => ({ ...p, mark, ch: MARK[mark].ch });
  const cells = plotCells({
    width,
    height: o.height,
    range,
    curves: [{ mark: 'gate', points: view.points.map(at) }, { mark: 'oracle', points: oracle.map(at) }],
    level: bar !== null ? { y: bar, mark: 'bar', ch: MARK.bar.ch } : null,
    guide: cursor ? { x: cursor.escalation_rate, mark: 'guide', ch: MARK.guide.ch } : null,
    markers: [
      marker('all-small', { x: 0, y: sweepValue(m, s.all_small) }),
      marker('all-strong', { x: 1, y: sweepValue(m, s.all_strong) }),
      ...(current ? [marker('current', at(current))] : []),
      ...(rec ? [marker('recommended', at(rec))] : []),
      ...(cursor ? [marker('cursor', at(cursor))] : []),
    ],
  });
  const barRow = bar !== null ? rowOf(bar, range, o.height) : -1;
  const label = (row: number): Span => {
    if (row === barRow) return { text: fit(tick(m, bar!), labelWidth, 'r'), ...MARK.bar.style };
    const v = row === 0 ? range[1] : row === o.height - 1 ? range[0] : null;
    return { text: fit(v === null ? '' : tick(m, v), labelWidth, 'r'), dim: true };
  };
  const rows = cells.map((cellRow, r): Line => {
    const spans: Line = [label(r), { text: '┤', dim: true }];
    for (const c of cellRow) {
      const last = spans[spans.length - 1]!;
      const style = c.mark ? MARK[c.mark].style : {};
      // Neighbouring cells of one mark make one span.
      if (spans.length > 2 && last.colour === style.colour && last.dim === style.dim && last.bold === style.bold) last.text += c.ch;
      else spans.push({ text: c.ch, ...style });
    }
    return spans;
  });
  return [
    line(fit(TITLE[m], o.width), { bold: true }),
    ...rows,
    line(`${' '.repeat(labelWidth)}└${'─'.repeat(width)}`, { dim: true }),
    line(`${' '.repeat(labelWidth + 1)}${shareTicks(width)}`, { dim: true }),
  ];
}
