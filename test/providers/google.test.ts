import { ApiError, GoogleGenAI } from '@google/genai';
import { afterEach, describe, expect, it } from 'vitest';
import { geminiConfig, geminiContents, GoogleProvider, retryDelayMs, usageFromGemini } from '../../src/providers/google.js';
import { REVOKED_KEY, startSimulator, type ScriptedFault, type Simulator } from '../../src/providers/sim/index.js';
import type { AttemptOutcome } from '../../src/schema/attempt.js';
import { ESSAY, essayRow, models, never, PREFIX_TOKENS, PROMPT_TOKENS, request, rows, SHORT_PROMPT_TOKENS, SHORT_SYSTEM, TAIL_TOKENS, tasks } from './fixtures.js';

/*
 * The Gemini adapter through the official @google/genai SDK (models.generateContentStream),
 * against the simulator's Gemini API: the request, the usage it reads from usageMetadata, when it
 * takes the first token, and the error class of every way a call can fail.
 */

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setUp(latencyScale = 0) {
  sim = await startSimulator({ models: models(), tasks, latencyScale });
  return { sim, provider: new GoogleProvider({ provider: 'google', baseUrl: sim.url, apiKey: 'sim' }) };
}

const lastEntry = () => sim!.ledger().at(-1)!;

describe('the request', () => {
  it('sends the examples as user / model turns, the system prompt as systemInstruction, and no hidden continuation', () => {
    expect(geminiContents(request(rows[0]!))).toEqual([
      { role: 'user', parts: [{ text: 'Subject: Example' }] },
      { role: 'model', parts: [{ text: 'billing' }] },
      { role: 'user', parts: [{ text: 'Subject: Ticket 00' }] },
    ]);
    const signal = new AbortController().signal;
    const config = geminiConfig(request(rows[0]!, { params: { temperature: 0, max_tokens: 64, top_p: 0.9, thinking_budget: 0 } }), signal);
    expect(config).toMatchObject({ temperature: 0, maxOutputTokens: 64, topP: 0.9, thinkingConfig: { thinkingBudget: 0 }, automaticContinuation: false });
    expect(config.abortSignal).toBe(signal);
    expect(config.systemInstruction).toBe(request(rows[0]!).system);
  });
});

describe('usage from usageMetadata', () => {
  it('takes the cached tokens out of promptTokenCount: cold prefix uncached, warm prefix read', async () => {
    const { provider } = await setUp();
    const cold = await provider.call('sim-gemini', request(rows[0]!), never);
    expect(cold).toMatchObject({ ok: true, output: 'billing', finish_reason: 'STOP', http_status: 200, usage_reported: true, error_class: null });
    expect(cold.request_id).toEqual(expect.any(String));
    expect(cold.usage).toEqual({ uncached_input: PROMPT_TOKENS, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 2, reasoning: 0 });
    const warm = await provider.call('sim-gemini', request(rows[1]!), never);
    // promptTokenCount 1,080 includes cachedContentTokenCount 1,068: 12 are left uncached.
    expect(warm.usage).toEqual({ uncached_input: TAIL_TOKENS, cache_read: PREFIX_TOKENS, cache_write_5m: 0, cache_write_1h: 0, output: 1, reasoning: 0 });
    expect(lastEntry().billed).toMatchObject({ prompt_tokens: PROMPT_TOKENS, cached_tokens: PREFIX_TOKENS, output_tokens: 1 });
  });

  it('caches nothing below the minimum prefix length', async () => {
    const { provider } = await setUp();
    for (const row of rows.slice(0, 2)) {
      const r = await provider.call('sim-gemini', request(row, { system: SHORT_SYSTEM }), never);
      expect(r.usage).toMatchObject({ uncached_input: SHORT_PROMPT_TOKENS, cache_read: 0 });
    }
  });

  it('counts thoughtsTokenCount as output, and honours a thinking budget of 0', async () => {
    const { provider } = await setUp();
    const thinking = await provider.call('sim-thinker', request(rows[0]!), never);
    expect(thinking.usage).toMatchObject({ output: 30 + 2, reasoning: 30 });
    expect(lastEntry().billed).toMatchObject({ output_tokens: 32, reasoning_tokens: 30 });
    const off = await provider.call('sim-thinker', request(rows[1]!, { params: { max_tokens: 400, thinking_budget: 0 } }), never);
    expect(off.usage).toMatchObject({ output: 1, reasoning: 0 });
  });

  it('maps every usage field by hand', () => {
    expect(usageFromGemini({ promptTokenCount: 1000, cachedContentTokenCount: 600, candidatesTokenCount: 40, thoughtsTokenCount: 25, toolUsePromptTokenCount: 7 })).toEqual({
      uncached_input: 407,
      cache_read: 600,
      cache_write_5m: 0,
      cache_write_1h: 0,
      output: 65,
      reasoning: 25,
    });
    expect(usageFromGemini({})).toEqual({ uncached_input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0 });
  });

  it('reads the wait from a RetryInfo detail', () => {
    const e = new ApiError({ status: 429, message: JSON.stringify({ error: { code: 429, details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37.5s' }] } }) });
    expect(retryDelayMs(e)).toBe(37_500);
    expect(retryDelayMs(new ApiError({ status: 429, message: 'not json' }))).toBeNull();
  });
});

describe('latency', () => {
  it('takes the first token at the first text part', async () => {
    const { provider } = await setUp(1);
    const r = await provider.call('sim-slow', request(rows[0]!), never);
    expect(r.ok).toBe(true);
    expect(r.ttft_ms!).toBeGreaterThanOrEqual(190);
    expect(r.completion_ms!).toBeGreaterThanOrEqual(r.ttft_ms!);
  });
});

describe('error classes', () => {
  async function failWith(fault: ScriptedFault | null, opts: { row?: typeof essayRow; key?: string; model?: string; signal?: AbortSignal; temperature?: number } = {}): Promise<AttemptOutcome> {
    if (!sim) await setUp();
    if (fault) sim!.scriptFaults('sim-gemini', [fault]);
    const provider = new GoogleProvider({ provider: 'google', baseUrl: sim!.url, apiKey: opts.key ?? 'sim' });
    const req = request(opts.row ?? rows[0]!, { params: { max_tokens: 400, temperature: opts.temperature ?? 0 } });
    const before = sim!.ledger().length;
    const r = await provider.call(opts.model ?? 'sim-gemini', req, opts.signal ?? never);
    // One call, one request: neither the SDK's retries nor its automatic continuation run.
    expect(sim!.ledger().length - before).toBeLessThanOrEqual(1);
    return r;
  }
  const refused = { ok: false, usage: { uncached_input: 0, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 0, reasoning: 0 } };

  it('429 RESOURCE_EXHAUSTED is rate_limited, with the wait from RetryInfo', async () => {
    expect(await failWith({ kind: 'rate_limited', retry_after_s: 2 })).toMatchObject({ ...refused, error_class: 'rate_limited', http_status: 429, retry_after_ms: 2000 });
  });

  it('503 UNAVAILABLE is overloaded, before the stream or within it', async () => {
    expect(await failWith({ kind: 'overloaded' })).toMatchObject({ ...refused, error_class: 'overloaded', http_status: 503 });
    const mid = await failWith({ kind: 'overloaded', after_chunks: 1 }, { row: essayRow });
    expect(mid).toMatchObject({ ok: false, error_class: 'overloaded', output: ESSAY.slice(0, 16), usage_reported: false });
    // Billed as far as it went: the prompt as the first chunk reported it, the text sent.
    expect(mid.usage).toMatchObject({ uncached_input: PROMPT_TOKENS, output: 4 });
    expect(lastEntry().billed).toMatchObject({ prompt_tokens: PROMPT_TOKENS, output_tokens: 4 });
  });

  it('500 and an HTML 502 are server_error', async () => {
    expect(await failWith({ kind: 'server_error', status: 500 })).toMatchObject({ ...refused, error_class: 'server_error', http_status: 500 });
    expect(await failWith({ kind: 'server_error', status: 502 })).toMatchObject({ ...refused, error_class: 'server_error', http_status: 502 });
  });

  it('an aborted attempt is a timeout', async () => {
    expect(await failWith({ kind: 'slow_first_byte', ms: 2000 }, { signal: AbortSignal.timeout(100) })).toMatchObject({ ok: false, error_class: 'timeout', http_status: null });
  });

  it('a reset before any header is a connection error', async () => {
    expect(await failWith({ kind: 'reset' })).toMatchObject({ ...refused, error_class: 'connection', http_status: null });
  });

  it('a stream broken mid-way, or a malformed chunk, is stream_cut, billed as far as it went', async () => {
    const cut = await failWith({ kind: 'stream_cut', after_chunks: 2 }, { row: essayRow });
    expect(cut).toMatchObject({ ok: false, error_class: 'stream_cut', http_status: 200, output: ESSAY.slice(0, 32), usage_reported: false });
    expect(cut.usage).toMatchObject({ uncached_input: PROMPT_TOKENS, cache_read: 0, output: 8 });
    expect(lastEntry().billed).toMatchObject({ prompt_tokens: PROMPT_TOKENS, output_tokens: 8 });
    expect(await failWith({ kind: 'malformed_event' }, { row: essayRow })).toMatchObject({ ok: false, error_class: 'stream_cut', http_status: 200 });
  });

  it('a 400 INVALID_ARGUMENT is bad_request', async () => {
    const r = await failWith(null, { temperature: 2.5 });
    expect(r).toMatchObject({ ...refused, error_class: 'bad_request', http_status: 400 });
    expect(r.error_message).toContain('INVALID_ARGUMENT');
  });

  it('a wrong key (400 API_KEY_INVALID) is auth', async () => {
    expect(await failWith(null, { key: REVOKED_KEY })).toMatchObject({ ...refused, error_class: 'auth', http_status: 400 });
  });

  it('finishReason SAFETY is content_filtered, billed for what was sent', async () => {
    const r = await failWith({ kind: 'content_filtered', after_chunks: 1 }, { row: essayRow });
    expect(r).toMatchObject({ ok: false, error_class: 'content_filtered', finish_reason: 'SAFETY', output: ESSAY.slice(0, 16), usage_reported: true });
    expect(r.usage.output).toBe(4);
    expect(lastEntry()).toMatchObject({ correct: null, billed: { output_tokens: 4 } });
  });

  it('a blocked prompt (promptFeedback.blockReason) is content_filtered', async () => {
    const r = await failWith({ kind: 'content_filtered', after_chunks: 0 });
    expect(r).toMatchObject({ ok: false, error_class: 'content_filtered', finish_reason: 'SAFETY', output: '', usage_reported: true });
    expect(r.usage).toMatchObject({ uncached_input: PROMPT_TOKENS, output: 0 });
  });

  it('an unknown model is not_found', async () => {
    expect(await failWith(null, { model: 'gemini-nonexistent' })).toMatchObject({ ...refused, error_class: 'not_found', http_status: 404 });
  });
});

describe('the simulator speaks the Gemini API to the SDK itself', () => {
  it('serves every API version the SDK may use, streamed and whole', async () => {
    await setUp();
    for (const apiVersion of ['v1beta', 'v1']) {
      const ai = new GoogleGenAI({ apiKey: 'sim', vertexai: false, apiVersion, httpOptions: { baseUrl: sim!.url, retryOptions: { attempts: 1 } } });
      const whole = await ai.models.generateContent({ model: 'sim-gemini', contents: 'Subject: Ticket 03', config: { automaticContinuation: false } });
      expect(whole.text).toBe('other');
      expect(whole.candidates?.[0]?.finishReason).toBe('STOP');
      // One message of 9 tokens + 3, one answer of 2.
      expect(whole.usageMetadata).toMatchObject({ promptTokenCount: 12, candidatesTokenCount: 2, totalTokenCount: 14 });
    }
    const ai = new GoogleGenAI({ apiKey: 'sim', vertexai: false, httpOptions: { baseUrl: sim!.url, retryOptions: { attempts: 1 } } });
    sim!.scriptFaults('sim-gemini', [{ kind: 'rate_limited', retry_after_s: 4 }]);
    const e = await ai.models.generateContentStream({ model: 'sim-gemini', contents: 'x' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(429);
    expect(JSON.parse((e as ApiError).message)).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });

    const raw = await fetch(`${sim!.url}/v1beta/models/sim-gemini:streamGenerateContent?alt=sse`, { method: 'POST', body: '{"contents":[]}' });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
  });
});
