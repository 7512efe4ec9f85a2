import type { Usage } from '../schema/attempt.js';
import type { ModelPrice, PriceValue } from '../schema/prices.js';
import { LanebarError } from './errors.js';

/*
 * Every dollar figure lanebar reports is computed here. Money is a plain number of USD, never
 * rounded inside: rounding belongs to display.
 */

/** What the cost functions need of a resolved price. */
export type TokenPrices = Pick<
  ModelPrice,
  'provider' | 'model' | 'input_mtok' | 'cache_read_mtok' | 'cache_write_5m_mtok' | 'cache_write_1h_mtok' | 'output_mtok' | 'batch_discount'
>;

export interface CostOptions {
  /** Bill at the provider's batch price (OpenAI Batch API, Anthropic Message Batches, Gemini Batch Mode). */
  batch?: boolean;
}

export interface AttemptCost {
  total_usd: number;
  uncached_input_usd: number;
  cache_read_usd: number;
  /** 5-minute and 1-hour cache writes together. */
  cache_write_usd: number;
  output_usd: number;
}

/** Every input token the request was billed for; the buckets of `Usage` are disjoint. */
export const totalInputTokens = (u: Usage): number => u.uncached_input + u.cache_read + u.cache_write_5m + u.cache_write_1h;

/**
 * USD per million tokens for a request with `inputTokens` input tokens in all. As in genai-prices
 * (`de` in dist/index.js, v0.1.8): the price is the base until the request's TOTAL input tokens
 * (uncached + cache reads + cache writes, its `input_tokens`) are strictly greater than a tier's
 * `start`; the highest such tier then prices the whole bucket, not just the tokens past the
 * threshold, and output tokens take their tier from the input count too.
 */
export function perMillion(value: PriceValue, inputTokens: number): number {
  if (typeof value === 'number') return value;
  let price = value.base;
  let reached = -1;
  for (const tier of value.tiers) {
    if (inputTokens > tier.start && tier.start > reached) {
      price = tier.price;
      reached = tier.start;
    }
  }
  return price;
}

/** The share of the list price paid: 1, or 1 - batch discount. */
function multiplier(price: TokenPrices, options: CostOptions): number {
  if (!options.batch) return 1;
  if (price.batch_discount === null) {
    // Guessing the batch price would put a made-up number in front of whoever signs the bill.
    throw new LanebarError(
      `no batch discount known for ${price.provider}/${price.model}`,
      { field: 'batch_discount' },
      'add batch_discount (e.g. 0.5) for this model in prices/overrides.yaml, with its source',
    );
  }
  return 1 - price.batch_discount;
}

/** What one attempt cost, bucket by bucket. Batch discounts apply to every token price. */
export function attemptCost(usage: Usage, price: TokenPrices, options: CostOptions = {}): AttemptCost {
  const input = totalInputTokens(usage);
  const k = multiplier(price, options) / 1e6;
  const uncached_input_usd = usage.uncached_input * perMillion(price.input_mtok, input) * k;
  const cache_read_usd = usage.cache_read * perMillion(price.cache_read_mtok, input) * k;
  const cache_write_usd =
    (usage.cache_write_5m * perMillion(price.cache_write_5m_mtok, input) + usage.cache_write_1h * perMillion(price.cache_write_1h_mtok, input)) * k;
  const output_usd = usage.output * perMillion(price.output_mtok, input) * k;
  return {
    total_usd: uncached_input_usd + cache_read_usd + cache_write_usd + output_usd,
    uncached_input_usd,
    cache_read_usd,
    cache_write_usd,
    output_usd,
  };
}

/** The bill with no cache at all: every input token at the uncached price, plus output. */
export function rawCost(usage: Usage, price: TokenPrices, options: CostOptions = {}): number {
  const input = totalInputTokens(usage);
  const k = multiplier(price, options) / 1e6;
  return (input * perMillion(price.input_mtok, input) + usage.output * perMillion(price.output_mtok, input)) * k;
}

/** What writing the cache cost beyond sending the same tokens uncached: the price of warming it. */
export function cacheWritePremium(usage: Usage, price: TokenPrices, options: CostOptions = {}): number {
  const input = totalInputTokens(usage);
  const k = multiplier(price, options) / 1e6;
  const miss = perMillion(price.input_mtok, input);
  return (
    (usage.cache_write_5m * (perMillion(price.cache_write_5m_mtok, input) - miss) +
      usage.cache_write_1h * (perMillion(price.cache_write_1h_mtok, input) - miss)) *
    k
  );
}

/** Prompt shape for the effective-cost formula: S stable prefix, D dynamic tail, O output tokens, h cache hit rate. */
export interface PromptSplit {
  S: number;
  D: number;
  O: number;
  h: number;
}

/**
 * Effective cost = S*((1-h)*P_miss + h*P_hit) + D*P_miss + O*P_out, with per-token prices
 * (inference-economics seed). It assumes a warm cache: the writes that warm it are not in the
 * formula (see `cacheWritePremium`). Tiers are chosen by S + D, the request's input tokens.
 */
export function effectiveCost(split: PromptSplit, price: TokenPrices, options: CostOptions = {}): number {
  const { S, D, O, h } = split;
  if (!(h >= 0 && h <= 1)) throw new LanebarError(`cache hit rate must lie in [0, 1], got ${h}`, { field: 'h' });
  const input = S + D;
  const k = multiplier(price, options) / 1e6;
  const pMiss = perMillion(price.input_mtok, input) * k;
  const pHit = perMillion(price.cache_read_mtok, input) * k;
  const pOut = perMillion(price.output_mtok, input) * k;
  return S * ((1 - h) * pMiss + h * pHit) + D * pMiss + O * pOut;
}

/** Keeping an explicit cache (Gemini) alive: tokens held times hours times the hourly rate. */
export function cacheStorageCost(tokens: number, hours: number, price: Pick<ModelPrice, 'provider' | 'model' | 'cache_storage_mtok_hour'>): number {
  if (price.cache_storage_mtok_hour === null) {
    throw new LanebarError(
      `no cache storage price known for ${price.provider}/${price.model}`,
      { field: 'cache_storage_mtok_hour' },
      'add cache_storage_mtok_hour for this model in prices/overrides.yaml, with its source',
    );
  }
  return (tokens * hours * price.cache_storage_mtok_hour) / 1e6;
}
