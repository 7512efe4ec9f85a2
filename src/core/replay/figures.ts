import type { Figures } from '../../schema/replay-result.js';

/**
 * The sums a replay aggregates per lane (or overall) for one traffic path, from which every
 * reported ratio is derived here, in one place. Requests that could not be resolved (no call in
 * the log, no estimate) are counted but carry no cost or outcome: ratios use the resolved ones.
 */
export interface FigureSums {
  requests: number;
  escalated: number;
  unresolved: number;
  cost: number;
  accepted: number;
  /** The log's own cost, summed over the requests where the log has it for every call paid. */
  log_cost: number;
  log_known: number;
  cache_read: number;
  input: number;
  est_outcome: number;
  est_call: number;
  latency_n: number;
  done_p50: number | null;
  done_p95: number | null;
  ttft_p50: number | null;
  ttft_p95: number | null;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const clamp01 = (x: number | null): number | null => (x === null ? null : Math.min(1, Math.max(0, x)));

export function figures(s: FigureSums, logHasCost: boolean): Figures {
  const resolved = s.requests - s.unresolved;
  return {
    requests: s.requests,
    escalated: s.escalated,
    escalation_rate: ratio(s.escalated, s.requests),
    accepted: s.accepted,
    accepted_rate: clamp01(ratio(s.accepted, resolved)),
    cost: { total_usd: s.cost, per_task_usd: ratio(s.cost, resolved), per_accepted_usd: ratio(s.cost, s.accepted) },
    log_cost: logHasCost ? { total_usd: s.log_cost, per_task_usd: ratio(s.log_cost, s.log_known), covered_share: ratio(s.log_known, s.requests) ?? 0 } : null,
    latency_ms: { completion: { p50: s.done_p50, p95: s.done_p95 }, first_token: { p50: s.ttft_p50, p95: s.ttft_p95 }, n: s.latency_n },
    cache_hit_rate: clamp01(ratio(s.cache_read, s.input)),
    estimated: { outcome_share: ratio(s.est_outcome, s.requests) ?? 0, call_share: ratio(s.est_call, s.requests) ?? 0 },
    unresolved: s.unresolved,
  };
}

const ADDITIVE = ['requests', 'escalated', 'unresolved', 'cost', 'accepted', 'log_cost', 'log_known', 'cache_read', 'input', 'est_outcome', 'est_call', 'latency_n'] as const;

/** Sums over several lanes. Percentiles do not add: they come out null. */
export function addSums(parts: readonly FigureSums[]): FigureSums {
  const total: FigureSums = { requests: 0, escalated: 0, unresolved: 0, cost: 0, accepted: 0, log_cost: 0, log_known: 0, cache_read: 0, input: 0, est_outcome: 0, est_call: 0, latency_n: 0, done_p50: null, done_p95: null, ttft_p50: null, ttft_p95: null };
  for (const p of parts) for (const k of ADDITIVE) total[k] += p[k];
  return total;
}

/** Scales what a change of volume or price scales: counts by `volume`, money by `volume × price`. */
export function scaleSums(s: FigureSums, volume: number, price: number): FigureSums {
  const out = { ...s };
  for (const k of ADDITIVE) out[k] = s[k] * volume;
  out.cost = s.cost * volume * price;
  out.log_cost = s.log_cost * volume * price;
  return out;
}
