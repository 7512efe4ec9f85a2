import type { SimModel } from '../../schema/sim.js';
import { lognormalFromPercentiles, standardNormal } from './deterministic.js';
import { textTokens } from '../../core/tokens.js';

/** Characters per streamed chunk (about 4 tokens), and a cap so long answers stay a few dozen events. */
const CHUNK_CHARS = 16;
const MAX_CHUNKS = 32;

/**
 * Time to first token before scaling: a lognormal sample fitted to the model's p50 and p95, plus
 * the time to generate its hidden reasoning tokens, which a reasoning model emits before any text.
 */
export function firstTokenMs(model: SimModel, reasoningTokens: number, draw: readonly (string | number)[]): number {
  const base = lognormalFromPercentiles(model.ttft_ms.p50, model.ttft_ms.p95, standardNormal(...draw));
  return base + (reasoningTokens / model.output_tokens_per_s) * 1000;
}

/** Splits an answer into the pieces a stream sends; at least one piece, even for an empty answer. */
export function splitIntoChunks(text: string): string[] {
  const chars = Array.from(text);
  const size = Math.max(CHUNK_CHARS, Math.ceil(chars.length / MAX_CHUNKS));
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks.length > 0 ? chunks : [''];
}

/** Time to generate a piece at the model's decoding speed. */
export const chunkMs = (model: SimModel, chunk: string): number => (textTokens(chunk) / model.output_tokens_per_s) * 1000;
