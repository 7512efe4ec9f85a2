import { z } from 'zod';
import { Usage } from './attempt.js';
import { SuiteManifest } from './journal.js';

export const SUMMARY_SCHEMA = 'lanebar.summary/1';

const Percentiles = z.object({
  n: z.number().int().min(0),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

export const SummaryRow = z.object({
  suite: z.string(),
  lane: z.string(),
  candidate: z.string(),
  provider: z.string(),
  model: z.string(),
  served_by: z.string(),
  simulated: z.boolean(),
  /** Samples planned: cases x repeats. */
  samples: z.number().int().min(0),
  /** Samples with a final result (graded or errored). */
  completed: z.number().int().min(0),
  passed: z.number().int().min(0),
  errored: z.number().int().min(0),
  pass_rate: z.number().min(0).max(1).nullable(),
  pass_ci: z.object({ low: z.number(), high: z.number() }),
  error_rate: z.number().min(0).max(1).nullable(),
  attempts: z.number().int().min(0),
  failed_attempts: z.number().int().min(0),
  retry_rate: z.number().min(0).nullable(),
  latency_ms: z.object({ first_token: Percentiles, completion: Percentiles }),
  tokens: Usage,
  /** Share of input tokens served from the prompt cache. */
  cache_hit_rate: z.number().min(0).max(1).nullable(),
  cost: z.object({
    /** What the same tokens would cost with every input token at the uncached price. */
    raw_usd: z.number(),
    /** Every attempt as billed: cache reads, cache-write premiums, retries and failures included. */
    total_usd: z.number(),
    failed_attempts_usd: z.number(),
    per_task_usd: z.number().nullable(),
    per_accepted_usd: z.number().nullable(),
  }),
});

export const Summary = z.object({
  schema: z.literal(SUMMARY_SCHEMA),
  run_id: z.string(),
  status: z.enum(['complete', 'partial']),
  started_at: z.string(),
  generated_at: z.string(),
  lanebar_version: z.string(),
  simulated: z.boolean(),
  percentile_method: z.string(),
  price_sheet: z.object({ path: z.string(), date: z.string(), hash: z.string() }),
  suites: z.array(SuiteManifest.omit({ graders: true, candidates: true })),
  rows: z.array(SummaryRow),
  journal_warnings: z.array(z.string()),
});

export type SummaryRow = z.infer<typeof SummaryRow>;
export type Summary = z.infer<typeof Summary>;
