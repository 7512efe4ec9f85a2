import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../src/providers/sim/index.js';
import { cachedTokensFor, PrefixCache } from '../../src/providers/sim/prefix-cache.js';
import { SimCache } from '../../src/schema/sim.js';
import { client, testModels, triageMessages, triageRows, triageTask } from './fixtures.js';

const OPENAI_RULES = SimCache.parse({});
const rows = triageRows(20);
/** 4,800 chars -> 1,200 tokens, + 4 for the message: a 1,204-token system prefix. */
const LONG_SYSTEM = 'a'.repeat(4800);
/** The prefix is the system message plus the few-shot pair of triageMessages(): 1,204 + 15 + 6 = 1,225 tokens. */
const LONG_PREFIX_TOKENS = 1225;

let sim: Simulator;
let openai: OpenAI;

beforeAll(async () => {
  const models = testModels({
    'sim-short-ttl': { accuracy: {}, ttft_ms: { p50: 10, p95: 20 }, output_tokens_per_s: 100, cache: { ttl_s: 0.15 } },
  });
  sim = await startSimulator({ models, tasks: [triageTask(rows)], latencyScale: 0 });
  openai = client(sim.url);
});
afterAll(() => sim.close());

const usageOf = async (model: string, rowIndex: number, system: string) =>
  (await openai.chat.completions.create({ model, messages: triageMessages(rows[rowIndex]!, system) })).usage!;

describe('cachedTokensFor', () => {
  it('follows OpenAI: nothing below 1,024 tokens, then 1,024 plus whole increments of 128', () => {
    expect(cachedTokensFor(1023, OPENAI_RULES)).toBe(0);
    expect(cachedTokensFor(1024, OPENAI_RULES)).toBe(1024);
    expect(cachedTokensFor(1151, OPENAI_RULES)).toBe(1024);
    expect(cachedTokensFor(1500, OPENAI_RULES)).toBe(1408);
    expect(cachedTokensFor(LONG_PREFIX_TOKENS, OPENAI_RULES)).toBe(1152);
  });

  it('expires an entry ttl_s after its last use', () => {
    let now = 0;
    const cache = new PrefixCache(() => now);
    const config = SimCache.parse({ ttl_s: 10 });
    expect(cache.use('m', config, 'p', 2000)).toBe(0);
    now = 9_000;
    expect(cache.use('m', config, 'p', 2000)).toBe(1920);
    now = 18_000; // 9 s after the last use: still warm, because each use refreshes the TTL
    expect(cache.use('m', config, 'p', 2000)).toBe(1920);
    now = 28_001;
    expect(cache.use('m', config, 'p', 2000)).toBe(0);
    expect(cache.use('other-model', config, 'p', 2000)).toBe(0);
  });
});

describe('prefix caching over the wire', () => {
  it('reports cached_tokens on a warm prefix, within prompt_tokens', async () => {
    const cold = await usageOf('sim-mid', 0, LONG_SYSTEM);
    expect(cold.prompt_tokens_details!.cached_tokens).toBe(0);
    const warm = await usageOf('sim-mid', 1, LONG_SYSTEM);
    expect(warm.prompt_tokens_details!.cached_tokens).toBe(1152);
    expect(warm.prompt_tokens).toBe(cold.prompt_tokens); // same-length tails; cached tokens stay inside prompt_tokens
    expect(warm.prompt_tokens).toBeGreaterThan(1152);
    const ledger = sim.ledger().filter((e) => e.model === 'sim-mid');
    expect(ledger.map((e) => e.billed.cached_tokens)).toEqual([0, 1152]);
  });

  it('caches per model', async () => {
    await usageOf('sim-flagship', 2, LONG_SYSTEM + 'b');
    expect((await usageOf('sim-small', 3, LONG_SYSTEM + 'b')).prompt_tokens_details!.cached_tokens).toBe(0);
    expect((await usageOf('sim-flagship', 3, LONG_SYSTEM + 'b')).prompt_tokens_details!.cached_tokens).toBe(1152);
  });

  it('caches nothing below the minimum prefix length', async () => {
    const short = 'a'.repeat(2000);
    await usageOf('sim-mid', 4, short);
    expect((await usageOf('sim-mid', 5, short)).prompt_tokens_details!.cached_tokens).toBe(0);
  });

  it('caches nothing once the TTL has passed', async () => {
    const system = LONG_SYSTEM + 'ttl';
    await usageOf('sim-short-ttl', 6, system);
    expect((await usageOf('sim-short-ttl', 7, system)).prompt_tokens_details!.cached_tokens).toBe(1152);
    await new Promise((r) => setTimeout(r, 250));
    expect((await usageOf('sim-short-ttl', 8, system)).prompt_tokens_details!.cached_tokens).toBe(0);
  });

  it('does not fill the cache from a request refused with an error', async () => {
    const system = LONG_SYSTEM + 'refused';
    sim.scriptFaults('sim-mid', [{ kind: 'rate_limited', retry_after_s: 0 }]);
    await expect(usageOf('sim-mid', 9, system)).rejects.toThrow();
    expect((await usageOf('sim-mid', 10, system)).prompt_tokens_details!.cached_tokens).toBe(0);
    expect((await usageOf('sim-mid', 11, system)).prompt_tokens_details!.cached_tokens).toBe(1152);
  });
});
