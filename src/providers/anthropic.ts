import type { Anthropic, APIError, ClientOptions } from '@anthropic-ai/sdk';
import type {
  CacheControlEphemeral,
  MessageCreateParamsStreaming,
  MessageDeltaUsage,
  MessageParam,
  RawMessageStreamEvent,
  Usage as AnthropicUsage,
} from '@anthropic-ai/sdk/resources/messages';
import { parseRetryAfter } from '../core/retry.js';
import type { AttemptOutcome, ErrorClass, Usage } from '../schema/attempt.js';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, type CacheTtl } from '../schema/suite.js';
import { classifyStatus, safeMessage } from './errors.js';
import { configSecrets, sdkLogger } from './redact.js';
import { failed, inputSide, newCallState, succeeded, type CallState } from './outcome.js';
import type { ChatRequest, ProviderClient, ProviderConfig } from './types.js';

/**
 * The Messages API request for a lanebar prompt. One `cache_control` breakpoint closes the stable
 * prefix (system prompt and few-shot examples): on the last example's answer, or on the system
 * prompt when there are none. Anthropic caches exactly the prefix up to a marked block and nothing
 * else, so the dynamic tail after it is always billed as uncached input.
 */
export function anthropicParams(model: string, req: ChatRequest): MessageCreateParamsStreaming {
  const mark: CacheControlEphemeral = { type: 'ephemeral', ttl: req.cacheTtl ?? '5m' };
  const messages: MessageParam[] = [];
  req.examples.forEach((ex, i) => {
    const last = i === req.examples.length - 1;
    messages.push({ role: 'user', content: ex.user });
    messages.push({ role: 'assistant', content: last ? [{ type: 'text', text: ex.assistant, cache_control: mark }] : ex.assistant });
  });
  messages.push({ role: 'user', content: req.user });
  const { temperature, top_p, max_tokens, thinking_budget } = req.params;
  return {
    model,
    max_tokens: max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    system: [{ type: 'text', text: req.system, ...(req.examples.length === 0 ? { cache_control: mark } : {}) }],
    messages,
    stream: true,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(top_p !== undefined ? { top_p } : {}),
    ...(thinking_budget ? { thinking: { type: 'enabled', budget_tokens: thinking_budget } } : {}),
  };
}

/**
 * Anthropic's usage into lanebar's disjoint buckets. Its three input fields already are disjoint:
 * "total input tokens is the summation of input_tokens, cache_creation_input_tokens and
 * cache_read_input_tokens" (Usage in resources/messages/messages.d.ts). message_start carries them
 * and `cache_creation`, the split of the writes by TTL; message_delta's usage is cumulative and
 * wins where it gives a field. Writes the split does not account for are put at the TTL requested.
 */
export function usageFromAnthropic(start: AnthropicUsage, delta: MessageDeltaUsage | null, ttl: CacheTtl): Usage {
  const written = delta?.cache_creation_input_tokens ?? start.cache_creation_input_tokens ?? 0;
  let write5m = start.cache_creation?.ephemeral_5m_input_tokens ?? 0;
  let write1h = start.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const unsplit = Math.max(0, written - write5m - write1h);
  if (ttl === '1h') write1h += unsplit;
  else write5m += unsplit;
  const output = delta?.output_tokens ?? start.output_tokens;
  return {
    uncached_input: delta?.input_tokens ?? start.input_tokens,
    cache_read: delta?.cache_read_input_tokens ?? start.cache_read_input_tokens ?? 0,
    cache_write_5m: write5m,
    cache_write_1h: write1h,
    output,
    // thinking_tokens is a read-only breakdown of output_tokens (OutputTokensDetails).
    reasoning: Math.min(output, (delta?.output_tokens_details ?? start.output_tokens_details)?.thinking_tokens ?? 0),
  };
}

/** The error type of an `error` event sent mid-stream (ErrorType in resources/shared.d.ts). */
const BY_ERROR_TYPE: Record<string, ErrorClass> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limited',
  api_error: 'server_error',
  timeout_error: 'timeout',
  invalid_request_error: 'bad_request',
  billing_error: 'bad_request',
  authentication_error: 'auth',
  permission_error: 'auth',
  not_found_error: 'not_found',
};

/**
 * The SDK is loaded by the first call, not when lanebar starts: a run without an Anthropic
 * candidate never pays for its hundreds of modules (start-up time and resident memory).
 */
let sdk: typeof import('@anthropic-ai/sdk') | null = null;
const isApiError = (e: unknown): e is APIError => sdk !== null && e instanceof sdk.APIError;

export class AnthropicProvider implements ProviderClient {
  readonly provider = 'anthropic' as const;
  readonly #options: ClientOptions;
  #client: Anthropic | null = null;

  constructor(config: ProviderConfig) {
    this.#options = {
      apiKey: config.apiKey,
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      // Retries belong to the runner, so that every attempt is journalled and priced.
      maxRetries: 0,
      // The runner's signal bounds each attempt; the SDK's own 10-minute default would cut long reports.
      timeout: 24 * 3600 * 1000,
      ...(config.headers ? { defaultHeaders: config.headers } : {}),
      // Its log lines print what servers send: keys and escape sequences are taken out (redact.ts).
      logger: sdkLogger(configSecrets(config)),
    };
  }

  async call(model: string, req: ChatRequest, signal: AbortSignal): Promise<AttemptOutcome> {
    // Before the clock starts: loading the SDK is no part of the call's latency.
    sdk ??= await import('@anthropic-ai/sdk');
    const client = (this.#client ??= new sdk.Anthropic(this.#options));
    const t0 = performance.now();
    const state: CallState = newCallState();
    const ttl = req.cacheTtl ?? '5m';
    let start: AnthropicUsage | null = null;
    let delta: MessageDeltaUsage | null = null;
    let stopped = false;
    try {
      const { data: stream, response, request_id } = await client.messages.create(anthropicParams(model, req), { signal }).withResponse();
      state.status = response.status;
      state.requestId = request_id ?? null;
      for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
        if (event.type === 'message_start') {
          start = event.message.usage;
          state.inputUsage = inputSide(usageFromAnthropic(start, null, ttl));
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          // Time to first token is the first answer text, not a thinking block or the message envelope.
          if (state.ttftMs === null && event.delta.text.length > 0) state.ttftMs = performance.now() - t0;
          state.output += event.delta.text;
        } else if (event.type === 'message_delta') {
          delta = event.usage;
          state.finish = event.delta.stop_reason;
        } else if (event.type === 'message_stop') {
          stopped = true;
        }
      }
      const elapsed = performance.now() - t0;
      if (start && delta) state.usage = usageFromAnthropic(start, delta, ttl);
      // The SDK ends the iteration quietly when the signal aborts (core/streaming.ts): an unfinished message.
      if (!stopped) {
        if (signal.aborted) return failed('timeout', 'attempt timed out', state, elapsed, req, { billed: true });
        return failed('stream_cut', 'the stream ended before message_stop', state, elapsed, req, { billed: true });
      }
      // "refusal": streaming classifiers intervened (StopReason); the tokens sent are billed.
      if (state.finish === 'refusal') return failed('content_filtered', 'the provider refused to answer (stop_reason "refusal")', state, elapsed, req, { billed: true });
      return succeeded(state, elapsed, req);
    } catch (e) {
      const elapsed = performance.now() - t0;
      if (start && delta) state.usage = usageFromAnthropic(start, delta, ttl);
      if (isApiError(e) && e.status !== undefined) {
        return failed(classifyStatus(e.status), safeMessage(e), state, elapsed, req, {
          status: e.status,
          requestId: e.requestID ?? state.requestId,
          retryAfterMs: parseRetryAfter(e.headers, Date.now()),
          billed: false,
        });
      }
      if (signal.aborted) return failed('timeout', 'attempt timed out', state, elapsed, req, { billed: true });
      // An `error` event after the stream began (e.g. overloaded_error): billed as far as it went.
      const type = isApiError(e) ? e.type : null;
      if (type) return failed(BY_ERROR_TYPE[type] ?? 'server_error', safeMessage(e), state, elapsed, req, { billed: true });
      // Headers arrived and then the stream broke: the provider bills what it sent.
      const cls: ErrorClass = state.status !== null ? 'stream_cut' : 'connection';
      return failed(cls, safeMessage((e as { cause?: unknown }).cause ?? e), state, elapsed, req, { billed: true });
    }
  }
}
