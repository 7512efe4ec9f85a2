import { EventEmitter } from 'node:events';
import { render } from 'ink-testing-library';
import { vi } from 'vitest';
import type { CaseInputsResult } from '../../src/report/case-inputs.js';
import type { JournalRecord } from '../../src/schema/journal.js';
import { App } from '../../src/ui/app.js';
import { initialState, type BarState, type UiAction, type UiState } from '../../src/ui/state.js';
import { createUiStore } from '../../src/ui/store.js';
import { displayWidth } from '../../src/ui/text.js';

export const KEY = { up: '\u001b[A', down: '\u001b[B', left: '\u001b[D', right: '\u001b[C', enter: '\r', escape: '\u001b', tab: '\t', shiftTab: '\u001b[Z', home: '\u001b[H', end: '\u001b[F', ctrlC: '\u0003' } as const;

/** Reading an app's frames and pressing its keys. */
export interface Frames {
  r: ReturnType<typeof render>;
  frame(): string;
  /** Polls the frames until one satisfies `ok` (bounded: the app draws at most every 100 ms). */
  until(ok: (frame: string) => boolean, what: string): Promise<string>;
  press(key: string): Promise<void>;
}

export function frames(r: ReturnType<typeof render>): Frames {
  const frame = () => r.lastFrame() ?? '';
  return {
    r,
    frame,
    until: async (ok, what) => {
      for (let i = 0; i < 200; i++) {
        if (ok(frame())) return frame();
        await new Promise((res) => setTimeout(res, 10));
      }
      throw new Error(`no frame showed ${what}; last frame:\n${frame()}`);
    },
    press: async (key) => {
      r.stdin.write(key);
      // Ink reads the key and React commits the frame on a later tick.
      await new Promise((res) => setTimeout(res, 20));
    },
  };
}

export interface Harness extends Frames {
  dispatch(a: UiAction): void;
  state(): UiState;
  services: { stop: ReturnType<typeof vi.fn>; loadInputs: ReturnType<typeof vi.fn>; loadBar: ReturnType<typeof vi.fn> };
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
  return { ...frames(r), dispatch: (a) => store.dispatch(a), state: () => store.getState(), services };
}

/** Every line of a frame fits the terminal: nothing wraps. */
export const widest = (frame: string): number => Math.max(...frame.split('\n').map(displayWidth));

/**
 * A terminal for Ink's own render, to see an app exit (the testing library does not expose it):
 * a stdout that settles every write at once, and a stdin in raw mode that `press` types into.
 */
export function fakeTerminal(columns = 100, rows = 30) {
  // Ink settles its exit once the last write's callback has run.
  const stdout = Object.assign(new EventEmitter(), {
    columns,
    rows,
    write: (_data: string, done?: () => void) => {
      done?.();
      return true;
    },
  });
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    data: null as string | null,
    setEncoding() {},
    setRawMode() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read() {
      const d = this.data;
      this.data = null;
      return d;
    },
  });
  const press = (key: string) => {
    stdin.data = key;
    stdin.emit('readable');
    stdin.emit('data', key);
  };
  return { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, press };
}

/** Waits, a bounded number of short ticks, until `done` holds. */
export const settle = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((res) => setTimeout(res, 10));
};
