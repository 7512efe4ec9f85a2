import type { PricingStance } from '../../schema/budget.js';
import type { CustomerEconomics, Economics } from '../../schema/replay-result.js';

/** A pricing month: the budget's allowances and prices are per 30 days. */
export const DAYS_PER_MONTH = 30;

/** One customer's traffic over the replayed period. */
export interface CustomerTotals {
  customer: string;
  tasks: number;
  accepted: number;
  cost: number;
}

/**
 * What a customer pays over `months`: `base × months + unit price × max(0, units − included ×
 * months)`, where units are tasks, or accepted outcomes under outcome pricing.
 */
export function revenue(stance: PricingStance, tasks: number, accepted: number, months: number): number {
  const past = (units: number) => Math.max(0, units - stance.included_tasks_per_month * months);
  switch (stance.stance) {
    case 'seat':
      return stance.price_usd_per_month * months + (stance.overage_usd_per_task ?? 0) * past(tasks);
    case 'usage':
      return stance.price_usd_per_task * past(tasks);
    case 'outcome':
      return stance.price_usd_per_accepted * past(accepted);
    case 'hybrid':
      return stance.base_usd_per_month * months + stance.overage_usd_per_task * past(tasks);
  }
}

/** Margin as a share of revenue; null when the customer pays nothing. */
export const margin = (revenueUsd: number, costUsd: number): number | null => (revenueUsd > 0 ? (revenueUsd - costUsd) / revenueUsd : null);

/** The customer at nearest rank ceil(p × n) of those sorted by cost (p = 1: the heaviest). */
export function customerAt<T extends { cost: number; customer: string }>(customers: readonly T[], p: number): T | null {
  if (customers.length === 0) return null;
  const sorted = [...customers].sort((a, b) => a.cost - b.cost || (a.customer < b.customer ? -1 : 1));
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function customerRow(c: CustomerTotals, rank: string, stance: PricingStance, months: number, target: number): CustomerEconomics {
  const rev = revenue(stance, c.tasks, c.accepted, months);
  const m = margin(rev, c.cost);
  return { customer: c.customer, rank, tasks: c.tasks, accepted: c.accepted, cost_usd: c.cost, revenue_usd: rev, margin: m, margin_target: target, closes: m !== null && m >= target };
}

/** The median customer (by cost), the p95 customer and the heaviest, with their margins. */
export function economics(customers: readonly CustomerTotals[], stance: PricingStance, periodDays: number, noCustomerRequests: number): Economics {
  const months = periodDays / DAYS_PER_MONTH;
  const at = (p: number, rank: string, target: number) => {
    const c = customerAt(customers, p);
    return c ? customerRow(c, rank, stance, months, target) : null;
  };
  return {
    customers: customers.length,
    period_days: periodDays,
    stance: stance.stance,
    median: at(0.5, 'median', stance.margin_target.median),
    p95: at(0.95, 'p95', stance.margin_target.heavy),
    max: at(1, 'max', stance.margin_target.heavy),
    no_customer_requests: noCustomerRequests,
  };
}

/** The page's margin holds when both the median and the heaviest customer meet their targets. */
export const marginCloses = (e: Economics): boolean => (e.median?.closes ?? true) && (e.max?.closes ?? true);
