import type { Comparison, Figures, RowComparison, RuleCheck } from '../core/compare.js';
import { cell, ms, pct, usd } from './format.js';
import { checkName, describeCheck } from './compare-words.js';

/** The per-lane table of changes, shared by the terminal and Markdown renderings. */
export interface CompareColumns {
  headers: string[];
  align: ('l' | 'r')[];
  cells(row: RowComparison): string[];
}

const change = <T>(row: RowComparison, pick: (f: Figures) => T, show: (x: T) => string): string => {
  const b = row.baseline ? show(pick(row.baseline)) : 'new';
  const c = row.current ? show(pick(row.current)) : 'removed';
  return b === c ? c : `${b} → ${c}`;
};

const verdict = (checks: readonly RuleCheck[]): string => {
  const broken = checks.filter((c) => c.outcome === 'broken').length;
  if (broken) return `FAIL (${broken})`;
  if (checks.some((c) => c.outcome === 'warn')) return 'ok, warned';
  return checks.some((c) => c.outcome === 'ok') ? 'ok' : '—';
};

const discordant = (r: RowComparison): string => {
  const pass = r.checks.find((c) => c.rule === 'pass_rate');
  return pass?.rule === 'pass_rate' && pass.table.pairs > 0 ? `${pass.table.onlyFirst} / ${pass.table.onlySecond}` : '—';
};

/** Marks a replay's figure that is partly an eval run's estimate, as replay reports do. */
const estimated = (r: RowComparison) => (x: string) => {
  const share = Math.max(r.baseline?.estimated_share ?? 0, r.current?.estimated_share ?? 0);
  return share > 0 ? `${x} [est]` : x;
};

const RUN_COLUMNS: CompareColumns = {
  headers: ['candidate', 'served by', 'pass rate', 'pass→fail / fail→pass', '$/accepted', 'FT p95', 'done p95', 'cache hit', 'rules'],
  align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  cells(r) {
    const served = r.current ?? r.baseline!;
    return [
      cell(r.candidate, 24),
      cell(served.simulated ? `${served.served_by} (simulated)` : r.model, 40),
      change(r, (f) => f.pass_rate, (x) => pct(x)),
      discordant(r),
      change(r, (f) => f.per_accepted_usd, usd),
      change(r, (f) => f.first_token_p95_ms, ms),
      change(r, (f) => f.completion_p95_ms, ms),
      change(r, (f) => f.cache_hit_rate, (x) => pct(x)),
      verdict(r.checks),
    ];
  },
};

const REPLAY_COLUMNS: CompareColumns = {
  headers: ['gate', 'routes', 'escalated', 'accepted', 'acc→rej / rej→acc', '$/task', '$/accepted', 'FT p95', 'done p95', 'cache hit', 'rules'],
  align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  cells(r) {
    const est = estimated(r);
    return [
      cell(r.candidate, 32),
      cell(r.model, 40),
      change(r, (f) => f.escalation_rate, (x) => pct(x)),
      est(change(r, (f) => f.pass_rate, (x) => pct(x))),
      discordant(r),
      est(change(r, (f) => f.per_task_usd, usd)),
      est(change(r, (f) => f.per_accepted_usd, usd)),
      est(change(r, (f) => f.first_token_p95_ms, ms)),
      est(change(r, (f) => f.completion_p95_ms, ms)),
      est(change(r, (f) => f.cache_hit_rate, (x) => pct(x))),
      verdict(r.checks),
    ];
  },
};

export const compareColumns = (c: Comparison): CompareColumns => (c.kind === 'replays' ? REPLAY_COLUMNS : RUN_COLUMNS);

export function groupRowsByLane(c: Comparison): Map<string, RowComparison[]> {
  const lanes = new Map<string, RowComparison[]>();
  for (const r of c.rows) lanes.set(r.lane, [...(lanes.get(r.lane) ?? []), r]);
  return lanes;
}

const LABEL: Record<RuleCheck['outcome'], string> = { broken: 'FAIL', warn: 'warn', ok: 'ok', skipped: 'skipped' };

/** One line per rule outcome worth reading: every broken rule with its figures, then warnings. */
export function checkLines(c: Comparison, include: readonly RuleCheck['outcome'][] = ['broken', 'warn']): string[] {
  const out: string[] = [];
  for (const outcome of include) {
    for (const r of c.rows) {
      for (const check of r.checks) {
        if (check.outcome === outcome) out.push(`${LABEL[outcome]} ${cell(r.lane)} · ${cell(r.candidate)} · ${checkName(check)}: ${describeCheck(check)}`);
      }
    }
  }
  return out;
}

export const closingLine = (c: Comparison): string =>
  c.broken === 0 ? 'All compare rules held.' : `${c.broken} compare rule${c.broken === 1 ? '' : 's'} broken.`;
