import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { pct, usd } from '../../report/format.js';
import type { RowFigures } from '../figures.js';
import { firstBinOver, latencySpan } from '../latency-range.js';
import { MARKER, money7, type TableLayout } from '../layout.js';
import type { RowState } from '../rows.js';
import { cut, fit, inert, progressBar, shortMs, sparkline } from '../text.js';

export interface LaneTableProps {
  rows: readonly RowState[];
  figures: readonly RowFigures[];
  selected: number;
  layout: TableLayout;
  width: number;
  /** Lines the lane headings and rows may take. */
  maxLines?: number;
}

/** The budget line of a lane, fitted to the terminal. */
function laneHeading(r: RowState): string {
  const b = r.lane.budget;
  return `${r.lane.id} [${r.lane.latency_class}] budget: FT p95 ≤${shortMs(b.first_token_p95_ms)} · done p95 ≤${shortMs(b.completion_p95_ms)} · pass ≥${pct(b.min_pass_rate, 0)} · ≤${usd(b.cost_per_accepted_usd)}/accepted`;
}

/** Pass rate and its Wilson interval: "95.0% (92–97)" when there is room, "95.0% 92–97" when not. */
export function passCell(f: RowFigures, width: number): string {
  if (f.passRate === null || f.ci === null) return '—';
  const rate = f.passRate === 1 ? '100%' : pct(f.passRate);
  const lo = Math.round(f.ci.low * 100);
  const hi = Math.round(f.ci.high * 100);
  return width >= 14 ? `${rate} (${lo}–${hi})` : `${rate} ${lo}–${hi}`;
}

const QUALITY_COLOUR = { above: 'green', below: 'red', unclear: 'yellow' } as const;

function Header({ l }: { l: TableLayout }) {
  const cells = [
    ' '.repeat(MARKER - 1),
    fit(l.candidate >= 9 ? 'candidate' : 'cand.', l.candidate),
    fit(l.bar >= 8 ? 'progress' : '', l.bar),
    fit('n', l.count, 'r'),
    fit(l.pass >= 14 ? 'pass (95% CI)' : 'pass 95% CI', l.pass, 'r'),
    fit('FT p95', l.ft, 'r'),
    fit(l.done >= 8 ? 'done p95' : 'done95', l.done, 'r'),
    fit('spend', l.spend, 'r'),
    fit('project', l.projected, 'r'),
    fit('retry', l.retries, 'r'),
    fit('err', l.errors, 'r'),
    ...(l.spark > 0 ? [fit('latency', l.spark)] : []),
  ];
  return (
    <Text bold wrap="truncate">
      {cells.join(' ')}
    </Text>
  );
}

function Row({ r, f, l, selected, span }: { r: RowState; f: RowFigures; l: TableLayout; selected: boolean; span: number }) {
  const b = r.lane.budget;
  const over = (x: number | null, budget: number) => (x !== null && x > budget ? 'red' : undefined);
  // Completion latency; bins beyond the lane's p95 budget are red.
  const spark = l.spark > 0 ? sparkline(r.completion.histogram(span, l.spark)) : '';
  const half = firstBinOver(span, b.completion_p95_ms, spark.length);
  return (
    <Text wrap="truncate" inverse={selected}>
      {selected ? '▸ ' : '  '}
      {fit(inert(r.candidate), l.candidate)} <Text color={f.done === f.total ? 'green' : 'cyan'}>{progressBar(f.done, f.total, l.bar)}</Text>{' '}
      {fit(`${f.done}/${f.total}`, l.count, 'r')} <Text color={f.quality ? QUALITY_COLOUR[f.quality] : undefined}>{fit(passCell(f, l.pass), l.pass, 'r')}</Text>{' '}
      <Text color={over(f.ftP95, b.first_token_p95_ms)}>{fit(shortMs(f.ftP95), l.ft, 'r')}</Text>{' '}
      <Text color={over(f.doneP95, b.completion_p95_ms)}>{fit(shortMs(f.doneP95), l.done, 'r')}</Text> {fit(money7(f.spendUsd), l.spend, 'r')}{' '}
      {fit(money7(f.projectedUsd), l.projected, 'r')} {fit(String(f.retries), l.retries, 'r')}{' '}
      <Text color={f.errors > 0 ? 'yellow' : undefined}>{fit(String(f.errors), l.errors, 'r')}</Text>
      {l.spark > 0 ? ' ' : ''}
      {spark.slice(0, half)}
      <Text color="red">{spark.slice(half)}</Text>
    </Text>
  );
}

/** Which of `n` lines to show in `max` so that line `keep` is visible. */
export function windowAround(n: number, keep: number, max: number): [number, number] {
  if (n <= max) return [0, n];
  const start = Math.max(0, Math.min(keep - Math.floor(max / 2), n - max));
  return [start, start + max];
}

/**
 * One block per lane: its budget, then one row per candidate. When there are more lines than
 * `maxLines`, a window around the selected row is shown, with what is above and below counted.
 */
export function LaneTable({ rows, figures, selected, layout, width, maxLines = Infinity }: LaneTableProps) {
  const lines: { node: ReactNode; row: number | null }[] = [];
  rows.forEach((r, i) => {
    if (i === 0 || rows[i - 1]!.suite !== r.suite) {
      lines.push({
        row: null,
        node: (
          <Text key={`lane-${r.suite}`} dimColor wrap="truncate">
            {cut(inert(laneHeading(r)), width)}
          </Text>
        ),
      });
    }
    const span = latencySpan(
      rows.filter((x) => x.suite === r.suite).map((x) => x.completion),
      r.lane.budget.completion_p95_ms,
    );
    lines.push({ row: i, node: <Row key={r.key} r={r} f={figures[i]!} l={layout} selected={i === selected} span={span} /> });
  });
  const room = Math.max(1, maxLines - (lines.length > maxLines ? 2 : 0));
  const [from, to] = windowAround(lines.length, lines.findIndex((l) => l.row === selected), room);
  const more = (n: number, where: string) =>
    n > 0 ? (
      <Text key={where} dimColor>
        {`  … ${n} more line(s) ${where}`}
      </Text>
    ) : null;
  return (
    <Box flexDirection="column">
      <Header l={layout} />
      {lines.length > maxLines ? more(from, 'above') : null}
      {lines.slice(from, to).map((l) => l.node)}
      {lines.length > maxLines ? more(lines.length - to, 'below') : null}
    </Box>
  );
}
