import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/providers/sim/index.js';
import { attemptCost } from '../../src/core/cost.js';
import { makeWorkspace } from '../helpers/workspace.js';
import type { AttemptStarted } from '../../src/schema/journal.js';
import { billedUsage } from '../helpers/ledger.js';
import { attemptKey, JournalTail, lanebarChild, openStarts, parseJournal, reconcile, seeded, simulatorFor, waitFor } from './harness.js';

/*
 * `lanebar run` as a child process, SIGKILLed at ten seeded moments (after a random number of
 * calls were sent), resumed after each, then let finish. The simulator lives in this process, so
 * its ledger holds every request any of the children sent, including those cut by a kill.
 */

const CASES = 240;
const KILLS = 10;
const SEED = 13;

let sim: Simulator | undefined;
afterAll(async () => sim?.close());

describe('SIGKILL at ten seeded moments, resumed after each', () => {
  it('loses no case, pays twice only for calls in flight at a kill, and books those', { timeout: 120_000 }, async () => {
    const ws = await makeWorkspace({ cases: CASES, concurrency: 4 });
    sim = await simulatorFor([ws.suite], ws.simModels, 1);
    const reports = join(ws.dir, 'reports');
    const journal = join(reports, 'k', 'run.jsonl');
    const random = seeded(SEED);
    const common = ['--sim-models', ws.simModels, '--reports', reports, '--sim-url', sim.url];

    const inFlightAtKills: AttemptStarted[] = [];
    let torn: { line: number; text: string } | null = null;
    for (let kill = 0; kill < KILLS; kill++) {
      const args = kill === 0 ? ['run', ws.suite, '--run-id', 'k', ...common] : ['run', '--resume', 'k', ...common];
      const child = lanebarChild(args, ws.dir);
      const tail = new JournalTail(journal);
      tail.poll();
      const startsBefore = tail.count('attempt_started');
      const after = 1 + Math.floor(random() * 20);
      const reached = await waitFor(tail, child, () => tail.count('attempt_started') >= startsBefore + after);
      child.process.kill('SIGKILL');
      const exit = await child.exited;
      expect(reached, `kill ${kill}: the run never sent ${after} calls; stderr: ${child.stderr()}`).toBe(true);
      expect(exit.signal).toBe('SIGKILL');
      if (kill > 0) expect(child.stderr()).toContain('resuming run k');
      if (torn) {
        // The torn line left by the previous "kill" was reported with its line number, and skipped.
        expect(child.stderr()).toContain(`run.jsonl:${torn.line}: torn or corrupt line ignored`);
      }
      const parsed = parseJournal(journal);
      inFlightAtKills.push(...openStarts(parsed));

      if (kill === 4) {
        // A kill in the middle of a write leaves a line without its end: the start of a case record.
        const lines = readFileSync(journal, 'utf8').split('\n').length;
        const done = new Set(parsed.cases.map((c) => c.case_id));
        const pending = Array.from({ length: CASES }, (_, i) => `t${i + 1}`).find((id) => !done.has(id))!;
        const text = JSON.stringify({ type: 'case', suite: 'triage', candidate: 'mini', case_id: pending, repeat: 0, status: 'graded', pass: true }).slice(0, 70);
        appendFileSync(journal, text);
        torn = { line: lines, text };
      }
    }

    const last = lanebarChild(['run', '--resume', 'k', ...common], ws.dir);
    const exit = await last.exited;
    expect(last.stderr()).not.toContain('internal error');
    expect(exit.code, last.stderr()).toBe(0);
    expect(last.stderr()).toContain(`run.jsonl:${torn!.line}: torn or corrupt line ignored`);

    const j = parseJournal(journal);
    // Every case has exactly one final result.
    const results = j.cases.map((c) => c.case_id);
    expect(results).toHaveLength(CASES);
    expect(new Set(results).size).toBe(CASES);
    // The torn line is the only line that is not a record, and the next record began on a fresh line.
    expect(j.badLines).toEqual([torn!.line]);
    expect(readFileSync(journal, 'utf8').split('\n')[torn!.line - 1]).toBe(torn!.text);
    // Every started call ended in an attempt record: the in-flight ones as interrupted, by the resume.
    expect(openStarts(j)).toEqual([]);
    const interrupted = j.attempts.filter((a) => a.interrupted);
    expect(interrupted.map(attemptKey).sort()).toEqual(inFlightAtKills.map(attemptKey).sort());
    expect(inFlightAtKills.length).toBeGreaterThan(0);
    for (const a of interrupted) expect(a).toMatchObject({ ok: false, error_class: 'interrupted', usage_reported: false, http_status: null });

    const ledger = sim.ledger();
    const r = reconcile(j, ledger, () => 'sim-t');
    // Nothing the simulator billed is missing from the journal.
    expect(r.ledgerOnly).toEqual([]);
    // A journal attempt the simulator never saw can only be a call killed on its way out.
    for (const a of r.journalOnly) expect(a.interrupted).toBe(true);
    const price = j.records.find((x) => x.type === 'run_start')!.suites[0]!.candidates[0]!.price;
    let paidTwice = 0;
    for (const { attempt, entry } of r.pairs) {
      if (attempt.interrupted) {
        paidTwice += 1;
        // Billed by the written rule: the input, exactly as the simulator counted it; output unknown.
        expect(attempt.usage.uncached_input).toBe(entry.billed.prompt_tokens);
        expect(attempt.cost_usd).toBeGreaterThan(0);
      } else {
        expect(attempt.usage).toEqual(billedUsage(entry));
        expect(attempt.cost_usd).toBe(attemptCost(billedUsage(entry), price).total_usd);
      }
    }
    // A sample the simulator answered more than once either retried (each attempt journalled) or had
    // a call in flight at a kill: beyond its finished attempts, it was paid only for those.
    const finished = j.attempts.filter((a) => !a.interrupted);
    const count = (xs: { case_id: string | null }[]) => xs.reduce((m, x) => m.set(x.case_id!, (m.get(x.case_id!) ?? 0) + 1), new Map<string, number>());
    const answered = count(ledger);
    const sent = count(finished);
    const paidForKilled = count(r.pairs.filter((p) => p.attempt.interrupted).map((p) => p.attempt));
    for (const [caseId, n] of answered) {
      const detail = j.attempts.filter((a) => a.case_id === caseId).map((a) => `${a.attempt}:${a.error_class ?? 'ok'}`).join(' ');
      expect(n, `${caseId}: ${detail}`).toBe((sent.get(caseId) ?? 0) + (paidForKilled.get(caseId) ?? 0));
    }
    expect(ledger.length).toBe(finished.length + paidTwice);
    expect(paidTwice).toBeGreaterThan(0);

    // They are in the cost the reports show.
    const summary = JSON.parse(readFileSync(join(reports, 'k', 'summary.json'), 'utf8'));
    const total = j.attempts.reduce((s, a) => s + a.cost_usd, 0);
    expect(summary.status).toBe('complete');
    expect(summary.rows[0].completed).toBe(CASES);
    expect(summary.rows[0].attempts).toBe(j.attempts.length);
    expect(Math.abs(summary.rows[0].cost.total_usd - total)).toBeLessThan(1e-12);
    expect(summary.journal_warnings.some((w: string) => w.includes(`run.jsonl:${torn!.line}: torn or corrupt line ignored`))).toBe(true);
  });
});
