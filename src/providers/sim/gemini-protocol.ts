import { beforeHeaders, deliverStream, deliverWhole, type StreamFraming } from './delivery.js';
import type { SimEngine, Turn } from './engine.js';
import { BodyError, type Exchange } from './exchange.js';
import type { Delivery } from './ledger.js';
import {
  blockedBody,
  errorBody,
  FINISH_REASON,
  GenerateRequest,
  responseBody,
  sseEvent,
  toTextMessages,
  usageOf,
  type ResponseMeta,
} from './gemini-wire.js';
import { REVOKED_KEY } from './keys.js';
import type { Route } from './server.js';

/**
 * HTTP framing of the Gemini API's generateContent, as `@google/genai` calls it with
 * `httpOptions.baseUrl` set to the simulator's root URL: `POST /{version}/models/{model}:streamGenerateContent?alt=sse`
 * and `:generateContent`. Any API version the SDK may pick (v1, v1beta, v1alpha) is served.
 */
export const geminiRoutes: readonly Route[] = [
  { method: 'POST', path: /^\/(v1|v1beta|v1alpha)\/models\/([^/]+):(streamGenerateContent|generateContent)$/, handle: generate },
];

/** The key goes in `x-goog-api-key` (the SDK's way) or the `key` query parameter. */
const hasKey = (ex: Exchange, url: URL): boolean => (ex.req.headers['x-goog-api-key'] ?? '').length > 0 || (url.searchParams.get('key') ?? '').length > 0;

async function generate(ex: Exchange, engine: SimEngine, match: RegExpMatchArray): Promise<void> {
  const url = new URL(ex.req.url ?? '/', 'http://sim');
  const [, version, rawModel, method] = match as unknown as [string, string, string, string];
  const model = decodeURIComponent(rawModel);
  const stream = method === 'streamGenerateContent';
  const refuse = (code: number, status: string, message: string, known: string | null): void => {
    ex.sendJson(code, errorBody(code, status, message), { 'content-type': 'application/json; charset=UTF-8' });
    engine.refuse(ex.arrival, 'google', known, stream, code);
  };
  if (!hasKey(ex, url)) {
    return refuse(
      403,
      'PERMISSION_DENIED',
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      null,
    );
  }
  if (ex.req.headers['x-goog-api-key'] === REVOKED_KEY || url.searchParams.get('key') === REVOKED_KEY) {
    ex.sendJson(
      400,
      errorBody(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]),
      { 'content-type': 'application/json; charset=UTF-8' },
    );
    return engine.refuse(ex.arrival, 'google', null, stream, 400);
  }
  let raw: unknown;
  try {
    raw = await ex.readJson();
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    return refuse(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${err.message}`, model);
  }
  const parsed = GenerateRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(400, 'INVALID_ARGUMENT', `* GenerateContentRequest.${issue.path.join('.')}: ${issue.message}`, model);
  }
  if (!engine.model(model)) {
    return refuse(
      404,
      'NOT_FOUND',
      `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
      model,
    );
  }
  const body = parsed.data;
  const budget = body.generationConfig?.thinkingConfig?.thinkingBudget;
  const turn = engine.begin(ex.arrival, 'google', {
    model,
    messages: toTextMessages(body),
    maxOutputTokens: body.generationConfig?.maxOutputTokens ?? null,
    temperature: body.generationConfig?.temperature ?? null,
    stream,
    cache: { kind: 'automatic' },
    // -1 asks for dynamic thinking: the model's own amount.
    reasoningBudget: budget === undefined || budget < 0 ? null : budget,
  });
  engine.finish(turn, await deliver(ex, turn, url.searchParams.get('alt') === 'sse'));
}

async function deliver(ex: Exchange, turn: Turn, sse: boolean): Promise<Delivery> {
  const early = await beforeHeaders(ex, turn);
  if (early) return early;
  const { fault } = turn;
  if (fault?.kind === 'rate_limited') return sendRateLimited(ex, fault.retry_after_s ?? 1);
  if (fault?.kind === 'server_error') return sendServerError(ex, fault.status);
  if (fault?.kind === 'overloaded' && (fault.after_chunks === undefined || !turn.request.stream)) return sendServerError(ex, 503);

  const meta: ResponseMeta = { responseId: Buffer.from(ex.arrival.requestId.slice(4, 22), 'hex').toString('base64url'), modelVersion: turn.request.model };
  const finish = FINISH_REASON[turn.draft.finishReason];
  // A safety stop before any text is a blocked prompt: Gemini answers with promptFeedback and no candidate.
  const blocked = turn.draft.finishReason === 'content_filter' && turn.draft.chunks.length === 0;
  const final = (text: string, withUsage: boolean) => {
    const usage = withUsage ? usageOf(turn.usage, true) : null;
    return blocked ? blockedBody(meta, usage) : responseBody(meta, text, finish, usage);
  };
  const whole = turn.draft.chunks.join('');
  if (!turn.request.stream) return deliverWhole(ex, turn, (withUsage) => JSON.stringify(final(whole, withUsage)));
  // streamGenerateContent without alt=sse answers one JSON array of chunks.
  if (!sse) return deliverWhole(ex, turn, (withUsage) => JSON.stringify([final(whole, withUsage)]));

  const framing: StreamFraming = {
    headers: { 'content-type': 'text/event-stream', 'content-disposition': 'attachment' },
    // Every chunk carries the prompt's counts, the cached part included.
    reportsInput: 'pieces',
    opening: () => '',
    piece: (text) => sseEvent(responseBody(meta, text, null, usageOf(turn.usage, false))),
    malformed: () => `data: ${JSON.stringify(responseBody(meta, '', null, null)).slice(0, 30)}\r\n\r\n`,
    // The last chunk carries the finish reason, an empty text part and the full usage.
    closing: (withUsage) => sseEvent(final('', withUsage)),
    // @google/genai raises an ApiError for a chunk carrying `error` with a 4xx/5xx code (throwIfStreamErrorChunk).
    overloaded: () => sseEvent(errorBody(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')),
  };
  return deliverStream(ex, turn, framing);
}

/**
 * A 429 as the Gemini API sends it: RESOURCE_EXHAUSTED with a RetryInfo detail. The SDK's ApiError
 * keeps the body but not the headers, so the wait travels in `retryDelay` (a protobuf Duration).
 */
function sendRateLimited(ex: Exchange, retryAfterS: number): Delivery {
  const message =
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.';
  ex.sendJson(
    429,
    errorBody(429, 'RESOURCE_EXHAUSTED', message, [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterS}s` },
    ]),
    { 'content-type': 'application/json; charset=UTF-8' },
  );
  return { outcome: 'refused', httpStatus: 429, deliveredText: '' };
}

function sendServerError(ex: Exchange, status: 500 | 502 | 503): Delivery {
  const json = { 'content-type': 'application/json; charset=UTF-8' };
  if (status === 502) {
    ex.send(502, '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
  } else if (status === 503) {
    ex.sendJson(503, errorBody(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'), json);
  } else {
    ex.sendJson(500, errorBody(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'), json);
  }
  return { outcome: 'refused', httpStatus: status, deliveredText: '' };
}
