import { describe, expect, it } from 'vitest';
import { redactKnown, sdkLogger, withoutSecrets } from '../../src/providers/redact.js';
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
});
