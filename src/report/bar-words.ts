import type { LaneBar, ModelRef, PairedTest, Refusal } from '../schema/bar.js';
import { ms, pct, usd } from './format.js';

/** A model as a person should read it: a simulated stand-in can never pass for the real model. */
export const modelLabel = (m: Pick<ModelRef, 'provider' | 'model' | 'served_by' | 'simulated'>): string =>
  m.simulated ? `${m.served_by} (SIMULATED stand-in for ${m.model})` : `${m.model} (${m.provider})`;

const against = (value: number | null, limit: number, show: (x: number) => string): string =>
  value === null ? `— (budget ${show(limit)})` : `${show(value)} ${value <= limit ? '≤' : '>'} ${show(limit)}`;

export const latencyAgainst = (p95: number | null, budget: number): string => against(p95, budget, ms);
export const costAgainst = (perAccepted: number | null, target: number): string =>
  perAccepted === null ? `— (none passed; target ${usd(target)})` : against(perAccepted, target, usd);

/** One refusal in a sentence, with its figures. */
export function refusalText(r: Refusal): string {
  switch (r.kind) {
    case 'incomplete':
      return `incomplete: ${r.completed}/${r.samples} samples finished${r.run_status === 'partial' ? ' and the run is partial' : ''}; nothing is admitted from an unfinished run (resume it, then decide)`;
    case 'quality': {
      const parts = [
        r.completed === 0
          ? `quality: no sample finished (bar ${pct(r.min_pass_rate)})`
          : `quality: pass ${pct(r.pass_rate)} (${r.passed}/${r.completed}), Wilson 95% lower bound ${pct(r.pass_ci_low)} is below the bar ${pct(r.min_pass_rate)}`,
      ];
      if (r.min_pass_rate >= 1) parts.push('a bar of 100% can never be cleared by a lower confidence bound; lower min_pass_rate');
      else if (r.cases_needed_all_pass !== null) {
        parts.push(`${r.completed} cases can never clear it, even all passing: at least ${r.cases_needed_all_pass} are needed`);
      }
      if (r.cases_needed_at_observed_rate !== null) parts.push(`if ${pct(r.pass_rate)} held, ${r.cases_needed_at_observed_rate} cases would clear it`);
      return parts.join('; ');
    }
    case 'first_token_p95':
      return r.p95_ms === null ? 'first token: no successful attempt was measured' : `first token p95 ${ms(r.p95_ms)} is over the budget ${ms(r.budget_ms)}`;
    case 'completion_p95':
      return r.p95_ms === null ? 'completion: no successful attempt was measured' : `completion p95 ${ms(r.p95_ms)} is over the budget ${ms(r.budget_ms)}`;
    case 'cost':
      return r.per_accepted_usd === null
        ? `cost: no sample passed, so no cost per accepted outcome can meet the target ${usd(r.target_usd)}`
        : `cost: ${usd(r.per_accepted_usd)} per accepted outcome is over the target ${usd(r.target_usd)}`;
    case 'errors':
      return `errors: ${r.errored}/${r.completed} samples (${pct(r.error_rate)}) ended in an error, over the ${pct(r.max_error_rate)} allowed`;
  }
}

export function pairedText(t: PairedTest): string {
  const verdict = t.cheaper_significantly_worse
    ? `**${t.cheaper} is significantly worse** than ${t.stronger}`
    : `${t.cheaper} is not significantly worse than ${t.stronger}`;
  return `${t.cheaper} vs ${t.stronger} on ${t.pairs} shared samples: both pass ${t.both_pass}, ${t.cheaper} only ${t.cheaper_only}, ${t.stronger} only ${t.stronger_only}, neither ${t.neither}; McNemar exact p = ${pValue(t.p_value)}: ${verdict} at α = ${t.alpha}`;
}

export const pValue = (p: number): string => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));

/** The budget a lane's candidates were judged against, in one line. */
export function budgetText(b: LaneBar['lane']['budget']): string {
  return `first token p95 ≤ ${ms(b.first_token_p95_ms)}, completion p95 ≤ ${ms(b.completion_p95_ms)}, ≤ ${usd(b.cost_per_accepted_usd)} per accepted outcome, pass rate ≥ ${pct(b.min_pass_rate)} (Wilson 95% lower bound), errors ≤ ${pct(b.max_error_rate)}`;
}
