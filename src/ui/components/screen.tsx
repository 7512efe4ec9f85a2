import { Box, Text } from 'ink';
import { barRoom } from '../bar-lines.js';
import { headerFigures, rowFigures } from '../figures.js';
import { tableLayout } from '../layout.js';
import { selectedRow, type UiState } from '../state.js';
import { BarView } from './bar-view.js';
import { FailuresView } from './failures-view.js';
import { Footer, footerLines } from './footer.js';
import { Header } from './header.js';
import { LaneTable } from './lane-table.js';
import { LatencyStrip } from './latency-strip.js';

export interface ScreenProps {
  state: UiState;
  columns: number;
  rows: number;
  resumeCommand: (runId: string) => string | null;
}

/** One whole frame, drawn from the state alone: no keys, no effects, no clock. */
export function Screen({ state, columns, rows: height, resumeCommand }: ScreenProps) {
  const figures = state.rows.map((r) => rowFigures(state, r));
  const header = headerFigures(state, figures);
  const layout = tableLayout(columns, {
    count: Math.max(0, ...figures.map((f) => `${f.total}/${f.total}`.length)),
    retries: Math.max(0, ...figures.map((f) => String(f.retries).length)),
    errors: Math.max(0, ...figures.map((f) => String(f.errors).length)),
  });
  const row = selectedRow(state);
  const resume = state.runId ? resumeCommand(state.runId) : null;
  const footer = footerLines({ state, resumeCommand: resume });
  return (
    <Box flexDirection="column" width={columns}>
      <Header state={state} figures={header} />
      <Text> </Text>
      {state.view === 'failures' && row ? (
        <FailuresView
          row={row}
          selected={state.failureSelected}
          inputs={state.inputs}
          width={columns}
          listHeight={Math.max(3, Math.min(8, height - 22))}
          outputLines={Math.max(1, Math.min(6, height - 24))}
        />
      ) : state.view === 'bar' ? (
        <BarView state={state} width={columns} height={barRoom(height, footer.length)} />
      ) : state.rows.length === 0 ? (
        <Text>{state.phase === 'waiting' ? 'checking suites, datasets, prices and keys…' : 'no rows'}</Text>
      ) : (
        <>
          <LaneTable rows={state.rows} figures={figures} selected={state.selected} layout={layout} width={columns} maxLines={height - 9 - footer.length} />
          <Text> </Text>
          {row ? <LatencyStrip row={row} lane={state.rows.filter((r) => r.suite === row.suite)} width={columns} /> : null}
        </>
      )}
      <Text> </Text>
      <Footer lines={footer} />
    </Box>
  );
}
