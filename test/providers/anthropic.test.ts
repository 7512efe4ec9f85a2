import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider, anthropicParams, usageFromAnthropic } from '../../src/providers/anthropic.js';
import { REVOKED_KEY, startSimulator, type ScriptedFault, type Simulator } from '../../src/providers/sim/index.js';
import type { AttemptOutcome } from '../../src/schema/attempt.js';
import { ESSAY, essayRow, LABEL_TOKENS, models, never, PREFIX_TOKENS, PROMPT_TOKENS, request, rows, SHORT_PROMPT_TOKENS, SHORT_SYSTEM, TAIL_TOKENS, tasks } from './fixtures.js';

/*
 * The Anthropic adapter through the official @anthropic-ai/sdk, against the simulator's Messages
 * API: the request it builds, the usage it reads from message_start / message_delta, when it takes
 * the first token, and the error class of every way a call can fail.
 */

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setUp(latencyScale = 1) {
  sim = await startSimulator({ models: models(), tasks, latencyScale });
  const url = sim.url;
  return { sim, provider: new AnthropicProvider({ provider: 'anthropic', baseUrl: url, apiKey: 'sim' }) };
}

const lastEntry = () => sim!.ledger().at(-1)!;

describe('the request', () => {
  it('marks the end of the stable prefix with cache_control at the suite TTL', () => {
    const p = anthropicParams('claude-sonnet-4-5', request(rows[0]!, { cacheTtl: '1h' }));
    expect(p.stream).toBe(true);
    expect(p.system).toEqual([{ type: 'text', text: request(rows[0]!).system }]);
    expect(p.messages).toEqual([
      { role: 'user', content: 'Subject: Example' },
      { role: 'assistant', content: [{ type: 'text', text: 'billing', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      { role: 'user', content: 'Subject: Ticket 00' },
    ]);
    expect(p).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 400, temperature: 0 });
  });

  it('marks the system prompt when there are no examples, defaults to 5 minutes and to max_tokens 4096', () => {
    const p = anthropicParams('m', { system: 'S', examples: [], user: 'U', params: {} });
    expect(p.system).toEqual([{ type: 'text', text: 'S', cache_control: { type: 'ephemeral', ttl: '5m' } }]);
    expect(p.max_tokens).toBe(4096);
    expect(p).not.toHaveProperty('thinking');
  });

  it('turns a thinking budget into extended thinking', () => {
    const p = anthropicParams('m', { system: 'S', examples: [], user: 'U', params: { max_tokens: 3000, thinking_budget: 2048 } });
    expect(p.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });
});

describe('usage from the stream', () => {
  it('bills a cold prefix as a cache write at its TTL, then reads it', async () => {
    const { provider } = await setUp(0);
    const cold = await provider.call('sim-claude', request(rows[0]!, { cacheTtl: '1h' }), never);
    expect(cold).toMatchObject({ ok: true, output: 'billing', finish_reason: 'end_turn', http_status: 200, usage_reported: true, error_class: null });
    expect(cold.request_id).toMatch(/^req_/);
    expect(cold.usage).toEqual({ uncached_input: TAIL_TOKENS, cache_read: 0, cache_write_5m: 0, cache_write_1h: PREFIX_TOKENS, output: 2, reasoning: 0 });

    const warm = await provider.call('sim-claude', request(rows[1]!, { cacheTtl: '1h' }), never);
    expect(warm.output).toBe('bug');
    expect(warm.usage).toEqual({ uncached_input: TAIL_TOKENS, cache_read: PREFIX_TOKENS, cache_write_5m: 0, cache_write_1h: 0, output: 1, reasoning: 0 });
    // The adapter's buckets add up to what the simulator billed.
    const [a, b] = sim!.ledger();
    expect(a!.billed).toMatchObject({ prompt_tokens: PROMPT_TOKENS, cached_tokens: 0, cache_write_1h_tokens: PREFIX_TOKENS, output_tokens: 2 });
    expect(b!.billed).toMatchObject({ prompt_tokens: PROMPT_TOKENS, cached_tokens: PREFIX_TOKENS, cache_write_1h_tokens: 0, output_tokens: 1 });
  });

  it('writes at 5 minutes by default', async () => {
    const { provider } = await setUp(0);
    const cold = await provider.call('sim-claude', request(rows[0]!), never);
    expect(cold.usage).toMatchObject({ cache_write_5m: PREFIX_TOKENS, cache_write_1h: 0 });
  });

  it('caches nothing below the model minimum: every input token is uncached, twice', async () => {
    const { provider } = await setUp(0);
    for (const row of rows.slice(0, 2)) {
      const r = await provider.call('sim-claude', request(row, { system: SHORT_SYSTEM }), never);
      expect(r.usage).toMatchObject({ uncached_input: SHORT_PROMPT_TOKENS, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0 });
    }
    // The same 1,068-token prefix that Sonnet caches is under Haiku 4.5's 4,096-token minimum.
    const haiku = await provider.call('sim-claude-4096', request(rows[2]!), never);
    expect(haiku.usage).toMatchObject({ uncached_input: PROMPT_TOKENS, cache_read: 0, cache_write_5m: 0 });
  });

  it('counts thinking tokens as output when thinking is on, and bills none when it is off', async () => {
    const { provider } = await setUp(0);
    const off = await provider.call('sim-thinker', request(rows[0]!), never);
    expect(off.usage).toMatchObject({ output: 2, reasoning: 0 });
    const on = await provider.call('sim-thinker', request(rows[1]!, { params: { max_tokens: 3000, thinking_budget: 1024 } }), never);
    expect(on.usage).toMatchObject({ output: 30 + 1, reasoning: 30 });
  });

  it('splits writes that cache_creation leaves out at the TTL asked for', () => {
    const start = {
      input_tokens: 5,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 0,
      cache_creation: null,
      output_tokens: 1,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: null,
      inference_geo: null,
      speed: null,
    } as const;
    expect(usageFromAnthropic(start, null, '1h')).toMatchObject({ cache_write_5m: 0, cache_write_1h: 100, output: 1 });
    const delta = { input_tokens: null, cache_creation_input_tokens: null, cache_read_input_tokens: null, output_tokens: 9, output_tokens_details: null, server_tool_use: null };
    expect(usageFromAnthropic(start, delta, '5m')).toMatchObject({ uncached_input: 5, cache_write_5m: 100, output: 9 });
  });
});

describe('latency', () => {
  it('takes the first token at the first text delta, after message_start', async () => {
    const { provider } = await setUp(1);
    const r = await provider.call('sim-slow', request(rows[0]!), never);
    expect(r.ok).toBe(true);
    // The simulator sends message_start with the headers and the first text 200 ms later.
    expect(r.ttft_ms!).toBeGreaterThanOrEqual(190);
    expect(r.completion_ms!).toBeGreaterThanOrEqual(r.ttft_ms!);
  });
});

describe('error classes', () => {
  async function failWith(fault: ScriptedFault | null, opts: { row?: typeof essayRow; key?: string; model?: string; signal?: AbortSignal; temperature?: number } = {}): Promise<AttemptOutcome> {
    if (!sim) await setUp(0);
    if (fault) sim!.scriptFaults('sim-claude', [fault]);
    const provider = new AnthropicProvider({ provider: 'anthropic', baseUrl: sim!.url, apiKey: opts.key ?? 'sim' });
    const req = request(opts.row ?? rows[0]!, { params: { max_tokens: 400, temperature: opts.temperature ?? 0 } });
    const before = sim!.ledger().length;
    const r = await provider.call(opts.model ?? 'sim-claude', req, opts.signal ?? never);
    // One call, one request: the SDK never retries behind the runner's back.
    expect(sim!.ledger().length - before).toBeLessThanOrEqual(1);
    return r;
  }
  const refused = { ok: false, usage: { uncached_input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0 } };

  it('429 is rate_limited, with retry-after read from the header', async () => {
    const r = await failWith({ kind: 'rate_limited', retry_after_s: 2 });
    expect(r).toMatchObject({ ...refused, error_class: 'rate_limited', http_status: 429, retry_after_ms: 2000 });
    expect(r.request_id).toBe(lastEntry().request_id);
  });

  it('529 is overloaded', async () => {
    expect(await failWith({ kind: 'overloaded' })).toMatchObject({ ...refused, error_class: 'overloaded', http_status: 529 });
  });

  it('an overloaded_error event mid-stream is overloaded, billed for its input and the text sent', async () => {
    const r = await failWith({ kind: 'overloaded', after_chunks: 1 }, { row: essayRow });
    expect(r).toMatchObject({ ok: false, error_class: 'overloaded', http_status: 200, output: ESSAY.slice(0, 16), usage_reported: false });
    expect(r.usage).toMatchObject({ cache_write_5m: PREFIX_TOKENS, output: 4 });
    expect(lastEntry().billed).toMatchObject({ cache_write_5m_tokens: PREFIX_TOKENS, output_tokens: 4 });
  });

  it('500 and an HTML 502 are server_error', async () => {
    expect(await failWith({ kind: 'server_error', status: 500 })).toMatchObject({ ...refused, error_class: 'server_error', http_status: 500 });
    expect(await failWith({ kind: 'server_error', status: 502 })).toMatchObject({ ...refused, error_class: 'server_error', http_status: 502 });
  });

  it('an aborted attempt is a timeout', async () => {
    const r = await failWith({ kind: 'slow_first_byte', ms: 2000 }, { signal: AbortSignal.timeout(100) });
    expect(r).toMatchObject({ ok: false, error_class: 'timeout', http_status: null });
  });

  it('a reset before any header is a connection error, billed nothing', async () => {
    expect(await failWith({ kind: 'reset' })).toMatchObject({ ...refused, error_class: 'connection', http_status: null });
  });

  it('a stream broken mid-way, or a malformed event, is stream_cut, billed as far as it went', async () => {
    const cut = await failWith({ kind: 'stream_cut', after_chunks: 2 }, { row: essayRow });
    expect(cut).toMatchObject({ ok: false, error_class: 'stream_cut', http_status: 200, output: ESSAY.slice(0, 32), usage_reported: false });
    // The input as message_start reported it (the prefix was written on this first call); the output estimated.
    expect(cut.usage).toMatchObject({ uncached_input: TAIL_TOKENS, cache_write_5m: PREFIX_TOKENS, output: 8 });
    expect(lastEntry().billed).toMatchObject({ prompt_tokens: PROMPT_TOKENS, cache_write_5m_tokens: PREFIX_TOKENS, output_tokens: 8 });
    expect(await failWith({ kind: 'malformed_event' }, { row: essayRow })).toMatchObject({ ok: false, error_class: 'stream_cut', http_status: 200 });
  });

  it('a 400 is bad_request (temperature above Anthropic\'s 1)', async () => {
    const r = await failWith(null, { temperature: 1.5 });
    expect(r).toMatchObject({ ...refused, error_class: 'bad_request', http_status: 400 });
    expect(r.error_message).toContain('temperature');
  });

  it('a wrong key is auth', async () => {
    expect(await failWith(null, { key: REVOKED_KEY })).toMatchObject({ ...refused, error_class: 'auth', http_status: 401 });
  });

  it('stop_reason "refusal" is content_filtered, billed for what was sent', async () => {
    const r = await failWith({ kind: 'content_filtered', after_chunks: 1 }, { row: essayRow });
    expect(r).toMatchObject({ ok: false, error_class: 'content_filtered', finish_reason: 'refusal', output: ESSAY.slice(0, 16), usage_reported: true });
    expect(r.usage.output).toBe(4);
    expect(lastEntry()).toMatchObject({ correct: null, billed: { output_tokens: 4 } });
  });

  it('an unknown model is not_found', async () => {
    expect(await failWith(null, { model: 'claude-nonexistent' })).toMatchObject({ ...refused, error_class: 'not_found', http_status: 404 });
  });

  it('keeps the key out of every error message', async () => {
    const secret = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz';
    await setUp(0);
    const provider = new AnthropicProvider({ provider: 'anthropic', baseUrl: 'http://127.0.0.1:1', apiKey: secret });
    const r = await provider.call('sim-claude', request(rows[0]!), never);
    expect(r.error_class).toBe('connection');
    expect(JSON.stringify(r)).not.toContain(secret);
  });
});

describe('the simulator speaks the Messages API to the SDK itself', () => {
  it('sends the event sequence, headers and error bodies the SDK expects', async () => {
    await setUp(0);
    const client = new Anthropic({ apiKey: 'sim', baseURL: sim!.url, maxRetries: 0 });
    const { data, response } = await client.messages
      .create({ model: 'sim-claude', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Subject: Ticket 03' }] })
      .withResponse();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const types: string[] = [];
    for await (const e of data) types.push(e.type);
    // ping is read and dropped by the SDK (core/streaming.ts).
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);

    const raw = await fetch(`${sim!.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sim', 'content-type': 'application/json' }, body: '{}' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });

    sim!.scriptFaults('sim-claude', [{ kind: 'rate_limited', retry_after_s: 3 }]);
    const limited = await client.messages.create({ model: 'sim-claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('3');
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).type).toBe('rate_limit_error');
    sim!.scriptFaults('sim-claude', [{ kind: 'overloaded' }]);
    await expect(client.messages.create({ model: 'sim-claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(Anthropic.OverloadedError);
  });

  it('answers a non-streamed request with a whole Message and the same usage', async () => {
    await setUp(0);
    const client = new Anthropic({ apiKey: 'sim', baseURL: sim!.url, maxRetries: 0 });
    const m = await client.messages.create({ model: 'sim-claude', max_tokens: 50, messages: [{ role: 'user', content: 'Subject: Ticket 02' }] });
    expect(m.content).toEqual([{ type: 'text', text: 'account', citations: null }]);
    expect(m.stop_reason).toBe('end_turn');
    // "Subject: Ticket 02" is 9 tokens, + 3: nothing marked, nothing cached.
    expect(m.usage).toMatchObject({ input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: LABEL_TOKENS['account'] });
  });

  it('refuses more than four cache breakpoints, as the API does', async () => {
    await setUp(0);
    const client = new Anthropic({ apiKey: 'sim', baseURL: sim!.url, maxRetries: 0 });
    const mark = { type: 'ephemeral' } as const;
    const blocks = Array.from({ length: 5 }, (_, i) => ({ type: 'text' as const, text: `part ${i}`, cache_control: mark }));
    await expect(client.messages.create({ model: 'sim-claude', max_tokens: 5, system: blocks, messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(
      /maximum of 4 blocks/,
    );
  });
});
