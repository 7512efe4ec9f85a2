import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startSimulator } from '../../src/providers/sim/index.js';
import { SimLedgerEntry } from '../../src/schema/sim.js';
import { client, ESSAY_TEXT, essayTask, testModels, triageMessages, triageRows, triageTask, waitFor } from './fixtures.js';

const rows = triageRows(20);

describe('ledger and in-flight count', () => {
  it('records every request with its model, status, fault and tokens billed', async () => {
    const sim = await startSimulator({ models: testModels(), tasks: [triageTask(rows)], latencyScale: 0 });
    try {
      const openai = client(sim.url);
      const ok = await openai.chat.completions.create({ model: 'sim-perfect', messages: triageMessages(rows[0]!) });
      sim.scriptFaults('sim-small', [{ kind: 'rate_limited', retry_after_s: 0 }]);
      await openai.chat.completions.create({ model: 'sim-small', messages: triageMessages(rows[1]!) }).catch(() => undefined);
      await openai.chat.completions.create({ model: 'gpt-nope', messages: triageMessages(rows[1]!) }).catch(() => undefined);
      await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
      await openai.models.list(); // not a generation: not in the ledger

      const ledger = sim.ledger();
      for (const e of ledger) SimLedgerEntry.parse(e);
      expect(ledger.map((e) => [e.model, e.http_status, e.outcome, e.fault])).toEqual([
        ['sim-perfect', 200, 'completed', null],
        ['sim-small', 429, 'refused', 'rate_limited'],
        ['gpt-nope', 404, 'refused', null],
        [null, 401, 'refused', null],
      ]);
      expect(ledger[0]).toMatchObject({ protocol: 'openai', stream: false, lane: 'ticket-triage', case_id: 't0', correct: true });
      expect(ledger[0]!.billed).toEqual({
        prompt_tokens: ok.usage!.prompt_tokens,
        cached_tokens: 0,
        cache_write_5m_tokens: 0,
        cache_write_1h_tokens: 0,
        output_tokens: ok.usage!.completion_tokens,
        reasoning_tokens: 0,
      });
      expect(ledger.map((e) => e.seq)).toEqual([...ledger.map((e) => e.seq)].sort((a, b) => a - b));
    } finally {
      await sim.close();
    }
  });

  it('reports the most requests seen in flight at once', async () => {
    // A fixed 100 ms to first token, really slept (latencyScale 1), so that concurrent requests overlap.
    const models = testModels({ 'sim-steady': { accuracy: {}, ttft_ms: { p50: 100, p95: 100 }, output_tokens_per_s: 1000 } });
    const sim = await startSimulator({ models, tasks: [triageTask(rows)] });
    try {
      const openai = client(sim.url);
      await openai.chat.completions.create({ model: 'sim-steady', messages: triageMessages(rows[0]!) });
      expect(sim.maxInFlight()).toBe(1);
      const started = Date.now();
      await Promise.all(rows.slice(0, 12).map((row) => openai.chat.completions.create({ model: 'sim-steady', messages: triageMessages(row) })));
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
      expect(sim.maxInFlight()).toBe(12);
      expect(sim.ledger()).toHaveLength(13);
    } finally {
      await sim.close();
    }
  });

  it('bills a stream the client abandons for its input and the output already sent', async () => {
    // 4 tokens per 16-character piece at 50 tokens/s: 80 ms between pieces, time enough to hang up.
    const models = testModels({ 'sim-slow': { accuracy: { essay: 1 }, ttft_ms: { p50: 5, p95: 5 }, output_tokens_per_s: 50 } });
    const sim = await startSimulator({ models, tasks: [essayTask()] });
    try {
      const stream = await client(sim.url).chat.completions.create({
        model: 'sim-slow',
        messages: [{ role: 'user', content: 'Write about numbers' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let received = '';
      for await (const c of stream) {
        received += c.choices[0]?.delta.content ?? '';
        if (received) break; // the SDK aborts the request, as a harness timeout does
      }
      await waitFor(() => sim.ledger().length === 1);
      const entry = sim.ledger()[0]!;
      expect(entry).toMatchObject({ outcome: 'client_closed', http_status: 200, fault: null });
      expect(received).toBe(ESSAY_TEXT.slice(0, 16));
      expect(entry.billed.output_tokens).toBe(4);
      expect(entry.billed.prompt_tokens).toBe(Math.ceil('Write about numbers'.length / 4) + 4 + 3);
    } finally {
      await sim.close();
    }
  });

  it('keeps the in-flight peak at the client concurrency limit', async () => {
    const models = testModels({ 'sim-steady': { accuracy: {}, ttft_ms: { p50: 20, p95: 20 }, output_tokens_per_s: 1000 } });
    const sim = await startSimulator({ models, tasks: [triageTask(rows)] });
    try {
      const openai: OpenAI = client(sim.url);
      const { default: pMap } = await import('p-map');
      await pMap(rows, (row) => openai.chat.completions.create({ model: 'sim-steady', messages: triageMessages(row) }), { concurrency: 4 });
      expect(sim.maxInFlight()).toBe(4);
    } finally {
      await sim.close();
    }
  });
});
