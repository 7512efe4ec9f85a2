import { describe, expect, it } from 'vitest';
import { redactKnown, redactUrl, sdkLogger, urlSecrets, withoutSecrets } from '../../src/providers/redact.js';
import { ZERO_USAGE } from '../../src/schema/attempt.js';

const KEY = 'canary-local-0123456789abcdef';

describe('keys and escape sequences out of what servers send back', () => {
  it("the SDKs' log lines lose the keys lanebar holds, keys shaped like any provider's, and control characters", () => {
    const lines: string[] = [];
    const log = sdkLogger([KEY, 'sim'], (l) => lines.push(l));
    log.debug('response', { headers: { 'www-authenticate': `Bearer realm="${KEY}"` }, body: `\u001b[2J\u001b]0;t\u0007 sk-proj-abcdefghijklmnop ${KEY}` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(KEY);
    expect(lines[0]).not.toContain('sk-proj-abcdefghijklmnop');
    expect(lines[0]).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    // A string argument is printed as it came (the Anthropic SDK logs a bad event's data so): escaped here.
    log.error('Could not parse message into JSON:', `data \u001b[2J\u001b[H ${KEY}`);
    expect(lines[1]).toBe('[error] Could not parse message into JSON: data \\x1b[2J\\x1b[H ***\n');
    // A short placeholder such as the simulator's "sim" is not a secret: text keeps it.
    expect(redactKnown('simulated', ['sim'])).toBe('simulated');
  });

  it('a client drops its keys from error messages and output', async () => {
    const inner = {
      provider: 'openai-compatible' as const,
      call: async () => ({
        ok: false, output: `echo ${KEY}`, ttft_ms: null, completion_ms: 1, usage: ZERO_USAGE, usage_reported: false, finish_reason: null,
        http_status: 401, error_class: 'auth' as const, error_message: `Incorrect API key provided: ${KEY}.`, retry_after_ms: null, request_id: null,
      }),
    };
    const out = await withoutSecrets(inner, [KEY]).call('m', { system: '', examples: [], user: '', params: {} }, new AbortController().signal);
    expect(out.error_message).toBe('Incorrect API key provided: ***.');
    expect(out.output).toBe('echo ***');
  });

  it('a base URL loses its user info and every query value named like a credential, and keeps the rest as written', () => {
    expect(redactUrl(`https://user:${KEY}@llm.example.com:8443/v1`)).toBe('https://***@llm.example.com:8443/v1');
    expect(redactUrl(`https://${KEY}@llm.example.com/v1`)).toBe('https://***@llm.example.com/v1');
    expect(redactUrl(`https://proxy.example.com/v1?api-version=2024-10-21&key=${KEY}`)).toBe('https://proxy.example.com/v1?api-version=2024-10-21&key=***');
    expect(redactUrl(`http://127.0.0.1:8000/v1?api_key=${KEY}&Token=${KEY}&access_token=${KEY}&x-goog-api-key=${KEY}&sig=${KEY}#auth=${KEY}`)).toBe(
      'http://127.0.0.1:8000/v1?api_key=***&Token=***&access_token=***&x-goog-api-key=***&sig=***#auth=***',
    );
    // Nothing to hide: the URL as it was.
    for (const plain of ['http://127.0.0.1:8000/v1', 'https://api.example.com/v1?api-version=1&region=eu', 'https://a.example.com/v1/@me?key=']) expect(redactUrl(plain)).toBe(plain);
  });

  it("a client drops the credentials of its base URL from what it returns, as written and percent-decoded", async () => {
    const encoded = 'canary%2Fquery%3D0123456789';
    const url = `https://lanebar:${KEY}@llm.example.com/v1?key=${encoded}`;
    expect(urlSecrets(url)).toEqual(expect.arrayContaining([`lanebar:${KEY}`, KEY, encoded, 'canary/query=0123456789']));
    expect(urlSecrets('https://llm.example.com/v1')).toEqual([]);
    const inner = {
      provider: 'openai-compatible' as const,
      call: async () => ({
        ok: false, output: '', ttft_ms: null, completion_ms: 1, usage: ZERO_USAGE, usage_reported: false, finish_reason: null,
        http_status: null, error_class: 'connection' as const, error_message: `Request cannot be constructed from a URL that includes credentials: ${url}/chat/completions (canary/query=0123456789)`, retry_after_ms: null, request_id: null,
      }),
    };
    const out = await withoutSecrets(inner, urlSecrets(url)).call('m', { system: '', examples: [], user: '', params: {} }, new AbortController().signal);
    expect(out.error_message).not.toContain('canary');
    expect(out.error_message).toBe('Request cannot be constructed from a URL that includes credentials: https://***@llm.example.com/v1?key=***/chat/completions (***)');
  });
});
