import { promptTokens, textTokens, type TextMessage } from '../core/tokens.js';
import type { AttemptOutcome, ErrorClass, Usage } from '../schema/attempt.js';
import { ZERO_USAGE } from '../schema/attempt.js';
import type { ChatRequest } from './types.js';

/**
 * What an adapter has seen of a call so far. Each adapter fills it in as the stream arrives and
 * turns it into one AttemptOutcome at the end, whatever happened, so that a failure is journalled
 * and priced like a success.
 */
export interface CallState {
  output: string;
  ttftMs: number | null;
  /** Null until the response headers arrived. */
  status: number | null;
  requestId: string | null;
  finish: string | null;
  /** The provider's final usage report, when it sent one. */
  usage: Usage | null;
  /** Input-side usage reported before the end (Anthropic's message_start, Gemini's early chunks). */
  inputUsage: Omit<Usage, 'output' | 'reasoning'> | null;
}

/** The input buckets of a usage report. */
export const inputSide = (u: Usage): CallState['inputUsage'] => ({
  uncached_input: u.uncached_input,
  cache_read: u.cache_read,
  cache_write_5m: u.cache_write_5m,
  cache_write_1h: u.cache_write_1h,
});

export const newCallState = (): CallState => ({ output: '', ttftMs: null, status: null, requestId: null, finish: null, usage: null, inputUsage: null });

/** The request as plain messages, for the token estimate of a call whose usage never came. */
export function requestMessages(req: ChatRequest): TextMessage[] {
  const messages: TextMessage[] = [{ role: 'system', content: req.system }];
  for (const ex of req.examples) messages.push({ role: 'user', content: ex.user }, { role: 'assistant', content: ex.assistant });
  messages.push({ role: 'user', content: req.user });
  return messages;
}

/**
 * Usage for a call that ended without a final report: the input the provider reported (or lanebar's
 * estimate of it) and the output already streamed, estimated with the simulator's tokenizer.
 */
export function partialUsage(state: CallState, req: ChatRequest): Usage {
  const input = state.inputUsage ?? { ...ZERO_USAGE, uncached_input: promptTokens(requestMessages(req)) };
  return { ...ZERO_USAGE, ...input, output: textTokens(state.output) };
}

export function succeeded(state: CallState, completionMs: number, req: ChatRequest): AttemptOutcome {
  return {
    ok: true,
    output: state.output,
    ttft_ms: state.ttftMs ?? completionMs,
    completion_ms: completionMs,
    usage: state.usage ?? partialUsage(state, req),
    usage_reported: state.usage !== null,
    finish_reason: state.finish,
    http_status: state.status,
    error_class: null,
    error_message: null,
    retry_after_ms: null,
    request_id: state.requestId,
  };
}

export interface FailureDetails {
  status?: number | null;
  requestId?: string | null;
  retryAfterMs?: number | null;
  /**
   * False when the provider refused the request with an error status: nothing was served, nothing
   * billed. Otherwise the call is billed as far as it went (a cut stream bills its input and the
   * output already sent).
   */
  billed: boolean;
}

export function failed(cls: ErrorClass, message: string, state: CallState, elapsedMs: number, req: ChatRequest, d: FailureDetails): AttemptOutcome {
  const status = d.status === undefined ? state.status : d.status;
  // A timeout gave up on a request the provider had: it bills the input even before any header.
  const usage = state.usage ?? (d.billed && (state.status !== null || cls === 'timeout') ? partialUsage(state, req) : { ...ZERO_USAGE });
  return {
    ok: false,
    output: state.output,
    ttft_ms: state.ttftMs,
    completion_ms: elapsedMs,
    usage,
    usage_reported: state.usage !== null,
    finish_reason: state.finish,
    http_status: status,
    error_class: cls,
    error_message: message,
    retry_after_ms: d.retryAfterMs ?? null,
    request_id: d.requestId ?? state.requestId,
  };
}
