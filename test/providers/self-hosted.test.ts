import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../src/load/prices.js';
import { loadSuite } from '../../src/load/suite.js';
import { clientFactory } from '../../src/providers/registry.js';
import { startSimulator, type Simulator } from '../../src/providers/sim/index.js';
import { buildPlan, checkSuite } from '../../src/run/plan.js';
import { runPlan } from '../../src/run/runner.js';
import { JournalRecord, type AttemptRecord } from '../../src/schema/journal.js';
import { SimModelsFile } from '../../src/schema/sim.js';

/*
 * A self-hosted model behind an OpenAI-compatible server (vLLM, llama.cpp, Ollama, LM Studio),
 * end to end: the suite names the server's base URL and no stand-in, so the candidate runs live
 * with no key; the simulator plays the server. Its price comes from the price book, per GPU-hour
 * with a measured throughput, or per token, whichever the overrides give.
 */

const ROOT = join(import.meta.dirname, '..', '..');
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/*
 * Tokens, by the simulator's tokenizer (4 per message + ceil(chars / 4), + 3 for the reply):
 *   system "Label the ticket." (17 chars) 5 + 4 = 9; tail "Subject: Ticket 1" (17 chars) 5 + 4 = 9; + 3 = 21 input tokens.
 *   Answers "billing" / "bug": 2 / 1 output tokens.
 */
async function runSelfHosted(overrides: string) {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-selfhosted-'));
  sim = await startSimulator({
    models: SimModelsFile.parse({
      seed: 1,
      // The "server" serves the model under its own name, as vLLM does with --served-model-name.
      models: { 'llama-3.1-8b-instruct': { accuracy: { t: 1 }, ttft_ms: { p50: 1, p95: 1 }, output_tokens_per_s: 10_000 } },
      tasks: { t: { answer: '{{label}}', wrong: ['other'] } },
    }),
    tasks: [{ lane: 't', tailTemplate: 'Subject: {{subject}}', idColumn: 'id', rows: [{ id: '1', subject: 'Ticket 1', label: 'billing' }, { id: '2', subject: 'Ticket 2', label: 'bug' }] }],
    latencyScale: 0,
  });
  await writeFile(join(dir, 'cases.csv'), 'id,subject,label\n1,Ticket 1,billing\n2,Ticket 2,bug\n');
  await writeFile(join(dir, 'overrides.yaml'), overrides);
  await writeFile(
    join(dir, 'suite.yaml'),
    `name: local
version: "1"
lane: { id: t, description: Label tickets, latency_class: bulk, budget: { first_token_p95_ms: 5000, completion_p95_ms: 9000, cost_per_accepted_usd: 0.01, min_pass_rate: 0.5 } }
prompt: { version: "1", system: "Label the ticket.", template: "Subject: {{subject}}" }
dataset: { path: cases.csv, inputs: [subject], expected: [label] }
graders: [{ type: equals, expected: "{{label}}" }]
candidates:
  - { id: local, provider: openai-compatible, model: llama-3.1-8b-instruct, base_url: "${sim.url}/v1", params: { max_tokens: 8 } }
run: { concurrency: 1, per_provider_concurrency: 1, max_retries: 0 }
`,
  );
  // No key in the environment: a self-hosted server with no stand-in runs live.
  const checked = await checkSuite(await loadSuite(join(dir, 'suite.yaml')), 'auto', {});
  expect(checked.targets[0]).toMatchObject({ simulated: false, servedBy: 'llama-3.1-8b-instruct', baseUrl: `${sim.url}/v1` });
  const prices = loadPriceBook({ root: ROOT, overridesPath: join(dir, 'overrides.yaml') });
  const plan = buildPlan({ runId: 'local', startedAt: new Date('2026-11-23T12:00:00Z'), target: 'auto', checked: [checked], prices, makeClient: clientFactory(null) });
  const never = new AbortController().signal;
  await runPlan({ plan, reportDir: dir, resume: null, subscribers: [], concurrency: 1, perProviderConcurrency: 1, softStop: never, hardStop: never });
  const records = (await readFile(join(dir, 'run.jsonl'), 'utf8')).trim().split('\n').map((l) => JournalRecord.parse(JSON.parse(l)));
  return { price: plan.start.suites[0]!.candidates[0]!.price, attempts: records.filter((r): r is AttemptRecord => r.type === 'attempt') };
}

describe('a self-hosted OpenAI-compatible model', () => {
  it('is priced per GPU-hour and measured throughput: 2.49 USD/h / 3600 s / 2500 tokens/s per token, input and output alike', async () => {
    const { price, attempts } = await runSelfHosted(`- provider: openai-compatible
  model: llama-3.1-8b-instruct
  effective: 2025-01-01
  source: test figures
  prices: { gpu_hour_usd: 2.49, throughput_tokens_per_s: 2500 }
`);
    expect(price).toMatchObject({ gpu_hour_usd: 2.49, throughput_tokens_per_s: 2500, matched: null });
    expect(price.sources.input_mtok).toMatch(/^derived: 2.49 USD per GPU-hour \/ 3600 s \/ 2500 tokens\/s/);
    expect(sim!.ledger().map((e) => [e.protocol, e.model])).toEqual([
      ['openai', 'llama-3.1-8b-instruct'],
      ['openai', 'llama-3.1-8b-instruct'],
    ]);
    expect(attempts.map((a) => [a.ok, a.output, a.usage.uncached_input, a.usage.output])).toEqual([
      [true, 'billing', 21, 2],
      [true, 'bug', 21, 1],
    ]);
    // (21 + 2) and (21 + 1) tokens at 2.49 / 3600 / 2500 = 2.7666...e-7 USD each: 45 x 2.49 / 9,000,000.
    const perToken = 2.49 / 3600 / 2500;
    expect(Math.abs(attempts[0]!.cost_usd - 23 * perToken)).toBeLessThan(1e-15);
    expect(Math.abs(attempts[0]!.cost_usd + attempts[1]!.cost_usd - (45 * 2.49) / 9_000_000)).toBeLessThan(1e-15);
  });

  it('is priced per token when the overrides say so, prefill apart from decode', async () => {
    const { attempts } = await runSelfHosted(`- provider: openai-compatible
  model: llama-3.1-8b-instruct
  effective: 2025-01-01
  source: test figures
  prices: { input_mtok: 0.05, output_mtok: 0.2 }
`);
    // 21 x 0.05 + 2 x 0.2 = 1.45 and 21 x 0.05 + 1 x 0.2 = 1.25 millionths of a dollar.
    expect(Math.abs(attempts[0]!.cost_usd - 1.45e-6)).toBeLessThan(1e-15);
    expect(Math.abs(attempts[1]!.cost_usd - 1.25e-6)).toBeLessThan(1e-15);
  });
});
