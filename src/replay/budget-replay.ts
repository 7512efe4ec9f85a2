import { evaluateAlarms, type DaySums } from '../core/replay/alarms.js';
import { customerAt, economics, type CustomerTotals } from '../core/replay/economics.js';
import { addSums, figures, type FigureSums } from '../core/replay/figures.js';
import { adoption, heavyCustomer, midpoint, pressureResult, priceChange, type FeatureAggregates } from '../core/replay/pressure.js';
import type { Budget } from '../schema/budget.js';
import type { BudgetReplay } from '../schema/replay-result.js';
import type { Db, Row } from './duckdb.js';
import { sumsOf, type Statement } from './main-query.js';
import { figureSumsSql } from './requests-sql.js';
import type { Prepared } from './setup.js';
import { Params } from './sql-text.js';

/*
 * The budget's view of a replay: its lanes summed per day (for the alarms' first day) and per
 * customer (for the margins), in one pass; then the alarms, the economics and the pressure tests,
 * all computed in core/ from those sums.
 */

function economicsStatement(lanes: readonly string[]): Statement {
  const p = new Params();
  const sql = `SELECT grouping(day) AS __by_customer, lane, strftime(day, '%Y-%m-%d') AS day, customer, count(*) AS requests,
  ${figureSumsSql('g').join(',\n  ')}
FROM lanebar_replayed
WHERE lane IN (${lanes.map((l) => p.add(l)).join(', ')})
GROUP BY GROUPING SETS ((lane, day), (lane, customer))`;
  return { sql, params: p.values };
}

function customerDaysStatement(lanes: readonly string[], customer: string): Statement {
  const p = new Params();
  const sql = `SELECT strftime(day, '%Y-%m-%d') AS day, count(*) AS requests, ${figureSumsSql('g').join(', ')}
FROM lanebar_replayed
WHERE lane IN (${lanes.map((l) => p.add(l)).join(', ')}) AND customer = ${p.add(customer)}
GROUP BY day`;
  return { sql, params: p.values };
}

/** With --cost-source log, the budget reads the log's own cost. */
const costOf = (s: FigureSums, log: boolean): FigureSums => (log ? { ...s, cost: s.log_cost } : s);

function byKey(rows: readonly Row[], key: 'day' | 'customer', log: boolean): Map<string | null, FigureSums> {
  const parts = new Map<string | null, FigureSums[]>();
  for (const r of rows) {
    const k = r[key] === null ? null : String(r[key]);
    parts.set(k, [...(parts.get(k) ?? []), costOf(sumsOf(r, 'g'), log)]);
  }
  return new Map([...parts.entries()].map(([k, v]) => [k, addSums(v)]));
}

const spanDays = (days: readonly string[]): number => {
  if (days.length === 0) return 0;
  const sorted = [...days].sort();
  return Math.round((Date.parse(`${sorted.at(-1)}T00:00:00Z`) - Date.parse(`${sorted[0]}T00:00:00Z`)) / 86_400_000) + 1;
};

export async function replayBudget(
  db: Db,
  prepared: Prepared,
  input: { file: string; budget: Budget },
  o: { costSource: 'sheet' | 'log'; pressure: boolean; logHasCost: boolean; warnings: string[] },
): Promise<BudgetReplay> {
  const { budget } = input;
  const replayed = new Set(prepared.plans.map((p) => p.lane));
  const lanes = budget.routing_plan.map((r) => r.lane).filter((l) => replayed.has(l));
  for (const r of budget.routing_plan) if (!replayed.has(r.lane)) o.warnings.push(`budget lane ${r.lane} has no replayed traffic: left out of its alarms and margins`);
  const log = o.costSource === 'log';
  const s = economicsStatement(lanes.length ? lanes : ['\u0001none']);
  const rows = await db.all(s.sql, s.params);
  const dayRows = rows.filter((r) => Number(r.__by_customer) === 0);
  const customerRows = rows.filter((r) => Number(r.__by_customer) === 1);
  const days: DaySums[] = [...byKey(dayRows, 'day', log).entries()].map(([day, sums]) => ({ day: day!, sums })).sort((a, b) => (a.day < b.day ? -1 : 1));
  const total = addSums(days.map((d) => d.sums));
  if (log && total.log_known < total.requests) o.warnings.push(`the log has a cost for ${total.log_known} of ${total.requests} budget requests; the alarms and margins read only those`);
  const perCustomer = byKey(customerRows, 'customer', log);
  const customers: CustomerTotals[] = [...perCustomer.entries()].filter(([c]) => c !== null).map(([customer, sums]) => ({ customer: customer!, tasks: sums.requests, accepted: sums.accepted, cost: sums.cost }));
  const noCustomer = perCustomer.get(null)?.requests ?? 0;
  const aggregates: FeatureAggregates = { total, days, customers, noCustomer, periodDays: spanDays(days.map((d) => d.day)), logCost: log };
  const alarms = evaluateAlarms(budget.alarms, total, days);
  const hasCustomers = prepared.views.provides.has('customer');
  if (!hasCustomers) o.warnings.push('the mapping maps no customer: no per-customer economics');
  const econ = hasCustomers ? economics(customers, budget.pricing, aggregates.periodDays, noCustomer) : null;
  let pressure: BudgetReplay['pressure'] = null;
  if (o.pressure) {
    const t = budget.pressure_tests;
    pressure = [
      pressureResult('adoption', `adoption ×${t.adoption_multiplier}: every customer sends ${t.adoption_multiplier} times the requests`, adoption(aggregates, t.adoption_multiplier), budget),
      pressureResult('price', `provider prices ×${t.price_multiplier}: every token costs ${t.price_multiplier} of the sheet's price`, priceChange(aggregates, t.price_multiplier), budget),
    ];
    const who = t.heavy_customer.customer ?? customerAt(customers, 0.5)?.customer;
    const from = midpoint(days.map((d) => d.day));
    if (who && from) {
      const cs = customerDaysStatement(lanes, who);
      const own = [...byKey(await db.all(cs.sql, cs.params), 'day', log).entries()].map(([day, sums]) => ({ day: day!, sums }));
      const k = t.heavy_customer.multiplier;
      pressure.push(pressureResult('heavy_customer', `customer ${who} sends ${k} times its requests from ${from} on`, heavyCustomer(aggregates, { customer: who, days: own, from }, k), budget, who));
    } else {
      o.warnings.push('heavy-customer pressure test skipped: no customer ids in the replayed traffic');
    }
  }
  const { latency_ms: _latency, ...totals } = figures(total, o.logHasCost);
  return {
    file: input.file,
    feature: budget.feature,
    example: budget.example,
    lanes,
    totals: { ...totals, latency_ms: null },
    alarms,
    firing: alarms.filter((a) => a.fires).map((a) => a.alarm),
    economics: econ,
    pressure,
  };
}


