import type { CandidateVerdict, Evidence, Refusal } from '../schema/bar.js';
import type { SummaryRow } from '../schema/summary.js';
import type { LaneBudget } from '../schema/suite.js';
import { casesNeededAllPass, casesNeededAtRate } from './sample-size.js';

export type ResolvedBudget = Required<LaneBudget>;

export function evidenceOf(r: SummaryRow): Evidence {
  return {
    samples: r.samples,
    completed: r.completed,
    passed: r.passed,
    errored: r.errored,
    pass_rate: r.pass_rate,
    pass_ci: r.pass_ci,
    error_rate: r.error_rate,
    first_token_p95_ms: r.latency_ms.first_token.p95,
    completion_p95_ms: r.latency_ms.completion.p95,
    cost_per_accepted_usd: r.cost.per_accepted_usd,
    cost_per_task_usd: r.cost.per_task_usd,
    total_usd: r.cost.total_usd,
  };
}

/**
 * Every reason one candidate may not serve its lane; none means admitted. Each check is made
 * whatever the others say, so a refused candidate shows everything it would have to fix.
 */
export function refusals(r: SummaryRow, budget: ResolvedBudget, runStatus: 'complete' | 'partial'): Refusal[] {
  const out: Refusal[] = [];
  if (runStatus !== 'complete' || r.completed < r.samples) {
    out.push({ kind: 'incomplete', completed: r.completed, samples: r.samples, run_status: runStatus });
  }
  // The lower bound, not the point estimate: 19 of 20 is 95% observed but could be 76% in truth.
  if (r.pass_ci.low < budget.min_pass_rate || r.completed === 0) {
    const allPass = casesNeededAllPass(budget.min_pass_rate);
    out.push({
      kind: 'quality',
      passed: r.passed,
      completed: r.completed,
      pass_rate: r.pass_rate,
      pass_ci_low: r.pass_ci.low,
      min_pass_rate: budget.min_pass_rate,
      cases_needed_all_pass: allPass === null || allPass > r.completed ? allPass : null,
      cases_needed_at_observed_rate: r.pass_rate === null ? null : casesNeededAtRate(r.pass_rate, budget.min_pass_rate),
    });
  }
  const ft = r.latency_ms.first_token.p95;
  if (ft === null || ft > budget.first_token_p95_ms) out.push({ kind: 'first_token_p95', p95_ms: ft, budget_ms: budget.first_token_p95_ms });
  const done = r.latency_ms.completion.p95;
  if (done === null || done > budget.completion_p95_ms) out.push({ kind: 'completion_p95', p95_ms: done, budget_ms: budget.completion_p95_ms });
  const cost = r.cost.per_accepted_usd;
  if (cost === null || cost > budget.cost_per_accepted_usd) out.push({ kind: 'cost', per_accepted_usd: cost, target_usd: budget.cost_per_accepted_usd });
  if (r.error_rate !== null && r.error_rate > budget.max_error_rate) {
    out.push({ kind: 'errors', errored: r.errored, completed: r.completed, error_rate: r.error_rate, max_error_rate: budget.max_error_rate });
  }
  return out;
}

export function verdictOf(r: SummaryRow, budget: ResolvedBudget, runStatus: 'complete' | 'partial', price: CandidateVerdict['price']): CandidateVerdict {
  const why = refusals(r, budget, runStatus);
  return {
    candidate: r.candidate,
    provider: r.provider,
    model: r.model,
    served_by: r.served_by,
    simulated: r.simulated,
    verdict: why.length === 0 ? 'admitted' : 'refused',
    refusals: why,
    evidence: evidenceOf(r),
    price,
  };
}
