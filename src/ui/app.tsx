import { Box, Text, useApp, useInput, useWindowSize, type Key } from 'ink';
import { useEffect, useMemo } from 'react';
import type { CaseInputsResult } from '../report/case-inputs.js';
import { BarView } from './components/bar-view.js';
import { FailuresView } from './components/failures-view.js';
import { Footer, footerLines } from './components/footer.js';
import { Header } from './components/header.js';
import { LaneTable } from './components/lane-table.js';
import { LatencyStrip } from './components/latency-strip.js';
import { headerFigures, rowFigures } from './figures.js';
import { tableLayout } from './layout.js';
import { inputKey, selectedRow, type BarState, type UiAction, type UiState } from './state.js';
import type { UiStore } from './store.js';
import { useThrottledState } from './use-throttled-state.js';

/** What the app may ask of the outside world; the CLI provides it, tests fake it. */
export interface UiServices {
  /** The same as Ctrl-C on the plain path: the first call lets samples in flight finish, the second stops at once. */
  stop(): void;
  loadInputs(suite: string, caseIds: string[]): Promise<CaseInputsResult>;
  loadBar(): Promise<BarState>;
}

export interface AppProps {
  store: UiStore;
  services: UiServices;
  /** e.g. `lanebar run --resume <id>`; null when the run cannot be resumed from here. */
  resumeCommand: (runId: string) => string | null;
  /**
   * Frames per second at most while a run goes (keys draw at once); the run's events never
   * trigger a frame by themselves. A full 100×30 frame costs Ink a few milliseconds of the one
   * thread the runner also uses: 5 a second keeps that near 2% (see bench/ui-overhead.ts).
   */
  fps?: number;
  /** Fixed size, for tests; the terminal's otherwise. */
  size?: { columns: number; rows: number };
  now?: () => number;
}

export type KeyCommand = 'quit' | 'up' | 'down' | 'open' | 'back' | 'bar';

/** What a key means, or null when it means nothing. */
export function keyCommand(input: string, key: Key): KeyCommand | null {
  if (input === 'q' || (key.ctrl && input === 'c')) return 'quit';
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (key.return) return 'open';
  if (key.escape) return 'back';
  if (input === 'b') return 'bar';
  return null;
}

const ACTION: Record<Exclude<KeyCommand, 'quit'>, UiAction> = {
  up: { type: 'move', delta: -1 },
  down: { type: 'move', delta: 1 },
  open: { type: 'open_failures' },
  back: { type: 'back' },
  bar: { type: 'show_bar' },
};

function useRequests(state: UiState, store: UiStore, services: UiServices, refresh: () => void) {
  // Inputs of the highlighted failure's row, read once, when first needed.
  const row = selectedRow(state);
  const failure = state.view === 'failures' ? row?.failures[state.failureSelected] : undefined;
  const wanted = failure && !state.inputs.has(inputKey(failure.suite, failure.caseId)) ? failure : undefined;
  useEffect(() => {
    if (!wanted || !row) return;
    const ids = [...new Set(row.failures.map((f) => f.caseId).filter((id) => !store.getState().inputs.has(inputKey(wanted.suite, id))))];
    store.dispatch({ type: 'inputs_requested', suite: wanted.suite, caseIds: ids });
    void services.loadInputs(wanted.suite, ids).then(
      (result) => store.dispatch({ type: 'inputs_loaded', suite: wanted.suite, caseIds: ids, result }),
      (e: unknown) => store.dispatch({ type: 'inputs_loaded', suite: wanted.suite, caseIds: ids, result: { ok: false, reason: String(e) } }),
    );
    refresh();
  }, [wanted, row, store, services, refresh]);
  // The bar is read when its view is open on a finished run.
  const wantBar = state.view === 'bar' && state.phase === 'finished' && state.bar.state === 'idle';
  useEffect(() => {
    if (!wantBar) return;
    store.dispatch({ type: 'bar_requested' });
    void services.loadBar().then(
      (bar) => store.dispatch({ type: 'bar_loaded', bar }),
      (e: unknown) => store.dispatch({ type: 'bar_loaded', bar: { state: 'invalid', message: String(e) } }),
    );
    refresh();
  }, [wantBar, store, services, refresh]);
}

export function App({ store, services, resumeCommand, fps = 5, size, now = Date.now }: AppProps) {
  const [state, refresh] = useThrottledState(store, Math.round(1000 / fps), now);
  const windowSize = useWindowSize();
  const { columns, rows: height } = size ?? windowSize;
  const { exit } = useApp();

  useInput((input, key) => {
    const command = keyCommand(input, key);
    if (command === null) return;
    if (command === 'quit') {
      const s = store.getState();
      if (s.source === 'journal' || s.phase === 'finished') return exit();
      store.dispatch({ type: 'stop_requested' });
      services.stop();
    } else {
      store.dispatch(ACTION[command]);
    }
    refresh();
  });

  // Asked to stop: close once the runner has finished and the journal is closed.
  useEffect(() => {
    if (state.stopRequested && state.phase === 'finished') exit();
  }, [state.stopRequested, state.phase, exit]);
  useRequests(state, store, services, refresh);

  const figures = useMemo(() => state.rows.map((r) => rowFigures(state, r)), [state]);
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
        <BarView state={state} width={columns} />
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
