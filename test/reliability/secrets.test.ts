import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { SimModelsFile } from '../../src/schema/sim.js';
import type { Simulator } from '../../src/providers/sim/index.js';
import { makeWorkspace } from '../helpers/workspace.js';
import { lanebarChild, parseJournal, simulatorFor } from './harness.js';

/*
 * Canary API keys, live: each candidate runs against a local server with its provider's key from
 * the environment, sent in that provider's auth header (Authorization: Bearer, x-api-key,
 * x-goog-api-key). The simulator serves three of them; the fourth (an OpenAI-compatible server)
 * answers 401 echoing the key back in its error message and a header, as a careless self-hosted
 * server might, along with the URL it was called at, whose query carries a key (`?key=`). A fifth
 * has a key in its base URL's user info, which the SDK refuses to send, quoting the URL. The SDKs'
 * debug logging is on. No canary may appear in anything the run writes or prints.
 */

const random = (n: number) => randomBytes(n).toString('base64url').slice(0, n);
const CANARIES = {
  OPENAI_API_KEY: `sk-proj-CANARY${random(40)}`,
  ANTHROPIC_API_KEY: `sk-ant-api03-CANARY${random(48)}`,
  GEMINI_API_KEY: `AIzaCANARY${random(29)}`,
  // Shaped like nothing: only lanebar's knowing the value can keep it out.
  LOCAL_LLM_TOKEN: `canary-local-${random(24)}`,
};
/** Keys written into candidates' base URLs, in a query parameter and as the URL's user info. */
const URL_CANARIES = {
  query: `canary-query-${random(24)}`,
  userinfo: `canary-userinfo-${random(24)}`,
};

let sim: Simulator | undefined;
let echo: Server | undefined;
afterAll(async () => {
  await sim?.close();
  echo?.closeAllConnections();
  await new Promise((r) => echo?.close(r));
});

/** Every file under `dir`, as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'latin1') }));
}

describe('canary API keys', () => {
  it('never reach the journal, the reports, the cassette, the JUnit file, error messages or debug output', { timeout: 60_000 }, async () => {
    const ws = await makeWorkspace({ cases: 6, maxRetries: 1 });
    // SIMULATED profiles named as the real models, so that live calls by those names are answered.
    const profile = { accuracy: { 'ticket-triage': 0.8 }, ttft_ms: { p50: 5, p95: 10 }, output_tokens_per_s: 5000 };
    const models = SimModelsFile.parse({
      seed: 3,
      models: { 'gpt-4.1-mini': profile, 'claude-sonnet-4-5': profile, 'gemini-2.5-flash': profile },
      tasks: { 'ticket-triage': { answer: '{{label}}', wrong: ['{{$other.label}}'] } },
    });
    sim = await simulatorFor([ws.suite], models, 0);
    sim.scriptFaults('gpt-4.1-mini', [{ kind: 'rate_limited', retry_after_s: 0 }, { kind: 'stream_cut', after_chunks: 0 }]);
    echo = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const auth = req.headers.authorization ?? '';
        const body = JSON.stringify({ error: { message: `Incorrect API key provided: ${auth.replace(/^Bearer /, '')} (header: ${auth}) at ${req.url}`, type: 'invalid_request_error', code: 'invalid_api_key' } });
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer realm="${req.headers.authorization ?? ''}"` });
        res.end(body);
      });
    });
    await new Promise<void>((r) => echo!.listen(0, '127.0.0.1', r));
    const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;

    const suite = readFileSync(ws.suite, 'utf8').replace(
      /candidates:[\s\S]*?(?=\nrun:)/,
      stringify({
        candidates: [
          { id: 'openai', provider: 'openai', model: 'gpt-4.1-mini', base_url: `${sim.url}/v1` },
          { id: 'anthropic', provider: 'anthropic', model: 'claude-sonnet-4-5', base_url: sim.url },
          { id: 'gemini', provider: 'google', model: 'gemini-2.5-flash', base_url: sim.url },
          { id: 'local', provider: 'openai-compatible', model: 'llama-3.1-8b-instruct', base_url: `${echoUrl}/v1?api-version=1&key=${URL_CANARIES.query}`, api_key_env: 'LOCAL_LLM_TOKEN' },
          { id: 'proxy', provider: 'openai-compatible', model: 'llama-3.1-8b-instruct', base_url: echoUrl.replace('//', `//lanebar:${URL_CANARIES.userinfo}@`) + '/v1' },
        ],
      }).trimEnd(),
    );
    writeFileSync(ws.suite, suite);
    const reports = join(ws.dir, 'reports');
    const stepSummary = join(ws.dir, 'step-summary.md');
    const child = lanebarChild(['run', ws.suite, '--target', 'live', '--run-id', 'canary', '--reports', reports, '--record', '--junit', join(reports, 'junit.xml'), '--bar'], ws.dir, {
      ...CANARIES,
      GITHUB_STEP_SUMMARY: stepSummary,
      OPENAI_LOG: 'debug',
      ANTHROPIC_LOG: 'debug',
      GOOGLE_GENAI_DEBUG: '1',
      DEBUG: '*',
    });
    const exit = await child.exited;
    expect(child.stderr()).not.toContain('internal error');
    // The bar refuses the errored local candidate: a valid answer, exit 0 without --strict.
    expect(exit.code, child.stderr()).toBe(0);

    // The keys were really sent: the providers' servers saw calls, and the echo server's error came back.
    expect(sim.ledger().map((e) => e.protocol).sort()).toEqual(expect.arrayContaining(['anthropic', 'google', 'openai']));
    const j = parseJournal(join(reports, 'canary', 'run.jsonl'));
    const local = j.attempts.filter((a) => a.candidate === 'local');
    expect(local.length).toBeGreaterThan(0);
    expect(local[0]).toMatchObject({ error_class: 'auth', http_status: 401 });
    expect(local[0]!.error_message).toContain('Incorrect API key provided');
    expect(local[0]!.error_message).toContain('?api-version=1&key=***');
    // The base URLs are journalled and printed without their keys, and with the rest as written.
    const start = j.records.find((r) => r.type === 'run_start')!;
    const baseUrls = Object.fromEntries(start.suites[0]!.candidates.map((c) => [c.id, c.base_url]));
    expect(baseUrls).toMatchObject({ local: `${echoUrl}/v1?api-version=1&key=***`, proxy: echoUrl.replace('//', '//***@') + '/v1' });
    expect(child.stderr()).toContain(`live openai-compatible llama-3.1-8b-instruct at ${echoUrl.replace('//', '//***@')}/v1`);
    // The SDK would not send a URL with user info, and said so quoting it: the error reached the journal without the key.
    const proxy = j.attempts.filter((a) => a.candidate === 'proxy');
    expect(proxy.length).toBeGreaterThan(0);
    expect(proxy[0]).toMatchObject({ ok: false, error_class: 'connection' });

    const written = filesUnder(ws.dir).filter((f) => f.path !== ws.suite);
    expect(written.map((f) => f.path)).toEqual(
      expect.arrayContaining([join(reports, 'canary', 'run.jsonl'), join(reports, 'canary', 'summary.md'), join(reports, 'canary', 'index.html'), join(reports, 'canary', 'bar.md'), join(reports, 'junit.xml'), stepSummary, join(ws.dir, 'triage.cassette.jsonl')]),
    );
    const outputs = [...written, { path: 'stdout', text: child.stdout() }, { path: 'stderr', text: child.stderr() }];
    for (const [name, key] of Object.entries({ ...CANARIES, ...URL_CANARIES })) {
      // The whole key, and any 16 characters of its random part.
      const core = key.slice(-24);
      const pieces = [key, ...Array.from({ length: core.length - 15 }, (_, i) => core.slice(i, i + 16))];
      for (const { path, text } of outputs) {
        for (const piece of pieces) expect(text.includes(piece), `${name} (${piece}) in ${path}`).toBe(false);
      }
    }
  });
});
