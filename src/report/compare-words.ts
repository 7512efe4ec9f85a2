import type { RuleCheck } from '../core/compare.js';
import { refusalText } from './bar-words.js';
import { ms, pct, usd } from './format.js';
import { alarmName, alarmValue } from './replay-words.js';

/** What each rule is called in every report. */
export const RULE_NAMES: Record<RuleCheck['rule'], string> = {
  pass_rate: 'pass rate',
  cost_per_accepted: 'cost per accepted outcome',
  latency_budget: 'p95 within budget',
  authorization: 'authorization',
  budget_alarm: 'budget alarm',
};

export const checkName = (c: RuleCheck): string =>
  c.rule === 'latency_budget'
    ? `${c.metric === 'first_token' ? 'first-token' : 'completion'} p95 within budget`
    : c.rule === 'budget_alarm'
      ? `${alarmName(c.alarm)} alarm`
      : RULE_NAMES[c.rule];

const signedPct = (x: number) => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)}%`;
const pp = (a: number | null, b: number | null) => (a === null || b === null ? '' : ` (${b - a >= 0 ? '+' : '−'}${(Math.abs(b - a) * 100).toFixed(1)} pp)`);
const pValue = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toFixed(4));

/** One sentence with every figure behind a rule's outcome: what a reviewer needs to agree or not. */
export function describeCheck(c: RuleCheck): string {
  const note = c.note ? `; ${c.note}` : '';
  switch (c.rule) {
    case 'pass_rate': {
      const t = c.table;
      const dir = c.outcome === 'broken' ? 'dropped significantly' : 'no significant drop';
      const [yes, no] = c.paired_on === 'requests' ? ['accepted', 'rejected'] : ['pass', 'fail'];
      return (
        `${dir}: ${pct(c.baseline_rate)} → ${pct(c.current_rate)}${pp(c.baseline_rate, c.current_rate)}; ` +
        `McNemar exact on ${t.pairs} shared ${c.paired_on}: ${t.onlyFirst} ${yes}→${no}, ${t.onlySecond} ${no}→${yes}, ` +
        `p = ${pValue(c.p_value)} ${c.p_value < c.alpha ? '<' : '≥'} α = ${c.alpha}${note}`
      );
    }
    case 'cost_per_accepted':
      return (
        `${usd(c.baseline_usd)} → ${usd(c.current_usd)}` +
        (c.change === null ? '' : ` (${signedPct(c.change)}, at most ${signedPct(c.max_increase)} allowed)`) +
        note
      );
    case 'latency_budget':
      return `${ms(c.baseline_p95_ms)} → ${ms(c.current_p95_ms)}, lane budget ${ms(c.budget_ms)}${note}`;
    case 'authorization':
      if (c.outcome === 'broken' && c.refusals.length) return `admitted in the baseline, refused now: ${c.refusals.map(refusalText).join('; ')}`;
      if (c.outcome === 'ok') return 'admitted in the baseline and now';
      return c.note ?? '';
    case 'budget_alarm': {
      const state = (fires: boolean | null, v: number | null) => (fires === null ? 'no budget' : `${fires ? 'fires' : 'quiet'} at ${alarmValue(c, v)}`);
      return `${state(c.baseline_fires, c.baseline_value)} → ${state(c.current_fires, c.current_value)}, threshold ${alarmValue(c, c.threshold)}${note}`;
    }
  }
}
