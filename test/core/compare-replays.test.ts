import { describe, expect, it } from 'vitest';
import { mergeRules, type RuleCheck } from '../../src/core/compare.js';
import { ALL_LANES, compareReplays, type ReplayCompareInput, type ReplayPairs } from '../../src/core/compare-replays.js';
import type { AlarmResult, Replay } from '../../src/schema/replay-result.js';
import type { LaneBudget } from '../../src/schema/suite.js';
import { replayFixture } from '../report/replay-fixture.js';

const LANE = 'ticket-triage';

/** The fixture replay with its gate's figures changed. */
function replay(id: string, gate: { accepted?: number; perTask?: number; escalation?: number; ftP95?: number; estimated?: number } = {}, alarms: AlarmResult[] | null = null): Replay {
  const r = structuredClone(replayFixture('x'));
  r.replay_id = id;
  const g = r.lanes[0]!.gate;
  if (gate.accepted !== undefined) {
    g.accepted_rate = gate.accepted;
    g.accepted = gate.accepted * g.requests;
  }
  if (gate.perTask !== undefined) g.cost.per_task_usd = gate.perTask;
  g.cost.per_accepted_usd = g.cost.per_task_usd! / g.accepted_rate!;
  if (gate.escalation !== undefined) g.escalation_rate = gate.escalation;
  if (gate.ftP95 !== undefined) g.latency_ms.first_token.p95 = gate.ftP95;
  if (gate.estimated !== undefined) g.estimated.outcome_share = gate.estimated;
  r.overall.gate = structuredClone(g);
  if (alarms) {
    r.budget = {
      file: 'budgets/b.yaml',
      feature: 'f',
      example: true,
      lanes: [LANE],
      totals: { ...structuredClone(g), latency_ms: null },
      alarms,
      firing: alarms.filter((a) => a.fires).map((a) => a.alarm),
      economics: null,
      pressure: null,
    };
  }
  return r;
}

const alarm = (name: AlarmResult['alarm'], value: number, threshold: number, fires: boolean): AlarmResult => ({
  alarm: name,
  threshold,
  owner: 'Ann',
  value,
  fires,
  first_day: fires ? '2026-11-01' : null,
  estimated_share: 0,
});

const table = (onlyFirst: number, onlySecond: number, concordant = 1000): ReplayPairs['table'] => ({
  pairs: onlyFirst + onlySecond + concordant,
  both: concordant,
  onlyFirst,
  onlySecond,
  neither: 0,
});

const BUDGET: LaneBudget = { min_pass_rate: 0.8, first_token_p95_ms: 500, completion_p95_ms: 2000, cost_per_accepted_usd: 0.01 };

function input(baseline: Replay, current: Replay, over: Partial<ReplayCompareInput> = {}): ReplayCompareInput {
  return {
    baseline,
    current,
    pairs: () => ({ table: table(0, 0), estimated: 0 }),
    unpaired: null,
    budget: () => BUDGET,
    rules: (lane) => mergeRules(lane, undefined),
    ...over,
  };
}

const laneChecks = (c: ReturnType<typeof compareReplays>, lane = LANE) => c.rows.find((r) => r.lane === lane)!.checks;
const check = <R extends RuleCheck['rule']>(checks: RuleCheck[], rule: R) => checks.find((c) => c.rule === rule) as Extract<RuleCheck, { rule: R }> | undefined;

describe('compareReplays', () => {
  it('breaks the quality rule on a significant paired drop of accepted requests, not on a bare difference', () => {
    const base = replay('a', { accepted: 0.9 });
    const cur = replay('b', { accepted: 0.88 });
    const significant = compareReplays(input(base, cur, { pairs: () => ({ table: table(40, 10), estimated: 0 }) }));
    const q = check(laneChecks(significant), 'pass_rate')!;
    expect(q.outcome).toBe('broken');
    expect(q.paired_on).toBe('requests');
    expect(q.p_value).toBeLessThan(0.05);
    expect(significant.broken).toBe(1);
    // The same drop in the headline figures, but the paired requests disagree only a little: no evidence.
    const noise = compareReplays(input(base, cur, { pairs: () => ({ table: table(12, 8), estimated: 0 }) }));
    expect(check(laneChecks(noise), 'pass_rate')!.outcome).toBe('ok');
    expect(noise.broken).toBe(0);
  });

  it('skips the quality rule with the reason when requests cannot be paired, and names estimated requests left out', () => {
    const base = replay('a');
    const unpaired = compareReplays(input(base, replay('b'), { pairs: () => null, unpaired: 'replay a has no per-request outcomes' }));
    expect(check(laneChecks(unpaired), 'pass_rate')).toMatchObject({ outcome: 'skipped', note: 'replay a has no per-request outcomes' });
    const differentLogs = compareReplays(input(base, replay('b'), { pairs: () => ({ table: table(0, 0, 0), estimated: 0 }) }));
    expect(check(laneChecks(differentLogs), 'pass_rate')!.note).toMatch(/no request is in both replays/);
    const onlyEstimated = compareReplays(input(base, replay('b'), { pairs: () => ({ table: table(0, 0, 0), estimated: 30 }) }));
    expect(check(laneChecks(onlyEstimated), 'pass_rate')!.note).toMatch(/30 requests both replays share have estimated outcomes only/);
    const some = compareReplays(input(base, replay('b'), { pairs: () => ({ table: table(1, 1), estimated: 7 }) }));
    expect(check(laneChecks(some), 'pass_rate')).toMatchObject({ outcome: 'ok', note: '7 shared requests with an estimated outcome left out of the test' });
  });

  it("breaks on the cost per accepted outcome rising past the allowance, using the gate path's figures", () => {
    const base = replay('a', { accepted: 0.9, perTask: 0.001 });
    const within = compareReplays(input(base, replay('b', { accepted: 0.9, perTask: 0.00109 })));
    expect(check(laneChecks(within), 'cost_per_accepted')!.outcome).toBe('ok');
    const over = compareReplays(input(base, replay('b', { accepted: 0.9, perTask: 0.00112 })));
    const c = check(laneChecks(over), 'cost_per_accepted')!;
    expect(c.outcome).toBe('broken');
    expect(c.change).toBeCloseTo(0.12, 9);
  });

  it("checks p95 against the lane's budget when one is known, and not otherwise", () => {
    const base = replay('a', { ftP95: 450 });
    const over = compareReplays(input(base, replay('b', { ftP95: 650 })));
    expect(laneChecks(over).filter((c) => c.rule === 'latency_budget').map((c) => c.outcome)).toEqual(['broken', 'ok']);
    const noBudget = compareReplays(input(base, replay('b', { ftP95: 650 }), { budget: () => null }));
    expect(laneChecks(noBudget).some((c) => c.rule === 'latency_budget')).toBe(false);
  });

  it('breaks when a quiet budget alarm fires now, warns when it already fired, and cannot tell without a baseline budget', () => {
    const quiet = [alarm('escalation_rate', 0.2, 0.25, false), alarm('per_task_cost', 0.0004, 0.0005, false)];
    const firing = [alarm('escalation_rate', 0.3, 0.25, true), alarm('per_task_cost', 0.0004, 0.0005, false)];
    const newly = compareReplays(input(replay('a', {}, quiet), replay('b', {}, firing)));
    const all = laneChecks(newly, ALL_LANES);
    expect(all.map((c) => [c.rule === 'budget_alarm' && c.alarm, c.outcome])).toEqual([
      ['escalation_rate', 'broken'],
      ['per_task_cost', 'ok'],
    ]);
    expect(newly.broken).toBe(1);
    const already = compareReplays(input(replay('a', {}, firing), replay('b', {}, firing)));
    expect(laneChecks(already, ALL_LANES)[0]).toMatchObject({ outcome: 'warn', baseline_fires: true, current_fires: true });
    expect(already.broken).toBe(0);
    const noBaselineBudget = compareReplays(input(replay('a'), replay('b', {}, firing)));
    expect(laneChecks(noBaselineBudget, ALL_LANES)[0]).toMatchObject({ outcome: 'skipped', baseline_fires: null });
    const off = compareReplays(input(replay('a', {}, quiet), replay('b', {}, firing), { rules: (lane) => mergeRules(lane, undefined, { rules: { budget_alarms: false } }) }));
    expect(laneChecks(off, ALL_LANES)).toEqual([]);
  });

  it('shows the escalation rate of each gate, and warns about what makes the figures less comparable', () => {
    const base = replay('a', { escalation: 0.3 });
    const cur = replay('b', { escalation: 0.2 });
    cur.inputs.log.requests = 9_000;
    cur.inputs.price_sheet.hash = 'cd'.repeat(32);
    cur.lanes.push({ ...structuredClone(cur.lanes[0]!), lane: 'support-reply' });
    const c = compareReplays(input(base, cur));
    expect(c.kind).toBe('replays');
    const row = c.rows.find((r) => r.lane === LANE)!;
    expect([row.baseline?.escalation_rate, row.current?.escalation_rate]).toEqual([0.3, 0.2]);
    expect(row.model).toBe('gpt-4.1-nano → gpt-4.1 (cascade)');
    expect(c.warnings.join('\n')).toMatch(/simulated data/);
    expect(c.warnings.join('\n')).toMatch(/different logs: logs\/traffic\.csv \(10000 requests.*→ logs\/traffic\.csv \(9000 requests/);
    expect(c.warnings.join('\n')).toMatch(/price sheets differ/);
    expect(c.warnings.join('\n')).toMatch(/estimated from eval runs in ticket-triage, support-reply/);
    expect(c.warnings).toContain('support-reply is new: nothing to compare it with');
    expect(c.rows.find((r) => r.lane === 'support-reply')!.checks).toEqual([]);
  });
});
