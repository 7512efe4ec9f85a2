import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../src/load/prices.js';
import { readDataset } from '../../src/load/dataset.js';
import { loadSuite } from '../../src/load/suite.js';
import { AnthropicProvider } from '../../src/providers/anthropic.js';
import { GoogleProvider } from '../../src/providers/google.js';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { clientFactory, simulatorBaseUrl } from '../../src/providers/registry.js';
import { loadSimModels, startSimulator, type Simulator } from '../../src/providers/sim/index.js';
import { writeRunReports } from '../../src/report/write-run-reports.js';
import { buildPlan, checkSuite } from '../../src/run/plan.js';
import { runPlan } from '../../src/run/runner.js';
import { JournalRecord, type AttemptRecord } from '../../src/schema/journal.js';
import { billedUsd } from '../helpers/ledger.js';
import { models, never, request, rows, tasks } from './fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the provider registry', () => {
  it('gives each SDK the base URL it expects on the simulator', () => {
    expect(simulatorBaseUrl('openai', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9/v1');
    expect(simulatorBaseUrl('openai-compatible', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9/v1');
    expect(simulatorBaseUrl('anthropic', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
    expect(simulatorBaseUrl('google', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
  });

  it('calls a simulated candidate through its own provider SDK and wire protocol', async () => {
    sim = await startSimulator({ models: models(), tasks, latencyScale: 0 });
    const make = clientFactory(sim.url);
    const target = { simulated: true, baseUrl: null, apiKey: 'ignored' };
    const clients = { openai: make('openai', target), anthropic: make('anthropic', target), google: make('google', target) };
    expect(clients.openai).toBeInstanceOf(OpenAIProvider);
    expect(clients.anthropic).toBeInstanceOf(AnthropicProvider);
    expect(clients.google).toBeInstanceOf(GoogleProvider);
    for (const [provider, client] of Object.entries(clients)) {
      const r = await client.call('sim-claude', request(rows[0]!), never);
      expect(r, provider).toMatchObject({ ok: true, output: 'billing' });
    }
    expect(sim.ledger().map((e) => e.protocol)).toEqual(['openai', 'anthropic', 'google']);
  });

  it('sends a live candidate to its own base URL with its own key', async () => {
    sim = await startSimulator({ models: models(), tasks, latencyScale: 0 });
    // The simulator stands in for a real endpoint here: the client must go where the target says.
    const live = clientFactory(null)('anthropic', { simulated: false, baseUrl: sim.url, apiKey: 'sk-ant-live' });
    expect((await live.call('sim-claude', request(rows[1]!), never)).output).toBe('bug');
    expect(() => clientFactory(null)('google', { simulated: true, baseUrl: null, apiKey: 'x' })).toThrow(/simulator not started/);
  });
});

describe('one suite, candidates on three providers, through the runner', () => {
  it('journals every attempt priced from the sheet, in agreement with what the simulator billed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-3p-'));
    const lines = ['id,subject,label', ...rows.slice(0, 24).map((r) => `${r['id']},${r['subject']},${r['label']}`)];
    await writeFile(join(dir, 'cases.csv'), lines.join('\n') + '\n');
    await writeFile(
      join(dir, 'models.yaml'),
      `# SIMULATED test profiles
seed: 2
models:
  sim-o: { accuracy: { triage: 0.9 }, ttft_ms: { p50: 5, p95: 10 }, output_tokens_per_s: 5000 }
  sim-a: { accuracy: { triage: 0.9 }, ttft_ms: { p50: 5, p95: 10 }, output_tokens_per_s: 5000, cache: { min_prefix_tokens: 1024 } }
  sim-g: { accuracy: { triage: 0.9 }, ttft_ms: { p50: 5, p95: 10 }, output_tokens_per_s: 5000, reasoning_tokens: 20, cache: { min_prefix_tokens: 1024, increment: 1 } }
tasks:
  triage: { answer: "{{label}}", wrong: ["{{$other.label}}"] }
`,
    );
    await writeFile(
      join(dir, 'suite.yaml'),
      `name: triage
version: "1"
lane:
  id: triage
  description: Sort tickets
  latency_class: interactive
  budget: { first_token_p95_ms: 800, completion_p95_ms: 1500, cost_per_accepted_usd: 0.01, min_pass_rate: 0.8 }
prompt:
  version: "1"
  system: "${'Sort tickets. '.repeat(300)}"
  examples: [{ user: "Subject: Example", assistant: billing }]
  template: "Subject: {{subject}}"
  cache_ttl: 1h
dataset: { path: cases.csv, inputs: [subject], expected: [label] }
graders: [{ type: label, labels: [billing, bug, account, other], expected: "{{label}}" }]
candidates:
  - { id: mini, provider: openai, model: gpt-4.1-mini, sim: sim-o, params: { temperature: 0, max_tokens: 16 } }
  - { id: sonnet, provider: anthropic, model: claude-sonnet-4-5, sim: sim-a, params: { temperature: 0, max_tokens: 16 } }
  - { id: flash, provider: google, model: gemini-2.5-flash, sim: sim-g, params: { temperature: 0, max_tokens: 64 } }
run: { concurrency: 1, per_provider_concurrency: 1, max_retries: 2, backoff_base_ms: 0 }
`,
    );
    const checked = await checkSuite(await loadSuite(join(dir, 'suite.yaml')), 'sim', {});
    const taskRows = [];
    for await (const r of readDataset({ path: checked.loaded.datasetPath, format: 'csv' })) taskRows.push(r.row);
    sim = await startSimulator({
      models: await loadSimModels(join(dir, 'models.yaml')),
      tasks: [{ lane: 'triage', tailTemplate: 'Subject: {{subject}}', idColumn: 'id', rows: taskRows }],
      latencyScale: 0,
    });
    sim.scriptFaults('sim-a', [{ kind: 'overloaded' }]);
    sim.scriptFaults('sim-g', [{ kind: 'rate_limited', retry_after_s: 0 }]);
    const plan = buildPlan({
      runId: 'r3',
      startedAt: new Date('2026-11-23T12:00:00Z'),
      target: 'sim',
      checked: [checked],
      prices: loadPriceBook({ root: ROOT }),
      makeClient: clientFactory(sim.url),
    });
    const done = await runPlan({ plan, reportDir: dir, resume: null, subscribers: [], concurrency: 1, perProviderConcurrency: 1, softStop: never, hardStop: never });
    expect(done.status).toBe('complete');

    const records = (await readFile(join(dir, 'run.jsonl'), 'utf8')).trim().split('\n').map((l) => JournalRecord.parse(JSON.parse(l)));
    const attempts = records.filter((r): r is AttemptRecord => r.type === 'attempt');
    // 24 cases x 3 candidates, plus one overloaded (529) and one rate-limited (429) attempt retried.
    expect(attempts).toHaveLength(74);
    expect(attempts.filter((a) => a.error_class !== null).map((a) => [a.candidate, a.error_class, a.http_status])).toEqual([
      ['sonnet', 'overloaded', 529],
      ['flash', 'rate_limited', 429],
    ]);
    const ledger = sim.ledger();
    expect(new Set(ledger.map((e) => e.protocol))).toEqual(new Set(['openai', 'anthropic', 'google']));
    const prices = Object.fromEntries(plan.start.suites[0]!.candidates.map((c) => [c.id, c.price]));
    const servedBy: Record<string, string> = { mini: 'sim-o', sonnet: 'sim-a', flash: 'sim-g' };
    for (const id of ['mini', 'sonnet', 'flash']) {
      const journalled = attempts.filter((a) => a.candidate === id).reduce((s, a) => s + a.cost_usd, 0);
      const billed = billedUsd(ledger.filter((e) => e.model === servedBy[id]), prices[id]!);
      expect(Math.abs(journalled - billed), id).toBeLessThan(1e-12);
    }
    // The Anthropic prefix is written once, at the suite's 1-hour TTL, then read; Gemini's thoughts are output.
    const sonnet = attempts.filter((a) => a.candidate === 'sonnet' && a.ok);
    expect(sonnet.filter((a) => a.usage.cache_write_1h > 0)).toHaveLength(1);
    expect(sonnet.every((a) => a.usage.cache_write_5m === 0)).toBe(true);
    expect(attempts.filter((a) => a.candidate === 'flash' && a.ok).every((a) => a.usage.reasoning === 20)).toBe(true);

    const summary = await writeRunReports(dir);
    for (const row of summary.rows) {
      expect(row.cache_hit_rate, row.candidate).toBeGreaterThan(0.8);
      expect(row.cost.total_usd, row.candidate).toBeLessThan(row.cost.raw_usd);
    }
  });
});
