import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { parseRetryAfter } from '../core/retry.js';
import { promptTokens, textTokens } from '../core/tokens.js';
import type { AttemptOutcome, ErrorClass, Usage } from '../schema/attempt.js';
import { ZERO_USAGE } from '../schema/attempt.js';
import { classifyStatus, safeMessage } from './errors.js';
import { configSecrets, sdkLogger } from './redact.js';
import type { ChatRequest, ProviderClient, ProviderConfig } from './types.js';

export function toOpenAIMessages(req: ChatRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: req.system }];
  for (const ex of req.examples) {
    messages.push({ role: 'user', content: ex.user }, { role: 'assistant', content: ex.assistant });
  }
  messages.push({ role: 'user', content: req.user });
  return messages;
}

/**
 * OpenAI's `prompt_tokens` includes cached tokens (and, where reported, tokens written to the
 * cache): see `CompletionUsage.prompt_tokens_details` in openai/resources/completions.d.ts.
 * lanebar keeps disjoint buckets, so the cached parts are taken out of the uncached count.
 */
export function usageFromOpenAI(u: OpenAI.CompletionUsage): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  const written = u.prompt_tokens_details?.cache_write_tokens ?? 0;
  return {
    uncached_input: Math.max(0, u.prompt_tokens - cached - written),
    cache_read: cached,
    cache_write_5m: written,
    cache_write_1h: 0,
    output: u.completion_tokens,
    reasoning: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

export class OpenAIProvider implements ProviderClient {
  readonly provider;
  private readonly client: OpenAI;
  /** Self-hosted servers (vLLM, llama.cpp, Ollama) know `max_tokens`; OpenAI prefers `max_completion_tokens`. */
  private readonly legacyMaxTokens: boolean;

  constructor(config: ProviderConfig) {
    this.provider = config.provider;
    this.legacyMaxTokens = config.provider === 'openai-compatible';
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseUrl,
      // Retries belong to the runner, so that every attempt is journalled and priced.
      maxRetries: 0,
      timeout: 24 * 3600 * 1000,
      defaultHeaders: config.headers,
      // Its log lines print what servers send: keys and escape sequences are taken out (redact.ts).
      logger: sdkLogger(configSecrets(config)),
    });
  }

  async call(model: string, req: ChatRequest, signal: AbortSignal): Promise<AttemptOutcome> {
    const t0 = performance.now();
    let ttft: number | null = null;
    let output = '';
    let usage: Usage | null = null;
    let finish: string | null = null;
    let requestId: string | null = null;
    let status: number | null = null;
    const messages = toOpenAIMessages(req);
    const { temperature, top_p, max_tokens } = req.params;
    try {
      const { data: stream, response, request_id } = await this.client.chat.completions
        .create(
          {
            model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            ...(temperature !== undefined ? { temperature } : {}),
            ...(top_p !== undefined ? { top_p } : {}),
            ...(max_tokens !== undefined ? (this.legacyMaxTokens ? { max_tokens } : { max_completion_tokens: max_tokens }) : {}),
          },
          { signal },
        )
        .withResponse();
      status = response.status;
      requestId = request_id;
      for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) {
          if (ttft === null) ttft = performance.now() - t0;
          output += delta;
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) usage = usageFromOpenAI(chunk.usage);
      }
      const completion = performance.now() - t0;
      if (finish === 'content_filter') {
        return this.failure('content_filtered', 'the provider filtered the answer', { output, ttft, completion, usage, status, requestId, finish, messages });
      }
      return {
        ok: true,
        output,
        ttft_ms: ttft ?? completion,
        completion_ms: completion,
        usage: usage ?? estimatedUsage(messages, output),
        usage_reported: usage !== null,
        finish_reason: finish,
        http_status: status,
        error_class: null,
        error_message: null,
        retry_after_ms: null,
        request_id: requestId,
      };
    } catch (e) {
      const elapsed = performance.now() - t0;
      const partial = { output, ttft, completion: elapsed, usage, status, requestId, finish, messages };
      if (e instanceof OpenAI.APIError && e.status !== undefined) {
        return this.failure(classifyStatus(e.status), safeMessage(e), {
          ...partial,
          status: e.status,
          requestId: e.requestID ?? requestId,
          retryAfter: parseRetryAfter(e.headers, Date.now()),
          billed: false,
        });
      }
      if (signal.aborted) return this.failure('timeout', 'attempt timed out', partial);
      // Headers arrived (status known) and then the stream broke: the provider bills what it sent.
      const cls: ErrorClass = status !== null ? 'stream_cut' : 'connection';
      return this.failure(cls, safeMessage((e as { cause?: unknown }).cause ?? e), partial);
    }
  }

  private failure(
    cls: ErrorClass,
    message: string,
    p: {
      output: string;
      ttft: number | null;
      completion: number;
      usage: Usage | null;
      status: number | null;
      requestId: string | null;
      finish: string | null;
      messages: ChatCompletionMessageParam[];
      retryAfter?: number | null;
      /** False when the provider refused the request outright: nothing was served, nothing billed. */
      billed?: boolean;
    },
  ): AttemptOutcome {
    const billed = p.billed ?? true;
    return {
      ok: false,
      output: p.output,
      ttft_ms: p.ttft,
      completion_ms: p.completion,
      // A timeout gave up on a request the provider had: it bills the input even before any header.
      usage: p.usage ?? (billed && (p.status !== null || cls === 'timeout') ? estimatedUsage(p.messages, p.output) : { ...ZERO_USAGE }),
      usage_reported: p.usage !== null,
      finish_reason: p.finish,
      http_status: p.status,
      error_class: cls,
      error_message: message,
      retry_after_ms: p.retryAfter ?? null,
      request_id: p.requestId,
    };
  }
}

function estimatedUsage(messages: ChatCompletionMessageParam[], output: string): Usage {
  const input = promptTokens(messages.map((m) => ({ role: m.role, content: typeof m.content === 'string' ? m.content : '' })));
  return { ...ZERO_USAGE, uncached_input: input, output: textTokens(output) };
}
