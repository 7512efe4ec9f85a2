import { z } from 'zod';
import type { TextMessage } from '../../core/tokens.js';
import type { SimBilled } from '../../schema/sim.js';

/**
 * The Gemini API's generateContent on the wire (REST field names, as `@google/genai` sends and
 * reads them: GenerateContentResponse, GenerateContentResponseUsageMetadata, FinishReason and
 * BlockedReason in dist/genai.d.ts). Only what the simulator reads is validated.
 */

const Part = z.object({ text: z.string().optional(), thought: z.boolean().optional() }).loose();
const Content = z.object({ role: z.string().optional(), parts: z.array(Part).default([]) }).loose();

export const GenerateRequest = z
  .object({
    contents: z.array(Content).min(1, 'contents must not be empty'),
    systemInstruction: Content.optional(),
    generationConfig: z
      .object({
        temperature: z.number().min(0).max(2).optional(),
        maxOutputTokens: z.number().int().min(1).optional(),
        candidateCount: z.literal(1, 'the simulator returns one candidate; candidateCount must be 1').optional(),
        thinkingConfig: z.object({ thinkingBudget: z.number().int().min(-1).optional() }).loose().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type GenerateRequest = z.infer<typeof GenerateRequest>;

const textOf = (c: z.infer<typeof Content>): string => c.parts.map((p) => (p.thought ? '' : (p.text ?? ''))).join('');

/** The system instruction becomes the first message; Gemini's "model" role is the assistant's. */
export function toTextMessages(r: GenerateRequest): TextMessage[] {
  const messages: TextMessage[] = [];
  if (r.systemInstruction) messages.push({ role: 'system', content: textOf(r.systemInstruction) });
  for (const c of r.contents) messages.push({ role: c.role === 'model' ? 'assistant' : 'user', content: textOf(c) });
  return messages;
}

/** google.rpc.Status as the Gemini API returns it, with RetryInfo for a 429. */
export interface GeminiErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

export const errorBody = (code: number, status: string, message: string, details?: unknown[]): GeminiErrorBody => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});

export interface ModalityTokenCount {
  modality: 'TEXT';
  tokenCount: number;
}

export interface UsageMetadata {
  promptTokenCount: number;
  candidatesTokenCount?: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  promptTokensDetails: ModalityTokenCount[];
  cacheTokensDetails?: ModalityTokenCount[];
  candidatesTokensDetails?: ModalityTokenCount[];
}

/**
 * `promptTokenCount` includes `cachedContentTokenCount` (implicit caching reads); the answer's
 * tokens are `candidatesTokenCount` and the hidden reasoning `thoughtsTokenCount`, reported apart
 * (totalTokenCount is their sum with the prompt). Chunks before the last carry only the prompt side.
 */
export function usageOf(t: SimBilled, final: boolean): UsageMetadata {
  const text = (n: number): ModalityTokenCount[] => [{ modality: 'TEXT', tokenCount: n }];
  const cached = t.cached_tokens > 0 ? { cachedContentTokenCount: t.cached_tokens, cacheTokensDetails: text(t.cached_tokens) } : {};
  if (!final) return { promptTokenCount: t.prompt_tokens, totalTokenCount: t.prompt_tokens, promptTokensDetails: text(t.prompt_tokens), ...cached };
  const candidates = t.output_tokens - t.reasoning_tokens;
  return {
    promptTokenCount: t.prompt_tokens,
    candidatesTokenCount: candidates,
    totalTokenCount: t.prompt_tokens + t.output_tokens,
    ...cached,
    ...(t.reasoning_tokens > 0 ? { thoughtsTokenCount: t.reasoning_tokens } : {}),
    promptTokensDetails: text(t.prompt_tokens),
    candidatesTokensDetails: text(candidates),
  };
}

export type GeminiFinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY';

export const FINISH_REASON: Record<'stop' | 'length' | 'content_filter', GeminiFinishReason> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  content_filter: 'SAFETY',
};

export interface ResponseMeta {
  responseId: string;
  modelVersion: string;
}

const SAFETY_RATINGS = [
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
];

/** One GenerateContentResponse: a streamed chunk, or the whole non-streamed answer. */
export function responseBody(meta: ResponseMeta, text: string | null, finish: GeminiFinishReason | null, usage: UsageMetadata | null): object {
  const candidate = {
    ...(text !== null ? { content: { parts: [{ text }], role: 'model' } } : {}),
    ...(finish ? { finishReason: finish } : {}),
    ...(finish === 'SAFETY' ? { safetyRatings: SAFETY_RATINGS } : {}),
    index: 0,
  };
  return { candidates: [candidate], ...(usage ? { usageMetadata: usage } : {}), ...meta };
}

/** A prompt refused before any answer: no candidates, the block reason in promptFeedback. */
export function blockedBody(meta: ResponseMeta, usage: UsageMetadata | null): object {
  return { promptFeedback: { blockReason: 'SAFETY', safetyRatings: SAFETY_RATINGS }, ...(usage ? { usageMetadata: usage } : {}), ...meta };
}

/** Gemini separates its server-sent events with CRLF pairs; @google/genai accepts \n\n, \r\r and \r\n\r\n. */
export const sseEvent = (data: unknown): string => `data: ${JSON.stringify(data)}\r\n\r\n`;
