import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeOf } from '../../src/core/gate/index.js';
import { oracleCurve, pgr, summarizeCurve } from '../../src/core/replay/sweep.js';
import { parseGateConfig } from '../../src/load/gate-config.js';
import type { Db } from '../../src/replay/duckdb.js';
import { slotsOf } from '../../src/replay/requests-sql.js';
import { prepare, type SetupInput } from '../../src/replay/setup.js';
import { replaySweep, sweepPlans, sweepStatements } from '../../src/replay/sweep-query.js';
import { buildReplayed, replayedStatements } from '../../src/replay/main-query.js';
import { seeded } from '../helpers/random.js';
import { csv, fakeBook, mappingFrom, tempDir, testDb, writeText } from './helpers.js';

describe('RouteLLM measures on a known curve', () => {
  // quality 0.6 with no escalation, 0.8 with all: the gap is 0.2
  const curve = [
    { threshold: 0.2, escalation_rate: 0, accepted_rate: 0.6, cost_per_task_usd: 1 },
    { threshold: 0.4, escalation_rate: 0.25, accepted_rate: 0.7, cost_per_task_usd: 1.5 },
    { threshold: 0.6, escalation_rate: 0.5, accepted_rate: 0.76, cost_per_task_usd: 2 },
    { threshold: null, escalation_rate: 1, accepted_rate: 0.8, cost_per_task_usd: 3 },
  ];

  it('PGR is the share of the quality gap recovered, undefined when the strong model is no better', () => {
    expect(pgr(0.7, 0.6, 0.8)).toBeCloseTo(0.5, 12);
    expect(pgr(0.9, 0.6, 0.8)).toBeCloseTo(1.5, 12);
    expect(pgr(0.7, 0.8, 0.8)).toBeNull();
    expect(pgr(0.7, 0.8, 0.6)).toBeNull();
  });

  it('APGR by the trapezoid rule, CPT at the first point that recovers 50% and 80%', () => {
    const s = summarizeCurve(curve, { qSmall: 0.6, qStrong: 0.8, bar: null });
    // PGR 0, 0.5, 0.8, 1 at x 0, 0.25, 0.5, 1: 0.25×(0+0.5)/2 + 0.25×(0.5+0.8)/2 + 0.5×(0.8+1)/2 = 0.0625 + 0.1625 + 0.45
    expect(s.apgr).toBeCloseTo(0.675, 12);
    expect(s.cpt50).toBe(0.25);
    expect(s.cpt80).toBe(0.5);
    expect(s.thresholds).toBe(4);
    expect(s.recommended).toBeNull();
  });

  it('holds the last PGR flat to x = 1 when the curve stops short (requests without a signal never escalate)', () => {
    const s = summarizeCurve(curve.slice(0, 3), { qSmall: 0.6, qStrong: 0.8, bar: null });
    expect(s.apgr).toBeCloseTo(0.0625 + 0.1625 + 0.5 * 0.8, 12);
  });

  it('recommends the cheapest point that meets the bar, or says none does', () => {
    const meets = summarizeCurve(curve, { qSmall: 0.6, qStrong: 0.8, bar: 0.75 }).recommended;
    expect(meets).toMatchObject({ threshold: 0.6, escalation_rate: 0.5, meets_bar: true });
    const none = summarizeCurve(curve, { qSmall: 0.6, qStrong: 0.8, bar: 0.9 }).recommended;
    expect(none).toMatchObject({ threshold: null, accepted_rate: 0.8, meets_bar: false });
  });

  it('the oracle escalates the requests the strong model saves first, and is exact to the request', () => {
    // 10 requests, small accepts 5: two are saved by the strong model (gain 1), two half-saved on
    // estimates (gain 0.5), three unchanged, three made worse (never escalated by the oracle).
    const groups = [
      { gain: 1, count: 2, extra_cost: 2 },
      { gain: 0.5, count: 2, extra_cost: 2 },
      { gain: 0, count: 3, extra_cost: 3 },
      { gain: -1, count: 3, extra_cost: 3 },
    ];
    const curveO = oracleCurve(groups, 10, 0.5, 0.1, 0.7);
    expect(curveO[0]).toEqual({ threshold: null, escalation_rate: 0, accepted_rate: 0.5, cost_per_task_usd: 0.1 });
    expect(curveO.at(-1)).toMatchObject({ escalation_rate: 0.4, accepted_rate: 0.8 });
    expect(curveO.at(-1)!.cost_per_task_usd).toBeCloseTo(0.1 + 4 / 10, 12);
    const s = summarizeCurve(curveO, { qSmall: 0.5, qStrong: 0.7, bar: null });
    // 50% of the 0.2 gap is 0.1: one saved request of ten; 80% is 0.16: the second one
    expect(s.cpt50).toBe(0.1);
    expect(s.cpt80).toBe(0.2);
  });
});

/*
 * A generated log (seeded), every request with a logged small and strong call, so nothing is
 * estimated: the SQL sweep must match a brute-force replay of `confidence < t` at every threshold,
 * and the SQL routing must match the gate interpreter on every request.
 */
interface Req {
  id: string;
  tier: string | null;
  conf: number | null;
  smallOk: boolean;
  strongOk: boolean;
  smallIn: number;
  strongIn: number;
}

function generate(n: number, seed: number): Req[] {
  const r = seeded(seed);
  return Array.from({ length: n }, (_, i) => {
    const hard = r();
    const smallOk = r() > hard * 0.6;
    const conf = r() < 0.05 ? null : Math.round((smallOk ? 0.4 + 0.6 * r() : 0.8 * r()) * 20) / 20; // ties on purpose
    return { id: `q${i}`, tier: r() < 0.1 ? 'enterprise' : r() < 0.05 ? null : 'starter', conf, smallOk, strongOk: r() > hard * 0.2, smallIn: 100 + Math.floor(r() * 100), strongIn: 100 + Math.floor(r() * 100) };
  });
}

// small: input 1 $/M, output 0 (so cost = input tokens × 1e-6); big: input 10 $/M
const BOOK = fakeBook({ small: { input: 1, read: 1, output: 0 }, big: { input: 10, read: 10, output: 0 } });
const MAPPING = mappingFrom(`
name: t
token_basis: exclusive
latency_unit: ms
fields: { request_id: rid, ts: ts, lane: lane, model: model, input_tokens: tin, output_tokens: tout, accepted: ok }
signals: { confidence: conf }
attributes: { tier: tier }
`);
const GATE = `lane: L
default_model: small
signal: confidence
escalate_if:
  - { condition: "confidence < 0.5", model: big }
  - { condition: "tier == 'enterprise'", model: big }
`;

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => {
  await db.close();
});

async function setup(reqs: Req[]): Promise<SetupInput> {
  const rows = reqs.flatMap((q) => [
    [q.id, '2026-10-01T10:00:00Z', 'L', 'small', q.smallIn, 0, q.smallOk, q.conf, q.tier],
    [q.id, '2026-10-01T10:00:01Z', 'L', 'big', q.strongIn, 0, q.strongOk, null, q.tier],
  ]);
  const dir = await tempDir();
  const logPath = await writeText(dir, 'log.csv', csv(['rid', 'ts', 'lane', 'model', 'tin', 'tout', 'ok', 'conf', 'tier'], rows));
  return { logPath, mappingPath: 'm.yaml', mapping: MAPPING, gates: [{ file: 'g.yaml', config: parseGateConfig(GATE, 'g.yaml') }], prices: BOOK, evalStats: [] };
}

describe('the SQL sweep and routing against brute force on a generated log', () => {
  const reqs = generate(400, 7);

  it('routes every request as the gate interpreter does (missing values do not escalate)', async () => {
    const input = await setup(reqs);
    const prepared = await prepare(db, input);
    await buildReplayed(db, replayedStatements(prepared.plans, prepared.views, 800, 48e6));
    const rows = await db.all('SELECT request_id, __rslot FROM lanebar_requests');
    const slots = slotsOf(prepared.plans[0]!);
    const sql = new Map(rows.map((r) => [String(r.request_id), slots[Number(r.__rslot)]]));
    const config = input.gates[0]!.config;
    for (const q of reqs) expect([q.id, sql.get(q.id)]).toEqual([q.id, routeOf(config, { confidence: q.conf, tier: q.tier, lane: 'L' })]);
    expect(new Set(sql.values())).toEqual(new Set(['small', 'big']));
  });

  it('gives, at every threshold, the escalation, acceptance and cost a replay of that threshold gives', async () => {
    const input = await setup(reqs);
    const prepared = await prepare(db, input);
    // as if the log had 2,500,000 calls: passes over it and buckets in each, which must change nothing
    await buildReplayed(db, replayedStatements(prepared.plans, prepared.views, 2_500_000, 48e6, sweepPlans(prepared, { direction: 'below' })));
    const [curve] = sweepStatements({ direction: 'below' });
    const points = (await db.all(curve!.sql, curve!.params)).map((r) => ({ t: r.threshold === null ? null : Number(r.threshold), x: Number(r.escalation_rate), q: Number(r.accepted_rate), c: Number(r.cost_per_task) }));
    const brute = (t: number | null) => {
      let esc = 0;
      let acc = 0;
      let cost = 0;
      for (const q of reqs) {
        const fixed = q.tier === 'enterprise';
        const moved = q.conf !== null && (t === null || q.conf < t);
        const up = fixed || moved;
        esc += up ? 1 : 0;
        acc += (up ? q.strongOk : q.smallOk) ? 1 : 0;
        cost += (q.smallIn + (up ? q.strongIn * 10 : 0)) / 1e6; // a cascade pays for both calls
      }
      return { x: esc / reqs.length, q: acc / reqs.length, c: cost / reqs.length };
    };
    const thresholds = [...new Set(reqs.map((q) => q.conf).filter((c) => c !== null))].sort((a, b) => a - b);
    expect(points).toHaveLength(thresholds.length + 1);
    for (const [i, t] of [...thresholds, null].entries()) {
      const b = brute(t);
      expect(points[i]!.t).toBe(t);
      expect(points[i]!.x).toBeCloseTo(b.x, 12);
      expect(points[i]!.q).toBeCloseTo(b.q, 12);
      expect(points[i]!.c).toBeCloseTo(b.c, 12);
    }
    // The streamed summary agrees with the same measures taken on the whole brute-force curve.
    const [lane] = await replaySweep(db, prepared, { direction: 'below', qualityBar: 0.8 }, null);
    const qSmall = reqs.filter((q) => q.smallOk).length / reqs.length;
    const qStrong = reqs.filter((q) => q.strongOk).length / reqs.length;
    const whole = summarizeCurve([...thresholds, null].map((t) => ({ threshold: t, escalation_rate: brute(t).x, accepted_rate: brute(t).q, cost_per_task_usd: brute(t).c })), { qSmall, qStrong, bar: 0.8 });
    expect(lane!.apgr).toBeCloseTo(whole.apgr!, 12);
    expect(lane!.cpt50).toBe(whole.cpt50);
    expect(lane!.cpt80).toBe(whole.cpt80);
    expect(lane!.recommended?.threshold).toBe(whole.recommended?.threshold);
    expect(lane!.all_small.accepted_rate).toBeCloseTo(qSmall, 12);
    expect(lane!.all_strong.accepted_rate).toBeCloseTo(qStrong, 12);
  });
});
