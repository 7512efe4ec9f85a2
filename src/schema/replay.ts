import { z } from 'zod';

/*
 * Logged traffic as lanebar reads it: one record per model call, grouped into requests (tasks) by
 * `request_id`. A mapping file says where each of these fields sits in a user's export, and
 * becomes the DuckDB view `lanebar_calls`.
 */

export const LogFormat = z.enum(['csv', 'jsonl', 'parquet']);

/**
 * Whether the source's input token count already contains the cached tokens. `inclusive`: the
 * count is every input token billed (OpenAI's prompt_tokens, LiteLLM's prompt_tokens), so cache
 * reads and writes are subtracted to get the uncached part. `exclusive`: the count is the uncached
 * part only (Anthropic's input_tokens, Langfuse's usageDetails.input). Getting it wrong misprices
 * every cached row, so the mapping must say.
 */
export const TokenBasis = z.enum(['inclusive', 'exclusive']);

export const LatencyUnit = z.enum(['ms', 's']);

/** The type a mapped column is read as; a value that does not parse is a bad row. */
export const ValueType = z.enum(['string', 'number', 'boolean']);

/** `$.a.b[0]`: a plain JSON path, checked because it is written into the view's SQL. */
export const JsonPath = z
  .string()
  .regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])+$/, 'use a JSON path such as $.usage.cached_tokens (letters, digits, _ and [n] only)');

const Column = z.string().min(1, 'name a column').max(200);

/** Where one lanebar field comes from in the user's export. A bare string names a column. */
export const FieldSource = z.union([
  Column,
  z
    .object({
      column: Column,
      /** A number of seconds or milliseconds since 1970 rather than a written timestamp. */
      epoch: z.enum(['s', 'ms']).optional(),
      type: ValueType.optional(),
    })
    .strict(),
  z.object({ const: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
  z
    .object({
      json: Column,
      /** Tried in order; the first that is present wins (exports differ by provider). */
      paths: z.array(JsonPath).min(1),
      /** Add the values at every path present instead (e.g. output plus reasoning tokens). */
      sum: z.boolean().default(false),
      type: ValueType.optional(),
    })
    .strict(),
  z
    .object({ coalesce: z.array(Column).min(2).describe('the first of these columns that is not empty'), type: ValueType.optional() })
    .strict(),
  z
    .object({ ms_between: z.tuple([Column, Column]).describe('latency as the time from the first timestamp column to the second') })
    .strict(),
]);

/** The fields of a logged call. Optional ones may be left out of a mapping. */
export const CallFields = z
  .object({
    request_id: FieldSource.describe('groups the calls of one request (task): a cascade logs two calls under one id'),
    call_id: FieldSource.optional(),
    ts: FieldSource.describe('when the call started'),
    lane: FieldSource,
    scenario: FieldSource.optional(),
    customer: FieldSource.optional().describe('the account billed for the request; needed for per-customer economics'),
    provider: FieldSource.default({ const: 'openai' }),
    model: FieldSource,
    input_tokens: FieldSource.describe('input tokens, on the basis token_basis says'),
    cache_read_tokens: FieldSource.optional(),
    cache_write_tokens: FieldSource.optional(),
    output_tokens: FieldSource,
    first_token: FieldSource.optional().describe('time to first token, in latency_unit'),
    completion: FieldSource.optional().describe('time to the end of the answer, in latency_unit'),
    retries: FieldSource.optional(),
    accepted: FieldSource.optional().describe('the business acceptance signal of this answer, when known'),
    cost_usd: FieldSource.optional().describe("the log's own cost, shown next to lanebar's"),
    simulated: FieldSource.optional().describe('true on rows that are simulated, so every report says so'),
  })
  .strict();

/** A name a gate condition can use: a letter, then letters, digits or _. */
export const GateName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'use a name of letters, digits and _ that starts with a letter');

/** Names lanebar gives request-level columns itself; attributes and signals may not reuse them. */
export const RESERVED_NAMES = ['request_id', 'call_id', 'ts', 'lane', 'scenario', 'customer', 'provider', 'model'] as const;

export const Mapping = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Where the field names were taken from (documentation, schema file). */
    references: z.array(z.string()).default([]),
    format: LogFormat.optional().describe('default: from the file extension'),
    token_basis: TokenBasis,
    latency_unit: LatencyUnit,
    fields: CallFields,
    /** Numeric signals a model returns with its answer (confidence, a score): cascade gates read them. */
    signals: z.record(GateName, FieldSource).default({}),
    /** Request attributes (tier, sentiment, locale): any gate may read them. */
    attributes: z.record(GateName, FieldSource).default({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>(RESERVED_NAMES);
    for (const group of ['signals', 'attributes'] as const) {
      for (const name of Object.keys(m[group])) {
        if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [group, name], message: `"${name}" is already a field name; pick another` });
        seen.add(name);
      }
    }
  });

export type LogFormat = z.infer<typeof LogFormat>;
export type TokenBasis = z.infer<typeof TokenBasis>;
export type ValueType = z.infer<typeof ValueType>;
export type FieldSource = z.infer<typeof FieldSource>;
export type CallFields = z.infer<typeof CallFields>;
export type Mapping = z.infer<typeof Mapping>;
