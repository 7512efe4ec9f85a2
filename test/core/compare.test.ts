import { describe, expect, it } from 'vitest';
import { compareRuns, pairSamples, rulesFor, type CompareInput } from '../../src/core/compare.js';
import type { PairTable } from '../../src/core/mcnemar.js';
import type { CompareRulesPatch } from '../../src/schema/compare.js';
import type { Summary, SummaryRow } from '../../src/schema/summary.js';
import { runStart } from '../helpers/fixtures.js';

const BUDGET = { first_token_p95_ms: 800, completion_p95_ms: 1500, cost_per_accepted_usd: 0.001, min_pass_rate: 0.8 };

function row(over: { passed?: number; completed?: number; perAccepted?: number | null; ft?: number | null; done?: number | null; candidate?: string; ciLow?: number } = {}): SummaryRow {
  const completed = over.completed ?? 100;
  const passed = over.passed ?? 90;
  return {
    suite: 'triage',
    lane: 'ticket-triage',
    candidate: over.candidate ?? 'mini',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    served_by: 'gpt-4.1-mini',
    simulated: false,
    samples: completed,
    completed,
    passed,
    errored: 0,
    pass_rate: passed / completed,
    pass_ci: { low: over.ciLow ?? 0.5, high: 1 },
    error_rate: 0,
    attempts: completed,
    failed_attempts: 0,
    retry_rate: 0,
    latency_ms: { first_token: { n: completed, p50: 100, p95: over.ft === undefined ? 500 : over.ft, p99: 700 }, completion: { n: completed, p50: 200, p95: over.done === undefined ? 1000 : over.done, p99: 1200 } },
    tokens: { uncached_input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0 },
    cache_hit_rate: 0.5,
    cost: { raw_usd: 1, total_usd: 1, failed_attempts_usd: 0, per_task_usd: 0.01, per_accepted_usd: over.perAccepted === undefined ? 0.0005 : over.perAccepted },
  };
}

function summary(runId: string, rows: SummaryRow[], compare?: CompareRulesPatch): Summary {
  const { graders: _g, candidates: _c, ...suite } = runStart(100).suites[0]!;
  return {
    schema: 'lanebar.summary/1',
    run_id: runId,
    status: 'complete',
    started_at: '2026-11-23T12:00:00.000Z',
    generated_at: '2026-11-23T12:00:00.000Z',
    lanebar_version: '0.0.0',
    simulated: false,
    percentile_method: 'nearest-rank',
    price_sheet: { path: 'p', date: '2026-11-23', hash: 'h' },
    suites: [{ ...suite, lane: { ...suite.lane, budget: BUDGET }, ...(compare ? { compare: rulesFor('ticket-triage', { suites: [] } as unknown as Summary, { rules: compare }) } : {}) }],
    rows,
    journal_warnings: [],
  };
}

const table = (onlyFirst: number, onlySecond: number, both = 80, neither = 0): PairTable => ({ pairs: onlyFirst + onlySecond + both + neither, both, onlyFirst, onlySecond, neither });

function compare(base: SummaryRow, cur: SummaryRow, pairs: PairTable = table(0, 0, 90, 10), extra: Partial<CompareInput> = {}) {
  const c = compareRuns({ baseline: summary('base', [base]), current: summary('cur', [cur]), pairs: () => pairs, ...extra });
  return { c, check: (rule: string, metric?: string) => c.rows[0]!.checks.find((x) => x.rule === rule && (!metric || ('metric' in x && x.metric === metric)))! };
}

describe('compare rules', () => {
  it('pass rate: a drop is broken only when McNemar says it is significant (10 pass→fail, 2 fail→pass: p = 158/4096)', () => {
    const { c, check } = compare(row({ passed: 90 }), row({ passed: 82 }), table(10, 2));
    const pass = check('pass_rate');
    expect(pass.outcome).toBe('broken');
    if (pass.rule !== 'pass_rate') throw new Error('unreachable');
    expect(pass.p_value).toBeCloseTo(158 / 4096, 12);
    expect(c.broken).toBe(1);
  });

  it('pass rate: the same drop in pass rate on fewer discordant pairs is not significant', () => {
    // 8 pass→fail, 0 fail→pass would be p = 2/256 = 0.0078; 5 vs 1 is p = 14/64 = 0.219.
    const { check } = compare(row({ passed: 90 }), row({ passed: 86 }), table(5, 1));
    expect(check('pass_rate').outcome).toBe('ok');
  });

  it('pass rate: a significant improvement never breaks the rule', () => {
    const { check } = compare(row({ passed: 80 }), row({ passed: 92 }), table(1, 13));
    expect(check('pass_rate').outcome).toBe('ok');
  });

  it('pass rate: skipped when the runs share no sample', () => {
    const { check } = compare(row(), row(), table(0, 0, 0, 0));
    expect(check('pass_rate').outcome).toBe('skipped');
  });

  it('cost per accepted outcome: +10% is allowed by default, +10.1% is not', () => {
    expect(compare(row({ perAccepted: 0.001 }), row({ perAccepted: 0.0011 })).check('cost_per_accepted').outcome).toBe('ok');
    const { check } = compare(row({ perAccepted: 0.001 }), row({ perAccepted: 0.001101 }));
    const cost = check('cost_per_accepted');
    expect(cost.outcome).toBe('broken');
    if (cost.rule !== 'cost_per_accepted') throw new Error('unreachable');
    expect(cost.change).toBeCloseTo(0.101, 9);
  });

  it('cost per accepted outcome: nothing accepted now is broken; nothing accepted before is skipped', () => {
    expect(compare(row(), row({ passed: 0, perAccepted: null })).check('cost_per_accepted').outcome).toBe('broken');
    expect(compare(row({ passed: 0, perAccepted: null }), row()).check('cost_per_accepted').outcome).toBe('skipped');
  });

  it('latency: a p95 newly over the lane budget breaks; one already over in the baseline warns', () => {
    const newly = compare(row({ ft: 700 }), row({ ft: 801 }));
    expect(newly.check('latency_budget', 'first_token').outcome).toBe('broken');
    expect(newly.check('latency_budget', 'completion').outcome).toBe('ok');
    const already = compare(row({ done: 1600 }), row({ done: 1700 }));
    expect(already.check('latency_budget', 'completion').outcome).toBe('warn');
    expect(already.c.broken).toBe(0);
  });

  it("authorization: a model the eval bar admitted in the baseline may not be refused now, and every refusal is named", () => {
    const admitted = row({ ciLow: 0.85 });
    expect(compare(admitted, row({ ciLow: 0.85 })).check('authorization').outcome).toBe('ok');
    const lost = compare(admitted, row({ ciLow: 0.85, ft: 900, perAccepted: 0.0012 })).check('authorization');
    expect(lost.outcome).toBe('broken');
    if (lost.rule !== 'authorization') throw new Error('unreachable');
    expect(lost.refusals.map((r) => r.kind)).toEqual(['first_token_p95', 'cost']);
    // Never admitted (Wilson lower bound 0.5 < 0.8): nothing to lose.
    expect(compare(row(), row({ ft: 900 })).check('authorization').outcome).toBe('skipped');
  });

  it('authorization: an admitted model missing from the current run has lost it', () => {
    const c = compareRuns({ baseline: summary('b', [row({ ciLow: 0.9, candidate: 'old' })]), current: summary('c', [row({ candidate: 'new' })]), pairs: () => table(0, 0, 0) });
    const old = c.rows.find((r) => r.candidate === 'old')!;
    expect(old.checks.map((x) => [x.rule, x.outcome])).toEqual([['authorization', 'broken']]);
    expect(c.broken).toBe(1);
  });

  it("rules come from the current run's suite block, then a CI config for all lanes, then for the lane", () => {
    const base = summary('base', [row({ perAccepted: 0.001 })]);
    const cur = summary('cur', [row({ perAccepted: 0.0013 })], { cost_per_accepted: { max_increase: 0.5 }, pass_rate: false });
    const pairs = () => table(10, 0);
    const fromSuite = compareRuns({ baseline: base, current: cur, pairs });
    expect(fromSuite.rows[0]!.checks.map((c) => c.rule)).not.toContain('pass_rate');
    expect(fromSuite.broken).toBe(0);
    const strictLane = compareRuns({ baseline: base, current: cur, pairs, overrides: { rules: { cost_per_accepted: { max_increase: 1 } }, lanes: { 'ticket-triage': { cost_per_accepted: { max_increase: 0.2 } } } } });
    expect(strictLane.broken).toBe(1);
  });

  it('new and removed candidates are listed with a warning, not judged', () => {
    const c = compareRuns({ baseline: summary('b', [row({ candidate: 'old' })]), current: summary('c', [row({ candidate: 'new' })]), pairs: () => table(0, 0, 0) });
    expect(c.rows.map((r) => [r.candidate, r.checks.map((x) => x.outcome)])).toEqual([
      ['new', []],
      ['old', ['skipped']],
    ]);
    expect(c.warnings.join('\n')).toMatch(/new is new[\s\S]*old is in the baseline only/);
  });

  it('pairs samples on (case, repeat) both runs finished', () => {
    const base = new Map([
      ['a\u00000', true],
      ['b\u00000', true],
      ['c\u00000', false],
      ['d\u00000', true],
    ]);
    const cur = new Map([
      ['a\u00000', true],
      ['b\u00000', false],
      ['c\u00000', true],
      ['e\u00000', false],
    ]);
    expect(pairSamples(base, cur)).toEqual({ pairs: 3, both: 1, onlyFirst: 1, onlySecond: 1, neither: 0 });
  });
});
