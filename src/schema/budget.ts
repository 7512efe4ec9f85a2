import { z } from 'zod';
import { IsoDay } from './prices.js';

/*
 * The Inference Budget as a file: one page per feature, in the order of the form (the unit, the
 * latency budget, the routing plan, the caching plan, the realtime split, the pricing stance,
 * the alarms, sign-off and review triggers, the pressure tests). `lanebar replay --budget` reads
 * its routing plan (which lanes and gates), its alarms and its pricing stance.
 */

const usd = z.number().finite().min(0);
const share = z.number().min(0).max(1);
const Person = z.string().trim().min(1, 'name the person who answers it; "the team" answers nothing');

export const BudgetUnit = z
  .object({
    task: z.string().min(1).describe('one unit of work, defined tightly enough to cost'),
    completion_marker: z.string().min(1).describe('what marks the task done (the reply sent, the ticket resolved)'),
    cost_today_usd: usd.nullable().describe('per-task cost from real logs; null until measured'),
    target_usd: usd,
    target_date: IsoDay,
  })
  .strict();

export const LatencyBudget = z
  .object({
    feature_class: z.string().min(1).describe('chat reply, requested report, bulk job'),
    first_token_ms: z.number().positive(),
    complete_ms: z.number().positive(),
  })
  .strict();

export const RoutingRow = z
  .object({
    lane: z.string().min(1).describe('the traffic this row covers: a lane id of the logs and suites'),
    model: z.string().min(1),
    eval_bar: z.string().nullable().describe('the eval bar that authorized the model (run id, bar.json); null leaves the lane unauthorized'),
    escalation_gate: z.string().nullable().describe('the gate file: what sends a request to the stronger model'),
    quality_bar: share.optional().describe('minimum accepted-outcome rate; the threshold sweep recommends the cheapest threshold above it'),
  })
  .strict();

const Cache = z
  .object({
    enabled: z.boolean(),
    lifetime: z.string().optional().describe('e.g. 5m, 1h, 24h'),
    expected_hit_rate: share.optional(),
  })
  .strict()
  .refine((c) => !c.enabled || c.lifetime !== undefined, { message: 'every cache in use gets a lifetime', path: ['lifetime'] });

export const CachingPlan = z
  .object({ prompt_cache: Cache, response_cache: Cache, semantic_cache: Cache })
  .strict();

export const RealtimeSplit = z
  .object({
    realtime: z.array(z.object({ job: z.string().min(1), who_waits: z.string().min(1) }).strict()).default([]),
    background: z.array(z.string()).default([]),
    batch: z.array(z.string()).default([]),
  })
  .strict();

const MarginTargets = z
  .object({ median: z.number().max(1), heavy: z.number().max(1) })
  .strict()
  .describe('the margin (share of revenue) the page promises at the median and at the heavy customer');

const monthly = {
  included_tasks_per_month: z.number().int().min(0).default(0),
  margin_target: MarginTargets,
  currency: z.literal('USD').default('USD'),
};

/**
 * How a customer pays. Revenue over a period of `m` months (30 days each) is
 * `base × m + unit price × max(0, units − included × m)`, where units are tasks, or accepted
 * outcomes for `outcome` pricing.
 */
export const PricingStance = z.discriminatedUnion('stance', [
  z
    .object({
      stance: z.literal('seat'),
      price_usd_per_month: usd.describe('per customer account'),
      overage_usd_per_task: usd.nullable().default(null).describe('null: tasks past the allowance are not billed'),
      ...monthly,
    })
    .strict(),
  z.object({ stance: z.literal('usage'), price_usd_per_task: usd, ...monthly }).strict(),
  z.object({ stance: z.literal('outcome'), price_usd_per_accepted: usd, ...monthly }).strict(),
  z
    .object({ stance: z.literal('hybrid'), base_usd_per_month: usd, overage_usd_per_task: usd, ...monthly })
    .strict(),
]);

const Alarm = <T extends z.ZodType>(threshold: T) => z.object({ threshold, owner: Person }).strict();

export const AlarmName = z.enum(['per_task_cost', 'escalation_rate', 'cache_hit_rate']);

export const Alarms = z
  .object({
    per_task_cost: Alarm(usd.describe('fires when the cost per task rises above it (USD)')),
    escalation_rate: Alarm(share.describe('fires when the share of requests escalated rises above it')),
    cache_hit_rate: Alarm(share.describe('fires when the share of input tokens read from cache falls below it')),
  })
  .strict();

export const PressureTests = z
  .object({
    adoption_multiplier: z.number().positive().default(3),
    price_multiplier: z.number().positive().default(0.5),
    heavy_customer: z
      .object({
        customer: z.string().optional().describe('default: the median customer'),
        multiplier: z.number().positive().default(10),
      })
      .strict()
      .default({ multiplier: 10 }),
  })
  .strict();

export const Budget = z
  .object({
    example: z.boolean().default(false).describe('true on a page written as an example; reports say so'),
    feature: z.string().min(1),
    written_by: z.string().min(1),
    unit: BudgetUnit,
    latency: z.array(LatencyBudget).min(1),
    routing_plan: z.array(RoutingRow).min(1),
    caching: CachingPlan,
    realtime_split: RealtimeSplit,
    pricing: PricingStance,
    alarms: Alarms,
    sign_off: z.object({ owner: Person, date: IsoDay }).strict(),
    review_triggers: z.array(z.string().min(1)).min(1),
    pressure_tests: PressureTests.default({ adoption_multiplier: 3, price_multiplier: 0.5, heavy_customer: { multiplier: 10 } }),
  })
  .strict()
  .superRefine((b, ctx) => {
    const lanes = new Set<string>();
    b.routing_plan.forEach((row, i) => {
      if (lanes.has(row.lane)) ctx.addIssue({ code: 'custom', path: ['routing_plan', i, 'lane'], message: `lane "${row.lane}" has a row already` });
      lanes.add(row.lane);
    });
  });

export type BudgetUnit = z.infer<typeof BudgetUnit>;
export type RoutingRow = z.infer<typeof RoutingRow>;
export type PricingStance = z.infer<typeof PricingStance>;
export type Alarms = z.infer<typeof Alarms>;
export type AlarmName = z.infer<typeof AlarmName>;
export type PressureTests = z.infer<typeof PressureTests>;
export type Budget = z.infer<typeof Budget>;
