import { describe, expect, it } from 'vitest';
import { attemptCost } from '../../src/core/cost.js';
import { INTERRUPTED_MESSAGE, interruptedAttempt } from '../../src/core/interrupted.js';
import { summarize } from '../../src/core/summarize.js';
import { JournalRecord, type AttemptStarted } from '../../src/schema/journal.js';
import { attempt, caseResult, MINI_PRICE, runStart, usage } from '../helpers/fixtures.js';

const start = (caseId: string, n: number, tokens = 1000): AttemptStarted => ({
  type: 'attempt_started',
  suite: 'triage',
  candidate: 'mini',
  case_id: caseId,
  repeat: 0,
  attempt: n,
  started_at: '2026-11-23T12:00:01.000Z',
  waited_ms: 0,
  input_tokens_estimate: tokens,
});

describe('calls in flight when lanebar was killed', () => {
  it('are booked by the written rule: estimated input at the uncached price, output unknown', () => {
    const a = interruptedAttempt(start('t1', 2, 1500), MINI_PRICE);
    expect(a).toMatchObject({ type: 'attempt', case_id: 't1', attempt: 2, ok: false, error_class: 'interrupted', usage_reported: false, interrupted: true });
    expect(a.usage).toEqual(usage({ uncached_input: 1500 }));
    // 1,500 tokens at $0.40 per million.
    expect(a.cost_usd).toBeCloseTo(0.0006, 12);
    expect(a.error_message).toBe(INTERRUPTED_MESSAGE);
    expect(a.error_message).toContain('output tokens unknown');
    expect(JournalRecord.parse(a)).toEqual(a);
  });

  it("count in a killed run's summary before any resume, and only once after it", () => {
    const ok = attempt('t1', 1, true, usage({ uncached_input: 1000, output: 2 }), attemptCost(usage({ uncached_input: 1000, output: 2 }), MINI_PRICE).total_usd);
    const killed = [runStart(3), start('t1', 1), ok, caseResult('t1', true, 1, ok.cost_usd), start('t2', 1, 2000), start('t3', 1, 500)];
    const before = summarize(killed, 'now').rows[0]!;
    expect(before.attempts).toBe(3);
    expect(before.failed_attempts).toBe(2);
    expect(before.cost.total_usd).toBeCloseTo(ok.cost_usd + (2000 + 500) * 0.4e-6, 15);
    expect(before.completed).toBe(1);

    // The resume writes the interrupted records; the starts are then closed and counted once.
    const resumed = [...killed, interruptedAttempt(start('t2', 1, 2000), MINI_PRICE), interruptedAttempt(start('t3', 1, 500), MINI_PRICE)];
    const after = summarize(resumed, 'now').rows[0]!;
    expect(after.attempts).toBe(3);
    expect(after.cost.total_usd).toBeCloseTo(before.cost.total_usd, 15);
  });

  it('a journal written before attempt_started existed reads as it did', () => {
    const old = [runStart(1), attempt('t1', 1, true, usage({ uncached_input: 10 }), 0.000004), caseResult('t1', true, 1, 0.000004)];
    for (const r of old) expect(JournalRecord.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
    const row = summarize(old, 'now').rows[0]!;
    expect(row.attempts).toBe(1);
    expect(row.cost.total_usd).toBe(0.000004);
  });
});
