import type { AlarmResult, Economics, Figures, Replay, SweepLane } from '../schema/replay-result.js';
import { ms, pct, usd } from './format.js';

/*
 * The words and cells a replay report shares between Markdown and the terminal. An estimated
 * figure always carries the share of requests it was estimated for.
 */

const share = (x: number) => (x > 0 ? ` [est ${pct(x, 0)}]` : '');

/** A cell that is estimated for `est` of the requests behind it. */
export const est = (text: string, estShare: number): string => `${text}${share(estShare)}`;

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export interface FigureCells {
  requests: string;
  escalated: string;
  accepted: string;
  perTask: string;
  perAccepted: string;
  logPerTask: string;
  done: string;
  ttft: string;
  cache: string;
}

export function figureCells(f: Figures): FigureCells {
  const out = f.estimated.outcome_share;
  const call = f.estimated.call_share;
  return {
    requests: int(f.requests),
    escalated: pct(f.escalation_rate),
    accepted: est(pct(f.accepted_rate), out),
    perTask: est(usd(f.cost.per_task_usd), call),
    perAccepted: est(usd(f.cost.per_accepted_usd), Math.max(out, call)),
    logPerTask: f.log_cost ? `${usd(f.log_cost.per_task_usd)}${f.log_cost.covered_share < 1 ? ` (${pct(f.log_cost.covered_share, 0)} of requests)` : ''}` : '—',
    done: est(`${ms(f.latency_ms.completion.p50)}/${ms(f.latency_ms.completion.p95)}`, call),
    ttft: est(`${ms(f.latency_ms.first_token.p50)}/${ms(f.latency_ms.first_token.p95)}`, call),
    cache: est(pct(f.cache_hit_rate), call),
  };
}

const ALARM_WORDS = { per_task_cost: 'per-task cost', escalation_rate: 'escalation rate', cache_hit_rate: 'cache hit rate' } as const;

export const alarmName = (a: AlarmResult['alarm']): string => ALARM_WORDS[a];

export function alarmValue(a: Pick<AlarmResult, 'alarm'>, v: number | null): string {
  return a.alarm === 'per_task_cost' ? usd(v) : pct(v);
}

/** Which side of its threshold an alarm fires on: the cache hit rate below it, the others above. */
export const alarmSide = (a: Pick<AlarmResult, 'alarm'>): '<' | '>' => (a.alarm === 'cache_hit_rate' ? '<' : '>');

export function alarmLine(a: AlarmResult): string {
  const dir = alarmSide(a);
  const state = a.fires ? `FIRES (${alarmValue(a, a.value)} ${dir} ${alarmValue(a, a.threshold)})` : `quiet (${alarmValue(a, a.value)}, threshold ${alarmValue(a, a.threshold)})`;
  const first = a.first_day ? `; first crossed on ${a.first_day}` : '';
  return `${alarmName(a.alarm)}: ${est(state, a.estimated_share)}${first}; owner ${a.owner}`;
}

export function marginLine(e: Economics): string[] {
  const rows = [e.median, e.p95, e.max].filter((c) => c !== null);
  return rows.map(
    (c) =>
      `${c.rank} customer ${c.customer}: ${int(c.tasks)} tasks, cost ${usd(c.cost_usd)}, revenue ${usd(c.revenue_usd)}, margin ${pct(c.margin)} (target ${pct(c.margin_target, 0)}) ${c.closes ? 'closes' : 'DOES NOT CLOSE'}`,
  );
}

export function simulatedBanner(r: Replay): string | null {
  if (!r.simulated) return null;
  return 'SIMULATED: the replayed log or the eval run behind its estimates is simulated. These figures show how lanebar works, not how any real model performs.';
}

/** The arrow of a lane's gate: `gpt-4.1-mini → gpt-4.1 (cascade)`. */
export function gateWords(l: Replay['lanes'][number]): string {
  const targets = [...new Set(l.rules.map((r) => r.model))];
  return `${l.small_model} → ${targets.join(' / ') || l.small_model} (${l.mode})`;
}

/** A sweep point's threshold as the gate would read it: `confidence < 0.564`. */
export const thresholdWords = (s: Pick<SweepLane, 'signal' | 'direction'>, threshold: number | null): string =>
  `${s.signal} ${s.direction === 'below' ? '<' : '>'} ${threshold ?? 'any'}`;
