import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import { loadSuite } from '../../src/load/suite.js';

/** The provider-specific suite fields: prompt.cache_ttl and params.thinking_budget. */
const suite = (candidate: string, prompt = '') => `name: triage
version: "1"
lane:
  id: ticket-triage
  description: Sort tickets
  latency_class: interactive
  budget: { first_token_p95_ms: 800, completion_p95_ms: 1500, cost_per_accepted_usd: 0.001, min_pass_rate: 0.8 }
prompt:
  version: "1.0.0"
  system: You sort tickets.
  template: "Subject: {{subject}}"${prompt}
dataset: { path: cases.csv, inputs: [subject], expected: [label] }
graders: [{ type: label, labels: [billing, bug], expected: "{{label}}" }]
candidates:
  - ${candidate}
`;

async function load(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-params-'));
  await writeFile(join(dir, 'suite.yaml'), text);
  return loadSuite(join(dir, 'suite.yaml'));
}

async function errorOf(text: string): Promise<LanebarError> {
  const e = await load(text).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LanebarError);
  return e as LanebarError;
}

const HAIKU = '{ provider: anthropic, model: claude-haiku-4-5, sim: sim-claude-haiku';

describe('prompt.cache_ttl', () => {
  it('is optional, and leaves the prompt hash of a suite that does not set it unchanged', async () => {
    const plain = await load(suite(`${HAIKU} }`));
    expect(plain.suite.prompt.cache_ttl).toBeUndefined();
    const hour = await load(suite(`${HAIKU} }`, '\n  cache_ttl: 1h'));
    expect(hour.suite.prompt.cache_ttl).toBe('1h');
    // The TTL changes what a cached prefix costs, so it is part of the prompt's identity.
    expect(hour.promptHash).not.toBe(plain.promptHash);
  });

  it('names the field and line of a TTL Anthropic does not offer', async () => {
    const e = await errorOf(suite(`${HAIKU} }`, '\n  cache_ttl: 10m'));
    expect(e.location.field).toBe('prompt.cache_ttl');
    expect(e.location.line).toBe(12);
  });
});

describe('params.thinking_budget', () => {
  it('is accepted for Gemini, 0 included, and for Anthropic within its bounds', async () => {
    await expect(load(suite('{ provider: google, model: gemini-2.5-flash, params: { thinking_budget: 0 } }'))).resolves.toBeDefined();
    await expect(load(suite(`${HAIKU}, params: { max_tokens: 3000, thinking_budget: 1024 } }`))).resolves.toBeDefined();
  });

  it('is refused for OpenAI-protocol providers, naming the field', async () => {
    const e = await errorOf(suite('{ provider: openai, model: gpt-4.1-mini, params: { thinking_budget: 100 } }'));
    expect(e.message).toBe('thinking_budget is not supported for provider openai');
    expect(e.location.field).toBe('candidates.0.params.thinking_budget');
  });

  it('holds Anthropic to at least 1024 tokens and below max_tokens (4096 when unset)', async () => {
    expect((await errorOf(suite(`${HAIKU}, params: { thinking_budget: 500 } }`))).message).toMatch(/at least 1024/);
    expect((await errorOf(suite(`${HAIKU}, params: { thinking_budget: 4096 } }`))).message).toBe('thinking_budget 4096 must be below max_tokens (4096)');
  });
});
