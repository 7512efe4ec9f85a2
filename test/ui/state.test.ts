import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/core/stats.js';
import { summarize } from '../../src/core/summarize.js';
import type { RunEvent } from '../../src/run/events.js';
import type { JournalRecord } from '../../src/schema/journal.js';
import { headerFigures, rowFigures } from '../../src/ui/figures.js';
import { LatencyLog } from '../../src/ui/latency-log.js';
import { FAILURES_KEPT, OUTPUT_KEPT } from '../../src/ui/rows.js';
import { initialState, inputKey, reduce, type UiAction, type UiState } from '../../src/ui/state.js';
import { journal, sample, twoLaneStart } from './fixtures.js';

const fold = (actions: readonly UiAction[], s: UiState = initialState('live', 0)): UiState => actions.reduce(reduce, s);
const history = (records: readonly JournalRecord[]): UiAction[] => records.map((record) => ({ type: 'history', record }));
/** The live events the runner would send for the same journal. */
const live = (records: readonly JournalRecord[], concurrency = 4): RunEvent[] =>
  records.flatMap((r): RunEvent[] => {
    if (r.type === 'run_start') return [{ type: 'run_started', start: r, resumed: false, samplesTotal: 9, samplesDone: 0, reportDir: '/r/ui-run', concurrency }];
    if (r.type === 'attempt') return [{ type: 'attempt', record: r }];
    if (r.type === 'case') return [{ type: 'case', record: r }];
    return [];
  });

describe('the UI reducer', () => {
  it('starts one row per lane × candidate from the run manifest', () => {
    const s = fold(live(journal(3, 0)));
    expect(s.rows.map((r) => `${r.lane.id}/${r.candidate}:${r.samples}`)).toEqual(['ticket-triage/mini:3', 'ticket-triage/big:3', 'report-drafting/mini:3']);
    expect(s.phase).toBe('running');
    expect(s.concurrency).toBe(4);
    expect(s.runId).toBe('ui-run');
  });

  it('live figures are the summary figures: same pass interval, p95s, spend, errors and retries', () => {
    const records = journal(40);
    const s = fold(live(records));
    const summary = summarize(records, 'now');
    s.rows.forEach((row, i) => {
      const f = rowFigures(s, row);
      const sr = summary.rows[i]!;
      expect([row.suite, row.candidate]).toEqual([sr.suite, sr.candidate]);
      expect(f.done).toBe(sr.completed);
      expect(f.passRate).toBe(sr.pass_rate);
      expect(f.ci).toEqual(sr.pass_ci);
      expect(f.ftP95).toBe(sr.latency_ms.first_token.p95);
      expect(f.doneP95).toBe(sr.latency_ms.completion.p95);
      expect(f.spendUsd).toBeCloseTo(sr.cost.total_usd, 12);
      expect(f.errors).toBe(sr.errored);
      expect(f.retries).toBe(Math.round((sr.retry_rate ?? 0) * sr.completed));
    });
  });

  it('once the summary arrives its figures are shown, whatever was folded live', () => {
    const records = journal(8);
    const summary = summarize(records, 'now');
    summary.rows[0]!.passed = 1;
    summary.rows[0]!.pass_ci = { low: 0.01, high: 0.5 };
    const s = fold([...live(records), { type: 'summary', summary }]);
    const f = rowFigures(s, s.rows[0]!);
    expect(f.passRate).toBe(1 / 8);
    expect(f.ci).toEqual({ low: 0.01, high: 0.5 });
  });

  it('projects spend to every sample of the row, and says when the total is only a lower bound', () => {
    const start = twoLaneStart(10);
    const s = fold(live([start, ...sample({ suite: 'triage', candidate: 'mini', id: 't1', pass: true, cost: 0.002 })]));
    const figures = s.rows.map((r) => rowFigures(s, r));
    expect(figures[0]!.projectedUsd).toBeCloseTo(0.02, 12);
    expect(figures[1]!.projectedUsd).toBeNull();
    const h = headerFigures(s, figures);
    expect(h.projectedUsd).toBeCloseTo(0.02, 12);
    expect(h.lowerBound).toBe(true);
  });

  it('keeps each failure with its grader reasons and the tokens of all its attempts, retries included', () => {
    const start = twoLaneStart(10);
    const s = fold(live([start, ...sample({ suite: 'triage', candidate: 'mini', id: 't4', pass: false, retries: 2, output: 'billing' })]));
    const row = s.rows[0]!;
    expect(row.failed).toBe(1);
    expect(row.retries).toBe(2);
    const f = row.failures[0]!;
    expect(f.caseId).toBe('t4');
    expect(f.grades.map((g) => `${g.grader}:${g.pass}`)).toEqual(['label:false', 'length:true']);
    expect(f.tokens).toEqual({ uncached_input: 120, cache_read: 900, cache_write_5m: 0, cache_write_1h: 0, output: 5, reasoning: 0 });
    expect(f.attempts).toBe(3);
    expect(s.open.size).toBe(0);
  });

  it('keeps the first FAILURES_KEPT failures and counts the rest; long outputs are cut', () => {
    const start = twoLaneStart(FAILURES_KEPT + 5);
    const records: JournalRecord[] = [start];
    for (let i = 0; i < FAILURES_KEPT + 5; i++) records.push(...sample({ suite: 'triage', candidate: 'mini', id: `c${i}`, pass: false, output: 'x'.repeat(OUTPUT_KEPT + 10) }));
    const row = fold(live(records)).rows[0]!;
    expect(row.failed).toBe(FAILURES_KEPT + 5);
    expect(row.failures).toHaveLength(FAILURES_KEPT);
    expect(row.failures[0]!.output).toHaveLength(OUTPUT_KEPT);
    expect(row.failures[0]!.outputChars).toBe(OUTPUT_KEPT + 10);
  });

  it('an errored case is a failure with its error', () => {
    const s = fold(live([twoLaneStart(2), ...sample({ suite: 'drafting', candidate: 'mini', id: 'd1', pass: false, errored: true })]));
    const row = s.rows[2]!;
    expect(row.errored).toBe(1);
    expect(row.failures[0]!).toMatchObject({ status: 'errored', errorClass: 'rate_limited', errorMessage: 'rate limited after 3 attempts' });
    expect(row.completion.n).toBe(0);
  });

  it('goes running → stopping → finished, and remembers that the user asked to stop', () => {
    let s = fold([{ type: 'clock', now: 1000 }, ...live(journal(5, 1))]);
    expect(s.startedAt).toBe(1000);
    s = reduce(s, { type: 'stop_requested' });
    expect(s.phase).toBe('stopping');
    s = reduce(s, { type: 'stopping', inFlight: 3, graceMs: 0 });
    expect(s.inFlightAtStop).toBe(3);
    s = fold([{ type: 'clock', now: 4000 }, { type: 'run_finished', status: 'interrupted', reportDir: '/r/ui-run' }], s);
    expect(s).toMatchObject({ phase: 'finished', status: 'interrupted', stopRequested: true, finishedAt: 4000 });
    expect(headerFigures(s, []).elapsedMs).toBe(3000);
  });

  it('a stop asked while suites are still being checked holds when the run starts', () => {
    const s = fold([{ type: 'stop_requested' }, ...live(journal(5, 0))]);
    expect(s.phase).toBe('stopping');
  });

  it('ETA counts only this session: a resumed run keeps the rows folded from its journal', () => {
    const records = journal(10, 4);
    let s = fold(history(records));
    expect(s.rows[0]!.completed).toBe(4);
    s = fold(
      [
        { type: 'clock', now: 10_000 },
        { type: 'run_started', start: records[0] as never, resumed: true, samplesTotal: 30, samplesDone: 12, reportDir: '/r/ui-run', concurrency: 2 },
        ...live(journal(10).slice(records.length, records.length + 9)).filter((e) => e.type !== 'run_started'),
        { type: 'clock', now: 13_000 },
      ],
      s,
    );
    expect(s.rows[0]!.completed).toBe(5);
    expect(s.samplesDone).toBe(15);
    // 3 samples in 3 s this session, 15 to go: 15 s.
    expect(headerFigures(s, s.rows.map((r) => rowFigures(s, r))).etaMs).toBe(15_000);
  });

  it('reads a journal back: status from run_end, none when a resume was never ended', () => {
    const records = journal(3);
    expect(fold(history(records), initialState('journal', 0))).toMatchObject({ phase: 'finished', status: 'complete', samplesDone: 9, samplesTotal: 9 });
    const killed = fold(history([...records, { type: 'run_resume', at: 'x', lanebar_version: '0', samples_done: 9 }]), initialState('journal', 0));
    expect(killed.status).toBeNull();
    expect(headerFigures(fold(history(records), initialState('journal', 0)), []).elapsedMs).toBe(42_000);
  });

  describe('keys', () => {
    const s0 = fold(history(journal(12)));

    it('move the selection within the rows, and within the failures once open', () => {
      expect(fold([{ type: 'move', delta: 1 }, { type: 'move', delta: 1 }, { type: 'move', delta: 1 }], s0).selected).toBe(2);
      expect(reduce(s0, { type: 'move', delta: -1 }).selected).toBe(0);
      const open = fold([{ type: 'move', delta: 1 }, { type: 'open_failures' }], s0);
      expect(open.view).toBe('failures');
      const failures = open.rows[1]!.failures.length;
      expect(fold(Array.from({ length: 20 }, () => ({ type: 'move', delta: 1 }) as const), open).failureSelected).toBe(failures - 1);
      expect(fold(Array.from({ length: 20 }, () => ({ type: 'move', delta: 1 }) as const), open).selected).toBe(1);
    });

    it('in the bar view, moving scrolls within the limit the app gives, and b starts at the top', () => {
      const s = fold([{ type: 'show_bar' }, ...Array.from({ length: 9 }, () => ({ type: 'move', delta: 1, limit: 5 }) as const)], s0);
      expect(s.barScroll).toBe(5);
      expect(s.selected).toBe(0);
      expect(reduce(s, { type: 'move', delta: -1, limit: 5 }).barScroll).toBe(4);
      expect(fold([{ type: 'back' }, { type: 'show_bar' }], s).barScroll).toBe(0);
    });

    it('Esc goes back to the table; a bar found missing is looked for again next time', () => {
      const s = fold([{ type: 'show_bar' }, { type: 'bar_loaded', bar: { state: 'missing' } }, { type: 'back' }], s0);
      expect(s.view).toBe('table');
      expect(s.bar.state).toBe('idle');
    });

    it('records the inputs of failed cases as they are found, and why when they cannot be', () => {
      const s = fold(
        [
          { type: 'inputs_requested', suite: 'triage', caseIds: ['t4', 't8'] },
          { type: 'inputs_loaded', suite: 'triage', caseIds: ['t4', 't8'], result: { ok: true, cases: new Map([['t4', { input: [['subject', 'hi']], expected: [['label', 'bug']] }]]) } },
          { type: 'inputs_loaded', suite: 'drafting', caseIds: ['t4'], result: { ok: false, reason: 'dataset changed' } },
        ],
        s0,
      );
      expect(s.inputs.get(inputKey('triage', 't4'))).toEqual({ state: 'ok', inputs: { input: [['subject', 'hi']], expected: [['label', 'bug']] } });
      expect(s.inputs.get(inputKey('triage', 't8'))).toEqual({ state: 'unavailable', reason: 'case id not found in the dataset' });
      expect(s.inputs.get(inputKey('drafting', 't4'))).toEqual({ state: 'unavailable', reason: 'dataset changed' });
    });
  });
});

describe('LatencyLog', () => {
  it('is persistent: appending to an older version never changes a newer one', () => {
    const a = LatencyLog.of([5, 1, 3]);
    const b = a.add(10);
    const c = a.add(0);
    expect(b.sorted()).toEqual([1, 3, 5, 10]);
    expect(c.sorted()).toEqual([0, 1, 3, 5]);
    expect(a.sorted()).toEqual([1, 3, 5]);
    expect([a.max, b.max, c.max]).toEqual([5, 10, 5]);
  });

  it('gives the nearest-rank percentile of core/stats', () => {
    const values = Array.from({ length: 97 }, (_, i) => (i * 7919) % 1000);
    const log = LatencyLog.of(values);
    const sorted = [...values].sort((x, y) => x - y);
    for (const p of [50, 95, 99]) expect(log.percentile(p)).toBe(percentile(sorted, p));
    expect(LatencyLog.empty().percentile(95)).toBeNull();
  });

  it('bins over [0, max) and puts everything beyond in the last bin', () => {
    expect(LatencyLog.of([0, 10, 24, 25, 99, 100, 5000]).histogram(100, 4)).toEqual([3, 1, 0, 3]);
  });
});
