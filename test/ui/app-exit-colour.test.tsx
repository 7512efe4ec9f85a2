import { render as inkRender } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/app.js';
import { ReplayApp } from '../../src/ui/replay/replay-app.js';
import { initialState } from '../../src/ui/state.js';
import { createUiStore } from '../../src/ui/store.js';
import { journal } from './fixtures.js';
import { fakeTerminal, settle } from './harness.js';
import { viewReplay } from './replay-fixtures.js';

// Colour is decided when chalk loads: forced here, before any import runs, to see what a terminal gets.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

afterEach(() => cleanup());

const services = () => ({ stop: vi.fn(), loadInputs: vi.fn(async () => ({ ok: false as const, reason: 'none' })), loadBar: vi.fn(async () => ({ state: 'missing' as const })) });
const finishedStore = () => {
  const store = createUiStore(initialState('live', 0));
  for (const record of journal(12)) store.dispatch({ type: 'history', record });
  store.dispatch({ type: 'run_finished', status: 'complete', reportDir: '/tmp/r' });
  return store;
};

describe('colour', () => {
  it('a p95 over the lane budget is red; one within it is not', async () => {
    const r = render(<App store={finishedStore()} services={services()} resumeCommand={() => null} size={{ columns: 100, rows: 30 }} />);
    let frame = '';
    for (let i = 0; i < 100 && !frame.includes('big'); i++) {
      await new Promise((res) => setTimeout(res, 10));
      frame = r.lastFrame() ?? '';
    }
    const line = (name: string) => frame.split('\n').find((l) => l.includes(name) && l.includes('12/12'))!;
    // big: completion p95 2.21s against a 1.5 s budget, first token 988ms against 800ms.
    expect(line(' big ')).toMatch(/\u001b\[31m\s*2\.21s/);
    expect(line(' big ')).toMatch(/\u001b\[31m\s*988ms/);
    expect(line('mini')).toContain('936ms');
    expect(line('mini')).not.toMatch(/\u001b\[31m\s*936ms/);
    expect(line('mini')).toContain('936ms');
  });
});

describe('colour in the replay view', () => {
  it('a firing alarm says FIRES in red, a quiet one is green; the recommended threshold is green', async () => {
    const r = render(<ReplayApp replay={viewReplay()} size={{ columns: 100, rows: 30 }} />);
    let frame = '';
    for (let i = 0; i < 100 && !frame.includes('cache hit rate'); i++) {
      await new Promise((res) => setTimeout(res, 10));
      frame = r.lastFrame() ?? '';
    }
    const line = (name: string) => frame.split('\n').find((l) => l.includes(name))!;
    expect(line('per-task cost')).toMatch(/\u001b\[31m(\u001b\[1m)?FIRES/);
    expect(line('escalation rate')).toMatch(/\u001b\[31m(\u001b\[1m)?FIRES/);
    expect(line('cache hit rate')).toMatch(/\u001b\[32mquiet/);
    expect(line('cache hit rate')).not.toMatch(/\u001b\[31m/);
    expect(line('◆ recommend')).toMatch(/\u001b\[32m90\.1% ≥ bar 90\.0%/);
    // The owner's own escape sequences never reach the terminal: only lanebar's colours do.
    expect(frame).not.toContain('\u001b[2J');
    expect(line('escalation rate')).toMatch(/Bo Example/);
  });
});

/** Ink's own render, to see the app exit. */
function mountForExit(store = finishedStore(), svc = services()) {
  const term = fakeTerminal();
  const instance = inkRender(<App store={store} services={svc} resumeCommand={() => null} size={{ columns: 100, rows: 30 }} />, {
    stdout: term.stdout,
    stdin: term.stdin,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let exited = false;
  void instance.waitUntilExit().then(() => (exited = true));
  return { instance, press: term.press, exited: () => exited, svc };
}

describe('quitting', () => {
  it('q on a finished run closes the UI without asking the runner anything', async () => {
    const m = mountForExit();
    await new Promise((res) => setTimeout(res, 20));
    m.press('q');
    await settle(m.exited);
    expect(m.exited()).toBe(true);
    expect(m.svc.stop).not.toHaveBeenCalled();
  });

  it('q mid-run does not close the UI at once: it closes when the runner reports the run finished', async () => {
    const store = createUiStore(initialState('live', 0));
    const records = journal(12, 3);
    store.dispatch({ type: 'run_started', start: records[0] as never, resumed: false, samplesTotal: 36, samplesDone: 0, reportDir: '/tmp/r', concurrency: 2 });
    const m = mountForExit(store);
    await new Promise((res) => setTimeout(res, 20));
    m.press('q');
    await settle(() => m.svc.stop.mock.calls.length > 0);
    expect(m.svc.stop).toHaveBeenCalledTimes(1);
    await new Promise((res) => setTimeout(res, 150));
    expect(m.exited()).toBe(false);
    store.dispatch({ type: 'run_finished', status: 'interrupted', reportDir: '/tmp/r' });
    await settle(m.exited);
    expect(m.exited()).toBe(true);
  });
});
