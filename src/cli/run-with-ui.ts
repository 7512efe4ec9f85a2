import { resolve } from 'node:path';
import type { RunEvent } from '../run/events.js';
import { readJournal } from '../run/journal-reader.js';
import { journalPath } from '../run/runner.js';
import type { RunStart } from '../schema/journal.js';
import { loadUi } from './load-ui.js';
import { runCommand, type Io, type RunCommandOptions } from './run-command.js';
import { resumeCommandFor, uiServices } from './ui-services.js';

export interface Terminal {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

export interface UiRunOptions {
  /** Frames per second at most (default: the app's). */
  fps?: number;
}

/**
 * `lanebar run` in a terminal: the same run as the plain path (same runner, journal and reports),
 * drawn by Ink instead of progress lines. What the plain path prints (the lane table, where the
 * reports are, how to resume) is printed once the UI closes, so it stays in the scrollback.
 * Ink and React are loaded here only, so the plain path never loads them.
 */
export async function runWithUi(suiteArgs: readonly string[], opts: RunCommandOptions, io: Io, term: Terminal, ui: UiRunOptions = {}): Promise<number> {
  const { mountUi, createUiStore, initialState } = await loadUi();
  const store = createUiStore(initialState('live', Date.now()));
  let start: RunStart | null = null;
  if (opts.resume) {
    // What the run finished before, folded first, so its rows do not start again from zero.
    try {
      start = (await readJournal(journalPath(resolve(opts.reports, opts.resume)), (record) => store.dispatch({ type: 'history', record }))).start;
    } catch {
      // runCommand reports a missing or unreadable journal, with its location.
    }
  }
  let stop: (() => void) | null = null;
  let stopsAsked = 0;
  const services = uiServices({
    start: () => start,
    reportDir: () => store.getState().reportDir,
    stop: () => {
      stopsAsked += 1;
      stop?.();
    },
  });
  const onEvent = (e: RunEvent) => {
    if (e.type === 'run_started') start = e.start;
    if (e.type === 'run_started' || e.type === 'run_finished') store.dispatch({ type: 'clock', now: Date.now() });
    store.dispatch(e);
  };

  const printed: ['out' | 'err', string][] = [];
  const held: Io = { out: (l) => printed.push(['out', l]), err: (l) => printed.push(['err', l]), env: io.env };
  const instance = mountUi({ store, services, resumeCommand: resumeCommandFor(opts), ...term, fps: ui.fps });
  let code = 1;
  let failure: { error: unknown } | null = null;
  try {
    code = await runCommand(
      suiteArgs,
      {
        ...opts,
        plainProgress: false,
        onStopControl: (fn) => {
          stop = fn;
          // q pressed while the suites were still being checked.
          for (let i = 0; i < stopsAsked; i++) fn();
        },
      },
      held,
      [onEvent],
    );
  } catch (e) {
    failure = { error: e };
  }
  // A run that never started (a bad suite, a missing key) has nothing to look at: close at once.
  if (failure && store.getState().phase === 'waiting') instance.unmount();
  await instance.waitUntilExit();
  for (const [stream, line] of printed) io[stream](line);
  if (failure) throw failure.error;
  return code;
}
