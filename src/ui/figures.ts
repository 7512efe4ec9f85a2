import { wilson, type Interval } from '../core/stats.js';
import type { SummaryRow } from '../schema/summary.js';
import type { RowState } from './rows.js';
import type { UiState } from './state.js';

/** What one table row shows. Live figures use the summary's definitions; once the summary exists, its figures win. */
export interface RowFigures {
  done: number;
  total: number;
  passRate: number | null;
  ci: Interval | null;
  ftP95: number | null;
  doneP95: number | null;
  spendUsd: number;
  /** Spend so far scaled to every sample of the row; null before the first result. */
  projectedUsd: number | null;
  retries: number;
  errors: number;
  /** Pass-rate verdict against the lane's minimum, from the interval: clear only when the whole interval is on one side. */
  quality: 'above' | 'below' | 'unclear' | null;
}

const summaryRow = (s: UiState, r: RowState): SummaryRow | undefined => s.summary?.rows.find((x) => x.suite === r.suite && x.candidate === r.candidate);

/** Rows are immutable: one that did not change since the last frame keeps its figures. */
const memo = new WeakMap<RowState, { summary: UiState['summary']; figures: RowFigures }>();

export function rowFigures(s: UiState, r: RowState): RowFigures {
  const hit = memo.get(r);
  if (hit && hit.summary === s.summary) return hit.figures;
  const figures = computeRowFigures(s, r);
  memo.set(r, { summary: s.summary, figures });
  return figures;
}

function computeRowFigures(s: UiState, r: RowState): RowFigures {
  const sr = summaryRow(s, r);
  const done = sr?.completed ?? r.completed;
  const passed = sr?.passed ?? r.passed;
  const spend = sr?.cost.total_usd ?? r.spendUsd;
  const ci = done > 0 ? (sr?.pass_ci ?? wilson(passed, done)) : null;
  const min = r.lane.budget.min_pass_rate;
  return {
    done,
    total: r.samples,
    passRate: done > 0 ? passed / done : null,
    ci,
    ftP95: sr ? sr.latency_ms.first_token.p95 : r.ttft.percentile(95),
    doneP95: sr ? sr.latency_ms.completion.p95 : r.completion.percentile(95),
    spendUsd: spend,
    projectedUsd: done > 0 ? (spend / done) * r.samples : null,
    retries: r.retries,
    errors: sr?.errored ?? r.errored,
    quality: ci === null ? null : ci.low >= min ? 'above' : ci.high < min ? 'below' : 'unclear',
  };
}

export interface HeaderFigures {
  elapsedMs: number | null;
  etaMs: number | null;
  spendUsd: number;
  /** Sum of the rows' projections; `lowerBound` when some row has no result yet to project from. */
  projectedUsd: number;
  lowerBound: boolean;
}

export function headerFigures(s: UiState, figures: readonly RowFigures[]): HeaderFigures {
  const end = s.finishedAt ?? s.now;
  const elapsedMs = s.startedAt === null ? recordedElapsed(s) : end - s.startedAt;
  const doneHere = s.samplesDone - s.doneAtStart;
  const etaMs =
    s.phase === 'running' && s.startedAt !== null && doneHere > 0 ? ((s.samplesTotal - s.samplesDone) * (end - s.startedAt)) / doneHere : null;
  let projected = 0;
  let lowerBound = false;
  for (const f of figures) {
    if (f.projectedUsd === null) {
      projected += f.spendUsd;
      if (f.total > 0) lowerBound = true;
    } else projected += f.projectedUsd;
  }
  return { elapsedMs, etaMs, spendUsd: figures.reduce((n, f) => n + f.spendUsd, 0), projectedUsd: projected, lowerBound };
}

function recordedElapsed(s: UiState): number | null {
  if (!s.recordedStart || !s.recordedEnd) return null;
  const ms = Date.parse(s.recordedEnd) - Date.parse(s.recordedStart);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}
