import { z } from 'zod';
import { AlarmName } from './budget.js';
import { GateMode } from './gate.js';
import { LogFormat, TokenBasis } from './replay.js';

/* What `lanebar replay` writes to reports/<replay-id>/replay.json. */

export const REPLAY_SCHEMA = 'lanebar.replay/1';

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const usd = z.number();
const Pct = z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).strict();

/**
 * One traffic path's figures over a set of requests. Outcomes the log lacks are estimated from an
 * eval run (expected values), and the shares below say how much of each figure is estimated.
 */
export const Figures = z
  .object({
    requests: count,
    escalated: count,
    escalation_rate: share.nullable(),
    /** Expected accepted outcomes: observed ones count 1 or 0, estimated ones their pass rate. */
    accepted: z.number().min(0),
    accepted_rate: share.nullable(),
    cost: z.object({ total_usd: usd, per_task_usd: usd.nullable(), per_accepted_usd: usd.nullable() }).strict(),
    /** The log's own cost column over the same requests, where it has one. */
    log_cost: z.object({ total_usd: usd, per_task_usd: usd.nullable(), covered_share: share }).strict().nullable(),
    latency_ms: z.object({ completion: Pct, first_token: Pct, n: count }).strict(),
    cache_hit_rate: share.nullable(),
    estimated: z
      .object({
        /** Share of requests whose acceptance was estimated: marks accepted_rate and per_accepted_usd. */
        outcome_share: share,
        /** Share whose tokens and latency were estimated (a model call the log lacks): marks cost, cache and latency. */
        call_share: share,
      })
      .strict(),
    /** Requests with no figure at all: the log lacks the call and no eval run estimates it. */
    unresolved: count,
  })
  .strict();

export const LaneReplay = z
  .object({
    lane: z.string(),
    gate_file: z.string(),
    mode: GateMode,
    small_model: z.string(),
    strong_model: z.string(),
    rules: z.array(z.object({ condition: z.string(), model: z.string() }).strict()),
    gate: Figures,
    all_small: Figures.nullable(),
    all_strong: Figures.nullable(),
  })
  .strict();

export const Estimate = z
  .object({
    lane: z.string(),
    model: z.string(),
    pass_rate: share,
    n: count,
    tokens: z.object({ input: z.number(), cache_read: z.number(), output: z.number() }).strict(),
    completion_ms: z.number().nullable(),
    first_token_ms: z.number().nullable(),
    cost_usd: z.number(),
    simulated: z.boolean(),
  })
  .strict();

export const CurvePoint = z
  .object({
    threshold: z.number().nullable(),
    escalation_rate: share,
    accepted_rate: share,
    cost_per_task_usd: z.number(),
    pgr: z.number().nullable(),
  })
  .strict();

export const SweepLane = z
  .object({
    lane: z.string(),
    signal: z.string(),
    /** `below`: a request escalates when its signal is below the threshold. */
    direction: z.enum(['below', 'above']),
    thresholds: count,
    quality_bar: share.nullable(),
    all_small: z.object({ accepted_rate: share, cost_per_task_usd: z.number() }).strict(),
    all_strong: z.object({ accepted_rate: share, cost_per_task_usd: z.number() }).strict(),
    apgr: z.number().nullable(),
    cpt50: share.nullable(),
    cpt80: share.nullable(),
    oracle: z.object({ apgr: z.number().nullable(), cpt50: share.nullable(), cpt80: share.nullable(), points: z.array(CurvePoint) }).strict(),
    points: z.array(CurvePoint),
    recommended: CurvePoint.extend({ meets_bar: z.boolean() }).strict().nullable(),
    estimated_outcome_share: share,
  })
  .strict();

export const AlarmResult = z
  .object({
    alarm: AlarmName,
    threshold: z.number(),
    owner: z.string(),
    value: z.number().nullable(),
    fires: z.boolean(),
    /** The first day (UTC) the daily figure crossed the threshold, if it did. */
    first_day: z.string().nullable(),
    estimated_share: share,
  })
  .strict();

export const CustomerEconomics = z
  .object({
    customer: z.string(),
    rank: z.string(),
    tasks: z.number(),
    accepted: z.number(),
    cost_usd: z.number(),
    revenue_usd: z.number(),
    margin: z.number().nullable(),
    margin_target: z.number(),
    closes: z.boolean(),
  })
  .strict();

export const Economics = z
  .object({
    customers: count,
    period_days: count,
    stance: z.string(),
    median: CustomerEconomics.nullable(),
    p95: CustomerEconomics.nullable(),
    max: CustomerEconomics.nullable(),
    /** Requests without a customer id, left out of the per-customer figures. */
    no_customer_requests: count,
  })
  .strict();

export const PressureResult = z
  .object({
    scenario: z.enum(['adoption', 'price', 'heavy_customer']),
    description: z.string(),
    alarms: z.array(AlarmResult),
    first_alarm: AlarmName.nullable(),
    economics: Economics,
    /** The customer the scenario is about (the one gone heavy), after it. */
    subject: CustomerEconomics.nullable(),
    margin_closes: z.boolean(),
  })
  .strict();

export const BudgetReplay = z
  .object({
    file: z.string(),
    feature: z.string(),
    example: z.boolean(),
    lanes: z.array(z.string()),
    totals: Figures.omit({ latency_ms: true }).extend({ latency_ms: z.null() }).strict(),
    alarms: z.array(AlarmResult),
    firing: z.array(AlarmName),
    economics: Economics.nullable(),
    pressure: z.array(PressureResult).nullable(),
  })
  .strict();

export const BadRow = z.object({ row: z.number().int().nullable(), line: z.number().int().nullable(), problem: z.string() }).strict();

export const Replay = z
  .object({
    schema: z.literal(REPLAY_SCHEMA),
    replay_id: z.string(),
    generated_at: z.string(),
    lanebar_version: z.string(),
    /** True when any replayed row, or the eval run behind an estimate, is simulated. */
    simulated: z.boolean(),
    inputs: z
      .object({
        log: z.object({ path: z.string(), format: LogFormat, calls: count, requests: count, first_day: z.string().nullable(), last_day: z.string().nullable() }).strict(),
        mapping: z.object({ path: z.string(), name: z.string(), token_basis: TokenBasis, latency_unit: z.enum(['ms', 's']) }).strict(),
        gates: z.array(z.object({ path: z.string(), lane: z.string().nullable() }).strict()),
        budget: z.string().nullable(),
        eval_run: z.object({ id: z.string(), path: z.string(), simulated: z.boolean() }).strict().nullable(),
        price_sheet: z.object({ path: z.string(), date: z.string(), hash: z.string() }).strict(),
      })
      .strict(),
    cost_source: z.enum(['sheet', 'log']),
    percentile_method: z.string(),
    bad_rows: z.object({ policy: z.enum(['skip', 'fail']), count, examples: z.array(BadRow) }).strict(),
    /** Calls the replay did not use, by lane and model: nothing is dropped without a count. */
    not_replayed: z.array(z.object({ lane: z.string(), model: z.string(), calls: count, reason: z.string() }).strict()),
    lanes: z.array(LaneReplay),
    overall: z.object({ gate: Figures, all_small: Figures.nullable(), all_strong: Figures.nullable() }).strict(),
    estimates: z.array(Estimate),
    sweep: z.array(SweepLane).nullable(),
    budget: BudgetReplay.nullable(),
    warnings: z.array(z.string()),
  })
  .strict();

export type Figures = z.infer<typeof Figures>;
export type LaneReplay = z.infer<typeof LaneReplay>;
export type Estimate = z.infer<typeof Estimate>;
export type CurvePoint = z.infer<typeof CurvePoint>;
export type SweepLane = z.infer<typeof SweepLane>;
export type AlarmResult = z.infer<typeof AlarmResult>;
export type CustomerEconomics = z.infer<typeof CustomerEconomics>;
export type Economics = z.infer<typeof Economics>;
export type PressureResult = z.infer<typeof PressureResult>;
export type BudgetReplay = z.infer<typeof BudgetReplay>;
export type BadRow = z.infer<typeof BadRow>;
export type Replay = z.infer<typeof Replay>;
