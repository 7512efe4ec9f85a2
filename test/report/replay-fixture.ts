import { Replay, type CurvePoint, type Figures } from '../../src/schema/replay-result.js';

/**
 * A replay as `lanebar replay` records it, written by hand so the page can be tested on known
 * figures: one lane, a threshold sweep of 101 thresholds on a confidence signal (escalation
 * rate t, accepted rate rising from 80% to 95%, cost per task from $0.0010 to $0.0050), a
 * quality bar of 90% first met at threshold 0.4, and a warning carrying hostile text.
 */
export const SWEEP_THRESHOLDS = 101;

/** One path's figures over 10,000 requests; outcomes estimated for a quarter of them unless `estimated` says otherwise. */
export function figures(accepted: number, perTask: number, escalation: number, estimated: Figures['estimated'] = { outcome_share: 0.25, call_share: 0 }): Figures {
  return {
    requests: 10_000,
    escalated: Math.round(10_000 * escalation),
    escalation_rate: escalation,
    accepted: 10_000 * accepted,
    accepted_rate: accepted,
    cost: { total_usd: 10_000 * perTask, per_task_usd: perTask, per_accepted_usd: perTask / accepted },
    log_cost: null,
    latency_ms: { completion: { p50: 400, p95: 900 }, first_token: { p50: 150, p95: 300 }, n: 10_000 },
    cache_hit_rate: 0.6,
    estimated,
    unresolved: 0,
  };
}

const accepted = (t: number) => 0.8 + 0.15 * Math.sqrt(t);
const cost = (t: number) => 0.001 + 0.004 * t;

export function replayFixture(hostile: string): Replay {
  const points: CurvePoint[] = Array.from({ length: SWEEP_THRESHOLDS }, (_, i) => {
    const t = i / (SWEEP_THRESHOLDS - 1);
    return { threshold: Number(t.toFixed(2)), escalation_rate: t, accepted_rate: accepted(t), cost_per_task_usd: cost(t), pgr: (accepted(t) - 0.8) / 0.15 };
  });
  const oracle = points.map((p) => ({ ...p, accepted_rate: Math.min(0.95, 0.8 + p.escalation_rate * 0.75), pgr: Math.min(1, p.escalation_rate * 5) }));
  const recommended = points.find((p) => p.accepted_rate >= 0.9)!;
  return Replay.parse({
    schema: 'lanebar.replay/1',
    replay_id: 'replay-demo',
    generated_at: '2026-11-23T12:00:00.000Z',
    lanebar_version: '0.1.0',
    simulated: true,
    inputs: {
      log: { path: 'logs/traffic.csv', format: 'csv', calls: 14_000, requests: 10_000, first_day: '2026-11-01', last_day: '2026-11-07' },
      mapping: { path: 'mappings/litellm.yaml', name: 'litellm', token_basis: 'inclusive', latency_unit: 'ms' },
      gates: [{ path: 'gates/triage.yaml', lane: 'ticket-triage' }],
      budget: null,
      eval_run: { id: 'demo', path: 'reports/demo', simulated: true },
      price_sheet: { path: 'prices/sheet-2026-11-23.json', date: '2026-11-23', hash: 'ab'.repeat(32) },
    },
    cost_source: 'sheet',
    percentile_method: 'nearest-rank',
    bad_rows: { policy: 'skip', count: 1, examples: [{ row: 7, line: 8, problem: `negative tokens: ${hostile}` }] },
    not_replayed: [],
    lanes: [
      {
        lane: 'ticket-triage',
        gate_file: 'gates/triage.yaml',
        mode: 'cascade',
        small_model: 'gpt-4.1-nano',
        strong_model: 'gpt-4.1',
        rules: [{ condition: "confidence < 0.4 and tier in ['gold']", model: 'gpt-4.1' }],
        gate: figures(recommended.accepted_rate, recommended.cost_per_task_usd, recommended.escalation_rate),
        all_small: figures(0.8, 0.001, 0),
        all_strong: figures(0.95, 0.005, 1),
      },
    ],
    overall: { gate: figures(recommended.accepted_rate, recommended.cost_per_task_usd, recommended.escalation_rate), all_small: figures(0.8, 0.001, 0), all_strong: figures(0.95, 0.005, 1) },
    estimates: [
      { lane: 'ticket-triage', model: 'gpt-4.1', pass_rate: 0.95, n: 300, tokens: { input: 1200, cache_read: 800, output: 20 }, completion_ms: 900, first_token_ms: 400, cost_usd: 0.004, simulated: true },
    ],
    sweep: [
      {
        lane: 'ticket-triage',
        signal: 'confidence',
        direction: 'below',
        thresholds: SWEEP_THRESHOLDS,
        quality_bar: 0.9,
        all_small: { accepted_rate: 0.8, cost_per_task_usd: 0.001 },
        all_strong: { accepted_rate: 0.95, cost_per_task_usd: 0.005 },
        apgr: 0.667,
        cpt50: 0.25,
        cpt80: 0.64,
        oracle: { apgr: 0.9, cpt50: 0.1, cpt80: 0.16, points: oracle },
        points,
        recommended: { ...recommended, meets_bar: true },
        estimated_outcome_share: 0.25,
      },
    ],
    budget: null,
    warnings: [hostile],
  });
}
