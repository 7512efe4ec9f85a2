import type { AlarmName, Alarms } from '../../schema/budget.js';
import type { AlarmResult } from '../../schema/replay-result.js';
import { figures, type FigureSums } from './figures.js';

/*
 * The budget's three alarms, read on replayed traffic. Per-task cost and escalation rate fire
 * when they rise above their threshold, cache hit rate when it falls below. An alarm fires on the
 * whole period's figure; its first day is the first UTC day whose own figure crossed, which says
 * which alarm would have paged first.
 */

export const ALARMS: readonly AlarmName[] = ['per_task_cost', 'escalation_rate', 'cache_hit_rate'];

export function alarmValue(name: AlarmName, sums: FigureSums): number | null {
  const f = figures(sums, false);
  if (name === 'per_task_cost') return f.cost.per_task_usd;
  if (name === 'escalation_rate') return f.escalation_rate;
  return f.cache_hit_rate;
}

export function crosses(name: AlarmName, value: number | null, threshold: number): boolean {
  if (value === null) return false;
  return name === 'cache_hit_rate' ? value < threshold : value > threshold;
}

/** How far past its threshold a value is, relative to the threshold (for ties on the same day). */
const breach = (name: AlarmName, value: number, threshold: number): number =>
  threshold === 0 ? Infinity : name === 'cache_hit_rate' ? (threshold - value) / threshold : (value - threshold) / threshold;

export interface DaySums {
  day: string;
  sums: FigureSums;
}

export function evaluateAlarms(alarms: Alarms, total: FigureSums, days: readonly DaySums[]): AlarmResult[] {
  const sorted = [...days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const shares = figures(total, false).estimated;
  return ALARMS.map((name) => {
    const { threshold, owner } = alarms[name];
    const value = alarmValue(name, total);
    const first = sorted.find((d) => crosses(name, alarmValue(name, d.sums), threshold));
    return {
      alarm: name,
      threshold,
      owner,
      value,
      fires: crosses(name, value, threshold),
      first_day: first?.day ?? null,
      // Escalation is decided on logged signals: exact. Cost and cache use estimated calls.
      estimated_share: name === 'escalation_rate' ? 0 : shares.call_share,
    };
  });
}

/** The alarm whose daily figure crossed first; on the same day, the one furthest past its threshold. */
export function firstAlarm(results: readonly AlarmResult[], days: readonly DaySums[]): AlarmName | null {
  const crossed = results.filter((r) => r.first_day !== null);
  if (crossed.length === 0) return null;
  const day = crossed.map((r) => r.first_day!).sort()[0]!;
  const sums = days.find((d) => d.day === day)!.sums;
  const onDay = crossed.filter((r) => r.first_day === day);
  onDay.sort((a, b) => breach(b.alarm, alarmValue(b.alarm, sums)!, b.threshold) - breach(a.alarm, alarmValue(a.alarm, sums)!, a.threshold));
  return onDay[0]!.alarm;
}
