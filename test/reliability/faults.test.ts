import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../src/load/prices.js';
import { loadSuite } from '../../src/load/suite.js';
import { clientFactory } from '../../src/providers/registry.js';
import type { Simulator } from '../../src/providers/sim/index.js';
import { buildPlan, checkSuite } from '../../src/run/plan.js';
import { runPlan } from '../../src/run/runner.js';
import type { AttemptRecord } from '../../src/schema/journal.js';
import { checkBooks } from './books.js';
import { CANDIDATES, FAULT_KINDS, makeFaultWorkspace, type Protocol } from './fault-suite.js';
import { parseJournal, ROOT, simulatorFor } from './harness.js';

/*
 * 500 cases, each asked of one candidate per protocol (OpenAI, Anthropic, Gemini), at concurrency
 * 32 with at most 12 requests per provider, against simulators that fault 20% of requests across
 * every class: 429 (retry-after in seconds, in ms, as an HTTP date), 500, 502, 503, overloaded
 * (Anthropic's 529), a reset before the headers, a stream cut after N chunks, a malformed event,
 * a first byte after the attempt timeout, and a final chunk without usage. Each protocol has a
 * simulator of its own, so that each one's most requests in flight is that provider's.
 */

const CASES = 500;
const PER_PROVIDER = 12;
const PROTOCOLS: Protocol[] = ['openai', 'anthropic', 'google'];
const never = new AbortController().signal;
const sims: Partial<Record<Protocol, Simulator>> = {};
afterAll(async () => {
  for (const s of Object.values(sims)) await s.close();
});

describe('a run under faults of every class', () => {
  it('completes, journals every attempt with its class, and agrees with the ledger to the token and to 1e-9 USD', { timeout: 90_000 }, async () => {
    const ws = await makeFaultWorkspace({ cases: CASES, protocols: PROTOCOLS, faultShare: 0.2, timeoutMs: 2000, concurrency: 32, perProviderConcurrency: PER_PROVIDER });
    for (const p of PROTOCOLS) sims[p] = await simulatorFor([ws.suite], ws.simModels, 0.2);
    const checked = await checkSuite(await loadSuite(ws.suite), 'sim', {});
    const plan = buildPlan({
      runId: 'faults',
      startedAt: new Date('2026-11-23T12:00:00Z'),
      target: 'sim',
      checked: [checked],
      prices: loadPriceBook({ root: ROOT }),
      makeClient: (provider, t) => clientFactory(sims[provider as Protocol]!.url)(provider, t),
    });
    const done = await runPlan({ plan, reportDir: ws.dir, resume: null, subscribers: [], concurrency: 32, perProviderConcurrency: PER_PROVIDER, softStop: never, hardStop: never });
    expect(done.status).toBe('complete');

    const j = parseJournal(join(ws.dir, 'run.jsonl'));
    expect(j.badLines).toEqual([]);
    // One final result per sample, and every call started has its attempt record.
    expect(j.cases).toHaveLength(CASES * PROTOCOLS.length);
    expect(new Set(j.cases.map((c) => `${c.candidate}/${c.case_id}`)).size).toBe(CASES * PROTOCOLS.length);
    expect(j.starts).toHaveLength(j.attempts.length);

    const ledger = PROTOCOLS.flatMap((p) => sims[p]!.ledger());
    const books = checkBooks(j, ledger, plan.start);
    expect(books.problems).toEqual([]);
    expect(books.ledgerOnly).toBe(0);
    expect(books.journalOnly).toBe(0);
    expect(books.tokenDifference).toBe(0);
    expect(Math.abs(books.journalUsd - books.ledgerUsd)).toBeLessThan(1e-9);
    expect(books.journalUsd).toBeGreaterThan(0);

    // Every fault class happened on every protocol, about a fifth of all requests in all.
    for (const p of PROTOCOLS) {
      const mine = sims[p]!.ledger();
      for (const kind of FAULT_KINDS) expect(mine.filter((e) => e.fault === kind).length, `${p} ${kind}`).toBeGreaterThan(0);
      for (const status of [500, 502, 503]) expect(mine.some((e) => e.fault === 'server_error' && e.http_status === status), `${p} ${status}`).toBe(true);
      const faulted = mine.filter((e) => e.fault !== null).length / mine.length;
      expect(faulted).toBeGreaterThan(0.15);
      expect(faulted).toBeLessThan(0.25);
      // The provider's concurrency limit held.
      expect(sims[p]!.maxInFlight()).toBeLessThanOrEqual(PER_PROVIDER);
    }
    expect(sims.anthropic!.ledger().some((e) => e.fault === 'overloaded' && e.http_status === 529)).toBe(true);
    for (const cls of ['rate_limited', 'server_error', 'overloaded', 'connection', 'timeout', 'stream_cut']) expect(books.classes[cls], cls).toBeGreaterThan(0);
    // Replies that came without their usage report are journalled as estimated, and still agree.
    expect(j.attempts.some((a) => a.ok && !a.usage_reported)).toBe(true);

    // Retry-after is honoured: the next attempt of the sample waited at least that long, measured.
    const bySample = new Map<string, AttemptRecord[]>();
    for (const a of j.attempts) bySample.set(`${a.candidate}/${a.case_id}`, [...(bySample.get(`${a.candidate}/${a.case_id}`) ?? []), a]);
    const waits = { ms: 0, seconds: 0, date: 0 };
    for (const attempts of bySample.values()) {
      attempts.sort((a, b) => a.attempt - b.attempt);
      for (let i = 1; i < attempts.length; i++) {
        const prev = attempts[i - 1]!;
        const next = attempts[i]!;
        if (prev.retry_after_ms === null) continue;
        expect(next.waited_ms).toBeGreaterThanOrEqual(prev.retry_after_ms);
        expect(Date.parse(next.started_at) - Date.parse(prev.started_at)).toBeGreaterThanOrEqual(prev.retry_after_ms);
        // retry-after-ms (OpenAI) says 200; whole seconds (Anthropic) 1000; an HTTP date anything up to 1000.
        if (prev.retry_after_ms === 200) waits.ms += 1;
        else if (prev.retry_after_ms === 1000) waits.seconds += 1;
        else waits.date += 1;
      }
    }
    expect(waits.ms).toBeGreaterThan(0);
    expect(waits.seconds).toBeGreaterThan(0);
    expect(waits.date).toBeGreaterThan(0);
    expect(Object.keys(CANDIDATES)).toEqual(PROTOCOLS);
  });
});
