import { pct, usd } from '../../report/format.js';
import { alarmName, alarmSide, alarmValue, est, figureCells, gateWords, int, thresholdWords } from '../../report/replay-words.js';
import type { CurvePoint, Figures, Replay } from '../../schema/replay-result.js';
import { cut, displayWidth, inert } from '../text.js';
import type { Mark } from './chart.js';
import { MARK, sweepChart } from './sweep-chart.js';
import { beside, columns, cutLine, line, type Line, type Span } from './spans.js';
import type { LaneView, ReplayViewState } from './view-state.js';

/*
 * The whole replay view, line by line, from the finished Replay alone: nothing is computed here
 * that the replay did not record. Everything a user's files named (lanes, signals, owners, paths)
 * is drawn inert.
 */

export interface ScreenSize {
  columns: number;
  rows: number;
}

/** Rows a chart's plotting area may take: enough to read a curve, no more than fills a tall terminal. */
const PLOT = { least: 3, most: 16 } as const;

function header(r: Replay, views: readonly LaneView[], s: ReplayViewState): Line[] {
  const v = views[s.lane];
  const first: Line = [{ text: 'lanebar', bold: true }, { text: ' · ' }];
  if (v) first.push({ text: `lane ${s.lane + 1}/${views.length} ` }, { text: inert(v.lane.lane), bold: true, colour: 'cyan' }, { text: ' · ' });
  if (r.simulated) first.push({ text: 'SIMULATED', colour: 'magenta', bold: true }, { text: ' · ' });
  if (v) first.push({ text: `${inert(gateWords(v.lane))} · ` });
  first.push({ text: `replay ${inert(r.replay_id)}`, dim: true });
  const sw = v?.sweep;
  if (!sw) return [first];
  const measures = `${int(sw.thresholds)} thresholds · APGR ${sw.apgr?.toFixed(3) ?? '—'} (oracle ${sw.oracle.apgr?.toFixed(3) ?? '—'}) · CPT(50%) ${pct(sw.cpt50)} · CPT(80%) ${pct(sw.cpt80)}`;
  return [first, line(measures, { dim: true })];
}

/** What the chart's curves and edge markers are; the cursor, the recommended point and this gate are named in the table under it. */
function legend(v: LaneView, s: ReplayViewState): Line {
  const bar = v.sweep?.quality_bar ?? null;
  const items: (readonly [Mark, string])[] = [
    ['gate', `gate, every threshold of ${inert(v.sweep?.signal ?? '')}`],
    ...(s.oracle ? [['oracle', 'oracle'] as const] : []),
    ...(bar !== null ? [['bar', `quality bar ${pct(bar)}`] as const] : []),
    ['all-small', 'all-small'],
    ['all-strong', 'all-strong'],
  ];
  return items.flatMap(([mark, words], i): Line => [...(i ? [{ text: '  ' }] : []), { text: MARK[mark].ch, ...MARK[mark].style }, { text: ` ${words}`, dim: true }]);
}

/** When this gate escalates: any of its rules. */
const rulesWords = (v: LaneView) => inert(v.lane.rules.map((x) => x.condition).join(' or ') || 'no rules');

const cell = (text: string, style: Omit<Span, 'text'> = {}): Span => ({ text, ...style });

/** The cursor's point, the recommended threshold and this gate, side by side in one small table. */
function pointTable(v: LaneView, s: ReplayViewState): Line[] {
  const sw = v.sweep!;
  const rows: Span[][] = [[cell(''), cell('threshold', { dim: true }), cell('escalated', { dim: true }), cell('accepted', { dim: true }), cell('$/task', { dim: true })]];
  const point = (label: Span, p: CurvePoint, accepted: Span = cell(pct(p.accepted_rate))) => [label, cell(inert(thresholdWords(sw, p.threshold))), cell(pct(p.escalation_rate)), accepted, cell(usd(p.cost_per_task_usd))];
  const cursor = v.points[s.cursors[s.lane] ?? 0];
  if (cursor) rows.push(point(cell(`${MARK.cursor.ch} cursor`, MARK.cursor.style), cursor));
  const rec = sw.recommended;
  if (rec) {
    const words = `${pct(rec.accepted_rate)} ${rec.meets_bar ? '≥' : '<'} bar ${pct(sw.quality_bar)}`;
    rows.push(point(cell(`${MARK.recommended.ch} ${rec.meets_bar ? 'recommend' : 'best'}`, MARK.recommended.style), rec, cell(words, { colour: rec.meets_bar ? 'green' : 'red' })));
  }
  // This gate's own rules, where the others have their threshold: `confidence < 0.72 or …`.
  const room = Math.max(18, ...rows.slice(1).map((r) => displayWidth(r[1]!.text)));
  rows.push(gateRow(cell(`${MARK.current.ch} this gate`, MARK.current.style), cell(cut(rulesWords(v), room)), v.lane.gate));
  const table = columns(rows, ['l', 'l', 'r', 'l', 'l'], 1);
  if (!rec) table.push(line(`${MARK.recommended.ch} no quality bar, no recommendation: set quality_bar in the budget's routing plan or pass --quality-bar`, { dim: true }));
  else if (!rec.meets_bar) table.push(line(`no threshold meets the bar ${pct(sw.quality_bar)}: the best reaches ${pct(rec.accepted_rate)}`, { colour: 'red' }));
  return table;
}

function gateRow(label: Span, what: Span, f: Figures | null): Span[] {
  if (!f) return [label, what, cell('—'), cell('not shown (see warnings)', { dim: true }), cell('')];
  const c = figureCells(f);
  return [label, what, cell(c.escalated), cell(c.accepted), cell(c.perTask)];
}

/**
 * The command that sweeps this replay's inputs again, as recorded in it, in lines of at most
 * `width` columns: an option stays with its value, a line that goes on ends in ` \`.
 */
export function sweepCommand(r: Replay, width: number): string[] {
  const q = (p: string) => inert(/^[\w./:@-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);
  const i = r.inputs;
  const groups = [`lanebar replay ${q(i.log.path)}`, `--mapping ${q(i.mapping.path)}`, `--gate ${i.gates.map((g) => q(g.path)).join(' ')}`];
  if (i.budget) groups.push(`--budget ${q(i.budget)}`);
  if (i.eval_run) groups.push(`--eval-run ${q(i.eval_run.path)}`);
  groups.push('--sweep');
  const lines: string[] = [];
  for (const g of groups) {
    const last = lines.length - 1;
    if (last >= 0 && displayWidth(`${lines[last]} ${g} \\`) <= width) lines[last] += ` ${g}`;
    else lines.push(last >= 0 ? `  ${g}` : g);
  }
  return lines.map((l, n) => (n < lines.length - 1 ? `${l} \\` : l));
}

/** A lane without a sweep: its gate and the two baselines as figures, and how to get the chart. */
function withoutSweep(r: Replay, v: LaneView, width: number): Line[] {
  const why = r.sweep === null ? 'No threshold sweep in this replay, so no chart. Run one with:' : 'No threshold sweep for this lane. Run one with:';
  const path = (text: string) => cell(cut(inert(text), 24));
  const rows: Span[][] = [
    [cell(''), cell('path', { dim: true }), cell('escalated', { dim: true }), cell('accepted', { dim: true }), cell('$/task', { dim: true })],
    gateRow(cell(`${MARK.current.ch} this gate`, MARK.current.style), path(rulesWords(v)), v.lane.gate),
    gateRow(cell(`${MARK['all-small'].ch} all-small`, MARK['all-small'].style), path(v.lane.small_model), v.lane.all_small),
    gateRow(cell(`${MARK['all-strong'].ch} all-strong`, MARK['all-strong'].style), path(v.lane.strong_model), v.lane.all_strong),
  ];
  return [
    line(why, { colour: 'yellow' }),
    ...sweepCommand(r, width).map((l) => line(l)),
    line('(or with --ui instead of --sweep: it sweeps, then opens this view)', { dim: true }),
    line(' '),
    ...columns(rows, ['l', 'l', 'r', 'l', 'l'], 1),
  ];
}

function budgetLines(r: Replay): Line[] {
  const b = r.budget;
  if (!b) return [line('no budget: pass --budget <file> to replay its alarms', { dim: true })];
  const firing = b.firing.length;
  const title: Line = [
    { text: 'budget: ', bold: true },
    { text: firing ? `${firing} alarm${firing > 1 ? 's' : ''} firing` : 'no alarm fires', colour: firing ? 'red' : 'green', bold: true },
    { text: ` · ${inert(b.feature)}${b.example ? ' (EXAMPLE)' : ''}` },
  ];
  const rows: Span[][] = [[cell('alarm'), cell('value'), cell('threshold'), cell('state'), cell('first day'), cell('owner')].map((c) => ({ ...c, dim: true }))];
  for (const a of b.alarms) {
    rows.push([
      cell(alarmName(a.alarm)),
      cell(est(alarmValue(a, a.value), a.estimated_share)),
      cell(`${alarmSide(a)} ${alarmValue(a, a.threshold)}`),
      a.fires ? cell('FIRES', { colour: 'red', bold: true }) : cell('quiet', { colour: 'green' }),
      cell(a.first_day ?? '—'),
      cell(inert(a.owner)),
    ]);
  }
  return [title, ...columns(rows, ['l', 'r', 'l', 'l', 'l', 'l']).map((l) => [{ text: '  ' }, ...l])];
}

function keys(v: LaneView | undefined, lanes: number): Line {
  const lane = lanes > 1 ? ' · ↑↓/jk/Tab lane' : '';
  const sweep = v?.sweep && v.points.length ? ' · ←→/hl cursor · H/L ±10 · g/G first/last · r recommended · o oracle' : '';
  return line(`q quit${lane}${sweep}`, { dim: true });
}

/**
 * Every line of the replay view for a terminal of `size`, none wider than it. The two charts
 * share what rows the text around them leaves; on a short terminal the blank line and the legend
 * go first, and what still does not fit is cut above the keys.
 */
export function replayScreen(r: Replay, views: readonly LaneView[], s: ReplayViewState, size: ScreenSize): Line[] {
  const v = views[s.lane];
  const top = header(r, views, s);
  const bottom = [line(' '), ...budgetLines(r), ...(r.warnings.length ? [line(`${r.warnings.length} warning(s): see replay.md`, { colour: 'yellow' })] : [])];
  const foot = keys(v, views.length);
  let middle: Line[];
  if (!v) middle = [line('This replay has no lanes.')];
  else if (!v.sweep || v.points.length === 0) middle = withoutSweep(r, v, size.columns);
  else {
    const table = pointTable(v, s);
    const free = size.rows - top.length - bottom.length - 1 - table.length - 3;
    const withLegend = free - 1 >= PLOT.least;
    const height = Math.min(PLOT.most, Math.max(PLOT.least, withLegend ? free - 1 : free));
    const gap = size.columns >= 60 ? 2 : 1;
    const left = Math.floor((size.columns - gap) / 2);
    const chart = (metric: 'accepted' | 'cost', width: number) => sweepChart(v, { metric, cursor: s.cursors[s.lane] ?? 0, oracle: s.oracle, width, height });
    middle = [...beside(chart('accepted', left), chart('cost', size.columns - left - gap), left, gap), ...(withLegend ? [legend(v, s)] : []), ...table];
  }
  let body = [...top, ...middle, ...bottom];
  if (body.length + 1 > size.rows) body = body.filter((l) => l.length !== 1 || l[0]!.text !== ' ');
  return [...body.slice(0, Math.max(0, size.rows - 1)), foot].map((l) => cutLine(l, size.columns));
}
