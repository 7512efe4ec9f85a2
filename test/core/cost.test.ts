import { describe, expect, it } from 'vitest';
import {
  attemptCost,
  cacheStorageCost,
  cacheWritePremium,
  effectiveCost,
  perMillion,
  rawCost,
  type TokenPrices,
} from '../../src/core/cost.js';
import { LanebarError } from '../../src/core/errors.js';
import { usage, usd } from '../prices/helpers.js';

// The figures of the 2026-11-23 sheet, written out so these tests stand without it.
const sonnet45: TokenPrices = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  input_mtok: { base: 3, tiers: [{ start: 200_000, price: 6 }] },
  cache_read_mtok: { base: 0.3, tiers: [{ start: 200_000, price: 0.6 }] },
  cache_write_5m_mtok: { base: 3.75, tiers: [{ start: 200_000, price: 7.5 }] },
  cache_write_1h_mtok: { base: 6, tiers: [{ start: 200_000, price: 12 }] },
  output_mtok: { base: 15, tiers: [{ start: 200_000, price: 22.5 }] },
  batch_discount: 0.5,
};

const gemini25pro: TokenPrices = {
  provider: 'google',
  model: 'gemini-2.5-pro',
  input_mtok: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] },
  cache_read_mtok: { base: 0.125, tiers: [{ start: 200_000, price: 0.25 }] },
  cache_write_5m_mtok: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] },
  cache_write_1h_mtok: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] },
  output_mtok: { base: 10, tiers: [{ start: 200_000, price: 15 }] },
  batch_discount: null,
};

const gpt41mini: TokenPrices = {
  provider: 'openai',
  model: 'gpt-4.1-mini',
  input_mtok: 0.4,
  cache_read_mtok: 0.1,
  cache_write_5m_mtok: 0.4,
  cache_write_1h_mtok: 0.4,
  output_mtok: 1.6,
  batch_discount: 0.5,
};

describe('attemptCost', () => {
  it('bills a cached Claude Sonnet 4.5 call bucket by bucket', () => {
    // 12,000 + 3,000 + 2,000 = 17,000 input tokens: under the 200k tier, base prices.
    //   uncached     12,000 x $3.00/M  = $0.036
    //   cache read    3,000 x $0.30/M  = $0.0009
    //   cache write   2,000 x $3.75/M  = $0.0075
    //   output          800 x $15.00/M = $0.012
    //   total                            $0.0564
    const c = attemptCost(usage({ uncached_input: 12_000, cache_read: 3_000, cache_write_5m: 2_000, output: 800 }), sonnet45);
    usd(c.uncached_input_usd, 0.036);
    usd(c.cache_read_usd, 0.0009);
    usd(c.cache_write_usd, 0.0075);
    usd(c.output_usd, 0.012);
    usd(c.total_usd, 0.0564);
  });

  it('bills 1-hour cache writes at their own price', () => {
    // 4,000 x $3/M = $0.012; 1,000 5m writes x $3.75/M = $0.00375; 10,000 1h writes x $6/M = $0.06;
    // 500 output x $15/M = $0.0075. Total $0.08325.
    const c = attemptCost(usage({ uncached_input: 4_000, cache_write_5m: 1_000, cache_write_1h: 10_000, output: 500 }), sonnet45);
    usd(c.cache_write_usd, 0.06375);
    usd(c.total_usd, 0.08325);
  });

  it('crosses a long-context tier on the total input, cache reads included', () => {
    // 190,000 uncached + 10,000 cached = 200,000 input: not above the 200k start, base prices.
    //   190,000 x $1.25/M = $0.2375; 10,000 x $0.125/M = $0.00125; 1,000 x $10/M = $0.01 -> $0.24875
    const at = attemptCost(usage({ uncached_input: 190_000, cache_read: 10_000, output: 1_000 }), gemini25pro);
    usd(at.total_usd, 0.24875);
    // One more cached token: 200,001 > 200,000, so every bucket, output too, takes the tier.
    //   190,000 x $2.50/M = $0.475; 10,001 x $0.25/M = $0.00250025; 1,000 x $15/M = $0.015 -> $0.49250025
    const over = attemptCost(usage({ uncached_input: 190_000, cache_read: 10_001, output: 1_000 }), gemini25pro);
    usd(over.uncached_input_usd, 0.475);
    usd(over.cache_read_usd, 0.00250025);
    usd(over.output_usd, 0.015);
    usd(over.total_usd, 0.49250025);
  });

  it('applies a batch discount to every bucket', () => {
    // List: 100,000 x $0.40/M = $0.04; 20,000 x $0.10/M = $0.002; 5,000 x $1.60/M = $0.008 -> $0.05.
    // Batch at 50% off: $0.025.
    const u = usage({ uncached_input: 100_000, cache_read: 20_000, output: 5_000 });
    usd(attemptCost(u, gpt41mini).total_usd, 0.05);
    const batch = attemptCost(u, gpt41mini, { batch: true });
    usd(batch.total_usd, 0.025);
    usd(batch.cache_read_usd, 0.001);
  });

  it('refuses to guess a batch price it does not know', () => {
    expect(() => attemptCost(usage({ output: 1 }), gemini25pro, { batch: true })).toThrow(LanebarError);
  });

  it('prices self-hosted tokens from a GPU-hour', () => {
    // $2.50 per GPU-hour at 2,500 tokens/s: 2.5 / 3600 / 2500 USD per token = $0.2777... per million.
    // 9,000 input + 1,000 output = 10,000 tokens x 2.5 / 9,000,000 = $0.0027777... = $1/360.
    const perMtok = (2.5 / 3600 / 2500) * 1e6;
    const selfHosted: TokenPrices = {
      provider: 'openai-compatible',
      model: 'llama-3.1-8b-instruct',
      input_mtok: perMtok,
      cache_read_mtok: perMtok,
      cache_write_5m_mtok: perMtok,
      cache_write_1h_mtok: perMtok,
      output_mtok: perMtok,
      batch_discount: null,
    };
    usd(attemptCost(usage({ uncached_input: 9_000, output: 1_000 }), selfHosted).total_usd, 1 / 360);
  });

  it('counts reasoning inside output, never twice', () => {
    const c = attemptCost(usage({ output: 1_000, reasoning: 600 }), gpt41mini);
    usd(c.total_usd, 0.0016);
  });
});

describe('perMillion', () => {
  it('takes the highest tier whose start the input exceeds, whatever the tier order', () => {
    const p = { base: 1, tiers: [{ start: 500, price: 3 }, { start: 100, price: 2 }] };
    expect(perMillion(p, 100)).toBe(1);
    expect(perMillion(p, 101)).toBe(2);
    expect(perMillion(p, 501)).toBe(3);
  });
});

describe('rawCost and the cache premium', () => {
  it('prices every input token uncached', () => {
    // 17,000 input x $3/M = $0.051; 800 output x $15/M = $0.012 -> $0.063 (vs $0.0564 with the cache).
    usd(rawCost(usage({ uncached_input: 12_000, cache_read: 3_000, cache_write_5m: 2_000, output: 800 }), sonnet45), 0.063);
  });

  it('measures what warming the cache cost over sending the tokens uncached', () => {
    // 2,000 x ($3.75 - $3)/M = $0.0015; 1,000 x ($6 - $3)/M = $0.003 -> $0.0045
    usd(cacheWritePremium(usage({ uncached_input: 10, cache_write_5m: 2_000, cache_write_1h: 1_000 }), sonnet45), 0.0045);
  });

  it('prices explicit cache storage by token-hour', () => {
    // 100,000 tokens kept 3 hours at $4.50 per million per hour = $1.35
    usd(cacheStorageCost(100_000, 3, { provider: 'google', model: 'gemini-2.5-pro', cache_storage_mtok_hour: 4.5 }), 1.35);
    expect(() => cacheStorageCost(1, 1, { provider: 'google', model: 'x', cache_storage_mtok_hour: null })).toThrow(LanebarError);
  });
});

describe('effectiveCost', () => {
  it('works the seed formula by hand', () => {
    // S=10,000, D=2,000, O=500, h=0.7 on Sonnet 4.5 (12,000 input, base tier):
    //   10,000 x (0.3 x $3/M + 0.7 x $0.30/M) = 10,000 x $1.11/M = $0.0111
    //   2,000 x $3/M = $0.006;  500 x $15/M = $0.0075  -> $0.0246
    usd(effectiveCost({ S: 10_000, D: 2_000, O: 500, h: 0.7 }, sonnet45), 0.0246);
  });

  it('equals attemptCost on the corresponding split', () => {
    for (const [price, S, D, O, h] of [
      [sonnet45, 10_000, 2_000, 500, 0.7],
      [gemini25pro, 180_000, 30_000, 2_000, 0.5],
      [gpt41mini, 4_000, 1_000, 300, 1],
      [gpt41mini, 4_000, 1_000, 300, 0],
    ] as const) {
      const split = usage({ uncached_input: S * (1 - h) + D, cache_read: S * h, output: O });
      usd(effectiveCost({ S, D, O, h }, price), attemptCost(split, price).total_usd);
      if (price.batch_discount !== null) {
        usd(effectiveCost({ S, D, O, h }, price, { batch: true }), attemptCost(split, price, { batch: true }).total_usd);
      }
    }
  });

  it('rejects a hit rate outside [0, 1]', () => {
    expect(() => effectiveCost({ S: 1, D: 1, O: 1, h: 1.2 }, gpt41mini)).toThrow(LanebarError);
  });
});
