import { describe, expect, it } from 'vitest';
import { LanebarError } from '../../src/core/errors.js';
import type { EvalStats } from '../../src/core/replay/estimates.js';
import { parseGateConfig } from '../../src/load/gate-config.js';
import { runReplay, type ReplayOptions } from '../../src/replay/run-replay.js';
import type { Replay } from '../../src/schema/replay-result.js';
import { csv, fakeBook, mappingFrom, tempDir, writeText } from './helpers.js';

/*
 * Prices (USD per million tokens): small input 1, cache read 0.5, output 2; big input 10, cache
 * read 5, output 20. So a small call of 1,000 input and 100 output tokens costs 0.001 + 0.0002 =
 * 0.0012, and a big one 0.01 + 0.002 = 0.012.
 */
const BOOK = fakeBook({ small: { input: 1, read: 0.5, output: 2 }, big: { input: 10, read: 5, output: 20 } });

const MAPPING = mappingFrom(`
name: test
token_basis: exclusive
latency_unit: ms
fields:
  request_id: rid
  ts: ts
  lane: lane
  customer: cust
  model: model
  input_tokens: uncached
  cache_read_tokens: read
  output_tokens: out
  first_token: ttft
  completion: done
  accepted: ok
  cost_usd: cost
signals:
  confidence: conf
attributes:
  tier: tier
`);

const HEADER = ['rid', 'ts', 'lane', 'cust', 'tier', 'model', 'uncached', 'read', 'out', 'ttft', 'done', 'ok', 'conf', 'cost'];
const T = '2026-10-01T10:00:00Z';
const T2 = '2026-10-01T10:00:01Z';

/**
 * Four requests on lane L, each with a small call and a big one (the big call is what the
 * production cascade escalated, or a shadow):
 *   r1 enterprise conf 0.90  small ok (200 ms)            big ok, 600 ms
 *   r2 starter    conf 0.30  small failed (200 ms)        big: 200 uncached + 800 cache read, ok, 900 ms
 *   r3 starter    conf 0.45  small failed (200 ms)        big: 1,000 in, 50 out, failed, 800 ms
 *   r4 enterprise conf 0.80  small ok (300 ms)            big ok, 700 ms
 */
const ROWS = [
  ['r1', T, 'L', 'acme', 'enterprise', 'small', 1000, 0, 100, 50, 200, true, 0.9, 0.0012],
  ['r1', T2, 'L', 'acme', 'enterprise', 'big', 1000, 0, 100, 300, 600, true, null, 0.012],
  ['r2', T, 'L', 'bolt', 'starter', 'small', 1000, 0, 100, 50, 200, false, 0.3, 0.0012],
  ['r2', T2, 'L', 'bolt', 'starter', 'big', 200, 800, 100, 300, 900, true, null, 0.008],
  ['r3', T, 'L', 'bolt', 'starter', 'small', 1000, 0, 100, 50, 200, false, 0.45, 0.0012],
  ['r3', T2, 'L', 'bolt', 'starter', 'big', 1000, 0, 50, 300, 800, false, null, 0.011],
  ['r4', T, 'L', 'acme', 'enterprise', 'small', 1000, 0, 100, 60, 300, true, 0.8, 0.0012],
  ['r4', T2, 'L', 'acme', 'enterprise', 'big', 1000, 0, 100, 300, 700, true, null, 0.012],
] as const;

async function replay(gateYaml: string, rows: readonly (readonly unknown[])[] = ROWS, evalStats: EvalStats[] = []): Promise<Replay> {
  const dir = await tempDir();
  const log = await writeText(dir, 'log.csv', csv(HEADER, rows as (string | number | boolean | null)[][]));
  const options: ReplayOptions = {
    logPath: log,
    mappingPath: 'test-mapping.yaml',
    mapping: MAPPING,
    gates: [{ file: 'gate.yaml', config: parseGateConfig(gateYaml, 'gate.yaml') }],
    prices: BOOK,
    evalStats,
    evalRun: evalStats.length ? { id: 'run', path: 'reports/run' } : null,
    budget: null,
    badRows: 'skip',
    costSource: 'sheet',
    sweep: null,
    pressure: false,
    replayId: 'test',
    now: new Date('2026-11-01T00:00:00Z'),
    lanebarVersion: '0.0.0',
    db: { memoryLimit: '64MB', threads: 1 },
  };
  return runReplay(options);
}

const CASCADE = `
lane: L
default_model: small
escalate_if:
  - condition: confidence < 0.5
    model: big
`;

describe('replay accounting, worked by hand', () => {
  it('cascade: an escalated request pays for both calls and waits for both', async () => {
    const r = await replay(CASCADE);
    const g = r.lanes[0]!.gate;
    // r2 (0.30) and r3 (0.45) escalate.
    expect(g.escalated).toBe(2);
    expect(g.escalation_rate).toBe(0.5);
    // r1 0.0012; r2 0.0012 + (200×10 + 800×5 + 100×20)/1e6 = 0.0012 + 0.008; r3 0.0012 + (1000×10 + 50×20)/1e6 = 0.0012 + 0.011; r4 0.0012
    expect(g.cost.total_usd).toBeCloseTo(0.0238, 12);
    expect(g.cost.per_task_usd).toBeCloseTo(0.00595, 12);
    // accepted: r1 small ok, r2 big ok, r3 big failed, r4 small ok
    expect(g.accepted).toBe(3);
    expect(g.accepted_rate).toBe(0.75);
    expect(g.cost.per_accepted_usd).toBeCloseTo(0.0238 / 3, 12);
    // completion: r1 200, r2 200+900, r3 200+800, r4 300 -> sorted 200, 300, 1000, 1100
    expect(g.latency_ms.completion).toEqual({ p50: 300, p95: 1100 });
    // first token: r1 50, r2 200+300, r3 200+300, r4 60 -> 50, 60, 500, 500
    expect(g.latency_ms.first_token).toEqual({ p50: 60, p95: 500 });
    // cache: 800 tokens read of r1 1,000 + r2 (1,000 + 1,000) + r3 (1,000 + 1,000) + r4 1,000 input
    expect(g.cache_hit_rate).toBeCloseTo(800 / (1000 + 2000 + 2000 + 1000), 12);
    expect(g.estimated).toEqual({ outcome_share: 0, call_share: 0 });
    // the log's own cost column, side by side: same requests, same calls paid
    expect(g.log_cost?.total_usd).toBeCloseTo(0.0238, 12);
    expect(g.log_cost?.covered_share).toBe(1);
  });

  it('cascade baselines: all-small pays one small call each, all-strong one big call each', async () => {
    const r = await replay(CASCADE);
    const lane = r.lanes[0]!;
    expect(lane.all_small?.cost.total_usd).toBeCloseTo(0.0048, 12);
    expect(lane.all_small?.accepted).toBe(2);
    expect(lane.all_small?.escalated).toBe(0);
    // 0.012 + 0.008 + 0.011 + 0.012
    expect(lane.all_strong?.cost.total_usd).toBeCloseTo(0.043, 12);
    expect(lane.all_strong?.accepted).toBe(3);
    expect(lane.all_strong?.escalation_rate).toBe(1);
    // big completion 600, 900, 800, 700
    expect(lane.all_strong?.latency_ms.completion).toEqual({ p50: 700, p95: 900 });
  });

  it('route: decided before any call, a request pays only for the model it goes to', async () => {
    const r = await replay(`
lane: L
mode: route
default_model: small
escalate_if:
  - condition: tier == 'enterprise'
    model: big
`);
    const g = r.lanes[0]!.gate;
    // r1 and r4 (enterprise) go to big: 0.012 each; r2 and r3 to small: 0.0012 each
    expect(g.escalated).toBe(2);
    expect(g.cost.total_usd).toBeCloseTo(0.0264, 12);
    // big ok on r1 and r4; small failed on r2 and r3
    expect(g.accepted).toBe(2);
    // completion: 600, 200, 200, 700
    expect(g.latency_ms.completion).toEqual({ p50: 200, p95: 700 });
    expect(g.cache_hit_rate).toBe(0);
  });

  it('a route gate may not read a signal: it decides before any model answers', async () => {
    await expect(replay(CASCADE.replace('default_model', 'mode: route\ndefault_model'))).rejects.toThrow(/reads the signal "confidence", but a route gate decides before any model answers/);
  });

  it('estimates a call the log lacks from the eval run, and says how much is estimated', async () => {
    // r3's big call is missing, and r2's small answer was never graded.
    const rows = ROWS.filter((row) => !(row[0] === 'r3' && row[5] === 'big')).map((row) => (row[0] === 'r2' && row[5] === 'small' ? row.map((c, i) => (i === 11 ? null : c)) : row));
    const stats: EvalStats[] = [
      { lane: 'L', model: 'big', n: 50, pass_rate: 0.8, usage: { uncached_input: 1000, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 100, reasoning: 0 }, completion_p50_ms: 750, first_token_p50_ms: 250, simulated: true },
      { lane: 'L', model: 'small', n: 50, pass_rate: 0.6, usage: { uncached_input: 1000, cache_read: 0, cache_write_5m: 0, cache_write_1h: 0, output: 100, reasoning: 0 }, completion_p50_ms: 210, first_token_p50_ms: 40, simulated: true },
    ];
    const r = await replay(CASCADE, rows, stats);
    const g = r.lanes[0]!.gate;
    // r3 escalates to a big call the log lacks: estimated at 0.012 (1,000 in, 100 out), pass rate 0.8, 750 ms
    expect(g.cost.total_usd).toBeCloseTo(0.0012 + 0.0092 + (0.0012 + 0.012) + 0.0012, 12);
    expect(g.accepted).toBeCloseTo(1 + 1 + 0.8 + 1, 12);
    expect(g.estimated).toEqual({ outcome_share: 0.25, call_share: 0.25 });
    // completion: 200, 1100, 200 + 750, 300
    expect(g.latency_ms.completion).toEqual({ p50: 300, p95: 1100 });
    // all-small: r2's small outcome was not graded: the small pass rate 0.6 stands in for it
    const small = r.lanes[0]!.all_small!;
    expect(small.accepted).toBeCloseTo(1 + 0.6 + 0 + 1, 12);
    expect(small.estimated).toEqual({ outcome_share: 0.25, call_share: 0 });
    expect(r.simulated).toBe(true);
    expect(r.estimates.map((e) => [e.model, e.cost_usd])).toEqual([
      ['big', expect.closeTo(0.012, 12)],
      ['small', expect.closeTo(0.0012, 12)],
    ]);
  });

  it('refuses to guess: a missing call with no eval run is an error that says what to pass', async () => {
    const rows = ROWS.filter((row) => !(row[0] === 'r3' && row[5] === 'big'));
    const error = await replay(CASCADE, rows).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LanebarError);
    expect((error as LanebarError).message).toMatch(/L: 1 of 4 requests need a big outcome/);
    expect((error as LanebarError).hint).toMatch(/--eval-run/);
  });

  it('shows no all-strong baseline, rather than a partial one, when the log lacks big calls', async () => {
    const rows = ROWS.filter((row) => !(row[0] === 'r1' && row[5] === 'big'));
    const r = await replay(CASCADE, rows);
    expect(r.lanes[0]!.all_strong).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/all-strong baseline is not shown: 1 requests lack a big call/);
    expect(r.lanes[0]!.gate.cost.total_usd).toBeCloseTo(0.0238, 12);
  });
});
