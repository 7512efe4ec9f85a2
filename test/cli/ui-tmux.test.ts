import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newestSheet } from '../../src/load/prices.js';
import { makeWorkspace } from '../helpers/workspace.js';

/**
 * The real binary in a real terminal: tmux gives it a 100×30 pty, keys are sent with send-keys and
 * the screen read with capture-pane. Every wait polls the screen with a deadline.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
/** A tmux server of each test's own: a server being killed after one test never meets the next. */
let socket = '';
let servers = 0;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

beforeEach(() => {
  servers += 1;
  socket = `lanebar-ui-e2e-${process.pid}-${servers}`;
});
afterEach(() => {
  tmux('kill-server');
});

/** Starts `lanebar <args>` in its own tmux session; the shell then prints its exit status and waits. */
function start(session: string, cwd: string, args: string[]): void {
  const prices = ['--prices', newestSheet(ROOT), '--overrides', join(ROOT, 'prices', 'overrides.yaml')];
  // CI unset: the UI is what is tested here, whatever runs the tests.
  const command = `env -u CI -u CONTINUOUS_INTEGRATION OPENAI_API_KEY= TERM=xterm-256color ${[process.execPath, CLI, ...args, ...prices].map(q).join(' ')}; echo "[exit $?]"; sleep 600`;
  const r = tmux('new-session', '-d', '-x', '100', '-y', '30', '-s', session, '-c', cwd, command);
  expect(r.status, r.stderr).toBe(0);
}

/** The screen as text; -J joins lines the terminal wrapped, so long lines read whole. */
const screen = (session: string) => tmux('capture-pane', '-p', '-J', '-t', session).stdout;

async function waitFor(session: string, ok: (s: string) => boolean, what: string, ms = 30_000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    last = screen(session);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the screen never showed ${what}; it shows:\n${last}`);
}

const keys = (session: string, ...k: string[]) => expect(tmux('send-keys', '-t', session, ...k).status).toBe(0);

const cases = (journal: string) =>
  readFileSync(journal, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"case"'))
    .map((l) => JSON.parse(l) as { case_id: string; repeat: number });

describe('the terminal UI, driven in tmux', () => {
  it('runs live, drills into a failure, quits mid-run with q and says how to resume; the resume completes', async () => {
    const total = 300;
    const ws = await makeWorkspace({ cases: total, concurrency: 2, accuracy: 0.7 });
    const sim = ['--sim-models', ws.simModels];
    start('run', ws.dir, ['run', ws.suite, ...sim, '--run-id', 'e2e', '--sim-latency-scale', '5']);

    const live = await waitFor('run', (s) => /· running · (\d{2,})\/300 samples/.test(s) && s.includes('▸ mini'), 'the live run with some samples done');
    expect(live).toContain('lanebar · run e2e · running');
    expect(live).toMatch(/candidate\s+progress\s+n\s+pass \(95% CI\)\s+FT p95\s+done p95\s+spend\s+project\s+retry\s+err\s+latency/);
    expect(live).toContain('ticket-triage [interactive] budget: FT p95 ≤800ms · done p95 ≤1.50s · pass ≥80%');
    expect(live).toMatch(/concurrency 2/);

    keys('run', 'Enter');
    const failure = await waitFor('run', (s) => /case t\d+ · graded/.test(s) && /input {5}subject: Ticket number \d+/.test(s), 'a failed case with its input');
    expect(failure).toMatch(/ticket-triage · mini \(sim-t, simulated\) · \d+ failed of \d+ done/);
    expect(failure).toMatch(/expected {2}label: (billing|bug|account|other)/);
    expect(failure).toMatch(/output {4}(billing|bug|account|other)/);
    expect(failure).toMatch(/graders {3}✗ label: /);
    expect(failure).toMatch(/tokens {4}\d+ in \(\d+ from cache\) · \d+ out/);
    expect(failure).toMatch(/· FT \d+ms · done \d+ms · cost \$/);

    keys('run', 'Escape');
    await waitFor('run', (s) => s.includes('Enter failures'), 'the table again');
    keys('run', 'q');
    const after = await waitFor('run', (s) => s.includes('[exit '), 'lanebar exiting');
    expect(after).toContain('[exit 130]');
    expect(after).toContain('run interrupted; finished samples are kept. Resume with: lanebar run --resume e2e');

    const journal = join(ws.dir, 'reports', 'e2e', 'run.jsonl');
    const before = cases(journal).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(total);

    start('resume', ws.dir, ['run', '--resume', 'e2e', ...sim, '--sim-latency-scale', '0']);
    const done = await waitFor('resume', (s) => s.includes('· complete ·'), 'the resumed run complete');
    expect(done).toMatch(/▸ mini\s+█+\s+300\/300/);
    expect(done).toContain('300/300 samples (100%)');
    keys('resume', 'b');
    await waitFor('resume', (s) => s.includes('Compute it with: lanebar bar e2e'), 'the bar view saying no bar was computed');
    keys('resume', 'q');
    expect(await waitFor('resume', (s) => s.includes('[exit '), 'lanebar exiting')).toContain('[exit 0]');

    const all = cases(journal);
    expect(new Set(all.map((c) => `${c.case_id}#${c.repeat}`)).size).toBe(total);
    expect(all).toHaveLength(total);
    const summary = JSON.parse(readFileSync(join(ws.dir, 'reports', 'e2e', 'summary.json'), 'utf8'));
    expect(summary.status).toBe('complete');
  }, 120_000);

  it('ui --run opens the finished run from its reports', async () => {
    const ws = await makeWorkspace({ cases: 20, accuracy: 0.6 });
    start('plain', ws.dir, ['run', ws.suite, '--sim-models', ws.simModels, '--run-id', 'done', '--sim-latency-scale', '0', '--no-ui']);
    expect(await waitFor('plain', (s) => s.includes('[exit '), 'the plain run ending')).toContain('[exit 0]');
    start('view', ws.dir, ['ui', '--run', 'done']);
    const view = await waitFor('view', (s) => s.includes('▸ mini'), 'the finished run');
    expect(view).toMatch(/lanebar · run done · complete · 20\/20 samples \(100%\) · \d+s from run_start to run_end \(journal\)/);
    keys('view', 'Enter');
    await waitFor('view', (s) => /input {5}subject: Ticket number/.test(s), 'a failure with its input');
    keys('view', 'q');
    expect(await waitFor('view', (s) => s.includes('[exit '), 'the UI closing')).toContain('[exit 0]');
  }, 60_000);
});
