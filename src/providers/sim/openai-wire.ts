import { z } from 'zod';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { Model } from 'openai/resources/models';
import type { SimBilled } from '../../schema/sim.js';
import type { TextMessage } from '../../core/tokens.js';

/**
 * The OpenAI chat-completions wire format, checked against the `openai` SDK's own types. Only what
 * the simulator reads is validated; other parameters (tools, seed, top_p...) are accepted and ignored.
 */

const TextPart = z.object({ type: z.literal('text'), text: z.string() }).loose();
const OtherPart = z.object({ type: z.string() }).loose();
const MessageContent = z.union([z.string(), z.array(z.union([TextPart, OtherPart])), z.null()]);

export const ChatRequest = z
  .object({
    model: z.string().min(1),
    messages: z
      .array(
        z
          .object({
            role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
            content: MessageContent.optional(),
          })
          .loose(),
      )
      .min(1),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).loose().nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    n: z.literal(1, 'the simulator returns one choice; n must be 1').nullish(),
  })
  .loose();
export type ChatRequest = z.infer<typeof ChatRequest>;

/** Text parts are joined; images and audio are not simulated and count for nothing. */
export function messageText(content: z.infer<typeof MessageContent> | undefined): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
}

export const toTextMessages = (r: ChatRequest): TextMessage[] => r.messages.map((m) => ({ role: m.role, content: messageText(m.content) }));

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export const errorBody = (message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody => ({
  error: { message, type, param, code },
});

/** `prompt_tokens` includes the cached tokens and `completion_tokens` the reasoning tokens, as OpenAI reports them. */
export function usageOf(t: SimBilled): CompletionUsage {
  return {
    prompt_tokens: t.prompt_tokens,
    completion_tokens: t.output_tokens,
    total_tokens: t.prompt_tokens + t.output_tokens,
    prompt_tokens_details: { cached_tokens: t.cached_tokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: t.reasoning_tokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export interface ReplyMeta {
  id: string;
  created: number;
  model: string;
}

export const SYSTEM_FINGERPRINT = 'fp_lanebar_sim';

/** The simulator's finish reasons, which are OpenAI's own names. */
export type FinishReason = 'stop' | 'length' | 'content_filter';

export function completionBody(meta: ReplyMeta, content: string, finishReason: FinishReason, usage: CompletionUsage | null): ChatCompletion {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    ...(usage ? { usage } : {}),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/**
 * A stream chunk. With `include_usage`, every chunk carries `usage: null` and a last chunk with no
 * choices carries the usage; without it, chunks have no usage field at all.
 */
export function chunkBody(
  meta: ReplyMeta,
  delta: ChatCompletionChunk.Choice.Delta | null,
  finishReason: FinishReason | null,
  usage: CompletionUsage | null | undefined,
): ChatCompletionChunk {
  return {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: delta ? [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] : [],
    ...(usage !== undefined ? { usage } : {}),
  };
}

export const sseEvent = (data: unknown): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
export const SSE_DONE = 'data: [DONE]\n\n';

export function modelBody(id: string): Model {
  // A fixed creation time keeps the listing deterministic.
  return { id, object: 'model', created: 1_735_689_600, owned_by: 'lanebar-sim' };
}
