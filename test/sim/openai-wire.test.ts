import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startSimulator, type Simulator } from '../../src/providers/sim/index.js';
import { client, ESSAY_TEXT, essayTask, SHORT_SYSTEM, tail, testModels, triageMessages, triageRows, triageTask } from './fixtures.js';

const rows = triageRows(12);
const row = rows[0]!;
let sim: Simulator;
let openai: OpenAI;

beforeAll(async () => {
  sim = await startSimulator({ models: testModels(), tasks: [triageTask(rows), essayTask()], latencyScale: 0 });
  openai = client(sim.url);
});
afterAll(() => sim.close());

/** Worked by hand from the simulator's tokenizer: ceil(chars / 4) + 4 per message, + 3 for the reply. */
function expectedPromptTokens(): number {
  const contents = [SHORT_SYSTEM, 'Subject: Example\n\nMy card was charged twice.', 'billing', tail(row)];
  return contents.reduce((sum, c) => sum + Math.ceil(c.length / 4) + 4, 0) + 3;
}

describe('non-streaming chat completions', () => {
  it('answers a known case with the right label and OpenAI-shaped usage', async () => {
    const res = await openai.chat.completions.create({ model: 'sim-perfect', messages: triageMessages(row) });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('sim-perfect');
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0]!.message).toMatchObject({ role: 'assistant', content: row['label'], refusal: null });
    expect(res.choices[0]!.finish_reason).toBe('stop');
    // SHORT_SYSTEM is 49 chars -> 13 + 4; the example 44 -> 11 + 4; "billing" 2 + 4; the tail 43 -> 11 + 4; + 3.
    expect(expectedPromptTokens()).toBe(56);
    const outputTokens = Math.ceil(row['label']!.length / 4);
    expect(res.usage).toEqual({
      prompt_tokens: 56,
      completion_tokens: outputTokens,
      total_tokens: 56 + outputTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('answers a hopeless model with a different label', async () => {
    const res = await openai.chat.completions.create({ model: 'sim-hopeless', messages: triageMessages(rows[3]!) });
    const content = res.choices[0]!.message.content;
    expect(content).not.toBe(rows[3]!['label']);
    expect(['billing', 'bug', 'account', 'feature_request', 'outage', 'other']).toContain(content);
  });

  it('gives an unknown request a generic answer and records it as unmatched', async () => {
    const { data, request_id } = await openai.chat.completions
      .create({ model: 'sim-perfect', messages: [{ role: 'user', content: 'What is the weather on Mars?' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toMatch(/\w+/);
    const entry = sim.ledger().find((e) => e.request_id === request_id);
    expect(entry).toMatchObject({ lane: null, case_id: null, correct: null, http_status: 200, outcome: 'completed' });
  });

  it('accepts content given as text parts', async () => {
    const res = await openai.chat.completions.create({
      model: 'sim-perfect',
      messages: [{ role: 'user', content: [{ type: 'text', text: tail(row) }] }],
    });
    expect(res.choices[0]!.message.content).toBe(row['label']);
  });

  it('truncates at max_tokens with finish_reason "length"', async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Write about numbers' }];
    const res = await openai.chat.completions.create({ model: 'sim-perfect', messages, max_tokens: 5 });
    expect(res.choices[0]!.finish_reason).toBe('length');
    expect(res.choices[0]!.message.content).toBe(ESSAY_TEXT.slice(0, 20));
    expect(res.usage!.completion_tokens).toBe(5);
  });

  it('bills reasoning tokens inside completion_tokens and counts them against max_completion_tokens', async () => {
    const messages = triageMessages(row);
    const full = await openai.chat.completions.create({ model: 'sim-thinker', messages });
    const text = Math.ceil(row['label']!.length / 4);
    expect(full.usage!.completion_tokens).toBe(50 + text);
    expect(full.usage!.completion_tokens_details!.reasoning_tokens).toBe(50);
    expect(full.choices[0]!.message.content).toBe(row['label']);

    const starved = await openai.chat.completions.create({ model: 'sim-thinker', messages, max_completion_tokens: 20 });
    expect(starved.choices[0]!.message.content).toBe('');
    expect(starved.choices[0]!.finish_reason).toBe('length');
    expect(starved.usage!.completion_tokens).toBe(20);
    expect(starved.usage!.completion_tokens_details!.reasoning_tokens).toBe(20);
  });

  it('returns x-request-id, which the ledger records', async () => {
    const { request_id } = await openai.chat.completions.create({ model: 'sim-small', messages: triageMessages(row) }).withResponse();
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(sim.ledger().some((e) => e.request_id === request_id)).toBe(true);
  });
});

describe('streaming chat completions', () => {
  it('streams chunks, then a usage chunk with no choices when include_usage is set', async () => {
    const stream = await openai.chat.completions.create({
      model: 'sim-perfect',
      messages: [{ role: 'user', content: 'Write about numbers' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'sim-perfect')).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe(ESSAY_TEXT);
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(5);

    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBe(Math.ceil(ESSAY_TEXT.length / 4));
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('omits usage entirely without include_usage', async () => {
    const stream = await openai.chat.completions.create({ model: 'sim-perfect', messages: triageMessages(row), stream: true });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(row['label']);
  });

  it('frames server-sent events as OpenAI does', async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-perfect', messages: triageMessages(row), stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = await res.text();
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = body.split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    for (const e of events.slice(0, -1)) expect(() => JSON.parse(e.slice(6))).not.toThrow();
  });
});

describe('errors and other endpoints', () => {
  it('lists and retrieves models', async () => {
    const ids: string[] = [];
    for await (const m of openai.models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(['sim-small', 'sim-mid', 'sim-flagship']));
    expect((await openai.models.retrieve('sim-mid')).object).toBe('model');
    await expect(openai.models.retrieve('gpt-nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers an unknown model with 404 and OpenAI error body', async () => {
    const err = await openai.chat.completions.create({ model: 'gpt-nope', messages: triageMessages(row) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    const e = err as InstanceType<typeof OpenAI.NotFoundError>;
    expect(e.status).toBe(404);
    expect(e.code).toBe('model_not_found');
    expect(e.type).toBe('invalid_request_error');
    expect(e.message).toContain('gpt-nope');
    expect(sim.ledger().at(-1)).toMatchObject({ model: 'gpt-nope', http_status: 404, outcome: 'refused' });
  });

  it('answers a request without an API key with 401', async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-small', messages: triageMessages(row) }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error['type']).toBe('invalid_request_error');

    const keyless = client(sim.url, { defaultHeaders: { Authorization: null } });
    await expect(keyless.chat.completions.create({ model: 'sim-small', messages: triageMessages(row) })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
  });

  it('answers an invalid body with 400 naming the parameter', async () => {
    const err = await openai.chat.completions
      .create({ model: 'sim-small', messages: [], temperature: 5 } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toMatch(/^(messages|temperature)$/);
  });

  it('answers an unknown path with 404', async () => {
    const res = await fetch(`${sim.url}/v1/nothing-here`, { headers: { authorization: 'Bearer sim' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('/v1/nothing-here');
  });
});
