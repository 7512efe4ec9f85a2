import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Row } from '../../src/core/template.js';
import { compileGraders } from '../../src/graders/registry.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { clientFactory } from '../../src/providers/registry.js';
import { startSimulator, type ScriptedFault, type Simulator } from '../../src/providers/sim/index.js';
import { JournalWriter } from '../../src/run/journal-writer.js';
import { runSample } from '../../src/run/sample.js';
import { JournalRecord, type AttemptRecord, type CandidateManifest } from '../../src/schema/journal.js';
import type { SimLedgerEntry } from '../../src/schema/sim.js';
import { RunSettings, type CacheTtl, type CandidateParams, type ProviderName } from '../../src/schema/suite.js';
import { billedUsd } from '../helpers/ledger.js';
import { models, request, rows, SHORT_SYSTEM, tasks } from './fixtures.js';

/*
 * Replays a scripted sequence of calls the way a run makes them: each step is one sample, sent by
 * the runner's own runSample (its retries and pricing) through the provider's adapter and official
 * SDK to the simulator, with the simulator's cache clock set to the step's time. Every attempt is
 * journalled to a run.jsonl and read back, so the totals checked are the journal's.
 */

const ROOT = join(import.meta.dirname, '..', '..');

export interface Step {
  /** Seconds on the simulator's cache clock when the step is sent. */
  at: number;
  row: Row;
  system?: string;
  cacheTtl?: CacheTtl;
  params?: CandidateParams;
  /** Faults the simulated model answers the step's first attempts with. */
  faults?: ScriptedFault[];
}

export interface Replay {
  attempts: AttemptRecord[];
  ledger: SimLedgerEntry[];
  /** What the simulator billed, priced at the candidate's price: the provider's side of the invoice. */
  ledgerUsd: number;
}

export async function replay(o: { provider: ProviderName; model: string; sim: string; steps: readonly Step[] }): Promise<Replay> {
  let now = 0;
  const sim: Simulator = await startSimulator({ models: models(), tasks, latencyScale: 0, clock: () => now });
  try {
    const price = loadPriceBook({ root: ROOT }).resolve(o.provider, o.model, new Date('2026-11-23T12:00:00Z'));
    const candidate: CandidateManifest = {
      id: 'c',
      provider: o.provider,
      model: o.model,
      simulated: true,
      served_by: o.sim,
      base_url: null,
      params: {},
      repeats: 1,
      price,
    };
    const client = clientFactory(sim.url)(o.provider, { simulated: true, baseUrl: null, apiKey: 'sim' });
    const graders = await compileGraders([{ type: 'label', labels: ['billing', 'bug', 'account', 'other'], expected: '{{label}}' }], { suiteFile: 'invoice.yaml' });
    const settings = RunSettings.parse({ max_retries: 3, backoff_base_ms: 0, timeout_ms: 10_000 });
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-invoice-'));
    const journal = new JournalWriter(join(dir, 'run.jsonl'));
    for (const [i, step] of o.steps.entries()) {
      now = step.at * 1000;
      if (step.faults) sim.scriptFaults(o.sim, step.faults);
      const params = step.params ?? { temperature: 0, max_tokens: 400 };
      await runSample(
        {
          suite: 'invoice',
          candidate: { ...candidate, params },
          client,
          graders,
          settings,
          caseId: `${i}:${step.row['id']}`,
          repeat: 0,
          row: step.row,
          request: request(step.row, { ...(step.system ? { system: step.system } : {}), ...(step.cacheTtl ? { cacheTtl: step.cacheTtl } : {}), params }),
          priorAttempts: 0,
        },
        {
          onAttempt: (r) => journal.write(r),
          random: () => 0.5,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          hardStop: new AbortController().signal,
        },
      );
    }
    journal.close();
    const lines = (await readFile(join(dir, 'run.jsonl'), 'utf8')).trim().split('\n');
    const attempts = lines.map((l) => JournalRecord.parse(JSON.parse(l))).filter((r): r is AttemptRecord => r.type === 'attempt');
    const ledger = sim.ledger();
    return { attempts, ledger, ledgerUsd: billedUsd(ledger, price) };
  } finally {
    await sim.close();
  }
}

export const totalUsd = (attempts: readonly AttemptRecord[]): number => attempts.reduce((s, a) => s + a.cost_usd, 0);

/**
 * The script the invoices share: cold (0 s), warm (60 s), a 429 with a retry-after of 0 and its
 * retry (120 s), five minutes and a second after the last use (421 s), then a prompt too short to
 * cache, twice (440 s, 445 s). Each invoice's table says what its provider bills for each step.
 */
export const SCRIPT: readonly Step[] = [
  { at: 0, row: rows[0]! },
  { at: 60, row: rows[1]! },
  { at: 120, row: rows[2]!, faults: [{ kind: 'rate_limited', retry_after_s: 0 }] },
  { at: 421, row: rows[3]! },
  { at: 440, row: rows[5]!, system: SHORT_SYSTEM },
  { at: 445, row: rows[6]!, system: SHORT_SYSTEM },
];

/**
 * What every invoice checks once its provider's own figures are: each attempt's cost and the total
 * to 1e-9 USD, and the provider's side (the simulator's ledger, one entry per attempt, priced the
 * same way) the same invoice.
 */
export function expectInvoice({ attempts, ledger, ledgerUsd }: Replay, perAttemptUsd: readonly number[], invoiceUsd: number): void {
  expect(attempts).toHaveLength(perAttemptUsd.length);
  attempts.forEach((a, i) => expect(a.cost_usd).toBeCloseTo(perAttemptUsd[i]!, 9));
  expect(Math.abs(totalUsd(attempts) - invoiceUsd)).toBeLessThan(1e-9);
  expect(ledger).toHaveLength(perAttemptUsd.length);
  expect(Math.abs(ledgerUsd - invoiceUsd)).toBeLessThan(1e-9);
}
