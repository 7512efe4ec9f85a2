import { describe, expect, it } from 'vitest';
import { pieceSchedule } from '../../src/providers/sim/delivery.js';
import { startSimulator } from '../../src/providers/sim/index.js';
import { client, essayTask, testModels } from './fixtures.js';

describe('when the pieces of a simulated reply are due', () => {
  it('counts every piece from the one start: the first after the time to first token, each later one its generation time after the one before', () => {
    expect(pieceSchedule(120, [0, 20, 20, 15])).toEqual([120, 140, 160, 175]);
    expect(pieceSchedule(80, [0])).toEqual([80]);
    // The first piece's own delay is the time to first token, whatever the list says.
    expect(pieceSchedule(80, [5, 10])).toEqual([80, 90]);
    expect(pieceSchedule(50, [])).toEqual([50]);
  });

  it('starts the model clock after a scripted slow first byte, so the first token still comes its latency after it', async () => {
    // 100 ms to first token, halved by the scale: the first piece is due 50 ms after the 150 ms pause.
    const models = testModels({ 'sim-timed': { accuracy: { essay: 1 }, ttft_ms: { p50: 100, p95: 100 }, output_tokens_per_s: 100 } });
    const sim = await startSimulator({ models, tasks: [essayTask()], latencyScale: 0.5 });
    try {
      sim.scriptFaults('sim-timed', [{ kind: 'slow_first_byte', ms: 150 }]);
      const started = performance.now();
      const stream = await client(sim.url).chat.completions.create({
        model: 'sim-timed',
        messages: [{ role: 'user', content: 'Write about letters' }],
        stream: true,
      });
      let first: number | null = null;
      for await (const c of stream) if (c.choices[0]?.delta.content) first ??= performance.now() - started;
      expect(first).not.toBeNull();
      expect(first!).toBeGreaterThanOrEqual(150 + 50 - 1);
    } finally {
      await sim.close();
    }
  });
});
