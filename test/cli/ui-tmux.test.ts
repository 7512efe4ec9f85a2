import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmuxPerTest } from '../helpers/tmux.js';
import { makeWorkspace } from '../helpers/workspace.js';

/** The real binary in a real terminal (100×30 here): see test/helpers/tmux.ts. */
const { start, waitFor, keys } = tmuxPerTest('ui-e2e');

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
