import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/providers/sim/index.js';
import { makeWorkspace } from '../helpers/workspace.js';
import { JournalTail, lanebarChild, openStarts, parseJournal, simulatorFor, sleep, waitFor } from './harness.js';

/*
 * Ctrl-C on `lanebar run` as a child process. The simulator (in this process, no latency) holds
 * the first four requests, the four in flight at once, for a scripted time before their first byte:
 * they are the calls in flight when SIGINT arrives.
 */

const CASES = 24;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setUp(holdMs: number) {
  const ws = await makeWorkspace({ cases: CASES, concurrency: 4 });
  sim = await simulatorFor([ws.suite], ws.simModels, 0);
  sim.scriptFaults('sim-t', Array.from({ length: 4 }, () => ({ kind: 'slow_first_byte' as const, ms: holdMs })));
  const reports = join(ws.dir, 'reports');
  return { ws, reports, journal: join(reports, 'c', 'run.jsonl'), common: ['--sim-models', ws.simModels, '--reports', reports, '--sim-url', sim.url] };
}

describe('Ctrl-C', () => {
  it('once: the calls in flight finish within the grace period, the summary is partial, the resume command is printed', async () => {
    const { ws, reports, journal, common } = await setUp(1000);
    const child = lanebarChild(['run', ws.suite, '--run-id', 'c', '--grace-ms', '20000', ...common], ws.dir);
    const tail = new JournalTail(journal);
    expect(await waitFor(tail, child, () => tail.count('attempt_started') === 4)).toBe(true);
    const sentAt = Date.now();
    child.process.kill('SIGINT');
    const exit = await child.exited;
    // Bounded by the grace period, not by a guess at how fast the machine is.
    expect(Date.now() - sentAt).toBeLessThan(20_000);
    expect(exit.code).toBe(130);
    expect(child.stderr()).toContain('stopping: letting 4 sample(s) in flight finish; press Ctrl-C again to stop at once');
    expect(child.stdout()).toContain(`Resume with: lanebar run --resume c --reports ${reports} --sim-url ${sim!.url}\n`);

    const j = parseJournal(journal);
    expect(j.badLines).toEqual([]);
    expect(openStarts(j)).toEqual([]);
    // The four calls in flight were let finish: answered, graded, nothing cut.
    expect(j.attempts).toHaveLength(4);
    expect(j.attempts.every((a) => a.ok)).toBe(true);
    expect(j.cases.map((c) => c.case_id).sort()).toEqual(j.starts.map((s) => s.case_id).sort());
    expect(j.records.at(-1)).toMatchObject({ type: 'run_end', status: 'interrupted' });
    const summary = JSON.parse(readFileSync(join(reports, 'c', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'partial' });
    expect(summary.rows[0].completed).toBe(4);
    expect(readFileSync(join(reports, 'c', 'summary.md'), 'utf8')).toContain('status: **partial** (resume with `lanebar run --resume c`)');

    const resumed = lanebarChild(['run', '--resume', 'c', ...common], ws.dir);
    expect((await resumed.exited).code, resumed.stderr()).toBe(0);
    const done = parseJournal(journal);
    expect(new Set(done.cases.map((c) => c.case_id)).size).toBe(CASES);
    expect(done.cases).toHaveLength(CASES);
    expect(sim!.ledger()).toHaveLength(CASES);
  });

  it('twice: exits at once, the calls cut are journalled, the journal stays consistent and resumable', async () => {
    const { ws, reports, journal, common } = await setUp(30_000);
    const child = lanebarChild(['run', ws.suite, '--run-id', 'c', '--grace-ms', '60000', ...common], ws.dir);
    const tail = new JournalTail(journal);
    expect(await waitFor(tail, child, () => tail.count('attempt_started') === 4)).toBe(true);
    child.process.kill('SIGINT');
    while (!child.stderr().includes('stopping:')) await sleep(5);
    const sentAt = Date.now();
    child.process.kill('SIGINT');
    const exit = await child.exited;
    // Far sooner than the held calls (30 s) or the grace period (60 s) would allow.
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(exit.code).toBe(130);

    const j = parseJournal(journal);
    expect(j.badLines).toEqual([]);
    // Every call started is closed by an attempt record: cut by the user, journalled, no result.
    expect(openStarts(j)).toEqual([]);
    expect(j.attempts).toHaveLength(4);
    for (const a of j.attempts) expect(a).toMatchObject({ ok: false, error_class: 'interrupted', error_message: 'stopped by user' });
    expect(j.cases).toEqual([]);
    expect(j.records.at(-1)).toMatchObject({ type: 'run_end', status: 'interrupted' });
    expect(JSON.parse(readFileSync(join(reports, 'c', 'summary.json'), 'utf8')).status).toBe('partial');
    expect(child.stdout()).toContain('Resume with: lanebar run --resume c');

    const resumed = lanebarChild(['run', '--resume', 'c', ...common], ws.dir);
    expect((await resumed.exited).code, resumed.stderr()).toBe(0);
    const done = parseJournal(journal);
    expect(done.cases).toHaveLength(CASES);
    expect(new Set(done.cases.map((c) => c.case_id)).size).toBe(CASES);
    // The cut calls keep their numbers; the resume's calls for those samples come after them.
    for (const c of done.cases.filter((x) => j.attempts.some((a) => a.case_id === x.case_id))) {
      expect(done.attempts.filter((a) => a.case_id === c.case_id).map((a) => a.attempt)).toEqual([1, 2]);
    }
  });
});
