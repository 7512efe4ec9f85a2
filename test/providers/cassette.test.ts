import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CassettePlayer, CassetteRecorder, requestFingerprint } from '../../src/providers/cassette.js';
import { OpenAIProvider } from '../../src/providers/openai.js';
import type { CallContext, ChatRequest, ProviderClient } from '../../src/providers/types.js';
import { ZERO_USAGE, type AttemptOutcome } from '../../src/schema/attempt.js';

const CANARY = 'sk-lanebar-canary-0c9e4d7a1f';
const request: ChatRequest = { system: 'Sort tickets.', examples: [{ user: 'a', assistant: 'bug' }], user: 'Subject: refund', params: { temperature: 0 } };
const ctx: CallContext = { suite: 'triage', candidate: 'mini', caseId: 't1', repeat: 0, attempt: 1 };
const never = new AbortController().signal;

const outcome = (o: Partial<AttemptOutcome>): AttemptOutcome => ({
  ok: true,
  output: 'billing',
  ttft_ms: 12.5,
  completion_ms: 40.25,
  usage: { ...ZERO_USAGE, uncached_input: 30, output: 2 },
  usage_reported: true,
  finish_reason: 'stop',
  http_status: 200,
  error_class: null,
  error_message: null,
  retry_after_ms: null,
  request_id: 'req_1',
  ...o,
});

async function files() {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-cassette-'));
  return { dir, list: [{ suite: 'triage', path: join(dir, 'triage.cassette.jsonl'), display: 'triage.cassette.jsonl' }] };
}

describe('cassette recorder and player', () => {
  it('plays back exactly what was recorded, keyed by request, repeat and attempt', async () => {
    const { list } = await files();
    const inner: ProviderClient = { provider: 'openai', call: async (_m, _r, _s, c) => (c!.attempt === 1 ? outcome({ ok: false, http_status: 429, error_class: 'rate_limited', error_message: 'slow down' }) : outcome({})) };
    const recorder = new CassetteRecorder(list, 'test');
    const client = recorder.wrap(inner, 'openai', false);
    await client.call('gpt-4.1-mini', request, never, ctx);
    await client.call('gpt-4.1-mini', request, never, { ...ctx, attempt: 2 });
    await recorder.save(new Date('2026-11-23T12:00:00Z'));

    const player = await CassettePlayer.load(list);
    const replay = player.client('openai');
    expect((await replay.call('gpt-4.1-mini', request, never, ctx)).error_class).toBe('rate_limited');
    expect(await replay.call('gpt-4.1-mini', request, never, { ...ctx, attempt: 2 })).toEqual(outcome({}));
    expect(player.target('triage', 'mini')).toEqual({ model: 'gpt-4.1-mini', simulated: false });
    expect(player.miss('openai', 'gpt-4.1-mini', { ...request, user: 'Subject: other' }, ctx)).toBe('changed');
    // The same request for another case is answered: identical requests get identical answers.
    expect(player.miss('openai', 'gpt-4.1-mini', request, { ...ctx, caseId: 't2' })).toBeNull();
    expect(player.miss('openai', 'gpt-4.1-mini', request, { ...ctx, repeat: 1, caseId: 't9' })).toBe('not recorded');
    await expect(replay.call('gpt-4.1-mini', { ...request, params: { temperature: 1 } }, never, ctx)).rejects.toThrow(
      'suite triage, candidate mini, case t1, attempt 1: no answer in the cassette (the request differs from the recorded one)',
    );
  });

  it('fingerprints every part of the request: prefix, tail, parameters, model and provider', () => {
    const base = requestFingerprint('openai', 'm', request);
    expect(requestFingerprint('openai', 'm', { ...request })).toBe(base);
    for (const other of [
      requestFingerprint('openai', 'm', { ...request, system: 'Sort tickets!' }),
      requestFingerprint('openai', 'm', { ...request, examples: [] }),
      requestFingerprint('openai', 'm', { ...request, user: 'Subject: x' }),
      requestFingerprint('openai', 'm', { ...request, params: { temperature: 0.5 } }),
      requestFingerprint('openai', 'n', request),
      requestFingerprint('anthropic', 'm', request),
    ]) {
      expect(other).not.toBe(base);
    }
  });

  it('keeps no key, no auth header, and masks key-shaped text in provider errors', async () => {
    const { dir, list } = await files();
    const recorder = new CassetteRecorder(list, 'test');
    // A real adapter with the canary as key and as extra headers, refused at once (nothing listens on port 9).
    const real = new OpenAIProvider({ provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: CANARY, headers: { 'x-api-key': CANARY, Authorization: `Bearer ${CANARY}` } });
    const refused = await recorder.wrap(real, 'openai', false).call('gpt-4.1-mini', request, never, ctx);
    expect(refused.ok).toBe(false);
    const leaky: ProviderClient = { provider: 'openai', call: async () => outcome({ ok: false, http_status: 401, error_class: 'auth', error_message: `Incorrect API key provided: ${CANARY}` }) };
    await recorder.wrap(leaky, 'openai', false).call('gpt-4.1-mini', request, never, { ...ctx, caseId: 't2' });
    await recorder.save(new Date());
    for (const name of await readdir(dir)) expect(await readFile(join(dir, name), 'utf8')).not.toContain('canary');
    expect(await readFile(list[0]!.path, 'utf8')).toContain('Incorrect API key provided: sk-***');
  });
});
