import { z } from 'zod';

/**
 * Token counts as lanebar keeps them: disjoint buckets, so that the input tokens billed are
 * uncached_input + cache_read + cache_write_5m + cache_write_1h. Providers that report a total
 * which includes cached tokens (OpenAI's prompt_tokens, Gemini's promptTokenCount) are split by
 * their adapter before the numbers get here.
 */
export const Usage = z
  .object({
    uncached_input: z.number().int().min(0),
    cache_read: z.number().int().min(0),
    cache_write_5m: z.number().int().min(0),
    cache_write_1h: z.number().int().min(0),
    /** Output tokens billed, reasoning tokens included. */
    output: z.number().int().min(0),
    /** The reasoning share of `output`, when the provider reports it. */
    reasoning: z.number().int().min(0),
  })
  .strict();

export const ErrorClass = z.enum([
  'rate_limited',
  'overloaded',
  'server_error',
  'timeout',
  'connection',
  'stream_cut',
  'bad_request',
  'auth',
  'content_filtered',
  'not_found',
  'unknown',
  /** lanebar itself stopped (killed) while the attempt was in flight: its outcome was never seen. */
  'interrupted',
]);

/** One call to a provider, as the provider seam reports it. */
export const AttemptOutcome = z
  .object({
    ok: z.boolean(),
    output: z.string(),
    ttft_ms: z.number().min(0).nullable(),
    completion_ms: z.number().min(0).nullable(),
    usage: Usage,
    /** False when the provider sent no usage (e.g. a cut stream); tokens are then estimated. */
    usage_reported: z.boolean(),
    finish_reason: z.string().nullable(),
    http_status: z.number().int().nullable(),
    error_class: ErrorClass.nullable(),
    error_message: z.string().nullable(),
    retry_after_ms: z.number().min(0).nullable(),
    request_id: z.string().nullable(),
  })
  .strict();

export type Usage = z.infer<typeof Usage>;
export type ErrorClass = z.infer<typeof ErrorClass>;
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

export const ZERO_USAGE: Usage = Object.freeze({
  uncached_input: 0,
  cache_read: 0,
  cache_write_5m: 0,
  cache_write_1h: 0,
  output: 0,
  reasoning: 0,
});

export const RETRYABLE: ReadonlySet<ErrorClass> = new Set<ErrorClass>([
  'rate_limited',
  'overloaded',
  'server_error',
  'timeout',
  'connection',
  'stream_cut',
]);
