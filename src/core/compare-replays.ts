import type { CompareRules } from '../schema/compare.js';
import type { Figures as ReplayFigures, Replay } from '../schema/replay-result.js';
import type { LaneBudget } from '../schema/suite.js';
import { costCheck, latencyCheck, passRateCheck, type Comparison, type Figures, type RowComparison, type RuleCheck } from './compare.js';
import type { PairTable } from './mcnemar.js';

/**
 * `lanebar compare` of two replays: the same rules as for runs, read off each lane's gate path.
 * Quality is tested on the requests both replays share (McNemar on their logged outcomes, as runs
 * pair their samples), cost per accepted outcome and p95 as for runs, and the Inference Budget's
 * alarms take the place of the eval bar's authorization: one that was quiet may not fire now.
 */

/** The row that carries the figures of every lane together, and the budget's alarms. */
export const ALL_LANES = '(all lanes)';

/** What the replays' per-request outcomes give for one lane (requests.parquet of each side). */
export interface ReplayPairs {
  table: PairTable;
  /** Shared requests left out because either side's outcome was estimated, not logged. */
  estimated: number;
}

export interface ReplayCompareInput {
  baseline: Replay;
  current: Replay;
  /** Paired outcomes per lane; null when a side has no per-request outcomes to pair. */
  pairs(lane: string): ReplayPairs | null;
  /** Why pairs() has nothing, for the note on the skipped rule. */
  unpaired: string | null;
  /** The lane's latency budget (from the eval run behind the current replay), when known. */
  budget(lane: string): LaneBudget | null;
  rules(lane: string): CompareRules;
}

const routes = (l: Replay['lanes'][number]) => `${l.small_model} → ${l.strong_model} (${l.mode})`;

const figures = (f: ReplayFigures, served_by: string, simulated: boolean): Figures => ({
  pass_rate: f.accepted_rate,
  passed: f.accepted,
  completed: f.requests,
  per_accepted_usd: f.cost.per_accepted_usd,
  per_task_usd: f.cost.per_task_usd,
  first_token_p95_ms: f.latency_ms.first_token.p95,
  completion_p95_ms: f.latency_ms.completion.p95,
  cache_hit_rate: f.cache_hit_rate,
  escalation_rate: f.escalation_rate,
  estimated_share: f.estimated.outcome_share,
  simulated,
  served_by,
});

function qualityCheck(alpha: number, pairs: ReplayPairs | null, unpaired: string | null, base: Figures, cur: Figures): RuleCheck {
  const empty: PairTable = { pairs: 0, both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 };
  const check = { ...passRateCheck(alpha, pairs?.table ?? empty, base, cur), paired_on: 'requests' as const };
  if (check.outcome === 'skipped') {
    const why = pairs === null ? unpaired : pairs.estimated > 0 ? `the ${pairs.estimated} requests both replays share have estimated outcomes only` : 'no request is in both replays (different logs?)';
    return { ...check, note: why };
  }
  return pairs && pairs.estimated > 0 ? { ...check, note: `${pairs.estimated} shared requests with an estimated outcome left out of the test` } : check;
}

/** Each alarm of the current replay's budget against the same alarm in the baseline replay. */
export function alarmChecks(baseline: Replay, current: Replay): RuleCheck[] {
  return (current.budget?.alarms ?? []).map((a): RuleCheck => {
    const before = baseline.budget?.alarms.find((b) => b.alarm === a.alarm) ?? null;
    const common = {
      rule: 'budget_alarm' as const,
      alarm: a.alarm,
      threshold: a.threshold,
      baseline_value: before?.value ?? null,
      current_value: a.value,
      baseline_fires: before?.fires ?? null,
      current_fires: a.fires,
    };
    if (!a.fires) return { ...common, outcome: 'ok', note: null };
    if (before === null) return { ...common, outcome: 'skipped', note: 'fires now; the baseline replay read no budget, so whether it is new is unknown' };
    if (before.fires) return { ...common, outcome: 'warn', note: 'already firing in the baseline' };
    return { ...common, outcome: 'broken', note: null };
  });
}

function laneChecks(input: ReplayCompareInput, lane: string, base: Figures | null, cur: Figures | null): RuleCheck[] {
  if (!base || !cur) return [];
  const rules = input.rules(lane);
  const out: RuleCheck[] = [];
  if (rules.pass_rate) out.push(qualityCheck(rules.pass_rate.alpha, input.pairs(lane), input.unpaired, base, cur));
  if (rules.cost_per_accepted) out.push(costCheck(rules.cost_per_accepted.max_increase, base, cur));
  const budget = input.budget(lane);
  if (rules.latency_budget && budget) {
    out.push(latencyCheck('first_token', budget.first_token_p95_ms, base, cur), latencyCheck('completion', budget.completion_p95_ms, base, cur));
  }
  return out;
}

export function compareReplays(input: ReplayCompareInput): Comparison {
  const { baseline, current } = input;
  const base = new Map(baseline.lanes.map((l) => [l.lane, l]));
  const cur = new Map(current.lanes.map((l) => [l.lane, l]));
  const lanes = [...new Set([...cur.keys(), ...base.keys()])];
  const rows = lanes.map((lane): RowComparison => {
    const b = base.get(lane);
    const c = cur.get(lane);
    const bf = b ? figures(b.gate, routes(b), baseline.simulated) : null;
    const cf = c ? figures(c.gate, routes(c), current.simulated) : null;
    return { lane, candidate: (c ?? b)!.gate_file, model: routes((c ?? b)!), baseline: bf, current: cf, checks: laneChecks(input, lane, bf, cf) };
  });
  rows.push({
    lane: ALL_LANES,
    candidate: 'gates',
    model: 'every lane replayed',
    baseline: figures(baseline.overall.gate, 'every lane', baseline.simulated),
    current: figures(current.overall.gate, 'every lane', current.simulated),
    checks: input.rules(ALL_LANES).budget_alarms ? alarmChecks(baseline, current) : [],
  });
  const warnings: string[] = [];
  if (baseline.simulated || current.simulated) warnings.push('simulated data is compared: it shows how the gate works, not how real traffic changed');
  const logs = [baseline, current].map((r) => `${r.inputs.log.path} (${r.inputs.log.requests} requests, ${r.inputs.log.first_day ?? '?'} to ${r.inputs.log.last_day ?? '?'})`);
  if (logs[0] !== logs[1]) warnings.push(`the replays read different logs: ${logs[0]} → ${logs[1]}; only requests in both are paired`);
  if (baseline.inputs.price_sheet.hash !== current.inputs.price_sheet.hash) {
    warnings.push(`the price sheets differ (${baseline.inputs.price_sheet.hash.slice(0, 12)} → ${current.inputs.price_sheet.hash.slice(0, 12)}): cost changes include price changes`);
  }
  const estimated = rows.filter((r) => r.lane !== ALL_LANES && ((r.baseline?.estimated_share ?? 0) > 0 || (r.current?.estimated_share ?? 0) > 0));
  if (estimated.length) warnings.push(`outcomes the logs lack are estimated from eval runs in ${estimated.map((r) => r.lane).join(', ')}: those figures are expected values`);
  for (const r of rows) {
    if (!r.baseline) warnings.push(`${r.lane} is new: nothing to compare it with`);
    if (!r.current) warnings.push(`${r.lane} is in the baseline only: its gate was not replayed now`);
  }
  const broken = rows.reduce((n, r) => n + r.checks.filter((c) => c.outcome === 'broken').length, 0);
  return { kind: 'replays', baseline_run: baseline.replay_id, current_run: current.replay_id, rows, warnings, broken };
}
