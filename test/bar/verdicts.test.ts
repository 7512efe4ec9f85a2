import { describe, expect, it } from 'vitest';
import type { CandidateVerdict } from '../../src/schema/bar.js';
import { decide, laneJournal, passing, type LaneSpec } from './journal.js';

/** The verdict of the only candidate of a hand-made lane. */
function verdict(spec: Omit<LaneSpec, 'candidates'> & { candidate: Omit<LaneSpec['candidates'][number], 'id'> }): CandidateVerdict {
  const bar = decide(laneJournal({ ...spec, candidates: [{ id: 'only', ...spec.candidate }] }));
  return bar.lanes[0]!.candidates[0]!;
}

const kinds = (v: CandidateVerdict) => v.refusals.map((r) => r.kind);

describe('a candidate is admitted', () => {
  it('when every check passes, with no refusal', () => {
    // 95/100: Wilson lower bound 0.888 >= 0.80; p95s 100ms/200ms within 800/1500; $0.1/95 per accepted <= $0.01.
    const v = verdict({ cases: 100, candidate: { passes: passing(100, 95) } });
    expect(v.verdict).toBe('admitted');
    expect(v.refusals).toEqual([]);
    expect(v.evidence).toMatchObject({ completed: 100, passed: 95, first_token_p95_ms: 100, completion_p95_ms: 200 });
    expect(v.evidence.cost_per_accepted_usd).toBeCloseTo(0.1 / 95, 12);
  });
});

describe('a candidate is refused', () => {
  it('on quality when the Wilson lower bound, not the point estimate, is under the bar', () => {
    // 80/100 is exactly the 0.80 bar observed, but its Wilson lower bound is 0.711.
    const v = verdict({ cases: 100, candidate: { passes: passing(100, 80) } });
    expect(kinds(v)).toEqual(['quality']);
    const r = v.refusals[0]!;
    expect(r).toMatchObject({ kind: 'quality', passed: 80, completed: 100, pass_rate: 0.8, min_pass_rate: 0.8, cases_needed_all_pass: null, cases_needed_at_observed_rate: null });
    if (r.kind === 'quality') expect(r.pass_ci_low).toBeCloseTo(0.7112, 3);
  });

  it('on quality with the cases needed when the suite is too small ever to clear the bar', () => {
    // 10/10 passing: lower bound 10/(10 + 3.8415) = 0.722 < 0.80. n/(n + z^2) >= 0.8 needs n >= 15.37: 16 cases.
    const v = verdict({ cases: 10, candidate: { passes: passing(10, 10) } });
    expect(v.refusals).toEqual([
      expect.objectContaining({ kind: 'quality', passed: 10, completed: 10, cases_needed_all_pass: 16, cases_needed_at_observed_rate: 16 }),
    ]);
  });

  it('on first-token p95 over the budget', () => {
    const v = verdict({ cases: 100, candidate: { passes: passing(100, 95), ttftMs: 900, completionMs: 1000 } });
    expect(v.refusals).toEqual([{ kind: 'first_token_p95', p95_ms: 900, budget_ms: 800 }]);
  });

  it('on completion p95 over the budget', () => {
    const v = verdict({ cases: 100, candidate: { passes: passing(100, 95), completionMs: 1501 } });
    expect(v.refusals).toEqual([{ kind: 'completion_p95', p95_ms: 1501, budget_ms: 1500 }]);
  });

  it('on cost per accepted outcome over the target, failed samples\' spend included', () => {
    // $0.01 a sample, 95 accepted of 100: $1.00 / 95 = $0.010526 > $0.01.
    const v = verdict({ cases: 100, candidate: { passes: passing(100, 95), costUsd: 0.01 } });
    expect(kinds(v)).toEqual(['cost']);
    const r = v.refusals[0]!;
    expect(r.kind === 'cost' && r.per_accepted_usd).toBeCloseTo(1 / 95, 12);
    expect(r).toMatchObject({ target_usd: 0.01 });
  });

  it('on cost when nothing passed: there is no cost per accepted outcome to meet the target', () => {
    const v = verdict({ cases: 50, candidate: { passes: passing(50, 0) } });
    expect(kinds(v)).toEqual(['quality', 'cost']);
    expect(v.refusals[1]).toEqual({ kind: 'cost', per_accepted_usd: null, target_usd: 0.01 });
  });

  it('on errors above the allowed share, whatever it passed (default 5%)', () => {
    const errored = [0, 1, 2, 3, 4, 5]; // 6 of 200 = 3%: allowed
    expect(verdict({ cases: 200, candidate: { passes: passing(200, 200), errored } }).verdict).toBe('admitted');
    const many = Array.from({ length: 11 }, (_, i) => i); // 11 of 200 = 5.5% > 5%
    const v = verdict({ cases: 200, candidate: { passes: passing(200, 200), errored: many } });
    // 189/200 still clears the quality bar: the error share alone refuses it.
    expect(v.refusals).toEqual([{ kind: 'errors', errored: 11, completed: 200, error_rate: 0.055, max_error_rate: 0.05 }]);
  });

  it('on errors against the lane\'s own max_error_rate, and not at exactly the limit', () => {
    const errored = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]; // 10 of 200 = 5%
    expect(verdict({ cases: 200, candidate: { passes: passing(200, 200), errored } }).verdict).toBe('admitted');
    const v = verdict({ cases: 200, budget: { max_error_rate: 0.01 }, candidate: { passes: passing(200, 200), errored } });
    expect(v.refusals).toEqual([expect.objectContaining({ kind: 'errors', max_error_rate: 0.01 })]);
  });

  it('when the run is partial, however good the figures', () => {
    const bar = decide(laneJournal({ cases: 100, complete: false, candidates: [{ id: 'a', passes: passing(100, 99) }] }));
    expect(bar.run_status).toBe('partial');
    expect(bar.lanes[0]!.candidates[0]!.refusals).toEqual([{ kind: 'incomplete', completed: 100, samples: 100, run_status: 'partial' }]);
    expect(bar.lanes[0]!.authorization).toBeNull();
  });

  it('when it did not finish its samples, with every other reason still listed', () => {
    // 40 of 100 samples finished, at 35 passing: incomplete and, at n = 40, quality too.
    const bar = decide(laneJournal({ cases: 100, complete: false, candidates: [{ id: 'a', passes: passing(40, 35) }] }));
    const v = bar.lanes[0]!.candidates[0]!;
    expect(kinds(v)).toEqual(['incomplete', 'quality']);
    expect(v.refusals[0]).toEqual({ kind: 'incomplete', completed: 40, samples: 100, run_status: 'partial' });
  });

  it('with every reason at once, each with its figures', () => {
    const v = verdict({ cases: 20, candidate: { passes: passing(20, 10), errored: [19, 18], ttftMs: 2000, completionMs: 3000, costUsd: 0.5 } });
    expect(kinds(v)).toEqual(['quality', 'first_token_p95', 'completion_p95', 'cost', 'errors']);
  });
});
