import type { Budget } from '../../schema/budget.js';
import type { PressureResult } from '../../schema/replay-result.js';
import { evaluateAlarms, firstAlarm, type DaySums } from './alarms.js';
import { customerRow, DAYS_PER_MONTH, economics, marginCloses, type CustomerTotals } from './economics.js';
import { addSums, scaleSums, type FigureSums } from './figures.js';

/*
 * The Inference Budget's three pressure tests, run on a replay's aggregates. Each is what
 * rerunning the replay on transformed traffic or prices would give for every sum and ratio it
 * reports: tripling adoption is every request counted three times, halving prices is every
 * cost halved, and a customer going heavy is that customer's requests counted `multiplier` times
 * from the middle of the period on. (Latency percentiles are not part of any alarm or margin.)
 */

/** What the pressure tests and the alarms read: the budget's lanes summed. */
export interface FeatureAggregates {
  total: FigureSums;
  days: DaySums[];
  customers: CustomerTotals[];
  noCustomer: number;
  periodDays: number;
  /** Which cost the customers' totals carry: lanebar's or the log's own. */
  logCost: boolean;
}

export function adoption(a: FeatureAggregates, k: number): FeatureAggregates {
  return {
    ...a,
    total: scaleSums(a.total, k, 1),
    days: a.days.map((d) => ({ day: d.day, sums: scaleSums(d.sums, k, 1) })),
    customers: a.customers.map((c) => ({ ...c, tasks: c.tasks * k, accepted: c.accepted * k, cost: c.cost * k })),
    noCustomer: a.noCustomer * k,
  };
}

export function priceChange(a: FeatureAggregates, m: number): FeatureAggregates {
  return {
    ...a,
    total: scaleSums(a.total, 1, m),
    days: a.days.map((d) => ({ day: d.day, sums: scaleSums(d.sums, 1, m) })),
    customers: a.customers.map((c) => ({ ...c, cost: c.cost * m })),
  };
}

/** The customer's own daily sums (budget lanes), and the day from which its traffic multiplies. */
export interface HeavyCustomer {
  customer: string;
  days: DaySums[];
  from: string;
}

export function heavyCustomer(a: FeatureAggregates, h: HeavyCustomer, k: number): FeatureAggregates {
  const extra = h.days.filter((d) => d.day >= h.from).map((d) => ({ day: d.day, sums: scaleSums(d.sums, k - 1, 1) }));
  const added = addSums(extra.map((d) => d.sums));
  const days = a.days.map((d) => {
    const more = extra.find((e) => e.day === d.day);
    return more ? { day: d.day, sums: addSums([d.sums, more.sums]) } : d;
  });
  const customers = a.customers.map((c) =>
    c.customer === h.customer ? { ...c, tasks: c.tasks + added.requests, accepted: c.accepted + added.accepted, cost: c.cost + (a.logCost ? added.log_cost : added.cost) } : c,
  );
  return { ...a, total: addSums([a.total, added]), days, customers };
}

export function pressureResult(scenario: PressureResult['scenario'], description: string, a: FeatureAggregates, budget: Budget, subject?: string): PressureResult {
  const alarms = evaluateAlarms(budget.alarms, a.total, a.days);
  const econ = economics(a.customers, budget.pricing, a.periodDays, a.noCustomer);
  const who = subject === undefined ? undefined : a.customers.find((c) => c.customer === subject);
  const own = who ? customerRow(who, 'subject', budget.pricing, a.periodDays / DAYS_PER_MONTH, budget.pricing.margin_target.heavy) : null;
  return {
    scenario,
    description,
    alarms,
    first_alarm: firstAlarm(alarms, a.days),
    economics: econ,
    subject: own,
    margin_closes: marginCloses(econ) && (own?.closes ?? true),
  };
}

/** The first day of the second half of the period: when the heavy customer's month turns. */
export function midpoint(days: readonly string[]): string | null {
  const sorted = [...days].sort();
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}
