import type { Refusal } from '../schema/bar.js';
import type { AlarmName } from '../schema/budget.js';
import type { CompareRules, CompareRulesPatch } from '../schema/compare.js';
import { DEFAULT_COMPARE_RULES } from '../schema/compare.js';
import type { Summary, SummaryRow } from '../schema/summary.js';
import { DEFAULT_MAX_ERROR_RATE } from '../schema/suite.js';
import { refusals } from './bar-verdict.js';
import { mcnemarExactP, type PairTable } from './mcnemar.js';

/**
 * `lanebar compare` as pure functions: two runs' summaries and the paired pass/fail of their
 * samples in, per lane and candidate the changes and each rule's outcome out. Nothing here reads a
 * file or formats a number; figures stay numbers so every report shows the same ones.
 */

/** ok: held. broken: fails the gate. warn: shown, not gating. skipped: cannot apply here. */
export type Outcome = 'ok' | 'broken' | 'warn' | 'skipped';

export type RuleCheck =
  | {
      rule: 'pass_rate';
      outcome: Outcome;
      note: string | null;
      alpha: number;
      /** Runs pair (case, repeat) samples; replays pair logged requests, accepted or not. */
      paired_on: 'samples' | 'requests';
      /** First = baseline, second = current: onlyFirst passed before and fails now. */
      table: PairTable;
      p_value: number;
      baseline_rate: number | null;
      current_rate: number | null;
    }
  | {
      rule: 'cost_per_accepted';
      outcome: Outcome;
      note: string | null;
      max_increase: number;
      baseline_usd: number | null;
      current_usd: number | null;
      /** current / baseline − 1; null when either side has no accepted outcome. */
      change: number | null;
    }
  | {
      rule: 'latency_budget';
      outcome: Outcome;
      note: string | null;
      metric: 'first_token' | 'completion';
      budget_ms: number;
      baseline_p95_ms: number | null;
      current_p95_ms: number | null;
    }
  | {
      rule: 'authorization';
      outcome: Outcome;
      note: string | null;
      baseline_admitted: boolean;
      /** Why the eval bar refuses the candidate now; empty when it is admitted (or gone). */
      refusals: Refusal[];
    }
  | {
      rule: 'budget_alarm';
      outcome: Outcome;
      note: string | null;
      alarm: AlarmName;
      threshold: number;
      baseline_value: number | null;
      current_value: number | null;
      /** null when the baseline replay read no budget. */
      baseline_fires: boolean | null;
      current_fires: boolean;
    };

export interface Figures {
  pass_rate: number | null;
  passed: number;
  completed: number;
  per_accepted_usd: number | null;
  per_task_usd: number | null;
  first_token_p95_ms: number | null;
  completion_p95_ms: number | null;
  cache_hit_rate: number | null;
  /** Replays only: the share of requests the gate sent to a stronger model. */
  escalation_rate: number | null;
  /** Replays only: the share of requests whose outcome was estimated from an eval run, not logged. */
  estimated_share: number;
  simulated: boolean;
  served_by: string;
}

export interface RowComparison {
  lane: string;
  candidate: string;
  model: string;
  baseline: Figures | null;
  current: Figures | null;
  checks: RuleCheck[];
}

export interface Comparison {
  /** Two eval runs (rows: lane × candidate), or two replays of gates (rows: lane, and all lanes). */
  kind: 'runs' | 'replays';
  baseline_run: string;
  current_run: string;
  rows: RowComparison[];
  /** Things a reader must know before trusting the verdict: partial runs, simulated rows. */
  warnings: string[];
  broken: number;
}

export interface CompareInput {
  baseline: Summary;
  current: Summary;
  /** Paired pass/fail on the (case id, repeat) samples both runs finished, per lane and candidate. */
  pairs(lane: string, candidate: string): PairTable;
  /** Rules patched over the suites' own, e.g. from a CI config file. */
  overrides?: { rules?: CompareRulesPatch; lanes?: Record<string, CompareRulesPatch> };
}

export const rowKey = (lane: string, candidate: string): string => `${lane}\u0000${candidate}`;

/** The lane's rules: defaults, then the current run's suite block, then the CI config for all lanes, then for this lane. */
export function rulesFor(lane: string, current: Summary, overrides: CompareInput['overrides'] = {}): CompareRules {
  return mergeRules(lane, current.suites.find((s) => s.lane.id === lane)?.compare, overrides);
}

/** Defaults, then the suite's own compare block, then the CI config for all lanes, then for this lane. */
export function mergeRules(lane: string, suite: CompareRulesPatch | undefined, overrides: CompareInput['overrides'] = {}): CompareRules {
  return { ...DEFAULT_COMPARE_RULES, ...suite, ...overrides.rules, ...overrides.lanes?.[lane] };
}

const figures = (r: SummaryRow): Figures => ({
  pass_rate: r.pass_rate,
  passed: r.passed,
  completed: r.completed,
  per_accepted_usd: r.cost.per_accepted_usd,
  per_task_usd: r.cost.per_task_usd,
  first_token_p95_ms: r.latency_ms.first_token.p95,
  completion_p95_ms: r.latency_ms.completion.p95,
  cache_hit_rate: r.cache_hit_rate,
  escalation_rate: null,
  estimated_share: 0,
  simulated: r.simulated,
  served_by: r.served_by,
});

export function passRateCheck(alpha: number, table: PairTable, base: Figures, cur: Figures): RuleCheck {
  const p = mcnemarExactP(table.onlyFirst, table.onlySecond);
  const common = { rule: 'pass_rate' as const, alpha, paired_on: 'samples' as const, table, p_value: p, baseline_rate: base.pass_rate, current_rate: cur.pass_rate };
  if (table.pairs === 0) return { ...common, outcome: 'skipped', note: 'no (case, repeat) sample finished in both runs' };
  // Two-sided exact test, failing only in the bad direction: more pass→fail than fail→pass.
  const dropped = table.onlyFirst > table.onlySecond && p < alpha;
  return { ...common, outcome: dropped ? 'broken' : 'ok', note: null };
}

export function costCheck(maxIncrease: number, base: Figures, cur: Figures): RuleCheck {
  const b = base.per_accepted_usd;
  const c = cur.per_accepted_usd;
  const common = { rule: 'cost_per_accepted' as const, max_increase: maxIncrease, baseline_usd: b, current_usd: c };
  if (b === null || b === 0) return { ...common, change: null, outcome: 'skipped', note: 'the baseline has no priced accepted outcome' };
  if (c === null) return { ...common, change: null, outcome: 'broken', note: 'no sample passes now, so an accepted outcome has no finite cost' };
  const change = c / b - 1;
  // A rise of exactly the allowance is allowed; 1e-9 absorbs float noise (0.0011 / 0.001 − 1 > 0.1).
  return { ...common, change, outcome: change > maxIncrease + 1e-9 ? 'broken' : 'ok', note: null };
}

/**
 * A p95 over the lane's budget breaks the gate when the change put it there. A candidate that was
 * already over budget in the baseline is shown as a warning: this change did not cause it, and the
 * eval bar (not compare) decides whether such a model may serve.
 */
export function latencyCheck(metric: 'first_token' | 'completion', budgetMs: number, base: Figures | null, cur: Figures): RuleCheck {
  const pick = (f: Figures | null) => (f === null ? null : metric === 'first_token' ? f.first_token_p95_ms : f.completion_p95_ms);
  const b = pick(base);
  const c = pick(cur);
  const common = { rule: 'latency_budget' as const, metric, budget_ms: budgetMs, baseline_p95_ms: b, current_p95_ms: c };
  if (c === null) return { ...common, outcome: 'skipped', note: 'no successful attempt to measure' };
  if (c <= budgetMs) return { ...common, outcome: 'ok', note: null };
  if (b !== null && b > budgetMs) return { ...common, outcome: 'warn', note: 'already over budget in the baseline' };
  return { ...common, outcome: 'broken', note: null };
}

type Side = { summary: Summary; row: SummaryRow | undefined };

/** The eval bar's verdict on both sides, each judged against its own run's lane budget. */
export function authorizationCheck(lane: string, base: Side, cur: Side): RuleCheck | null {
  const why = (side: Side) => {
    const b = side.summary.suites.find((s) => s.lane.id === lane)?.lane.budget;
    return b && side.row ? refusals(side.row, { ...b, max_error_rate: b.max_error_rate ?? DEFAULT_MAX_ERROR_RATE }, side.summary.status) : null;
  };
  const before = why(base);
  if (before === null) return null;
  const common = { rule: 'authorization' as const, baseline_admitted: before.length === 0 };
  if (before.length > 0) return { ...common, refusals: [], outcome: 'skipped', note: 'not admitted in the baseline either' };
  if (!cur.row) return { ...common, refusals: [], outcome: 'broken', note: 'admitted in the baseline, missing from the current run' };
  const now = why(cur) ?? [];
  return { ...common, refusals: now, outcome: now.length ? 'broken' : 'ok', note: null };
}

function checksFor(rules: CompareRules, lane: string, baseline: Side, current: Side, table: PairTable): RuleCheck[] {
  const base = baseline.row ? figures(baseline.row) : null;
  const cur = current.row ? figures(current.row) : null;
  const budget = current.summary.suites.find((s) => s.lane.id === lane)?.lane.budget;
  const out: RuleCheck[] = [];
  if (base && cur) {
    if (rules.pass_rate) out.push(passRateCheck(rules.pass_rate.alpha, table, base, cur));
    if (rules.cost_per_accepted) out.push(costCheck(rules.cost_per_accepted.max_increase, base, cur));
    if (rules.latency_budget && budget) {
      out.push(latencyCheck('first_token', budget.first_token_p95_ms, base, cur), latencyCheck('completion', budget.completion_p95_ms, base, cur));
    }
  }
  const auth = rules.authorization ? authorizationCheck(lane, baseline, current) : null;
  if (auth) out.push(auth);
  return out;
}

export function compareRuns(input: CompareInput): Comparison {
  const { baseline, current } = input;
  const base = new Map(baseline.rows.map((r) => [rowKey(r.lane, r.candidate), r]));
  const cur = new Map(current.rows.map((r) => [rowKey(r.lane, r.candidate), r]));
  const keys = [...new Set([...cur.keys(), ...base.keys()])];
  const rows = keys.map((key): RowComparison => {
    const b = base.get(key);
    const c = cur.get(key);
    const any = (c ?? b)!;
    const rules = rulesFor(any.lane, current, input.overrides);
    return {
      lane: any.lane,
      candidate: any.candidate,
      model: any.model,
      baseline: b ? figures(b) : null,
      current: c ? figures(c) : null,
      checks: checksFor(rules, any.lane, { summary: baseline, row: b }, { summary: current, row: c }, input.pairs(any.lane, any.candidate)),
    };
  });
  const warnings: string[] = [];
  if (baseline.status !== 'complete') warnings.push(`baseline run ${baseline.run_id} is partial: only the samples it finished are compared`);
  if (current.status !== 'complete') warnings.push(`current run ${current.run_id} is partial: only the samples it finished are compared`);
  if (baseline.simulated || current.simulated) warnings.push('simulated rows are compared: they show how the gate works, not how a real model changed');
  for (const r of rows) {
    if (!r.baseline) warnings.push(`${r.lane} · ${r.candidate} is new: nothing to compare it with`);
    if (!r.current) warnings.push(`${r.lane} · ${r.candidate} is in the baseline only: removed from the suite, or not run`);
  }
  const broken = rows.reduce((n, r) => n + r.checks.filter((c) => c.outcome === 'broken').length, 0);
  return { kind: 'runs', baseline_run: baseline.run_id, current_run: current.run_id, rows, warnings, broken };
}

/** Pairs the samples both runs finished: each map is `case id \0 repeat` -> passed. */
export function pairSamples(baseline: ReadonlyMap<string, boolean>, current: ReadonlyMap<string, boolean>): PairTable {
  const t: PairTable = { pairs: 0, both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 };
  for (const [sample, before] of baseline) {
    const now = current.get(sample);
    if (now === undefined) continue;
    t.pairs += 1;
    if (before && now) t.both += 1;
    else if (before) t.onlyFirst += 1;
    else if (now) t.onlySecond += 1;
    else t.neither += 1;
  }
  return t;
}
