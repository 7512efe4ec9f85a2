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
    const action = replayKey(input, key);
    if (action === 'quit') exit();
    else if (action) setState((s) => reduceReplayView(views, s, action));
  });
  const screen = size ?? windowSize;
  return <Lines lines={replayScreen(replay, views, state, screen)} width={screen.columns} />;
}
