import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { startSimulator } from '../../src/providers/sim/index.js';
import { FaultPlanner } from '../../src/providers/sim/faults.js';
import { PrefixCache } from '../../src/providers/sim/prefix-cache.js';
import { SimFaultRates } from '../../src/schema/sim.js';
import { client, ESSAY_TEXT, essayTask, testModels, triageRows, triageTask } from './fixtures.js';

describe('explicit (Anthropic-style) prompt caching', () => {
  it('writes a marked prefix on first use, reads it after, and caches nothing under the minimum', () => {
    let now = 0;
    const cache = new PrefixCache(() => now);
    const p = { key: 'p', tokens: 1500, ttl: '5m' as const };
    expect(cache.mark('m', 2048, [p])).toEqual({ read: 0, write5m: 0, write1h: 0 });
    expect(cache.mark('m', 2048, [p])).toEqual({ read: 0, write5m: 0, write1h: 0 });
    expect(cache.mark('m', 1024, [p])).toEqual({ read: 0, write5m: 1500, write1h: 0 });
    now = 299_000;
    expect(cache.mark('m', 1024, [p])).toEqual({ read: 1500, write5m: 0, write1h: 0 });
    // The hit refreshed the entry: 5 minutes from 299 s, not from 0.
    now = 598_000;
    expect(cache.mark('m', 1024, [p])).toEqual({ read: 1500, write5m: 0, write1h: 0 });
    now = 898_001;
    expect(cache.mark('m', 1024, [p])).toEqual({ read: 0, write5m: 1500, write1h: 0 });
    expect(cache.mark('other-model', 1024, [p])).toEqual({ read: 0, write5m: 1500, write1h: 0 });
  });

  it('keeps a 1-hour entry for an hour and writes each segment at its own TTL', () => {
    let now = 0;
    const cache = new PrefixCache(() => now);
    const long = { key: 'system', tokens: 2000, ttl: '1h' as const };
    const longer = { key: 'system+examples', tokens: 2600, ttl: '5m' as const };
    expect(cache.mark('m', 1024, [long, longer])).toEqual({ read: 0, write5m: 600, write1h: 2000 });
    now = 30 * 60_000;
    // The 5-minute segment expired; the 1-hour one is read and only the rest is written again.
    expect(cache.mark('m', 1024, [long, longer])).toEqual({ read: 2000, write5m: 600, write1h: 0 });
    now = 30 * 60_000 + 1000;
    expect(cache.mark('m', 1024, [long, longer])).toEqual({ read: 2600, write5m: 0, write1h: 0 });
  });
});

describe('faults common to the three protocols, on the OpenAI wire', () => {
  it('answers "overloaded" with a 503, and mid-stream with an error event', async () => {
    const sim = await startSimulator({ models: testModels(), tasks: [essayTask()], latencyScale: 0 });
    try {
      sim.scriptFaults('sim-perfect', [{ kind: 'overloaded' }, { kind: 'overloaded', after_chunks: 1 }]);
      const openai = client(sim.url);
      const refused = await openai.chat.completions.create({ model: 'sim-perfect', messages: [{ role: 'user', content: 'Write about numbers' }] }).catch((e: unknown) => e);
      expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
      const stream = await openai.chat.completions.create({ model: 'sim-perfect', stream: true, messages: [{ role: 'user', content: 'Write about numbers' }] });
      let text = '';
      await expect(
        (async () => {
          for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
        })(),
      ).rejects.toThrow(/overloaded/);
      expect(text).toBe(ESSAY_TEXT.slice(0, 16));
      expect(sim.ledger().map((e) => [e.fault, e.outcome, e.http_status])).toEqual([
        ['overloaded', 'refused', 503],
        ['overloaded', 'cut', 200],
      ]);
    } finally {
      await sim.close();
    }
  });

  it('stops an answer with finish_reason content_filter, which the OpenAI adapter reports as content_filtered', async () => {
    const rows = triageRows(4);
    const sim = await startSimulator({ models: testModels(), tasks: [triageTask(rows), essayTask()], latencyScale: 0 });
    try {
      sim.scriptFaults('sim-perfect', [{ kind: 'content_filtered', after_chunks: 1 }]);
      const provider = new OpenAIProvider({ provider: 'openai', baseUrl: `${sim.url}/v1`, apiKey: 'sim' });
      const r = await provider.call('sim-perfect', { system: 'S', examples: [], user: 'Write about numbers', params: {} }, new AbortController().signal);
      expect(r).toMatchObject({ ok: false, error_class: 'content_filtered', finish_reason: 'content_filter', output: ESSAY_TEXT.slice(0, 16) });
      expect(r.usage.output).toBe(4);
      expect(sim.ledger()[0]).toMatchObject({ fault: 'content_filtered', correct: null, outcome: 'completed', billed: { output_tokens: 4 } });
    } finally {
      await sim.close();
    }
  });

  it('draws random "overloaded" faults at the configured rate, deterministically', () => {
    const rates = SimFaultRates.parse({ overloaded: 0.25 });
    const planner = new FaultPlanner();
    const draws = Array.from({ length: 8 }, (_, i) => planner.next('m', rates, i / 8, true, 4));
    expect(draws.map((f) => f?.kind ?? null)).toEqual(['overloaded', 'overloaded', null, null, null, null, null, null]);
  });
});
