import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptCost } from '../../src/core/cost.js';
import { LanebarError } from '../../src/core/errors.js';
import { sha256 } from '../../src/core/hash.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { ModelPrice } from '../../src/schema/prices.js';
import { day, ROOT, SHEET, usage, usd } from './helpers.js';

const book = loadPriceBook({ root: ROOT });
const NOW = day('2026-11-23');

describe('loadPriceBook defaults', () => {
  it('takes the newest dated sheet and the overrides file under the root, with their hashes', () => {
    expect(resolve(book.sheet.path)).toBe(SHEET);
    expect(book.sheet.date).toBe('2026-11-23');
    expect(book.sheet.hash).toBe(sha256(readFileSync(SHEET)));
    expect(book.source).toEqual({ package: '@pydantic/genai-prices', version: '0.1.8' });
    const overrides = join(ROOT, 'prices', 'overrides.yaml');
    expect(book.overrides && { ...book.overrides, path: resolve(book.overrides.path) }).toEqual({ path: overrides, hash: sha256(readFileSync(overrides)) });
  });

  it('runs without overrides when told to', () => {
    const bare = loadPriceBook({ root: ROOT, overridesPath: null });
    expect(bare.overrides).toBeNull();
    expect(bare.resolve('openai', 'gpt-4.1-mini', NOW).batch_discount).toBeNull();
  });

  it('names the directory when there is no sheet', () => {
    expect(() => loadPriceBook({ root: join(ROOT, 'test') })).toThrow(/no price sheet/);
  });
});

describe('resolve', () => {
  it('bills the hand-worked Sonnet 4.5 invoice from the sheet', () => {
    const price = book.resolve('anthropic', 'claude-sonnet-4-5', NOW);
    expect(ModelPrice.parse(price)).toEqual(price);
    expect(price.matched).toEqual({ provider: 'anthropic', model_id: 'claude-sonnet-4-5' });
    expect(price.defaulted).toEqual([]);
    // 12,000 x $3/M + 3,000 x $0.30/M + 2,000 x $3.75/M + 800 x $15/M = $0.0564
    usd(attemptCost(usage({ uncached_input: 12_000, cache_read: 3_000, cache_write_5m: 2_000, output: 800 }), price).total_usd, 0.0564);
    // Batch (overrides): half of it.
    usd(attemptCost(usage({ uncached_input: 12_000, cache_read: 3_000, cache_write_5m: 2_000, output: 800 }), price, { batch: true }).total_usd, 0.0282);
    expect(price.sources.batch_discount).toMatch(/overrides .*overrides\.yaml:\d+ \(effective 2025-09-29\): https:\/\/docs\.anthropic\.com/);
    expect(price.sources.input_mtok).toBe(`sheet ${SHEET}: anthropic/claude-sonnet-4-5`);
    expect(price.provenance).toEqual({ sheet_hash: book.sheet.hash, overrides_hash: book.overrides!.hash, at: NOW.toISOString() });
  });

  it('matches dated model names through the sheet match rules', () => {
    expect(book.resolve('anthropic', 'claude-sonnet-4-5-20250929', NOW).matched?.model_id).toBe('claude-sonnet-4-5');
    expect(book.resolve('openai', 'GPT-4.1-mini-2025-04-14', NOW).matched?.model_id).toBe('gpt-4.1-mini');
  });

  it('fills cache prices the sheet lacks and says so', () => {
    const price = book.resolve('openai', 'gpt-4.1', NOW);
    expect(price.input_mtok).toBe(2);
    expect(price.cache_read_mtok).toBe(0.5);
    // OpenAI's implicit cache has no write premium: writes at the input price, 1h at the 5m price.
    expect(price.cache_write_5m_mtok).toBe(2);
    expect(price.cache_write_1h_mtok).toBe(2);
    expect(price.defaulted).toEqual(['cache_write_5m_mtok', 'cache_write_1h_mtok']);
    expect(price.sources.cache_write_5m_mtok).toMatch(/^default: no cache-write price known/);
    expect(price.sources.gpu_hour_usd).toBe('not set');
  });

  it('bills cache reads at the input price when the sheet has none', () => {
    const price = book.resolve('openai', 'gpt-4', NOW);
    expect(price.cache_read_mtok).toEqual(price.input_mtok);
    expect(price.defaulted).toContain('cache_read_mtok');
  });

  it('keeps the 1-hour cache-write price where the sheet has one', () => {
    const price = book.resolve('anthropic', 'claude-haiku-4-5', NOW);
    // 4,000 x $1/M + 10,000 1h writes x $2/M + 500 x $5/M = $0.004 + $0.02 + $0.0025 = $0.0265
    usd(attemptCost(usage({ uncached_input: 4_000, cache_write_1h: 10_000, output: 500 }), price).total_usd, 0.0265);
  });

  it('picks the price in force on the day from the dated history', () => {
    // o3: $10/$40 per million until 2025-06-09, $2/$8 from 2025-06-10.
    const before = book.resolve('openai', 'o3', new Date('2025-06-09T23:59:59Z'));
    const after = book.resolve('openai', 'o3', day('2025-06-10'));
    expect([before.input_mtok, before.output_mtok]).toEqual([10, 40]);
    expect([after.input_mtok, after.output_mtok]).toEqual([2, 8]);
    expect(after.sources.input_mtok).toMatch(/openai\/o3, price from 2025-06-10$/);
    // 1,000 input + 1,000 output: $0.05 before, $0.01 after.
    usd(attemptCost(usage({ uncached_input: 1_000, output: 1_000 }), before).total_usd, 0.05);
    usd(attemptCost(usage({ uncached_input: 1_000, output: 1_000 }), after).total_usd, 0.01);
    // Sonnet 4.6 dropped its long-context tier on 2026-03-13.
    expect(book.resolve('anthropic', 'claude-sonnet-4-6', day('2026-03-12')).input_mtok).toEqual({ base: 3, tiers: [{ start: 200_000, price: 6 }] });
    expect(book.resolve('anthropic', 'claude-sonnet-4-6', day('2026-03-13')).input_mtok).toBe(3);
  });

  it('applies time-of-day prices as the library does', () => {
    // deepseek-chat: standard price 00:30-16:30 UTC, half price otherwise.
    expect(book.resolve('deepseek', 'deepseek-chat', new Date('2026-11-23T12:00:00Z')).input_mtok).toBe(0.27);
    expect(book.resolve('deepseek', 'deepseek-chat', new Date('2026-11-23T17:00:00Z')).input_mtok).toBe(0.135);
  });

  it('prices the self-hosted example from its GPU-hour', () => {
    const price = book.resolve('openai-compatible', 'llama-3.1-8b-instruct', NOW);
    expect(price.matched).toBeNull();
    expect(price.gpu_hour_usd).toBe(2.49);
    // 2.49 USD/h / 3600 s / 2500 tokens/s = 2.49e6 / 9e6 USD per million tokens.
    usd(price.input_mtok as number, 2.49e6 / 9e6);
    expect(price.sources.input_mtok).toMatch(/^derived: 2\.49 USD per GPU-hour \/ 3600 s \/ 2500 tokens\/s/);
    // 9,000 input + 1,000 output = 10,000 tokens x 2.49 / 9,000,000 USD = $0.0027666...
    usd(attemptCost(usage({ uncached_input: 9_000, output: 1_000 }), price).total_usd, 2.49 / 900);
  });

  it('looks an OpenAI-compatible model up in every provider of the sheet', () => {
    const price = book.resolve('openai-compatible', 'llama-3.1-8b-instant', NOW);
    expect(price.matched).toEqual({ provider: 'groq', model_id: 'llama-3.1-8b-instant' });
  });

  it('never prices a missing model at zero', () => {
    let error: unknown;
    try {
      book.resolve('openai', 'gpt-4.1-nanoo', NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LanebarError);
    const e = error as LanebarError;
    expect(e.location.file).toBe(SHEET);
    expect(e.message).toContain('openai/gpt-4.1-nanoo');
    expect(e.format()).toContain(SHEET);
    expect(e.hint).toContain('gpt-4.1-nano');
    expect(() => book.resolve('openai-compatible', 'my-private-model', NOW)).toThrow(/no price for openai-compatible\/my-private-model/);
  });

  it('refuses a sheet model that is not priced per token', () => {
    expect(() => book.resolve('mistral', 'mistral-ocr-latest', NOW)).toThrow(/has no input_mtok and output_mtok/);
  });

  it('names the known providers for an unknown one', () => {
    expect(() => book.resolve('antropic', 'claude-sonnet-4-5', NOW)).toThrow(LanebarError);
    try {
      book.resolve('antropic', 'claude-sonnet-4-5', NOW);
    } catch (e) {
      expect((e as LanebarError).hint).toContain('anthropic');
    }
  });
});
