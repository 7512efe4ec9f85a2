import { z } from 'zod';
import { ModelPrice } from './prices.js';
import { Lane, LaneBudget } from './suite.js';

export const BAR_SCHEMA = 'lanebar.bar/1';

/** The figures of a resolved price that decide what a call costs: what a reprice changes. */
export const PriceFigures = ModelPrice.pick({
  input_mtok: true,
  cache_read_mtok: true,
  cache_write_5m_mtok: true,
  cache_write_1h_mtok: true,
  output_mtok: true,
  batch_discount: true,
  gpu_hour_usd: true,
  throughput_tokens_per_s: true,
  cache_storage_mtok_hour: true,
});

/** Every reason a candidate is refused, each with the figures behind it. */
export const Refusal = z.discriminatedUnion('kind', [
  z.object({
    /** The run did not finish this candidate's samples: nothing is admitted from a partial run. */
    kind: z.literal('incomplete'),
    completed: z.number().int().min(0),
    samples: z.number().int().min(0),
    run_status: z.enum(['complete', 'partial']),
  }),
  z.object({
    /** The Wilson 95% lower bound of the pass rate is below the lane's minimum. */
    kind: z.literal('quality'),
    passed: z.number().int().min(0),
    completed: z.number().int().min(0),
    pass_rate: z.number().nullable(),
    pass_ci_low: z.number(),
    min_pass_rate: z.number(),
    /** Cases for which n of n passing would clear the bar; set only when this suite is smaller. */
    cases_needed_all_pass: z.number().int().min(0).nullable(),
    /** Cases at which the observed rate, if it held, would clear the bar; null when it is at or below it. */
    cases_needed_at_observed_rate: z.number().int().min(0).nullable(),
  }),
  z.object({ kind: z.literal('first_token_p95'), p95_ms: z.number().nullable(), budget_ms: z.number() }),
  z.object({ kind: z.literal('completion_p95'), p95_ms: z.number().nullable(), budget_ms: z.number() }),
  z.object({
    /** Cost per accepted outcome above target; null when nothing passed. */
    kind: z.literal('cost'),
    per_accepted_usd: z.number().nullable(),
    target_usd: z.number(),
  }),
  z.object({
    kind: z.literal('errors'),
    errored: z.number().int().min(0),
    completed: z.number().int().min(0),
    error_rate: z.number().nullable(),
    max_error_rate: z.number(),
  }),
]);

/** The run's figures a verdict was taken on: read from the summary of the journal, never recomputed. */
export const Evidence = z.object({
  samples: z.number().int().min(0),
  completed: z.number().int().min(0),
  passed: z.number().int().min(0),
  errored: z.number().int().min(0),
  pass_rate: z.number().nullable(),
  pass_ci: z.object({ low: z.number(), high: z.number() }),
  error_rate: z.number().nullable(),
  first_token_p95_ms: z.number().nullable(),
  completion_p95_ms: z.number().nullable(),
  cost_per_accepted_usd: z.number().nullable(),
  cost_per_task_usd: z.number().nullable(),
  total_usd: z.number(),
});

export const ModelRef = z.object({
  candidate: z.string(),
  provider: z.string(),
  /** The real model: what prices and live runs use. */
  model: z.string(),
  /** What answered: the simulated profile when simulated. */
  served_by: z.string(),
  simulated: z.boolean(),
});

export const CandidateVerdict = ModelRef.extend({
  verdict: z.enum(['admitted', 'refused']),
  /** Empty exactly when admitted. */
  refusals: z.array(Refusal),
  evidence: Evidence,
  /** The price the run billed at: what `bar --check` compares with today's. */
  price: PriceFigures,
});

/** McNemar's exact test between the assigned model and a stronger admitted one, on shared samples. */
export const PairedTest = z.object({
  cheaper: z.string(),
  stronger: z.string(),
  pairs: z.number().int().min(0),
  both_pass: z.number().int().min(0),
  cheaper_only: z.number().int().min(0),
  stronger_only: z.number().int().min(0),
  neither: z.number().int().min(0),
  p_value: z.number().min(0).max(1),
  alpha: z.number(),
  cheaper_significantly_worse: z.boolean(),
});

export const Provenance = z.object({
  run_id: z.string(),
  run_started_at: z.string(),
  run_status: z.enum(['complete', 'partial']),
  suite: z.object({ name: z.string(), version: z.string(), file: z.string(), hash: z.string() }),
  dataset: z.object({ path: z.string(), hash: z.string(), rows: z.number().int().min(0) }),
  prompt: z.object({ version: z.string(), hash: z.string() }),
  graders_hash: z.string(),
  /** Hash of the candidates' definitions (id, provider, model, params, repeats). */
  candidates_hash: z.string(),
  price_sheet: z.object({ path: z.string(), date: z.string(), hash: z.string() }),
  price_overrides: z.object({ path: z.string(), hash: z.string() }).nullable(),
  /** lanebar that ran the suite. */
  lanebar_version: z.string(),
  /** True when a simulated stand-in answered: then this authorizes nothing real. */
  simulated: z.boolean(),
});

export const Authorization = z.object({
  traffic: z.string(),
  model: ModelRef,
  escalation: ModelRef.extend({ pass_rate: z.number().nullable(), pass_ci: z.object({ low: z.number(), high: z.number() }) }).nullable(),
  paired_tests: z.array(PairedTest),
  provenance: Provenance,
});

export const LaneBar = z.object({
  lane: Lane.extend({ budget: LaneBudget.required({ max_error_rate: true }) }),
  suite: z.string(),
  /** What every verdict of the lane rests on; `simulated` when any candidate was. */
  provenance: Provenance,
  candidates: z.array(CandidateVerdict),
  /** Null when no candidate was admitted: the lane has no model. */
  authorization: Authorization.nullable(),
});

export const Bar = z.object({
  schema: z.literal(BAR_SCHEMA),
  run_id: z.string(),
  run_started_at: z.string(),
  run_status: z.enum(['complete', 'partial']),
  generated_at: z.string(),
  /** lanebar that took the decisions (the run's own version is in each provenance). */
  generated_by: z.string(),
  simulated: z.boolean(),
  /** Set when any candidate was simulated; repeated in every rendering of this bar. */
  notice: z.string().nullable(),
  /** The rules the verdicts applied, stated so a reader need not guess. */
  policy: z.object({
    quality: z.string(),
    confidence: z.number(),
    assigned: z.string(),
    stronger: z.string(),
    escalation: z.string(),
    paired_test: z.string(),
    alpha: z.number(),
  }),
  lanes: z.array(LaneBar),
});

export type PriceFigures = z.infer<typeof PriceFigures>;
export type Refusal = z.infer<typeof Refusal>;
export type Evidence = z.infer<typeof Evidence>;
export type ModelRef = z.infer<typeof ModelRef>;
export type CandidateVerdict = z.infer<typeof CandidateVerdict>;
export type PairedTest = z.infer<typeof PairedTest>;
export type Provenance = z.infer<typeof Provenance>;
export type Authorization = z.infer<typeof Authorization>;
export type LaneBar = z.infer<typeof LaneBar>;
export type Bar = z.infer<typeof Bar>;
