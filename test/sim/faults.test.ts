import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../src/providers/sim/index.js';
import { client, ESSAY_TEXT, essayTask, testModels, triageMessages, triageRows, triageTask, waitFor } from './fixtures.js';

const rows = triageRows(10);
const essay: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Write about numbers' }];
let sim: Simulator;
let openai: OpenAI;

beforeAll(async () => {
  const models = testModels({
    'sim-flaky': {
      accuracy: { 'ticket-triage': 0.9 },
      ttft_ms: { p50: 10, p95: 20 },
      output_tokens_per_s: 100,
      faults: { rate_limited: 0.2, server_error: 0.1, retry_after_s: 0 },
    },
  });
  sim = await startSimulator({ models, tasks: [triageTask(rows), essayTask()], latencyScale: 0 });
  openai = client(sim.url);
});
afterAll(() => sim.close());

const lastEntry = () => sim.ledger().at(-1)!;
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

async function drain(stream: AsyncIterable<OpenAI.Chat.ChatCompletionChunk>): Promise<{ content: string; usage: boolean; error: unknown }> {
  let content = '';
  let usage = false;
  try {
    for await (const c of stream) {
      content += c.choices[0]?.delta.content ?? '';
      usage ||= Boolean(c.usage);
    }
    return { content, usage, error: null };
  } catch (error) {
    return { content, usage, error };
  }
}

describe('scripted faults', () => {
  it('429 surfaces as RateLimitError with retry-after and retry-after-ms readable', async () => {
    sim.scriptFaults('sim-small', [{ kind: 'rate_limited', retry_after_s: 2 }]);
    const err = await failure(openai.chat.completions.create({ model: 'sim-small', messages: triageMessages(rows[0]!) }));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.headers.get('retry-after')).toBe('2');
    expect(e.headers.get('retry-after-ms')).toBe('2000');
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.requestID).toMatch(/^req_/);
    expect(lastEntry()).toMatchObject({ http_status: 429, fault: 'rate_limited', outcome: 'refused', correct: null });
    expect(lastEntry().billed).toEqual({ prompt_tokens: 0, cached_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0, output_tokens: 0, reasoning_tokens: 0 });
    // The script is used up: the next request succeeds.
    await expect(openai.chat.completions.create({ model: 'sim-small', messages: triageMessages(rows[0]!) })).resolves.toBeTruthy();
  });

  it('429 can carry retry-after as an HTTP date', async () => {
    sim.scriptFaults('sim-small', [{ kind: 'rate_limited', retry_after_s: 30, retry_after_http_date: true }]);
    const e = (await failure(openai.chat.completions.create({ model: 'sim-small', messages: triageMessages(rows[0]!) }))) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    const at = Date.parse(e.headers.get('retry-after')!);
    expect(at - Date.now()).toBeGreaterThan(20_000);
    expect(e.headers.get('retry-after-ms')).toBeNull();
  });

  it.each([500, 502, 503] as const)('%d surfaces as InternalServerError', async (status) => {
    sim.scriptFaults('sim-small', [{ kind: 'server_error', status }]);
    const err = await failure(openai.chat.completions.create({ model: 'sim-small', messages: triageMessages(rows[1]!) }));
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(status);
    expect(lastEntry()).toMatchObject({ http_status: status, fault: 'server_error', outcome: 'refused' });
  });

  it('applies scripted faults in order, then answers normally', async () => {
    sim.scriptFaults('sim-mid', [
      { kind: 'server_error', status: 503 },
      { kind: 'rate_limited', retry_after_s: 0 },
    ]);
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await failure(openai.chat.completions.create({ model: 'sim-mid', messages: triageMessages(rows[2]!) }));
      statuses.push(r instanceof OpenAI.APIError ? r.status : 200);
    }
    expect(statuses).toEqual([503, 429, 200]);
  });

  it('a stream cut mid-way errors in the SDK iteration and bills what was sent', async () => {
    sim.scriptFaults('sim-perfect', [{ kind: 'stream_cut', after_chunks: 3 }]);
    const stream = await openai.chat.completions.create({ model: 'sim-perfect', messages: essay, stream: true, stream_options: { include_usage: true } });
    const { content, usage, error } = await drain(stream);
    expect(error).toBeInstanceOf(Error);
    expect(usage).toBe(false);
    expect(content).toBe(ESSAY_TEXT.slice(0, 48)); // three 16-character chunks
    await waitFor(() => lastEntry().fault === 'stream_cut');
    expect(lastEntry()).toMatchObject({ outcome: 'cut', http_status: 200 });
    expect(lastEntry().billed.output_tokens).toBe(12);
    expect(lastEntry().billed.prompt_tokens).toBeGreaterThan(0);
  });

  it('a non-streamed body cut part-way is a connection error', async () => {
    sim.scriptFaults('sim-perfect', [{ kind: 'stream_cut', after_chunks: 0 }]);
    await expect(openai.chat.completions.create({ model: 'sim-perfect', messages: essay })).rejects.toThrow();
    await waitFor(() => lastEntry().fault === 'stream_cut');
    expect(lastEntry().outcome).toBe('cut');
    expect(lastEntry().billed.output_tokens).toBe(Math.ceil(ESSAY_TEXT.length / 4));
  });

  it('a reset before the headers is an APIConnectionError and bills nothing', async () => {
    sim.scriptFaults('sim-small', [{ kind: 'reset' }]);
    const err = await failure(openai.chat.completions.create({ model: 'sim-small', messages: triageMessages(rows[3]!) }));
    expect(err).toBeInstanceOf(OpenAI.APIConnectionError);
    await waitFor(() => lastEntry().fault === 'reset');
    expect(lastEntry()).toMatchObject({ outcome: 'reset', http_status: null });
    expect(lastEntry().billed.prompt_tokens).toBe(0);
  });

  it('a slow first byte trips the client timeout; the ledger records the client hanging up', async () => {
    sim.scriptFaults('sim-small', [{ kind: 'slow_first_byte', ms: 2000 }]);
    const impatient = client(sim.url, { timeout: 100 });
    const started = Date.now();
    const err = await failure(impatient.chat.completions.create({ model: 'sim-small', messages: triageMessages(rows[4]!) }));
    expect(err).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
    await waitFor(() => lastEntry().fault === 'slow_first_byte');
    expect(lastEntry()).toMatchObject({ outcome: 'client_closed', http_status: null });
    expect(lastEntry().billed.output_tokens).toBe(0);
  });

  it('a slow first byte within the timeout only delays the answer', async () => {
    sim.scriptFaults('sim-perfect', [{ kind: 'slow_first_byte', ms: 120 }]);
    const started = Date.now();
    const res = await openai.chat.completions.create({ model: 'sim-perfect', messages: triageMessages(rows[4]!) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(res.choices[0]!.message.content).toBe(rows[4]!['label']);
  });

  it('no_usage leaves the usage chunk out but still bills in full', async () => {
    sim.scriptFaults('sim-perfect', [{ kind: 'no_usage' }]);
    const stream = await openai.chat.completions.create({ model: 'sim-perfect', messages: essay, stream: true, stream_options: { include_usage: true } });
    const { content, usage, error } = await drain(stream);
    expect(error).toBeNull();
    expect(usage).toBe(false);
    expect(content).toBe(ESSAY_TEXT);
    expect(lastEntry()).toMatchObject({ fault: 'no_usage', outcome: 'completed' });
    expect(lastEntry().billed.output_tokens).toBe(Math.ceil(ESSAY_TEXT.length / 4));

    sim.scriptFaults('sim-perfect', [{ kind: 'no_usage' }]);
    const whole = await openai.chat.completions.create({ model: 'sim-perfect', messages: essay });
    expect(whole.usage).toBeUndefined();
  });

  it('a malformed event makes the SDK throw while iterating', async () => {
    sim.scriptFaults('sim-perfect', [{ kind: 'malformed_event' }]);
    // The SDK logs the unparsable event before throwing; the test only needs the throw.
    const quiet = client(sim.url, { logLevel: 'off' });
    const stream = await quiet.chat.completions.create({ model: 'sim-perfect', messages: essay, stream: true });
    const { error } = await drain(stream);
    expect(error).toBeInstanceOf(SyntaxError);
    await waitFor(() => lastEntry().fault === 'malformed_event');

    sim.scriptFaults('sim-perfect', [{ kind: 'malformed_event' }]);
    await expect(openai.chat.completions.create({ model: 'sim-perfect', messages: essay })).rejects.toThrow();
  });

  it('rejects a fault for a model that does not exist', () => {
    expect(() => sim.scriptFaults('sim-nope', [{ kind: 'reset' }])).toThrow(/sim-nope/);
  });
});

describe('random faults', () => {
  it('occur at roughly the configured rates, deterministically', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const row = rows[i % rows.length]!;
      const r = await failure(openai.chat.completions.create({ model: 'sim-flaky', messages: triageMessages(row) }));
      statuses.push(r instanceof OpenAI.APIError ? r.status! : 200);
    }
    const rate = (s: number) => statuses.filter((x) => x === s).length / statuses.length;
    expect(rate(429)).toBeGreaterThan(0.13);
    expect(rate(429)).toBeLessThan(0.27);
    expect(rate(500)).toBeGreaterThan(0.05);
    expect(rate(500)).toBeLessThan(0.15);
    const faults = sim.ledger().filter((e) => e.model === 'sim-flaky');
    expect(faults.filter((e) => e.fault === 'rate_limited')).toHaveLength(statuses.filter((s) => s === 429).length);
  });
});
