import type { CompletionUsage } from 'openai/resources/completions';
import type { OutgoingHttpHeaders } from 'node:http';
import { beforeHeaders, deliverStream, deliverWhole, type StreamFraming } from './delivery.js';
import type { SimEngine, Turn } from './engine.js';
import { BodyError, type Exchange } from './exchange.js';
import type { Delivery } from './ledger.js';
import {
  chunkBody,
  ChatRequest,
  completionBody,
  errorBody,
  modelBody,
  SSE_DONE,
  sseEvent,
  toTextMessages,
  usageOf,
  type FinishReason,
  type ReplyMeta,
} from './openai-wire.js';
import type { Route } from './server.js';

/** HTTP framing of OpenAI's chat-completions API; what the model answers is decided by the engine. */
export const openaiRoutes: readonly Route[] = [
  { method: 'POST', path: /^\/v1\/chat\/completions\/?$/, handle: chatCompletions },
  { method: 'GET', path: /^\/v1\/models\/?$/, handle: listModels },
  { method: 'GET', path: /^\/v1\/models\/(.+)$/, handle: retrieveModel },
];

const NO_KEY = errorBody(
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  'invalid_request_error',
);

const modelNotFound = (model: string) =>
  errorBody(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');

/** Any non-empty bearer token is accepted: the point is that a client which forgets the header fails as it would live. */
const authorized = (ex: Exchange): boolean => /^Bearer\s+\S+/i.test(ex.req.headers.authorization ?? '');

async function chatCompletions(ex: Exchange, engine: SimEngine): Promise<void> {
  const refuse = (status: number, body: unknown, model: string | null, stream: boolean): void => {
    ex.sendJson(status, body);
    engine.refuse(ex.arrival, 'openai', model, stream, status);
  };
  if (!authorized(ex)) return refuse(401, NO_KEY, null, false);

  let raw: unknown;
  try {
    raw = await ex.readJson();
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    return refuse(400, errorBody(`We could not parse the JSON body of your request: ${err.message}.`, 'invalid_request_error'), null, false);
  }
  const parsed = ChatRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.join('.');
    const model = typeof (raw as { model?: unknown } | null)?.model === 'string' ? (raw as { model: string }).model : null;
    return refuse(400, errorBody(`Invalid '${param}': ${issue.message}`, 'invalid_request_error', 'invalid_value', param), model, false);
  }
  const body = parsed.data;
  const stream = body.stream === true;
  if (!engine.model(body.model)) return refuse(404, modelNotFound(body.model), body.model, stream);

  const turn = engine.begin(ex.arrival, 'openai', {
    model: body.model,
    messages: toTextMessages(body),
    maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? null,
    temperature: body.temperature ?? null,
    stream,
    cache: { kind: 'automatic' },
    reasoningBudget: null,
  });
  engine.finish(turn, await deliver(ex, turn, body.stream_options?.include_usage === true));
}

async function deliver(ex: Exchange, turn: Turn, includeUsage: boolean): Promise<Delivery> {
  const early = await beforeHeaders(ex, turn);
  if (early) return early;
  const fault = turn.fault;
  if (fault?.kind === 'rate_limited') return sendRateLimited(ex, turn.request.model, fault.retry_after_s ?? 1, fault.retry_after_http_date ?? false);
  if (fault?.kind === 'server_error') return sendServerError(ex, fault.status);
  if (fault?.kind === 'overloaded' && (fault.after_chunks === undefined || !turn.request.stream)) return sendServerError(ex, 503);

  const meta: ReplyMeta = { id: `chatcmpl-${turn.arrival.requestId.slice(4)}`, created: Math.floor(Date.now() / 1000), model: turn.request.model };
  const usage = usageOf(turn.usage);
  const { chunks, finishReason } = turn.draft;
  if (turn.request.stream) return deliverStream(ex, turn, streamFraming(meta, finishReason, usage, includeUsage));
  return deliverWhole(ex, turn, (withUsage) => JSON.stringify(completionBody(meta, chunks.join(''), finishReason, withUsage ? usage : null)));
}

function streamFraming(meta: ReplyMeta, finishReason: FinishReason, usage: CompletionUsage, includeUsage: boolean): StreamFraming {
  const chunkUsage = includeUsage ? null : undefined;
  return {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    // Usage comes in one chunk after the last, and only when the request asked for it.
    reportsInput: includeUsage ? 'closing' : 'never',
    opening: () => sseEvent(chunkBody(meta, { role: 'assistant', content: '', refusal: null }, null, chunkUsage)),
    piece: (text) => sseEvent(chunkBody(meta, { content: text }, null, chunkUsage)),
    malformed: () => `data: ${JSON.stringify(chunkBody(meta, { content: '' }, null, chunkUsage)).slice(0, 40)}\n\n`,
    closing: (withUsage) =>
      sseEvent(chunkBody(meta, {}, finishReason, chunkUsage)) +
      (includeUsage && withUsage ? sseEvent(chunkBody(meta, null, null, usage)) : '') +
      SSE_DONE,
    // The openai SDK raises an APIError for a data event carrying `error` (core/streaming.ts).
    overloaded: () => sseEvent(errorBody('The server is overloaded or not ready yet.', 'server_error')),
  };
}

/** OpenAI sends whole seconds in retry-after; retry-after-ms carries the exact wait, and the SDK prefers it. */
function sendRateLimited(ex: Exchange, model: string, retryAfterS: number, asHttpDate: boolean): Delivery {
  const headers: OutgoingHttpHeaders = asHttpDate
    ? { 'retry-after': new Date(Date.now() + Math.ceil(retryAfterS) * 1000).toUTCString() }
    : { 'retry-after': String(Math.ceil(retryAfterS)), 'retry-after-ms': String(Math.round(retryAfterS * 1000)) };
  ex.sendJson(
    429,
    errorBody(
      `Rate limit reached for ${model} in organization org-lanebar-sim on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${retryAfterS}s.`,
      'requests',
      'rate_limit_exceeded',
    ),
    {
      ...headers,
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': `${retryAfterS}s`,
    },
  );
  return { outcome: 'refused', httpStatus: 429, deliveredText: '' };
}

/** A 502 comes from the edge proxy as HTML, as it does live; the 500 and 503 are the API's own JSON. */
function sendServerError(ex: Exchange, status: 500 | 502 | 503): Delivery {
  if (status === 502) {
    const html = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
    ex.send(502, html, { 'content-type': 'text/html' });
  } else if (status === 503) {
    ex.sendJson(503, errorBody('The server is overloaded or not ready yet.', 'server_error'));
  } else {
    ex.sendJson(500, errorBody('The server had an error while processing your request. Sorry about that!', 'server_error'));
  }
  return { outcome: 'refused', httpStatus: status, deliveredText: '' };
}

async function listModels(ex: Exchange, engine: SimEngine): Promise<void> {
  if (!authorized(ex)) return ex.sendJson(401, NO_KEY);
  ex.sendJson(200, { object: 'list', data: engine.modelNames().map(modelBody) });
}

async function retrieveModel(ex: Exchange, engine: SimEngine, match: RegExpMatchArray): Promise<void> {
  if (!authorized(ex)) return ex.sendJson(401, NO_KEY);
  const id = decodeURIComponent(match[1]!);
  if (engine.model(id)) ex.sendJson(200, modelBody(id));
  else ex.sendJson(404, modelNotFound(id));
}
