import { hashJson } from '../../core/hash.js';
import type { SimModel } from '../../schema/sim.js';
import { chooseAnswer } from './answer.js';
import { tailKey, type CaseIndex } from './case-index.js';
import { chunkMs, firstTokenMs, splitIntoChunks } from './latency.js';
import { messagesTokens, promptTokens, textTokens, truncateToTokens, type TextMessage } from '../../core/tokens.js';

/**
 * Which prefixes a request lets the provider cache: OpenAI and Gemini cache automatically;
 * Anthropic caches the prefix ending at each `cache_control` breakpoint, here the number of leading
 * messages (the system prompt counts as the first) that the breakpoint's block closes.
 */
export type CachePlan = { kind: 'automatic' } | { kind: 'marked'; breakpoints: { messages: number; ttl: '5m' | '1h' }[] };

/** A generation request once a protocol has unwrapped it: plain-text messages and the few limits that matter. */
export interface SimRequest {
  model: string;
  messages: TextMessage[];
  /** max_completion_tokens (or max_tokens); reasoning tokens count against it, as on OpenAI. */
  maxOutputTokens: number | null;
  temperature: number | null;
  stream: boolean;
  cache: CachePlan;
  /** Caps the model's hidden reasoning tokens (Gemini thinkingBudget, Anthropic thinking budget); null: the model's own. */
  reasoningBudget: number | null;
}

/** What the model would send, before the prefix cache and faults are applied. */
export interface ReplyDraft {
  lane: string | null;
  caseId: string | null;
  correct: boolean | null;
  /** The answer as streamed, after any truncation; joined, it is the full content. */
  chunks: string[];
  /** `content_filter` when a scripted safety stop cut the answer short. */
  finishReason: 'stop' | 'length' | 'content_filter';
  promptTokens: number;
  /** Tokens of every message before the last user message: the part a prompt cache can reuse. */
  prefixTokens: number;
  prefixKey: string;
  /** Includes reasoning tokens. */
  outputTokens: number;
  reasoningTokens: number;
  /** Unscaled milliseconds to the first piece, then before each later piece. */
  firstTokenMs: number;
  chunkDelaysMs: number[];
}

export interface DraftContext {
  seed: number;
  modelName: string;
  model: SimModel;
  index: CaseIndex;
  /** Identifies the request (model, messages, limits); with `sample`, seeds every draw. */
  fingerprint: string;
  /** How many identical requests came before this one. */
  sample: number;
}

/** The stable prefix is everything before the last user message, whose content is the rendered tail. */
export function splitPrefix(messages: readonly TextMessage[]): { prefix: TextMessage[]; tail: string } {
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') last = i;
  });
  if (last < 0) return { prefix: [...messages], tail: '' };
  return { prefix: messages.slice(0, last), tail: messages[last]!.content };
}

export function draftReply(ctx: DraftContext, request: SimRequest): ReplyDraft {
  const { prefix, tail } = splitPrefix(request.messages);
  const choice = chooseAnswer({
    seed: ctx.seed,
    modelName: ctx.modelName,
    model: ctx.model,
    found: ctx.index.get(tailKey(tail)),
    tail,
    temperature: request.temperature ?? 1,
    sample: ctx.sample,
  });

  let text = choice.text;
  let reasoningTokens = Math.min(ctx.model.reasoning_tokens, request.reasoningBudget ?? Number.POSITIVE_INFINITY);
  let finishReason: 'stop' | 'length' = 'stop';
  const limit = request.maxOutputTokens;
  if (limit !== null && reasoningTokens + textTokens(text) > limit) {
    reasoningTokens = Math.min(reasoningTokens, limit);
    text = truncateToTokens(text, limit - reasoningTokens);
    finishReason = 'length';
  }

  const chunks = splitIntoChunks(text);
  const draw = [ctx.seed, 'latency', ctx.modelName, ctx.fingerprint, ctx.sample];
  return {
    lane: choice.lane,
    caseId: choice.caseId,
    correct: choice.correct,
    chunks,
    finishReason,
    promptTokens: promptTokens(request.messages),
    prefixTokens: messagesTokens(prefix),
    prefixKey: hashJson(prefix),
    outputTokens: reasoningTokens + textTokens(text),
    reasoningTokens,
    firstTokenMs: firstTokenMs(ctx.model, reasoningTokens, draw),
    chunkDelaysMs: chunks.map((c, i) => (i === 0 ? 0 : chunkMs(ctx.model, c))),
  };
}

/**
 * The draft stopped by a safety system after `afterChunks` pieces: the text sent so far and the
 * reasoning that preceded it are billed, and the answer counts as neither right nor wrong.
 */
export function filteredDraft(draft: ReplyDraft, afterChunks: number): ReplyDraft {
  const chunks = draft.chunks.slice(0, afterChunks);
  return {
    ...draft,
    correct: null,
    chunks,
    chunkDelaysMs: draft.chunkDelaysMs.slice(0, afterChunks),
    finishReason: 'content_filter',
    outputTokens: draft.reasoningTokens + textTokens(chunks.join('')),
  };
}
