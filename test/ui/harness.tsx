import { render } from 'ink-testing-library';
import { vi } from 'vitest';
import type { CaseInputsResult } from '../../src/report/case-inputs.js';
import type { JournalRecord } from '../../src/schema/journal.js';
import { App } from '../../src/ui/app.js';
import { initialState, type BarState, type UiAction, type UiState } from '../../src/ui/state.js';
import { createUiStore } from '../../src/ui/store.js';
import { displayWidth } from '../../src/ui/text.js';

export const KEY = { up: '\u001b[A', down: '\u001b[B', enter: '\r', escape: '\u001b', ctrlC: '\u0003' } as const;

export interface Harness {
  r: ReturnType<typeof render>;
  dispatch(a: UiAction): void;
  state(): UiState;
  services: { stop: ReturnType<typeof vi.fn>; loadInputs: ReturnType<typeof vi.fn>; loadBar: ReturnType<typeof vi.fn> };
  frame(): string;
  /** Polls the frames until one satisfies `ok` (bounded: the app draws at most every 100 ms). */
  until(ok: (frame: string) => boolean, what: string): Promise<string>;
  press(key: string): Promise<void>;
}

export interface HarnessOptions {
  source?: UiState['source'];
  records?: readonly JournalRecord[];
  actions?: readonly UiAction[];
  columns?: number;
  rows?: number;
  inputs?: CaseInputsResult;
  bar?: BarState;
}

export function mount(o: HarnessOptions = {}): Harness {
  const store = createUiStore(initialState(o.source ?? 'live', 0));
  for (const record of o.records ?? []) store.dispatch({ type: 'history', record });
  for (const a of o.actions ?? []) store.dispatch(a);
  const services = {
    stop: vi.fn(),
    loadInputs: vi.fn(async () => o.inputs ?? ({ ok: false, reason: 'no dataset in this test' } as CaseInputsResult)),
    loadBar: vi.fn(async () => o.bar ?? ({ state: 'missing' } as BarState)),
  };
  const r = render(
    <App store={store} services={services} resumeCommand={(id) => `lanebar run --resume ${id}`} size={{ columns: o.columns ?? 100, rows: o.rows ?? 30 }} now={() => 0} />,
  );
  const frame = () => r.lastFrame() ?? '';
  const until = async (ok: (f: string) => boolean, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (ok(frame())) return frame();
      await new Promise((res) => setTimeout(res, 10));
    }
    throw new Error(`no frame showed ${what}; last frame:\n${frame()}`);
  };
  return {
    r,
    dispatch: (a) => store.dispatch(a),
    state: () => store.getState(),
    services,
    frame,
    until,
    press: async (key) => {
      r.stdin.write(key);
      // Ink reads the key and React commits the frame on a later tick.
      await new Promise((res) => setTimeout(res, 20));
    },
  };
}

/** Every line of a frame fits the terminal: nothing wraps. */
export const widest = (frame: string): number => Math.max(...frame.split('\n').map(displayWidth));
