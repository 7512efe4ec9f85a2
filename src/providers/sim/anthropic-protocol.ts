import { beforeHeaders, deliverStream, deliverWhole, type StreamFraming } from './delivery.js';
import type { SimEngine, Turn } from './engine.js';
import { BodyError, type Exchange } from './exchange.js';
import type { Delivery } from './ledger.js';
import {
  deltaUsageOf,
  errorBody,
  MAX_BREAKPOINTS,
  messageBody,
  MessagesRequest,
  sseEvent,
  STOP_REASON,
  unwrap,
  usageOf,
  type MessageMeta,
} from './anthropic-wire.js';
import { REVOKED_KEY } from './keys.js';
import type { Route } from './server.js';

/**
 * HTTP framing of Anthropic's Messages API (`POST /v1/messages`, what `@anthropic-ai/sdk` calls
 * with `baseURL` set to the simulator's root URL); what the model answers is decided by the engine.
 */
export const anthropicRoutes: readonly Route[] = [{ method: 'POST', path: /^\/v1\/messages\/?$/, handle: messages }];

/**
 * The API key, from `x-api-key` (the API reference's header) or `Authorization: Bearer`, which is
 * how @anthropic-ai/sdk 1.x sends it (apiKeyAuth in client.ts).
 */
const keyOf = (ex: Exchange): string => {
  const header = ex.req.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  return /^Bearer\s+(\S+)/i.exec(ex.req.headers.authorization ?? '')?.[1] ?? '';
};

async function messages(ex: Exchange, engine: SimEngine): Promise<void> {
  const id = ex.arrival.requestId;
  ex.res.setHeader('request-id', id);
  const refuse = (status: number, type: string, message: string, model: string | null, stream: boolean): void => {
    ex.sendJson(status, errorBody(type, message, id));
    engine.refuse(ex.arrival, 'anthropic', model, stream, status);
  };
  // Any non-empty key is accepted; a client that forgets it fails as it would live.
  const key = keyOf(ex);
  if (key === '') return refuse(401, 'authentication_error', 'x-api-key header is required', null, false);
  if (key === REVOKED_KEY) return refuse(401, 'authentication_error', 'invalid x-api-key', null, false);
  if (!ex.req.headers['anthropic-version']) return refuse(400, 'invalid_request_error', 'anthropic-version: header is required', null, false);

  let raw: unknown;
  try {
    raw = await ex.readJson();
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    return refuse(400, 'invalid_request_error', `There was an error parsing the body: ${err.message}`, null, false);
  }
  const parsed = MessagesRequest.safeParse(raw);
  const rawModel = typeof (raw as { model?: unknown } | null)?.model === 'string' ? (raw as { model: string }).model : null;
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(400, 'invalid_request_error', `${issue.path.join('.')}: ${issue.message}`, rawModel, false);
  }
  const body = parsed.data;
  const stream = body.stream === true;
  const { messages: textMessages, cache, marks } = unwrap(body);
  if (marks > MAX_BREAKPOINTS) {
    return refuse(400, 'invalid_request_error', `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${marks}.`, body.model, stream);
  }
  if (!engine.model(body.model)) return refuse(404, 'not_found_error', `model: ${body.model}`, body.model, stream);

  // Without `thinking`, Claude does not think: no hidden reasoning tokens are billed.
  const thinking = body.thinking?.type === 'enabled' ? (body.thinking as { budget_tokens: number }).budget_tokens : 0;
  const turn = engine.begin(ex.arrival, 'anthropic', {
    model: body.model,
    messages: textMessages,
    maxOutputTokens: body.max_tokens,
    temperature: body.temperature ?? null,
    stream,
    cache,
    reasoningBudget: thinking,
  });
  engine.finish(turn, await deliver(ex, turn));
}

async function deliver(ex: Exchange, turn: Turn): Promise<Delivery> {
  const early = await beforeHeaders(ex, turn);
  if (early) return early;
  const { fault } = turn;
  const id = ex.arrival.requestId;
  if (fault?.kind === 'rate_limited') return sendRateLimited(ex, fault.retry_after_s ?? 1, fault.retry_after_http_date ?? false);
  if (fault?.kind === 'server_error') return sendServerError(ex, fault.status);
  if (fault?.kind === 'overloaded' && (fault.after_chunks === undefined || !turn.request.stream)) {
    ex.sendJson(529, errorBody('overloaded_error', 'Overloaded', id));
    return { outcome: 'refused', httpStatus: 529, deliveredText: '' };
  }

  const meta: MessageMeta = { id: `msg_${id.slice(4, 28)}`, model: turn.request.model };
  const stop = STOP_REASON[turn.draft.finishReason];
  if (turn.request.stream) return deliverStream(ex, turn, streamFraming(meta, turn));
  return deliverWhole(ex, turn, () => JSON.stringify(messageBody(meta, turn.draft.chunks.join(''), stop, usageOf(turn.usage, turn.usage.output_tokens))), true);
}

/**
 * The event sequence of a streamed message: message_start (with the input usage), a text
 * content_block_start, a ping, the text deltas, content_block_stop, message_delta (stop reason and
 * cumulative usage), message_stop. Anthropic always reports usage, so a `no_usage` fault has no
 * effect here.
 */
function streamFraming(meta: MessageMeta, turn: Turn): StreamFraming {
  const stop = STOP_REASON[turn.draft.finishReason];
  return {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    reportsInput: 'head',
    head: () =>
      // message_start reports the input in full and a first output token, as the live API does.
      sseEvent({ type: 'message_start', message: messageBody(meta, null, null, usageOf(turn.usage, 1)) }) +
      sseEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } }) +
      sseEvent({ type: 'ping' }),
    opening: () => '',
    piece: (text) => sseEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    malformed: () => `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0 }).slice(0, 30)}\n\n`,
    closing: () =>
      sseEvent({ type: 'content_block_stop', index: 0 }) +
      sseEvent({
        type: 'message_delta',
        delta: { stop_reason: stop, stop_sequence: null, stop_details: null, container: null },
        usage: deltaUsageOf(turn.usage),
      }) +
      sseEvent({ type: 'message_stop' }),
    // The SDK turns an `error` event into an APIError carrying the body's error type (core/streaming.ts).
    overloaded: () => sseEvent(errorBody('overloaded_error', 'Overloaded', turn.arrival.requestId)),
  };
}

/** Anthropic sends whole seconds in retry-after, with its rate-limit headers; an HTTP date is the header's other form (RFC 9110). */
function sendRateLimited(ex: Exchange, retryAfterS: number, asHttpDate = false): Delivery {
  const reset = new Date(Date.now() + Math.ceil(retryAfterS) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  ex.sendJson(
    429,
    errorBody(
      'rate_limit_error',
      'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
      ex.arrival.requestId,
    ),
    {
      'retry-after': asHttpDate ? new Date(Date.now() + Math.ceil(retryAfterS) * 1000).toUTCString() : String(Math.ceil(retryAfterS)),
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': reset,
    },
  );
  return { outcome: 'refused', httpStatus: 429, deliveredText: '' };
}

/** A 502 comes from the edge as HTML; the API's own errors are JSON. */
function sendServerError(ex: Exchange, status: 500 | 502 | 503): Delivery {
  if (status === 502) {
    ex.send(502, '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n', {
      'content-type': 'text/html',
    });
  } else {
    ex.sendJson(status, errorBody('api_error', 'Internal server error', ex.arrival.requestId));
  }
  return { outcome: 'refused', httpStatus: status, deliveredText: '' };
}
