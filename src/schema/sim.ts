import { z } from 'zod';

/**
 * The simulated-models file (sim/models.yaml): deterministic stand-ins for real models, so that
 * the harness can run offline. Nothing in it is a measurement of a real model.
 */

const probability = z.number().min(0).max(1);

export const SimLatency = z
  .object({
    p50: z.number().positive().describe('median time to first token, ms'),
    p95: z.number().positive().describe('95th percentile time to first token, ms'),
  })
  .strict()
  .refine((l) => l.p95 >= l.p50, { message: 'p95 must be at least p50', path: ['p95'] });

/**
 * The model's prompt cache. Which prefix is cached depends on the protocol it is called through:
 * OpenAI and Gemini cache automatically (everything before the last user message, no write
 * premium, hits in `increment`s); Anthropic caches only a prefix marked with `cache_control`,
 * writes it before any request can read it, and keeps it for the TTL the request marks (5m or 1h).
 */
export const SimCache = z
  .object({
    min_prefix_tokens: z
      .number()
      .int()
      .min(0)
      .default(1024)
      .describe('shortest prefix cached: the automatic minimum (OpenAI, Gemini) or the minimum cacheable prompt length (Anthropic)'),
    increment: z.number().int().positive().default(128).describe('automatic caching: cached tokens grow in whole increments past the minimum'),
    ttl_s: z.number().positive().default(300).describe('automatic caching: seconds a prefix stays cached after its last use'),
  })
  .strict();

const ServerErrorStatus = z.union([z.literal(500), z.literal(502), z.literal(503)]);

/** The shares below are of all requests to the model; each request gets at most one fault. */
export const SimFaultRates = z
  .object({
    rate_limited: probability.default(0).describe('share of requests answered 429'),
    server_error: probability.default(0).describe('share of requests answered with a server error (see server_error_statuses)'),
    overloaded: probability.default(0).describe('share of requests answered "overloaded": 529 on Anthropic, 503 on Gemini and OpenAI'),
    stream_cut: probability.default(0).describe('share of streamed requests cut mid-stream'),
    reset: probability.default(0).describe('share of requests whose connection is reset before any header'),
    slow_first_byte: probability.default(0).describe('share of requests whose first byte waits slow_first_byte_ms: past the client timeout, a timeout'),
    no_usage: probability.default(0).describe('share of replies sent without their usage report'),
    malformed_event: probability.default(0).describe('share of replies broken by an event (or body) that does not parse, after the first piece'),
    retry_after_s: z.number().min(0).default(1).describe('retry-after sent with a random 429'),
    retry_after_http_date: probability.default(0).describe('share of random 429s whose retry-after is an HTTP date rather than seconds (OpenAI, Anthropic)'),
    server_error_statuses: z.array(ServerErrorStatus).min(1).default([500]).describe('statuses a random server error answers with, in equal shares'),
    slow_first_byte_ms: z.number().int().min(0).default(30_000).describe('real milliseconds before the first byte of a slow reply; not scaled by the latency scale'),
  })
  .strict()
  .refine((f) => f.rate_limited + f.server_error + f.overloaded + f.stream_cut + f.reset + f.slow_first_byte + f.no_usage + f.malformed_event <= 1, {
    message: 'fault probabilities add up to more than 1',
  });

export const SimModel = z
  .object({
    accuracy: z.record(z.string(), probability).describe('lane id -> share of its cases answered correctly'),
    ttft_ms: SimLatency.describe('time to first token; a lognormal is fitted to p50 and p95'),
    output_tokens_per_s: z.number().positive(),
    reasoning_tokens: z.number().int().min(0).default(0).describe('hidden output tokens billed as reasoning'),
    cache: SimCache.default(SimCache.parse({})),
    faults: SimFaultRates.default(SimFaultRates.parse({})),
  })
  .strict();

/** How a simulated model "knows" the right answer to a lane's cases. */
export const SimTaskSpec = z
  .object({
    answer: z.string().min(1).describe('template of the correct answer, with {{column}} slots'),
    wrong: z
      .array(z.string().min(1))
      .min(1)
      .describe('templates of wrong answers; {{$other.column}} reads a different row whose answer differs'),
    difficulty_column: z
      .string()
      .optional()
      .describe('column with a difficulty in [0, 1]; without it, difficulty is uniform from a hash of the row id'),
  })
  .strict();

export const SimModelsFile = z
  .object({
    $schema: z.string().optional(),
    seed: z.number().int().default(0),
    models: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'use letters, digits, ".", "_", ":" or "-"'), SimModel)
      .refine((m) => Object.keys(m).length > 0, { message: 'declare at least one model' }),
    tasks: z.record(z.string(), SimTaskSpec).default({}),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const [name, model] of Object.entries(file.models)) {
      for (const lane of Object.keys(model.accuracy)) {
        if (!(lane in file.tasks)) {
          ctx.addIssue({
            code: 'custom',
            message: `accuracy is given for lane "${lane}" but tasks has no "${lane}" entry`,
            path: ['models', name, 'accuracy', lane],
          });
        }
      }
    }
  });

/** Faults a test or benchmark queues for a model's next requests, in order. */
export const ScriptedFault = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('rate_limited'),
      retry_after_s: z.number().min(0).optional(),
      retry_after_http_date: z.boolean().optional().describe('send retry-after as an HTTP date instead of seconds'),
    })
    .strict(),
  z.object({ kind: z.literal('server_error'), status: ServerErrorStatus }).strict(),
  z
    .object({
      kind: z.literal('stream_cut'),
      after_chunks: z.number().int().min(0).describe('text chunks sent before the socket is destroyed; a non-streamed body is cut half-way'),
    })
    .strict(),
  z.object({ kind: z.literal('reset') }).strict(),
  z
    .object({
      kind: z.literal('slow_first_byte'),
      ms: z.number().int().min(0).describe('real milliseconds before any byte; not scaled by latencyScale, so client timeouts can be tested'),
    })
    .strict(),
  z.object({ kind: z.literal('no_usage') }).strict(),
  z.object({ kind: z.literal('malformed_event') }).strict(),
  z
    .object({
      kind: z.literal('overloaded'),
      after_chunks: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('streamed only: text chunks sent before an overloaded error event ends the stream; absent, the request is refused with 529 (Anthropic) or 503'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('content_filtered'),
      after_chunks: z
        .number()
        .int()
        .min(0)
        .default(0)
        .describe('text chunks sent before the safety stop (OpenAI content_filter, Anthropic refusal, Gemini SAFETY); 0 on Gemini blocks the prompt'),
    })
    .strict(),
]);

export const FaultKind = z.enum([
  'rate_limited',
  'server_error',
  'stream_cut',
  'reset',
  'slow_first_byte',
  'no_usage',
  'malformed_event',
  'overloaded',
  'content_filtered',
]);

/**
 * How a request ended: `refused` is an error status (401, 404, 429, 5xx...), `cut` a stream or
 * body the simulator broke off, `reset` a socket destroyed before any header, `client_closed` a
 * client that hung up first (a timeout or an abort).
 */
export const SimOutcome = z.enum(['completed', 'refused', 'cut', 'reset', 'client_closed']);

export const SimBilled = z
  .object({
    /** Every input token: includes `cached_tokens` (as OpenAI's prompt_tokens does) and the cache writes. */
    prompt_tokens: z.number().int().min(0),
    /** Input tokens read from the prompt cache. */
    cached_tokens: z.number().int().min(0),
    /** Input tokens written to the cache (Anthropic only), by the TTL they were written with. */
    cache_write_5m_tokens: z.number().int().min(0),
    cache_write_1h_tokens: z.number().int().min(0),
    /** Includes `reasoning_tokens`. */
    output_tokens: z.number().int().min(0),
    reasoning_tokens: z.number().int().min(0),
  })
  .strict();

/** One request the simulator answered, as it billed it. */
export const SimLedgerEntry = z
  .object({
    /** Order of arrival, from 0. */
    seq: z.number().int().min(0),
    request_id: z.string(),
    protocol: z.enum(['openai', 'anthropic', 'google']),
    /** Null when the request was refused before its body was read (e.g. no API key). */
    model: z.string().nullable(),
    stream: z.boolean(),
    lane: z.string().nullable(),
    case_id: z.string().nullable(),
    /** Whether the answer chosen was the right one; null for an unknown request or one never answered. */
    correct: z.boolean().nullable(),
    /** Null when the socket was reset before any header was sent. */
    http_status: z.number().int().nullable(),
    fault: FaultKind.nullable(),
    outcome: SimOutcome,
    billed: SimBilled,
  })
  .strict();

export type SimLatency = z.infer<typeof SimLatency>;
export type SimCache = z.infer<typeof SimCache>;
export type SimFaultRates = z.infer<typeof SimFaultRates>;
export type SimModel = z.infer<typeof SimModel>;
export type SimTaskSpec = z.infer<typeof SimTaskSpec>;
export type SimModelsFile = z.infer<typeof SimModelsFile>;
export type SimModelsFileInput = z.input<typeof SimModelsFile>;
export type ScriptedFault = z.infer<typeof ScriptedFault>;
export type FaultKind = z.infer<typeof FaultKind>;
export type SimOutcome = z.infer<typeof SimOutcome>;
export type SimBilled = z.infer<typeof SimBilled>;
export type SimLedgerEntry = z.infer<typeof SimLedgerEntry>;
