import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attemptCost } from '../../src/core/cost.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { readDataset } from '../../src/load/dataset.js';
import { loadSuite } from '../../src/load/suite.js';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { startSimulator, loadSimModels, type Simulator } from '../../src/providers/sim/index.js';
import { writeRunReports } from '../../src/report/write-run-reports.js';
import type { RunEvent } from '../../src/run/events.js';
import { buildPlan, checkSuite } from '../../src/run/plan.js';
import { runPlan } from '../../src/run/runner.js';
import { JournalRecord, type AttemptRecord, type CaseRecord } from '../../src/schema/journal.js';
import { makeWorkspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setUp(opts: Parameters<typeof makeWorkspace>[0] = {}) {
  const ws = await makeWorkspace(opts);
  const checked = await checkSuite(await loadSuite(ws.suite), 'sim', {});
  const taskRows = [];
  for await (const r of readDataset({ path: checked.loaded.datasetPath, format: 'csv' })) taskRows.push(r.row);
  sim = await startSimulator({
    models: await loadSimModels(ws.simModels),
    tasks: [{ lane: 'ticket-triage', tailTemplate: checked.loaded.suite.prompt.template, idColumn: 'id', rows: taskRows }],
    latencyScale: 0,
  });
  const url = sim.url;
  const plan = buildPlan({
    runId: 'r1',
    startedAt: new Date('2026-11-23T12:00:00Z'),
    target: 'sim',
    checked: [checked],
    prices: loadPriceBook({ root: ROOT }),
    makeClient: () => new OpenAIProvider({ provider: 'openai', baseUrl: `${url}/v1`, apiKey: 'sim' }),
  });
  return { ws, plan };
}

async function journal(dir: string): Promise<JournalRecord[]> {
  const text = await readFile(join(dir, 'run.jsonl'), 'utf8');
  return text.trim().split('\n').map((l) => JournalRecord.parse(JSON.parse(l)));
}

const never = new AbortController().signal;

describe('runPlan against the simulator', () => {
  it('journals every attempt and one result per sample, priced by the sheet', async () => {
    const { ws, plan } = await setUp({ cases: 30, repeats: 2 });
    const events: RunEvent[] = [];
    const done = await runPlan({ plan, reportDir: ws.dir, resume: null, subscribers: [(e) => events.push(e)], concurrency: 4, perProviderConcurrency: 4, softStop: never, hardStop: never });
    expect(done.status).toBe('complete');
    const records = await journal(ws.dir);
    expect(records[0]!.type).toBe('run_start');
    expect(records.at(-1)).toMatchObject({ type: 'run_end', status: 'complete' });
    const cases = records.filter((r): r is CaseRecord => r.type === 'case');
    const attempts = records.filter((r): r is AttemptRecord => r.type === 'attempt');
    expect(new Set(cases.map((c) => `${c.case_id}#${c.repeat}`)).size).toBe(60);
    expect(cases).toHaveLength(60);
    const price = plan.start.suites[0]!.candidates[0]!.price;
    for (const a of attempts) expect(a.cost_usd).toBe(attemptCost(a.usage, price).total_usd);
    // The stable prefix is long enough to cache: after the first calls most input is read from cache.
    expect(attempts.some((a) => a.usage.cache_read > 0)).toBe(true);
    expect(events.filter((e) => e.type === 'case')).toHaveLength(60);

    const summary = await writeRunReports(ws.dir);
    const row = summary.rows[0]!;
    expect(row.completed).toBe(60);
    expect(row.passed).toBe(cases.filter((c) => c.pass).length);
    expect(row.cost.total_usd).toBeCloseTo(attempts.reduce((s, a) => s + a.cost_usd, 0), 12);
    expect(row.cache_hit_rate).toBeGreaterThan(0.5);
    expect(row.cost.total_usd).toBeLessThan(row.cost.raw_usd);
    expect(await readFile(join(ws.dir, 'summary.md'), 'utf8')).toContain('SIMULATED');
  });

  it('retries a 429, waits as long as Retry-After asks, and bills every attempt', async () => {
    const { ws, plan } = await setUp({ cases: 1 });
    sim!.scriptFaults('sim-t', [{ kind: 'rate_limited', retry_after_s: 1 }, { kind: 'server_error', status: 500 }]);
    const done = await runPlan({ plan, reportDir: ws.dir, resume: null, subscribers: [], concurrency: 1, perProviderConcurrency: 1, softStop: never, hardStop: never });
    expect(done.status).toBe('complete');
    const attempts = (await journal(ws.dir)).filter((r): r is AttemptRecord => r.type === 'attempt');
    expect(attempts.map((a) => [a.attempt, a.error_class, a.http_status])).toEqual([
      [1, 'rate_limited', 429],
      [2, 'server_error', 500],
      [3, null, 200],
    ]);
    expect(attempts[0]!.retry_after_ms).toBe(1000);
    expect(attempts[1]!.waited_ms).toBe(1000);
    const gap = Date.parse(attempts[1]!.started_at) - Date.parse(attempts[0]!.started_at);
    expect(gap).toBeGreaterThanOrEqual(1000);
    expect(sim!.ledger()).toHaveLength(3);
  });

  it('gives up after max_retries and records the sample as errored', async () => {
    const { ws, plan } = await setUp({ cases: 1, maxRetries: 1 });
    sim!.scriptFaults('sim-t', [{ kind: 'server_error', status: 502 }, { kind: 'server_error', status: 503 }]);
    await runPlan({ plan, reportDir: ws.dir, resume: null, subscribers: [], concurrency: 1, perProviderConcurrency: 1, softStop: never, hardStop: never });
    const records = await journal(ws.dir);
    const c = records.find((r): r is CaseRecord => r.type === 'case')!;
    expect(c).toMatchObject({ status: 'errored', pass: false, attempts: 2, error_class: 'overloaded' });
  });

  it('does not retry a request the provider refuses as bad', async () => {
    const { ws, plan } = await setUp({ cases: 1 });
    const bad = { ...plan, suites: plan.suites.map((s) => ({ ...s, candidates: s.candidates.map((c) => ({ ...c, manifest: { ...c.manifest, served_by: 'no-such-model' } })) })) };
    await runPlan({ plan: bad, reportDir: ws.dir, resume: null, subscribers: [], concurrency: 1, perProviderConcurrency: 1, softStop: never, hardStop: never });
    const records = await journal(ws.dir);
    expect(records.filter((r) => r.type === 'attempt')).toHaveLength(1);
    expect(records.find((r): r is CaseRecord => r.type === 'case')).toMatchObject({ status: 'errored', error_class: 'not_found' });
  });

  it('stops scheduling on a soft stop and ends the journal as interrupted', async () => {
    const { ws, plan } = await setUp({ cases: 40 });
    const soft = new AbortController();
    let seen = 0;
    const done = await runPlan({
      plan,
      reportDir: ws.dir,
      resume: null,
      subscribers: [(e) => e.type === 'case' && ++seen === 5 && soft.abort()],
      concurrency: 2,
      perProviderConcurrency: 2,
      softStop: soft.signal,
      hardStop: never,
    });
    expect(done.status).toBe('interrupted');
    const records = await journal(ws.dir);
    const cases = records.filter((r) => r.type === 'case').length;
    expect(cases).toBeGreaterThanOrEqual(5);
    expect(cases).toBeLessThan(40);
    expect((await writeRunReports(ws.dir)).status).toBe('partial');
  });
});
