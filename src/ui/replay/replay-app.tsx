import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useMemo, useState } from 'react';
import type { Replay } from '../../schema/replay-result.js';
import { replayScreen, type ScreenSize } from './replay-lines.js';
import type { Line } from './spans.js';
import { initialReplayView, laneViews, reduceReplayView, replayKey } from './view-state.js';

export interface ReplayAppProps {
  replay: Replay;
  /** Fixed size, for tests; the terminal's otherwise. */
  size?: ScreenSize;
}

/** Draws prepared lines; every line already fits the width, `truncate` only makes sure. */
export function Lines({ lines, width }: { lines: readonly Line[]; width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l.map((s, j) => (
            <Text key={j} color={s.colour} dimColor={s.dim} bold={s.bold}>
              {s.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

/**
 * A finished replay in the terminal: per lane, the threshold sweep as two charts with a cursor,
 * the recommended threshold, this gate's own figures, and the budget's alarms. Nothing runs
 * while it is open: it reads the Replay object only.
 */
export function ReplayApp({ replay, size }: ReplayAppProps) {
  const views = useMemo(() => laneViews(replay), [replay]);
  const [state, setState] = useState(() => initialReplayView(views));
  const windowSize = useWindowSize();
  const { exit } = useApp();
  useInput((input, key) => {
    // Letters typed faster than Ink reads them arrive as one string ("hhh", a held key on a busy machine): each counts.
    const actions = input.length > 1 && !key.ctrl && !key.meta ? [...input].map((ch) => replayKey(ch, {})) : [replayKey(input, key)];
    if (actions.includes('quit')) return exit();
    const moves = actions.filter((a) => a !== null && a !== 'quit');
    if (moves.length) setState((s) => moves.reduce((acc, a) => reduceReplayView(views, acc, a), s));
  });
  const screen = size ?? windowSize;
  return <Lines lines={replayScreen(replay, views, state, screen)} width={screen.columns} />;
}
