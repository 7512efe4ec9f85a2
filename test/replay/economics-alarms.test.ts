import { describe, expect, it } from 'vitest';
import { evaluateAlarms, firstAlarm } from '../../src/core/replay/alarms.js';
import { customerAt, economics, revenue } from '../../src/core/replay/economics.js';
import type { FigureSums } from '../../src/core/replay/figures.js';
import type { Alarms, PricingStance } from '../../src/schema/budget.js';

const margins = { median: 0.9, heavy: 0.6 };
const seat: PricingStance = { stance: 'seat', price_usd_per_month: 30, included_tasks_per_month: 100, overage_usd_per_task: null, margin_target: margins, currency: 'USD' };

// Three customers over one 30-day month.
const customers = [
  { customer: 'a', tasks: 10, accepted: 9, cost: 0.5 },
  { customer: 'c', tasks: 200, accepted: 150, cost: 12 },
  { customer: 'b', tasks: 50, accepted: 40, cost: 1 },
];

describe('per-customer economics, worked by hand', () => {
  it('revenue under each pricing stance', () => {
    // seat: 30 a month, tasks past the 100 included are not billed
    expect(revenue(seat, 200, 150, 1)).toBe(30);
    expect(revenue({ ...seat, overage_usd_per_task: 0.05 }, 200, 150, 1)).toBeCloseTo(30 + 0.05 * 100, 12);
    // hybrid: 10 base + 0.05 for each of the 100 tasks past the allowance
    expect(revenue({ stance: 'hybrid', base_usd_per_month: 10, overage_usd_per_task: 0.05, included_tasks_per_month: 100, margin_target: margins, currency: 'USD' }, 200, 150, 1)).toBeCloseTo(15, 12);
    // usage: 0.1 per task, none included
    expect(revenue({ stance: 'usage', price_usd_per_task: 0.1, included_tasks_per_month: 0, margin_target: margins, currency: 'USD' }, 200, 150, 1)).toBeCloseTo(20, 12);
    // outcome: 0.2 per accepted outcome
    expect(revenue({ stance: 'outcome', price_usd_per_accepted: 0.2, included_tasks_per_month: 0, margin_target: margins, currency: 'USD' }, 200, 150, 1)).toBeCloseTo(30, 12);
    // half a month: half the seat, half the allowance
    expect(revenue({ ...seat, overage_usd_per_task: 0.05 }, 200, 150, 0.5)).toBeCloseTo(15 + 0.05 * 150, 12);
  });

  it('the median, p95 and heaviest customer by cost (nearest rank), each with its margin against the target', () => {
    expect(customerAt(customers, 0.5)?.customer).toBe('b');
    const e = economics(customers, seat, 30, 4);
    // b: (30 - 1) / 30; c: (30 - 12) / 30 = 0.6, exactly the heavy target
    expect(e.median).toMatchObject({ customer: 'b', revenue_usd: 30, closes: true, margin_target: 0.9 });
    expect(e.median!.margin).toBeCloseTo(29 / 30, 12);
    expect(e.p95).toMatchObject({ customer: 'c', closes: true });
    expect(e.max!.margin).toBeCloseTo(0.6, 12);
    expect(e.no_customer_requests).toBe(4);
    const tighter = economics(customers.map((c) => (c.customer === 'c' ? { ...c, cost: 12.3 } : c)), seat, 30, 0);
    expect(tighter.max!.closes).toBe(false);
  });
});

const sums = (o: Partial<FigureSums>): FigureSums => ({
  requests: 100, escalated: 0, unresolved: 0, cost: 0, accepted: 0, log_cost: 0, log_known: 0, cache_read: 0, input: 100, est_outcome: 0, est_call: 0, latency_n: 0,
  done_p50: null, done_p95: null, ttft_p50: null, ttft_p95: null, ...o,
});

const ALARMS: Alarms = {
  per_task_cost: { threshold: 0.01, owner: 'Ann' },
  escalation_rate: { threshold: 0.3, owner: 'Bo' },
  cache_hit_rate: { threshold: 0.5, owner: 'Cy' },
};

describe('alarms', () => {
  // day 1: 0.005 per task, 40% escalated, 60% cache; day 2: 0.03 per task, 20% escalated, 40% cache
  const days = [
    { day: '2026-10-02', sums: sums({ cost: 3, escalated: 20, cache_read: 40 }) },
    { day: '2026-10-01', sums: sums({ cost: 0.5, escalated: 40, cache_read: 60 }) },
  ];
  const total = sums({ requests: 200, input: 200, cost: 3.5, escalated: 60, cache_read: 100 });

  it('fire on the whole period, and say when each daily figure first crossed', () => {
    const r = evaluateAlarms(ALARMS, total, days);
    // per task 3.5 / 200 = 0.0175 > 0.01; escalation 60 / 200 = 0.3, not above 0.3; cache 100 / 200 = 0.5, not below 0.5
    expect(r.map((a) => [a.alarm, a.fires, a.first_day, a.owner])).toEqual([
      ['per_task_cost', true, '2026-10-02', 'Ann'],
      ['escalation_rate', false, '2026-10-01', 'Bo'],
      ['cache_hit_rate', false, '2026-10-02', 'Cy'],
    ]);
    expect(r[0]!.value).toBeCloseTo(0.0175, 12);
    expect(firstAlarm(r, days)).toBe('escalation_rate');
  });

  it('on the same day, the alarm furthest past its threshold pages first', () => {
    const oneDay = [{ day: '2026-10-01', sums: sums({ cost: 1.5, escalated: 33, cache_read: 10 }) }];
    // per task 0.015 is 50% over 0.01; escalation 0.33 is 10% over; cache 0.1 is 80% under 0.5
    const r = evaluateAlarms(ALARMS, oneDay[0]!.sums, oneDay);
    expect(r.every((a) => a.fires)).toBe(true);
    expect(firstAlarm(r, oneDay)).toBe('cache_hit_rate');
  });

  it('an estimated cost marks the cost and cache alarms with its share, never the escalation alarm', () => {
    const r = evaluateAlarms(ALARMS, sums({ est_call: 25 }), []);
    expect(r.map((a) => a.estimated_share)).toEqual([0.25, 0, 0.25]);
    expect(firstAlarm(r, [])).toBeNull();
  });
});
