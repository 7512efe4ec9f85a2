import { z } from 'zod';
import type { Message, MessageDeltaUsage, RawMessageStreamEvent, StopReason, Usage } from '@anthropic-ai/sdk/resources/messages';
import type { TextMessage } from '../../core/tokens.js';
import type { SimBilled } from '../../schema/sim.js';
import type { CachePlan } from './reply.js';

/**
 * Anthropic's Messages API on the wire, checked against the `@anthropic-ai/sdk` types
 * (resources/messages/messages.d.ts). Only what the simulator reads is validated; tools, images
 * and other parameters are accepted and ignored.
 */

const CacheControl = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).nullish() }).loose();
const TextBlock = z.object({ type: z.literal('text'), text: z.string(), cache_control: CacheControl.nullish() }).loose();
const OtherBlock = z.object({ type: z.string(), cache_control: CacheControl.nullish() }).loose();
const Content = z.union([z.string(), z.array(z.union([TextBlock, OtherBlock]))]);

export const MessagesRequest = z
  .object({
    model: z.string().min(1),
    max_tokens: z.number().int().min(1),
    messages: z.array(z.object({ role: z.enum(['user', 'assistant', 'system']), content: Content }).loose()).min(1),
    system: z.union([z.string(), z.array(TextBlock)]).nullish(),
    stream: z.boolean().nullish(),
    temperature: z.number().min(0).max(1).nullish(),
    thinking: z
      .union([
        z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }).loose(),
        z.object({ type: z.string() }).loose(),
      ])
      .nullish(),
  })
  .loose();
export type MessagesRequest = z.infer<typeof MessagesRequest>;

/** Anthropic caps the blocks marked with cache_control in one request. */
export const MAX_BREAKPOINTS = 4;

type Blocks = z.infer<typeof Content> | z.infer<typeof TextBlock>[];

const textOf = (content: Blocks): string =>
  typeof content === 'string' ? content : content.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');

/** The TTL of the block marked with cache_control, if any; ttl defaults to 5m (CacheControlEphemeral). */
function markOf(content: Blocks): '5m' | '1h' | null {
  if (typeof content === 'string') return null;
  const marked = content.filter((b) => b.cache_control);
  if (marked.length === 0) return null;
  return marked.some((b) => b.cache_control?.ttl === '1h') ? '1h' : '5m';
}

/** Plain-text messages (the system prompt first) and the cache breakpoints, counted in whole messages. */
export function unwrap(r: MessagesRequest): { messages: TextMessage[]; cache: CachePlan; marks: number } {
  const messages: TextMessage[] = [];
  const breakpoints: { messages: number; ttl: '5m' | '1h' }[] = [];
  let marks = 0;
  const add = (role: string, content: Blocks) => {
    messages.push({ role, content: textOf(content) });
    const ttl = markOf(content);
    if (ttl) breakpoints.push({ messages: messages.length, ttl });
    if (typeof content !== 'string') marks += content.filter((b) => b.cache_control).length;
  };
  if (r.system !== undefined && r.system !== null) add('system', r.system);
  for (const m of r.messages) add(m.role, m.content);
  return { messages, cache: { kind: 'marked', breakpoints }, marks };
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

export const errorBody = (type: string, message: string, requestId: string): AnthropicErrorBody => ({
  type: 'error',
  error: { type, message },
  request_id: requestId,
});

export const STOP_REASON: Record<'stop' | 'length' | 'content_filter', StopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  // A streaming classifier's intervention (StopReason in messages.d.ts).
  content_filter: 'refusal',
};

/**
 * `input_tokens` counts only what came after the last cache breakpoint: the three input fields
 * add up to the request's input (Usage in messages.d.ts), and `cache_creation` splits the writes
 * by TTL. `output_tokens` includes thinking tokens, which `output_tokens_details` breaks out.
 */
export function usageOf(t: SimBilled, outputTokens: number): Usage {
  const written = t.cache_write_5m_tokens + t.cache_write_1h_tokens;
  return {
    input_tokens: t.prompt_tokens - t.cached_tokens - written,
    cache_creation_input_tokens: written,
    cache_read_input_tokens: t.cached_tokens,
    cache_creation: { ephemeral_5m_input_tokens: t.cache_write_5m_tokens, ephemeral_1h_input_tokens: t.cache_write_1h_tokens },
    output_tokens: outputTokens,
    output_tokens_details: t.reasoning_tokens > 0 ? { thinking_tokens: t.reasoning_tokens } : null,
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: null,
    speed: null,
  };
}

/** message_delta's usage is cumulative: the final counts of the whole message. */
export function deltaUsageOf(t: SimBilled): MessageDeltaUsage {
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, output_tokens_details } = usageOf(t, t.output_tokens);
  return { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, output_tokens_details, server_tool_use: null };
}

export interface MessageMeta {
  id: string;
  model: string;
}

export function messageBody(meta: MessageMeta, text: string | null, stopReason: StopReason | null, usage: Usage): Message {
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content: text === null ? [] : [{ type: 'text', text, citations: null }],
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage,
  };
}

/** One server-sent event: Anthropic names every event, and the name repeats the data's `type`. */
export const sseEvent = (data: RawMessageStreamEvent | AnthropicErrorBody | { type: 'ping' }): string =>
  `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
