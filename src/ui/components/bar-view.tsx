import { Box, Text } from 'ink';
import { barViewLines } from '../bar-lines.js';
import type { UiState } from '../state.js';
import { cut } from '../text.js';

/**
 * The eval bar's verdicts for the run, or plainly why there are none to show; a window of
 * `height` lines from `state.barScroll`, scrolled with j/k.
 */
export function BarView({ state, width, height }: { state: UiState; width: number; height: number }) {
  const lines = barViewLines(state);
  const room = lines.length > height ? height - 1 : height;
  const from = Math.max(0, Math.min(state.barScroll, lines.length - room));
  const shown = lines.slice(from, from + room);
  const below = lines.length - from - shown.length;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {cut(`Eval bar${from > 0 ? ` (${from} line(s) above)` : ''}`, width)}
      </Text>
      {shown.map((l, i) => (
        <Text key={from + i} color={l.colour} bold={l.bold} dimColor={l.dim} wrap="truncate">
          {cut(l.text, width)}
        </Text>
      ))}
      {below > 0 ? (
        <Text dimColor wrap="truncate">
          {cut(`… ${below} more line(s): j/↓ to scroll`, width)}
        </Text>
      ) : null}
    </Box>
  );
}
