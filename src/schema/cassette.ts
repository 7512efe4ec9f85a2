import { z } from 'zod';
import { AttemptOutcome } from './attempt.js';
import { CandidateParams } from './suite.js';

export const CASSETTE_SCHEMA = 'lanebar.cassette/1';

/** First line of a cassette: what it was recorded for. */
export const CassetteHeader = z
  .object({
    type: z.literal('cassette'),
    schema: z.literal(CASSETTE_SCHEMA),
    suite: z.string(),
    recorded_at: z.string(),
    lanebar_version: z.string(),
  })
  .strict();

/**
 * One provider exchange. The request is kept normalised and without anything that authenticates
 * it (no key, no header): the fingerprint hashes provider, model and the whole request (stable
 * prefix, dynamic tail, parameters), and the readable part keeps the tail and the parameters.
 */
export const CassetteExchange = z
  .object({
    type: z.literal('exchange'),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    candidate: z.string(),
    case_id: z.string(),
    repeat: z.number().int().min(0),
    attempt: z.number().int().min(1),
    provider: z.string(),
    /** The model name sent on the wire: the simulated profile when simulated. */
    model: z.string(),
    simulated: z.boolean(),
    request: z.object({ prefix_hash: z.string(), user: z.string(), params: CandidateParams }).strict(),
    /** What the provider seam returned: streamed text, usage, finish reason, error class/status, measured timings. */
    response: AttemptOutcome,
  })
  .strict();

export const CassetteLine = z.discriminatedUnion('type', [CassetteHeader, CassetteExchange]);

export type CassetteHeader = z.infer<typeof CassetteHeader>;
export type CassetteExchange = z.infer<typeof CassetteExchange>;
export type CassetteLine = z.infer<typeof CassetteLine>;
