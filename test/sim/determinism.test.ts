import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/providers/sim/index.js';
import { client, testModels, triageMessages, triageRows, triageTask } from './fixtures.js';

const rows = triageRows(40);

/** A fixed sequence of requests, streamed and not, at the default temperature (1). */
async function runSequence(seed?: number) {
  const models = testModels();
  const sim = await startSimulator({ models: seed === undefined ? models : { ...models, seed }, tasks: [triageTask(rows)], latencyScale: 0 });
  const openai = client(sim.url);
  const answers: { content: string; usage: unknown }[] = [];
  try {
    for (const [i, row] of rows.entries()) {
      const model = ['sim-small', 'sim-mid', 'sim-flagship'][i % 3]!;
      if (i % 2 === 0) {
        const res = await openai.chat.completions.create({ model, messages: triageMessages(row) });
        answers.push({ content: res.choices[0]!.message.content ?? '', usage: res.usage });
      } else {
        const stream = await openai.chat.completions.create({
          model,
          messages: triageMessages(row),
          stream: true,
          stream_options: { include_usage: true },
        });
        let content = '';
        let usage: unknown;
        for await (const c of stream) {
          content += c.choices[0]?.delta.content ?? '';
          if (c.usage) usage = c.usage;
        }
        answers.push({ content, usage });
      }
    }
    return { answers, ledger: sim.ledger() };
  } finally {
    await sim.close();
  }
}

describe('determinism', () => {
  it('replays the same answers, usage and ledger from the same seed and requests', async () => {
    const first = await runSequence();
    const second = await runSequence();
    expect(second.answers).toEqual(first.answers);
    expect(second.ledger).toEqual(first.ledger);
  });

  it('changes answers with the seed', async () => {
    const first = await runSequence();
    const reseeded = await runSequence(12345);
    expect(reseeded.answers.map((a) => a.content)).not.toEqual(first.answers.map((a) => a.content));
  });

  it('gives the same request the same answer and usage every time at temperature 0', async () => {
    const sim = await startSimulator({ models: testModels(), tasks: [triageTask(rows)], latencyScale: 0 });
    try {
      const openai = client(sim.url);
      for (const row of rows.slice(0, 10)) {
        const replies = [];
        for (let k = 0; k < 3; k++) {
          replies.push(await openai.chat.completions.create({ model: 'sim-mid', messages: triageMessages(row), temperature: 0 }));
        }
        expect(new Set(replies.map((r) => r.choices[0]!.message.content)).size).toBe(1);
        expect(replies[1]!.usage).toEqual(replies[0]!.usage);
        expect(replies[2]!.usage).toEqual(replies[0]!.usage);
      }
    } finally {
      await sim.close();
    }
  });
});
