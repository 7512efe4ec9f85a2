import { Box, Text } from 'ink';
import type { LatencyLog } from '../latency-log.js';
import { firstBinOver, latencySpan } from '../latency-range.js';
import type { RowState } from '../rows.js';
import { cut, fit, inert, shortMs, sparkline } from '../text.js';

/**
 * The selected row's latencies as wider histograms than the table has room for: first token and
 * completion, over the span its lane's rows share; bins beyond the lane's p95 budget are red.
 */
export function LatencyStrip({ row, lane, width }: { row: RowState; lane: readonly RowState[]; width: number }) {
  const b = row.lane.budget;
  const line = (label: string, pick: (r: RowState) => LatencyLog, budget: number) => {
    const log = pick(row);
    const span = latencySpan(lane.map(pick), budget);
    const head = `${fit(label, 11)} n=${fit(String(log.n), 6)} 0 `;
    const tail = ` ${shortMs(span)}${span >= 2 * budget ? '+' : ''}`;
    const bins = Math.max(0, Math.min(48, width - head.length - tail.length - 1));
    const spark = sparkline(log.histogram(span, bins));
    const red = firstBinOver(span, budget, bins);
    return (
      <Text wrap="truncate">
        {head}
        <Text color="cyan">{spark.slice(0, red)}</Text>
        <Text color="red">{spark.slice(red)}</Text>
        {tail}
      </Text>
    );
  };
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {cut(`${inert(row.candidate)}: latency of successful attempts (red: beyond the lane's p95 budget)`, width)}
      </Text>
      {line('first token', (r) => r.ttft, b.first_token_p95_ms)}
      {line('completion', (r) => r.completion, b.completion_p95_ms)}
    </Box>
  );
}
