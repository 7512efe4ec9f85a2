import { z } from 'zod';
import { CompareRules, DEFAULT_COMPARE_RULES } from './compare.js';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

export const LatencyClass = z.enum(['interactive', 'report', 'bulk']);

export const LaneBudget = z
  .object({
    first_token_p95_ms: z.number().positive().describe('95th percentile time to first token the lane can afford'),
    completion_p95_ms: z.number().positive().describe('95th percentile time to the last token'),
    cost_per_accepted_usd: z.number().positive().describe('target cost per accepted outcome, all spend included'),
    min_pass_rate: z.number().min(0).max(1).describe('quality bar: minimum share of cases that must pass'),
    max_error_rate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('share of samples that may end in an error (after retries) before a candidate is refused whatever it passed; default 0.05'),
  })
  .strict();

/** A candidate that fails this share of samples is unreliable however well the rest grade. */
export const DEFAULT_MAX_ERROR_RATE = 0.05;

export const Lane = z
  .object({
    id: slug,
    description: z.string().min(1),
    latency_class: LatencyClass,
    budget: LaneBudget,
  })
  .strict();

export const FewShotExample = z.object({ user: z.string(), assistant: z.string() }).strict();

/** Anthropic's cache_control TTLs (CacheControlEphemeral.ttl in @anthropic-ai/sdk). */
export const CacheTtl = z.enum(['5m', '1h']);

/** The stable prefix is what prompt caches can reuse (S); the template renders the dynamic tail (D). */
export const Prompt = z
  .object({
    version: z.string().min(1),
    system: z.string().min(1),
    examples: z.array(FewShotExample).default([]),
    template: z.string().min(1).describe('the dynamic tail, with {{column}} slots filled from the dataset'),
    cache_ttl: CacheTtl.optional().describe(
      'how long Anthropic keeps the stable prefix cached (its cache_control ttl): 5m (default; writes at 1.25x the input price) or 1h (2x); OpenAI and Gemini cache on their own terms',
    ),
  })
  .strict();

export const DatasetRef = z
  .object({
    path: z.string().min(1).describe('CSV or JSONL file, relative to the suite file'),
    format: z.enum(['csv', 'jsonl']).optional().describe('inferred from the file extension when absent'),
    id_column: z.string().default('id'),
    inputs: z.array(z.string()).min(1).describe('columns the prompt template reads'),
    expected: z.array(z.string()).default([]).describe('columns the graders read'),
  })
  .strict();

const graderBase = {
  name: z.string().optional().describe('shown in reports; defaults to the grader type'),
};

export const EqualsGrader = z
  .object({
    ...graderBase,
    type: z.literal('equals'),
    expected: z.string().describe('template, e.g. "{{answer}}"'),
    case_sensitive: z.boolean().default(false),
    trim: z.boolean().default(true),
  })
  .strict();

export const ContainsGrader = z
  .object({
    ...graderBase,
    type: z.literal('contains'),
    value: z.string().describe('template of the text that must appear'),
    case_sensitive: z.boolean().default(false),
    negate: z.boolean().default(false),
  })
  .strict();

export const RegexGrader = z
  .object({
    ...graderBase,
    type: z.literal('regex'),
    pattern: z.string(),
    flags: z.string().regex(/^[imsu]*$/, 'allowed flags: i, m, s, u').default(''),
  })
  .strict();

export const LabelGrader = z
  .object({
    ...graderBase,
    type: z.literal('label'),
    labels: z.array(z.string().min(1)).min(2),
    expected: z.string().describe('template of the correct label'),
  })
  .strict();

export const JsonGrader = z
  .object({
    ...graderBase,
    type: z.literal('json'),
    schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema the parsed answer must satisfy'),
    fields: z
      .record(z.string(), z.string())
      .default({})
      .describe('JSON pointer (e.g. /category) -> template of the expected value'),
  })
  .strict();

export const NumberGrader = z
  .object({
    ...graderBase,
    type: z.literal('number'),
    expected: z.string().describe('template of the expected number'),
    tolerance: z.number().min(0).default(0),
    relative: z.boolean().default(false).describe('tolerance as a fraction of the expected value'),
  })
  .strict();

export const CustomGrader = z
  .object({
    ...graderBase,
    type: z.literal('custom'),
    module: z.string().describe('JS/TS module path relative to the suite file'),
    export: z.string().default('default'),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const GraderSpec = z.discriminatedUnion('type', [
  EqualsGrader,
  ContainsGrader,
  RegexGrader,
  LabelGrader,
  JsonGrader,
  NumberGrader,
  CustomGrader,
]);

export const ProviderName = z.enum(['openai', 'anthropic', 'google', 'openai-compatible']);

/** Anthropic requires max_tokens; lanebar sends this when a candidate's params leave it out. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export const CandidateParams = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
    top_p: z.number().min(0).max(1).optional(),
    thinking_budget: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'hidden reasoning tokens allowed (billed as output). google: thinkingConfig.thinkingBudget, 0 turns thinking off on Gemini 2.5 Flash; anthropic: extended thinking budget_tokens (at least 1024, below max_tokens), 0 or absent leaves thinking off',
      ),
  })
  .strict();

export const Candidate = z
  .object({
    id: slug.optional().describe('name in reports; defaults to the model'),
    provider: ProviderName,
    model: z.string().min(1).describe('the real model name, used when running live and for prices'),
    sim: z.string().min(1).optional().describe('simulated stand-in (sim/models.yaml) used when running offline'),
    base_url: z.string().url().optional(),
    api_key_env: z.string().optional().describe('environment variable holding the key'),
    params: CandidateParams.default({}),
    repeats: z.number().int().min(1).max(100).default(1),
  })
  .strict();

export const RunSettings = z
  .object({
    concurrency: z.number().int().min(1).max(1024).default(8),
    per_provider_concurrency: z.number().int().min(1).max(1024).default(8),
    timeout_ms: z.number().int().positive().default(60_000),
    max_retries: z.number().int().min(0).max(20).default(4),
    backoff_base_ms: z.number().int().min(0).default(500),
    backoff_max_ms: z.number().int().min(0).default(30_000),
  })
  .strict();

export const Suite = z
  .object({
    $schema: z.string().optional(),
    name: slug,
    version: z.string().min(1),
    description: z.string().optional(),
    lane: Lane,
    prompt: Prompt,
    dataset: DatasetRef,
    graders: z.array(GraderSpec).min(1),
    candidates: z.array(Candidate).min(1),
    run: RunSettings.default(RunSettings.parse({})),
    compare: CompareRules.default(DEFAULT_COMPARE_RULES).describe('what `lanebar compare` holds a change of this lane to'),
  })
  .strict();

export type LaneBudget = z.infer<typeof LaneBudget>;
export type Lane = z.infer<typeof Lane>;
export type Prompt = z.infer<typeof Prompt>;
export type GraderSpec = z.infer<typeof GraderSpec>;
export type Candidate = z.infer<typeof Candidate>;
export type CandidateParams = z.infer<typeof CandidateParams>;
export type CacheTtl = z.infer<typeof CacheTtl>;
export type RunSettings = z.infer<typeof RunSettings>;
export type Suite = z.infer<typeof Suite>;
export type SuiteInput = z.input<typeof Suite>;
export type ProviderName = z.infer<typeof ProviderName>;

export const candidateId = (c: Candidate): string => c.id ?? c.model;
