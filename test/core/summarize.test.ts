import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/summarize.js';
import { attempt, caseResult, runStart, usage } from '../helpers/fixtures.js';

/*
 * A hand-worked invoice at gpt-4.1-mini list prices ($0.40 / $0.10 cached / $1.60 output per M):
 *   c1  attempt 1 ok       1,000 uncached + 3,000 cached + 100 out = 0.00040 + 0.00030 + 0.00016 = 0.00086   pass
 *   c2  attempt 1 429      nothing served                                                   = 0
 *       attempt 2 ok       4,000 uncached + 50 out                   = 0.00160 + 0.00008           = 0.00168   fail
 *   c3  attempt 1 cut      4,000 uncached + 20 out (billed when cut) = 0.00160 + 0.000032          = 0.001632
 *       attempt 2 ok       1,000 uncached + 3,000 cached + 100 out                                 = 0.00086   pass
 * total 0.005032; accepted 2 -> 0.002516 per accepted outcome; 3 tasks -> 0.0016773 per task.
 * raw (no cache): c1 and c3's second attempt at 4,000 x 0.40 + 100 x 1.60 = 0.00176 each -> 0.006832.
 * cache hit rate: 6,000 cached of 16,000 input tokens = 0.375.
 */
const journal = [
  runStart(3),
  attempt('c1', 1, true, usage({ uncached_input: 1000, cache_read: 3000, output: 100 }), 0.00086, [100, 400]),
  caseResult('c1', true, 1, 0.00086),
  attempt('c2', 1, false, usage({}), 0),
  attempt('c2', 2, true, usage({ uncached_input: 4000, output: 50 }), 0.00168, [200, 500]),
  caseResult('c2', false, 2, 0.00168),
  attempt('c3', 1, false, usage({ uncached_input: 4000, output: 20 }), 0.001632),
  attempt('c3', 2, true, usage({ uncached_input: 1000, cache_read: 3000, output: 100 }), 0.00086, [300, 600]),
  caseResult('c3', true, 2, 0.002492),
  { type: 'run_end' as const, at: '2026-11-23T12:01:00.000Z', status: 'complete' as const },
];

describe('summarize', () => {
  const s = summarize(journal, '2026-11-23T12:02:00.000Z');
  const row = s.rows[0]!;

  it('prices every attempt, failures and retries included', () => {
    expect(row.cost.total_usd).toBeCloseTo(0.005032, 12);
    expect(row.cost.failed_attempts_usd).toBeCloseTo(0.001632, 12);
    expect(row.cost.per_accepted_usd).toBeCloseTo(0.002516, 12);
    expect(row.cost.per_task_usd).toBeCloseTo(0.005032 / 3, 12);
    expect(row.cost.raw_usd).toBeCloseTo(0.006832, 12);
  });

  it('counts quality, retries and cache hits', () => {
    expect(row).toMatchObject({ samples: 3, completed: 3, passed: 2, errored: 0, attempts: 5, failed_attempts: 2 });
    expect(row.pass_rate).toBeCloseTo(2 / 3, 12);
    expect(row.retry_rate).toBeCloseTo(2 / 3, 12);
    expect(row.cache_hit_rate).toBeCloseTo(0.375, 12);
    expect(row.tokens).toEqual(usage({ uncached_input: 10000, cache_read: 6000, output: 270 }));
  });

  it('takes latency percentiles over successful attempts only', () => {
    expect(row.latency_ms.first_token).toEqual({ n: 3, p50: 200, p95: 300, p99: 300 });
    expect(row.latency_ms.completion).toEqual({ n: 3, p50: 500, p95: 600, p99: 600 });
  });

  it('is complete only when every sample has a result and the run ended', () => {
    expect(s.status).toBe('complete');
    expect(summarize(journal.slice(0, -1), 'x').status).toBe('partial');
    expect(summarize([runStart(4), ...journal.slice(1)], 'x').status).toBe('partial');
  });

  it('ignores a duplicate result but keeps its attempts in the cost', () => {
    const dup = summarize([...journal.slice(0, -1), caseResult('c1', false, 1, 0), journal.at(-1)!], 'x');
    expect(dup.rows[0]!.passed).toBe(2);
    expect(dup.journal_warnings[0]).toMatch(/duplicate result/);
  });

  it('has no cost per accepted outcome when nothing passed', () => {
    const none = summarize([runStart(1), attempt('c1', 1, true, usage({ uncached_input: 10 }), 0.000004, [1, 2]), caseResult('c1', false, 1, 0.000004)], 'x');
    expect(none.rows[0]!.cost.per_accepted_usd).toBeNull();
    expect(none.rows[0]!.pass_ci.low).toBe(0);
  });
});
