import type { Summary, SummaryRow } from '../schema/summary.js';
import { cell, ms, pct, usd } from './format.js';

export interface LaneBudgetView {
  first_token_p95_ms: number;
  completion_p95_ms: number;
  cost_per_accepted_usd: number;
  min_pass_rate: number;
}

/** The rows of one lane, grouped in run order. */
export function groupByLane(summary: Summary): Map<string, SummaryRow[]> {
  const lanes = new Map<string, SummaryRow[]>();
  for (const row of summary.rows) {
    const list = lanes.get(row.lane) ?? [];
    list.push(row);
    lanes.set(row.lane, list);
  }
  return lanes;
}

export const HEADERS = [
  'candidate',
  'served by',
  'n',
  'pass (95% CI)',
  'FT p50/p95/p99',
  'done p50/p95/p99',
  'cache hit',
  'raw cost',
  'cache-adj. cost',
  '$/task',
  '$/accepted',
  'errors',
  'retries',
] as const;

export const ALIGN: ('l' | 'r')[] = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];

const triple = (p: { p50: number | null; p95: number | null; p99: number | null }) => `${ms(p.p50)}/${ms(p.p95)}/${ms(p.p99)}`;

export function laneCells(r: SummaryRow): string[] {
  return [
    cell(r.candidate, 24),
    cell(r.simulated ? `${r.served_by} (simulated)` : r.model, 40),
    `${r.completed}/${r.samples}`,
    `${pct(r.pass_rate)} (${pct(r.pass_ci.low, 0)}–${pct(r.pass_ci.high, 0)})`,
    triple(r.latency_ms.first_token),
    triple(r.latency_ms.completion),
    pct(r.cache_hit_rate),
    usd(r.cost.raw_usd),
    usd(r.cost.total_usd),
    usd(r.cost.per_task_usd),
    usd(r.cost.per_accepted_usd),
    pct(r.error_rate),
    pct(r.retry_rate),
  ];
}

export function budgetLine(b: LaneBudgetView): string {
  return `budget: first token p95 ≤ ${ms(b.first_token_p95_ms)}, completion p95 ≤ ${ms(b.completion_p95_ms)}, ≤ ${usd(b.cost_per_accepted_usd)} per accepted outcome, pass rate ≥ ${pct(b.min_pass_rate, 0)}`;
}
