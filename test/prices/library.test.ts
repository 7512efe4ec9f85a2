import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { attemptCost, totalInputTokens } from '../../src/core/cost.js';
import { loadPriceBook } from '../../src/load/prices.js';
import type { Usage } from '../../src/schema/attempt.js';
import { day, SHEET, usage, usd } from './helpers.js';

// The sheet is a snapshot of the installed library's data, so on the same day both must bill the
// same usage to the same cent (and the same 1e-9 of one).
const book = loadPriceBook({ sheetPath: SHEET, overridesPath: null });

/** genai-prices' usage: input_tokens is the TOTAL, cache tokens are parts of it; 1h writes are part of cache writes. */
const libraryUsage = (u: Usage) => ({
  input_tokens: totalInputTokens(u),
  cache_read_tokens: u.cache_read,
  cache_write_tokens: u.cache_write_5m + u.cache_write_1h,
  cache_write_1h_tokens: u.cache_write_1h,
  output_tokens: u.output,
});

const cases: [string, string, string, Usage][] = [
  ['anthropic', 'claude-sonnet-4-5', '2026-11-23', usage({ uncached_input: 12_000, cache_read: 3_000, cache_write_5m: 2_000, output: 800 })],
  ['anthropic', 'claude-sonnet-4-5', '2026-11-23', usage({ uncached_input: 150_000, cache_read: 40_000, cache_write_5m: 5_000, cache_write_1h: 6_000, output: 900 })],
  ['anthropic', 'claude-haiku-4-5', '2026-11-23', usage({ uncached_input: 4_000, cache_write_1h: 10_000, output: 500 })],
  ['openai', 'gpt-4.1-mini', '2026-11-23', usage({ uncached_input: 100_000, cache_read: 20_000, output: 5_000 })],
  ['openai', 'gpt-4.1', '2026-11-23', usage({ uncached_input: 1_000, cache_write_5m: 1_000, cache_read: 500, output: 77 })],
  ['openai', 'o3', '2025-06-01', usage({ uncached_input: 1_000, cache_read: 1_000, output: 1_000 })],
  ['openai', 'o3', '2025-06-11', usage({ uncached_input: 1_000, cache_read: 1_000, output: 1_000 })],
  ['openai', 'gpt-4', '2026-11-23', usage({ uncached_input: 1_000, cache_read: 1_000, output: 10 })],
  ['google', 'gemini-2.5-pro', '2026-11-23', usage({ uncached_input: 190_000, cache_read: 10_000, output: 1_000 })],
  ['google', 'gemini-2.5-pro', '2026-11-23', usage({ uncached_input: 190_000, cache_read: 10_001, output: 1_000 })],
  ['google', 'gemini-2.5-flash-lite', '2026-11-23', usage({ uncached_input: 7_000, cache_read: 3_000, output: 2_000 })],
  ['anthropic', 'claude-sonnet-4-6', '2026-03-12', usage({ uncached_input: 250_000, output: 1_000 })],
  ['mistral', 'mistral-medium-latest', '2026-11-23', usage({ uncached_input: 5_000, cache_read: 2_000, output: 300 })],
];

describe('attemptCost agrees with genai-prices calcPrice', () => {
  it.each(cases)('%s/%s on %s', (provider, model, on, u) => {
    const lib = calcPrice(libraryUsage(u), model, { providerId: provider, timestamp: day(on) });
    expect(lib).not.toBeNull();
    const ours = attemptCost(u, book.resolve(provider, model, day(on)));
    usd(ours.total_usd, lib!.total_price);
    usd(ours.output_usd, lib!.output_price);
  });
});
