import { z } from 'zod';
import { AttemptOutcome, ErrorClass } from './attempt.js';
import { CompareRules } from './compare.js';
import { GradeResult } from './grade.js';
import { ModelPrice } from './prices.js';
import { CandidateParams, GraderSpec, Lane, ProviderName } from './suite.js';

export const JOURNAL_SCHEMA = 'lanebar.journal/1';

export const Target = z.enum(['auto', 'sim', 'live']);

export const CandidateManifest = z.object({
  id: z.string(),
  provider: ProviderName,
  /** The real model: what prices and live runs use. */
  model: z.string(),
  simulated: z.boolean(),
  /** The model name actually sent on the wire: the simulated profile when simulated. */
  served_by: z.string(),
  base_url: z.string().nullable(),
  params: CandidateParams,
  repeats: z.number().int().min(1),
  price: ModelPrice,
});

export const SuiteManifest = z.object({
  name: z.string(),
  version: z.string(),
  file: z.string(),
  hash: z.string(),
  lane: Lane,
  prompt: z.object({ version: z.string(), hash: z.string() }),
  dataset: z.object({ path: z.string(), hash: z.string(), rows: z.number().int().min(0) }),
  graders: z.array(GraderSpec),
  candidates: z.array(CandidateManifest),
  /** The lane's compare rules as the suite stated them (absent in journals written before them). */
  compare: CompareRules.optional(),
});

export const RunStart = z.object({
  type: z.literal('run_start'),
  schema: z.literal(JOURNAL_SCHEMA),
  run_id: z.string(),
  started_at: z.string(),
  lanebar_version: z.string(),
  node_version: z.string(),
  target: Target,
  price_sheet: z.object({ path: z.string(), date: z.string(), hash: z.string() }),
  price_overrides: z.object({ path: z.string(), hash: z.string() }).nullable(),
  suites: z.array(SuiteManifest),
});

export const RunResume = z.object({
  type: z.literal('run_resume'),
  at: z.string(),
  lanebar_version: z.string(),
  samples_done: z.number().int().min(0),
});

/** Where an attempt or a case belongs: one sample is (suite, candidate, case, repeat). */
const SampleKey = {
  suite: z.string(),
  candidate: z.string(),
  case_id: z.string(),
  repeat: z.number().int().min(0),
};

/**
 * Written just before a call is sent, so that a call in flight when lanebar is killed is still on
 * the books: a resume turns every start without its attempt record into an interrupted attempt.
 * Journals written before it have none, and read the same.
 */
export const AttemptStarted = z.object({
  type: z.literal('attempt_started'),
  ...SampleKey,
  attempt: z.number().int().min(1),
  started_at: z.string(),
  waited_ms: z.number().min(0),
  /** The request's input tokens by core/tokens.ts: what an interrupted attempt is billed for. */
  input_tokens_estimate: z.number().int().min(0),
});

export const AttemptRecord = z.object({
  type: z.literal('attempt'),
  ...SampleKey,
  attempt: z.number().int().min(1),
  started_at: z.string(),
  /** Backoff slept before this attempt was sent. */
  waited_ms: z.number().min(0),
  ...AttemptOutcome.shape,
  cost_usd: z.number().min(0),
  /** True when the record was written on resume for a call in flight when lanebar was killed: its tokens are estimated. */
  interrupted: z.boolean().optional(),
});

export const CaseRecord = z.object({
  type: z.literal('case'),
  ...SampleKey,
  status: z.enum(['graded', 'errored']),
  pass: z.boolean(),
  score: z.number().min(0).max(1),
  grades: z.array(GradeResult),
  attempts: z.number().int().min(1),
  cost_usd: z.number().min(0),
  output: z.string(),
  ttft_ms: z.number().nullable(),
  completion_ms: z.number().nullable(),
  error_class: ErrorClass.nullable(),
  /** Why the final attempt failed, for errored samples. */
  error_message: z.string().nullable().default(null),
});

export const RunEnd = z.object({
  type: z.literal('run_end'),
  at: z.string(),
  status: z.enum(['complete', 'interrupted', 'failed']),
  message: z.string().optional(),
});

export const JournalRecord = z.discriminatedUnion('type', [RunStart, RunResume, AttemptStarted, AttemptRecord, CaseRecord, RunEnd]);

export type Target = z.infer<typeof Target>;
export type CandidateManifest = z.infer<typeof CandidateManifest>;
export type SuiteManifest = z.infer<typeof SuiteManifest>;
export type RunStart = z.infer<typeof RunStart>;
export type RunResume = z.infer<typeof RunResume>;
export type AttemptStarted = z.infer<typeof AttemptStarted>;
export type AttemptRecord = z.infer<typeof AttemptRecord>;
export type CaseRecord = z.infer<typeof CaseRecord>;
export type RunEnd = z.infer<typeof RunEnd>;
export type JournalRecord = z.infer<typeof JournalRecord>;

export const sampleKey = (r: { suite: string; candidate: string; case_id: string; repeat: number }): string =>
  `${r.suite}\u0000${r.candidate}\u0000${r.case_id}\u0000${r.repeat}`;
