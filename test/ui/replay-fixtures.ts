import { Replay, type AlarmResult, type CurvePoint } from '../../src/schema/replay-result.js';
import { figures as tenThousand, replayFixture } from '../report/replay-fixture.js';

/**
 * A replay for the terminal view, on known figures: the page's one-lane fixture (ticket-triage:
 * 101 thresholds of confidence, escalation rate t at threshold t, a 90% bar first met at
 * 0.45), a second lane whose bar no threshold meets (support-reply: a score, escalating above
 * the threshold), and a budget with two of its three alarms firing. An owner's name carries an
 * escape sequence that must never reach the terminal.
 */
export const HOSTILE_OWNER = 'Bo \u001b[2J\u001b[31mExample';

const figures = (accepted: number, perTask: number, escalation: number) => tenThousand(accepted, perTask, escalation, { outcome_share: 0.1, call_share: 0.1 });

const alarm = (a: AlarmResult['alarm'], threshold: number, value: number, fires: boolean, owner: string): AlarmResult => ({
  alarm: a,
  threshold,
  owner,
  value,
  fires,
  first_day: fires ? '2026-11-02' : null,
  estimated_share: a === 'escalation_rate' ? 0 : 0.25,
});

/** Support-reply's curve: 41 thresholds of a score, accepted rate 70% to 90%, cost $0.002 to $0.010 per task. */
const supportPoints: CurvePoint[] = Array.from({ length: 41 }, (_, i) => {
  const t = i / 40;
  return { threshold: Number((1 - t).toFixed(3)), escalation_rate: t, accepted_rate: 0.7 + 0.2 * t, cost_per_task_usd: 0.002 + 0.008 * t, pgr: t };
});

export function viewReplay(o: { simulated?: boolean; sweep?: boolean } = {}): Replay {
  const base = replayFixture('warning: <b>1</b>');
  const best = supportPoints.at(-1)!;
  return Replay.parse({
    ...base,
    simulated: o.simulated ?? true,
    lanes: [
      base.lanes[0],
      {
        lane: 'support-reply',
        gate_file: 'gates/support.yaml',
        mode: 'cascade',
        small_model: 'gpt-4.1-mini',
        strong_model: 'gpt-4.1',
        rules: [{ condition: 'score > 0.6', model: 'gpt-4.1' }],
        gate: figures(0.78, 0.0052, 0.4),
        all_small: figures(0.7, 0.002, 0),
        all_strong: figures(0.9, 0.01, 1),
      },
    ],
    sweep:
      o.sweep === false
        ? null
        : [
            base.sweep![0],
            {
              lane: 'support-reply',
              signal: 'score',
              direction: 'above',
              thresholds: 41,
              quality_bar: 0.95,
              all_small: { accepted_rate: 0.7, cost_per_task_usd: 0.002 },
              all_strong: { accepted_rate: 0.9, cost_per_task_usd: 0.01 },
              apgr: 0.5,
              cpt50: 0.5,
              cpt80: 0.8,
              oracle: { apgr: 0.8, cpt50: 0.15, cpt80: 0.24, points: supportPoints.filter((p) => p.escalation_rate <= 0.3).map((p) => ({ ...p, accepted_rate: 0.7 + p.escalation_rate })) },
              points: supportPoints,
              recommended: { ...best, meets_bar: false },
              estimated_outcome_share: 0,
            },
          ],
    budget: {
      file: 'budgets/support.yaml',
      feature: 'Support inbox',
      example: true,
      lanes: ['ticket-triage', 'support-reply'],
      totals: { ...figures(0.88, 0.0041, 0.3), latency_ms: null },
      alarms: [
        alarm('per_task_cost', 0.004, 0.0041, true, 'Ann Example'),
        alarm('escalation_rate', 0.25, 0.3, true, HOSTILE_OWNER),
        alarm('cache_hit_rate', 0.6, 0.7, false, 'Cy Example'),
      ],
      firing: ['per_task_cost', 'escalation_rate'],
      economics: null,
      pressure: null,
    },
  });
}
