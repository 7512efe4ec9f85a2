import { useApp, useInput, useWindowSize, type Key } from 'ink';
import { useEffect } from 'react';
import type { CaseInputsResult } from '../report/case-inputs.js';
import { barRoom, barViewLines } from './bar-lines.js';
import { footerLines } from './components/footer.js';
import { Screen } from './components/screen.js';
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
    } else if ((command === 'up' || command === 'down') && store.getState().view === 'bar') {
      const s = store.getState();
      const footer = footerLines({ state: s, resumeCommand: s.runId ? resumeCommand(s.runId) : null }).length;
      store.dispatch({ type: 'move', delta: command === 'up' ? -1 : 1, limit: Math.max(0, barViewLines(s).length - barRoom(height, footer) + 1) });
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

  return <Screen state={state} columns={columns} rows={height} resumeCommand={resumeCommand} />;
}
