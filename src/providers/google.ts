import type { ApiError, Content, GenerateContentConfig, GenerateContentResponseUsageMetadata, GoogleGenAI, GoogleGenAIOptions } from '@google/genai';
import type { AttemptOutcome, ErrorClass, Usage } from '../schema/attempt.js';
import { classifyStatus, safeMessage } from './errors.js';
import { failed, inputSide, newCallState, succeeded, type CallState } from './outcome.js';
import type { ChatRequest, ProviderClient, ProviderConfig } from './types.js';

/** Finish reasons by which a safety system stopped the answer (FinishReason in @google/genai dist/genai.d.ts). */
const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']);

/** The few-shot examples become alternating user / model turns; the system prompt goes in systemInstruction. */
export function geminiContents(req: ChatRequest): Content[] {
  const contents: Content[] = [];
  for (const ex of req.examples) {
    contents.push({ role: 'user', parts: [{ text: ex.user }] }, { role: 'model', parts: [{ text: ex.assistant }] });
  }
  contents.push({ role: 'user', parts: [{ text: req.user }] });
  return contents;
}

export function geminiConfig(req: ChatRequest, signal: AbortSignal): GenerateContentConfig {
  const { temperature, top_p, max_tokens, thinking_budget } = req.params;
  return {
    systemInstruction: req.system,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(top_p !== undefined ? { topP: top_p } : {}),
    // On 2.5 models thinking tokens count against maxOutputTokens: a small limit can leave no room for the answer.
    ...(max_tokens !== undefined ? { maxOutputTokens: max_tokens } : {}),
    ...(thinking_budget !== undefined ? { thinkingConfig: { thinkingBudget: thinking_budget } } : {}),
    abortSignal: signal,
    // Automatic continuation would re-open a dropped stream on its own (StreamContinuation in the
    // SDK): a hidden retry that the journal would not see. The runner retries instead.
    automaticContinuation: false,
  };
}

/**
 * Gemini's usage into lanebar's disjoint buckets. `promptTokenCount` INCLUDES
 * `cachedContentTokenCount` ("when cached_content is set, this also includes the number of tokens
 * in the cached content"), so the cached part is taken out of the uncached count; tool-use prompt
 * tokens are input too. `thoughtsTokenCount` is reported apart from `candidatesTokenCount` and
 * billed at the output price, so output is their sum (GenerateContentResponseUsageMetadata in
 * dist/genai.d.ts; totalTokenCount is the sum of all four). Implicit caching has no write premium.
 */
export function usageFromGemini(m: GenerateContentResponseUsageMetadata): Usage {
  const cached = m.cachedContentTokenCount ?? 0;
  const thoughts = m.thoughtsTokenCount ?? 0;
  return {
    uncached_input: Math.max(0, (m.promptTokenCount ?? 0) - cached) + (m.toolUsePromptTokenCount ?? 0),
    cache_read: cached,
    cache_write_5m: 0,
    cache_write_1h: 0,
    output: (m.candidatesTokenCount ?? 0) + thoughts,
    reasoning: thoughts,
  };
}

/** The error body the SDK keeps as an ApiError's message (google.rpc.Status), if it parses. */
function statusBody(e: ApiError): { details?: unknown } | null {
  try {
    const body = JSON.parse(e.message) as { error?: { details?: unknown } } | null;
    return body?.error ?? null;
  } catch {
    return null;
  }
}

const detailsOf = (e: ApiError): Record<string, unknown>[] => {
  const details = statusBody(e)?.details;
  return Array.isArray(details) ? details.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null) : [];
};

/** A wrong key is a 400 INVALID_ARGUMENT on the Gemini API, told apart by its ErrorInfo reason. */
export function classifyGemini(e: ApiError): ErrorClass {
  if (detailsOf(e).some((d) => d['reason'] === 'API_KEY_INVALID')) return 'auth';
  return classifyStatus(e.status);
}

/**
 * The wait a Gemini 429 asks for. The SDK's ApiError keeps the response body (as its message) but
 * not the headers; the API states the wait as a google.rpc.RetryInfo detail, e.g. "retryDelay": "37s".
 */
export function retryDelayMs(e: ApiError): number | null {
  for (const d of detailsOf(e)) {
    const type = d['@type'];
    const delay = d['retryDelay'];
    if (typeof type !== 'string' || !type.endsWith('google.rpc.RetryInfo') || typeof delay !== 'string') continue;
    const m = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
    if (m) return Number(m[1]) * 1000;
  }
  return null;
}

/**
 * The SDK is loaded by the first call, not when lanebar starts: a run without a Gemini candidate
 * never pays for it and its Google auth libraries (start-up time and resident memory).
 */
let sdk: typeof import('@google/genai') | null = null;
const isApiError = (e: unknown): e is ApiError => sdk !== null && e instanceof sdk.ApiError;

export class GoogleProvider implements ProviderClient {
  readonly provider = 'google' as const;
  readonly #options: GoogleGenAIOptions;
  #client: GoogleGenAI | null = null;

  constructor(config: ProviderConfig) {
    this.#options = {
      apiKey: config.apiKey,
      // The Gemini API, never Vertex AI: GOOGLE_GENAI_USE_VERTEXAI in the environment must not switch backends under a run.
      vertexai: false,
      httpOptions: {
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
        ...(config.headers ? { headers: config.headers } : {}),
        // One attempt per call ("0 or 1 means no retries", HttpRetryOptions): the runner retries.
        retryOptions: { attempts: 1 },
      },
    };
  }

  async call(model: string, req: ChatRequest, signal: AbortSignal): Promise<AttemptOutcome> {
    // Before the clock starts: loading the SDK is no part of the call's latency.
    sdk ??= await import('@google/genai');
    const client = (this.#client ??= new sdk.GoogleGenAI(this.#options));
    const t0 = performance.now();
    const state: CallState = newCallState();
    let blocked: string | null = null;
    try {
      const stream = await client.models.generateContentStream({ model, contents: geminiContents(req), config: geminiConfig(req, signal) });
      // The SDK resolves once the response status was checked: from here on the call is being served.
      state.status = 200;
      for await (const chunk of stream) {
        state.requestId ??= chunk.responseId ?? null;
        const candidate = chunk.candidates?.[0];
        const text = (candidate?.content?.parts ?? []).map((p) => (p.thought ? '' : (p.text ?? ''))).join('');
        if (text.length > 0) {
          if (state.ttftMs === null) state.ttftMs = performance.now() - t0;
          state.output += text;
        }
        const reason = chunk.promptFeedback?.blockReason ?? null;
        if (reason) blocked = reason;
        if (candidate?.finishReason) state.finish = candidate.finishReason;
        const m = chunk.usageMetadata;
        if (!m) continue;
        // The chunk that ends the answer carries the final counts; earlier ones only the prompt's.
        if (candidate?.finishReason || reason) state.usage = usageFromGemini(m);
        else state.inputUsage = inputSide(usageFromGemini(m));
      }
      const elapsed = performance.now() - t0;
      if (blocked) {
        state.finish = blocked;
        return failed('content_filtered', `the prompt was blocked (${blocked})`, state, elapsed, req, { billed: true });
      }
      if (state.finish === null) {
        if (signal.aborted) return failed('timeout', 'attempt timed out', state, elapsed, req, { billed: true });
        return failed('stream_cut', 'the stream ended without a finish reason', state, elapsed, req, { billed: true });
      }
      if (FILTERED.has(state.finish)) return failed('content_filtered', `the answer was stopped (${state.finish})`, state, elapsed, req, { billed: true });
      return succeeded(state, elapsed, req);
    } catch (e) {
      const elapsed = performance.now() - t0;
      if (isApiError(e) && state.status === null) {
        return failed(classifyGemini(e), safeMessage(e), state, elapsed, req, { status: e.status, retryAfterMs: retryDelayMs(e), billed: false });
      }
      if (signal.aborted) return failed('timeout', 'attempt timed out', state, elapsed, req, { billed: true });
      // An error chunk after the stream began (e.g. 503 UNAVAILABLE): billed as far as it went.
      if (isApiError(e)) return failed(classifyStatus(e.status), safeMessage(e), state, elapsed, req, { billed: true });
      const cls: ErrorClass = state.status !== null ? 'stream_cut' : 'connection';
      return failed(cls, safeMessage((e as { cause?: unknown }).cause ?? e), state, elapsed, req, { billed: true });
    }
  }
}
