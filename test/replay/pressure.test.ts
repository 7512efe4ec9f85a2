import { describe, expect, it } from 'vitest';
import { parseGateConfig } from '../../src/load/gate-config.js';
import { parseYaml } from '../../src/load/yaml.js';
import { runReplay } from '../../src/replay/run-replay.js';
import { Budget } from '../../src/schema/budget.js';
import type { AlarmResult, Economics, Replay } from '../../src/schema/replay-result.js';
import { csv, fakeBook, mappingFrom, tempDir, writeText } from './helpers.js';

/*
 * Each pressure test is computed from the replay's sums; each must equal a plain replay of the
 * traffic (or prices) it describes, built here row by row.
 */

const MAPPING = mappingFrom(`
name: t
token_basis: exclusive
latency_unit: ms
fields: { request_id: rid, ts: ts, lane: lane, customer: cust, model: model, input_tokens: tin, cache_read_tokens: tread, output_tokens: tout, accepted: ok }
signals: { confidence: conf }
`);
const GATE = parseGateConfig('lane: L\ndefault_model: small\nescalate_if:\n  - { condition: "confidence < 0.5", model: big }\n', 'g.yaml');
const PRICES = { small: { input: 1, read: 0.5, output: 2 }, big: { input: 10, read: 5, output: 20 } };
const half = Object.fromEntries(Object.entries(PRICES).map(([m, p]) => [m, { input: p.input / 2, read: p.read / 2, output: p.output / 2 }]));

const BUDGET = parseYaml(
  `
feature: test
written_by: t
unit: { task: a task, completion_marker: done, cost_today_usd: null, target_usd: 0.001, target_date: 2027-01-01 }
latency: [{ feature_class: chat, first_token_ms: 1000, complete_ms: 2000 }]
routing_plan: [{ lane: L, model: small, eval_bar: null, escalation_gate: null }]
caching: { prompt_cache: { enabled: false }, response_cache: { enabled: false }, semantic_cache: { enabled: false } }
realtime_split: {}
pricing: { stance: seat, price_usd_per_month: 0.3, included_tasks_per_month: 20, overage_usd_per_task: 0.004, margin_target: { median: 0.5, heavy: 0.2 } }
alarms:
  per_task_cost: { threshold: 0.0035, owner: Ann }
  escalation_rate: { threshold: 0.4, owner: Bo }
  cache_hit_rate: { threshold: 0.3, owner: Cy }
sign_off: { owner: Ann, date: 2026-11-01 }
review_triggers: [a reprice]
pressure_tests: { adoption_multiplier: 3, price_multiplier: 0.5, heavy_customer: { customer: c3, multiplier: 4 } }
`,
  'budget.yaml',
  Budget,
);

interface Req {
  id: string;
  day: number;
  hour: number;
  cust: string;
  conf: number;
  tin: number;
  cached: boolean;
  bigOut: number;
}

// 4 days, 5 customers of different sizes; confidence cycles so about half escalate.
const REQS: Req[] = [];
for (let i = 0; i < 120; i++) {
  REQS.push({ id: `r${i}`, day: 1 + (i % 4), hour: 10 + (i % 10), cust: `c${1 + (((i * 7) % 11) % 5)}`, conf: ((i * 37) % 100) / 100, tin: 400 + (i % 50), cached: i % 3 === 0, bigOut: 60 + (i % 7) });
}

function rows(reqs: readonly Req[]) {
  return reqs.flatMap((q) => {
    const ts = `2026-10-0${q.day}T${q.hour}:00:00Z`;
    const small = [q.id, ts, 'L', q.cust, 'small', q.tin, q.cached ? 600 : 0, 40, q.conf > 0.3, q.conf];
    const big = [q.id, ts.replace(':00:00Z', ':00:01Z'), 'L', q.cust, 'big', 1000, 0, q.bigOut, q.conf > 0.1, null];
    return q.conf < 0.5 ? [small, big] : [small];
  });
}

async function replay(reqs: readonly Req[], prices: typeof PRICES, pressure: boolean): Promise<Replay> {
  const dir = await tempDir();
  const logPath = await writeText(dir, 'log.csv', csv(['rid', 'ts', 'lane', 'cust', 'model', 'tin', 'tread', 'tout', 'ok', 'conf'], rows(reqs)));
  return runReplay({
    logPath, mappingPath: 'm.yaml', mapping: MAPPING, gates: [{ file: 'g.yaml', config: GATE }], prices: fakeBook(prices), evalStats: [], evalRun: null,
    budget: { file: 'budget.yaml', budget: BUDGET }, badRows: 'fail', costSource: 'sheet', sweep: null, pressure, replayId: 't', now: new Date(), lanebarVersion: '0',
    db: { memoryLimit: '64MB', threads: 1 },
  });
}

const round = (x: unknown): unknown =>
  typeof x === 'number' ? Number(x.toPrecision(10)) : Array.isArray(x) ? x.map(round) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round(v)])) : x;
const alarms = (a: readonly AlarmResult[]) => round(a.map(({ alarm, value, fires, first_day }) => ({ alarm, value, fires, first_day })));
const econ = (e: Economics | null) => round(e);

describe('pressure tests equal a replay of the transformed traffic or prices', async () => {
  const base = await replay(REQS, PRICES, true);
  const scenario = (name: string) => base.budget!.pressure!.find((p) => p.scenario === name)!;

  it('adoption triples: every request three times', async () => {
    const tripled = REQS.flatMap((q) => [0, 1, 2].map((k) => ({ ...q, id: `${q.id}-${k}` })));
    const direct = (await replay(tripled, PRICES, false)).budget!;
    expect(alarms(scenario('adoption').alarms)).toEqual(alarms(direct.alarms));
    expect(econ(scenario('adoption').economics)).toEqual(econ(direct.economics));
  });

  it('the provider halves its prices: every price at half', async () => {
    const direct = (await replay(REQS, half as typeof PRICES, false)).budget!;
    expect(alarms(scenario('price').alarms)).toEqual(alarms(direct.alarms));
    expect(econ(scenario('price').economics)).toEqual(econ(direct.economics));
    // the per-task cost halves; the escalation rate does not move
    expect(scenario('price').alarms[0]!.value).toBeCloseTo(base.budget!.alarms[0]!.value! / 2, 12);
    expect(scenario('price').alarms[1]!.value).toBe(base.budget!.alarms[1]!.value);
  });

  it('one customer goes heavy overnight: its requests four times from the middle day on', async () => {
    const heavy = REQS.flatMap((q) => (q.cust === 'c3' && q.day >= 3 ? [0, 1, 2, 3].map((k) => ({ ...q, id: `${q.id}-${k}` })) : [q]));
    const direct = (await replay(heavy, PRICES, false)).budget!;
    const s = scenario('heavy_customer');
    expect(s.description).toMatch(/c3 sends 4 times its requests from 2026-10-03 on/);
    expect(alarms(s.alarms)).toEqual(alarms(direct.alarms));
    expect(econ(s.economics)).toEqual(econ(direct.economics));
    expect(s.subject?.customer).toBe('c3');
    expect(s.subject?.tasks).toBe(heavy.filter((q) => q.cust === 'c3').length);
  });

  it('reports which alarm fires first and whether the margin closes', () => {
    for (const p of base.budget!.pressure!) {
      expect(p.first_alarm === null || ['per_task_cost', 'escalation_rate', 'cache_hit_rate'].includes(p.first_alarm)).toBe(true);
      expect(p.margin_closes).toBe((p.economics.median?.closes ?? true) && (p.economics.max?.closes ?? true) && (p.subject?.closes ?? true));
    }
    // tripled traffic pushes every account past its allowance of 20 tasks: overage earns more than the calls cost here
    expect(scenario('adoption').economics.max!.revenue_usd).toBeGreaterThan(base.budget!.economics!.max!.revenue_usd);
  });
});
