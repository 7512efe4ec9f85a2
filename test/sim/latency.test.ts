import { describe, expect, it } from 'vitest';
import { firstTokenMs, splitIntoChunks } from '../../src/providers/sim/latency.js';
import { startSimulator } from '../../src/providers/sim/index.js';
import { SimModel } from '../../src/schema/sim.js';
import { client, essayTask, testModels } from './fixtures.js';

const model = SimModel.parse({ accuracy: {}, ttft_ms: { p50: 180, p95: 450 }, output_tokens_per_s: 160 });

describe('latency model', () => {
  it('samples time to first token from a lognormal with the declared p50 and p95', () => {
    const samples = Array.from({ length: 4000 }, (_, i) => firstTokenMs(model, 0, ['test', i])).sort((a, b) => a - b);
    const p50 = samples[1999]!;
    const p95 = samples[3799]!;
    expect(p50 / 180).toBeGreaterThan(0.95);
    expect(p50 / 180).toBeLessThan(1.05);
    expect(p95 / 450).toBeGreaterThan(0.92);
    expect(p95 / 450).toBeLessThan(1.08);
  });

  it('adds the time to generate hidden reasoning tokens', () => {
    expect(firstTokenMs(model, 160, ['x']) - firstTokenMs(model, 0, ['x'])).toBeCloseTo(1000, 6);
  });

  it('splits an answer into pieces that join back to it', () => {
    const text = 'é'.repeat(50) + ' and more text that goes on';
    expect(splitIntoChunks(text).join('')).toBe(text);
    expect(splitIntoChunks('bug')).toEqual(['bug']);
    expect(splitIntoChunks('')).toEqual(['']);
    expect(splitIntoChunks('x'.repeat(10_000)).length).toBeLessThanOrEqual(32);
  });

  it('really sleeps, scaled by latencyScale', async () => {
    // 200 ms to first token and 100 tokens/s, halved by the scale: ~100 ms, then ~80 ms per 16-char piece.
    const models = testModels({ 'sim-timed': { accuracy: { essay: 1 }, ttft_ms: { p50: 200, p95: 200 }, output_tokens_per_s: 100 } });
    const sim = await startSimulator({ models, tasks: [essayTask()], latencyScale: 0.5 });
    try {
      const started = Date.now();
      const stream = await client(sim.url).chat.completions.create({
        model: 'sim-timed',
        messages: [{ role: 'user', content: 'Write about letters' }], // "Letters are fine." : two pieces
        stream: true,
      });
      const arrivals: number[] = [];
      for await (const c of stream) if (c.choices[0]?.delta.content) arrivals.push(Date.now() - started);
      expect(arrivals).toHaveLength(2);
      expect(arrivals[0]!).toBeGreaterThanOrEqual(90);
      expect(arrivals[0]!).toBeLessThan(600);
      expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(1);
    } finally {
      await sim.close();
    }
  });
});
