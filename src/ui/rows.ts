import type { Usage } from '../schema/attempt.js';
import { ZERO_USAGE } from '../schema/attempt.js';
import type { GradeResult } from '../schema/grade.js';
import type { AttemptRecord, CaseRecord, RunStart } from '../schema/journal.js';
import type { Lane } from '../schema/suite.js';
import { LatencyLog } from './latency-log.js';

/** Failed cases kept per row for the drill-down; the journal keeps them all. */
export const FAILURES_KEPT = 200;
/** Model output kept per failed case: enough to read, bounded whatever the model sent. */
export const OUTPUT_KEPT = 4000;

/** One failed sample as the drill-down shows it. */
export interface FailedCase {
  suite: string;
  candidate: string;
  caseId: string;
  repeat: number;
  status: CaseRecord['status'];
  errorClass: CaseRecord['error_class'];
  errorMessage: string | null;
  grades: readonly GradeResult[];
  output: string;
  /** Length of the output the model sent, when more than OUTPUT_KEPT was. */
  outputChars: number;
  attempts: number;
  costUsd: number;
  ttftMs: number | null;
  completionMs: number | null;
  /** Summed over every attempt of the sample, retries included. */
  tokens: Usage;
}

/** What the live view knows about one lane × candidate, folded from events as they arrive. */
export interface RowState {
  key: string;
  suite: string;
  lane: Lane;
  candidate: string;
  model: string;
  servedBy: string;
  simulated: boolean;
  samples: number;
  completed: number;
  passed: number;
  errored: number;
  retries: number;
  spendUsd: number;
  ttft: LatencyLog;
  completion: LatencyLog;
  failed: number;
  failures: readonly FailedCase[];
}

export const rowKey = (suite: string, candidate: string): string => `${suite}\u0000${candidate}`;

export function rowsOf(start: RunStart): RowState[] {
  return start.suites.flatMap((s) =>
    s.candidates.map(
      (c): RowState => ({
        key: rowKey(s.name, c.id),
        suite: s.name,
        lane: s.lane,
        candidate: c.id,
        model: c.model,
        servedBy: c.served_by,
        simulated: c.simulated,
        samples: s.dataset.rows * c.repeats,
        completed: 0,
        passed: 0,
        errored: 0,
        retries: 0,
        spendUsd: 0,
        ttft: LatencyLog.empty(),
        completion: LatencyLog.empty(),
        failed: 0,
        failures: [],
      }),
    ),
  );
}

/** The same accounting as core/summarize.ts: every attempt is spend, only successful ones are latency. */
export function withAttempt(row: RowState, a: AttemptRecord): RowState {
  return {
    ...row,
    spendUsd: row.spendUsd + a.cost_usd,
    retries: row.retries + (a.attempt > 1 ? 1 : 0),
    ttft: a.ok && a.ttft_ms !== null ? row.ttft.add(a.ttft_ms) : row.ttft,
    completion: a.ok && a.completion_ms !== null ? row.completion.add(a.completion_ms) : row.completion,
  };
}

export function withCase(row: RowState, c: CaseRecord, tokens: Usage): RowState {
  const next = { ...row, completed: row.completed + 1, passed: row.passed + (c.pass ? 1 : 0), errored: row.errored + (c.status === 'errored' ? 1 : 0) };
  if (c.pass) return next;
  next.failed += 1;
  if (row.failures.length < FAILURES_KEPT) next.failures = [...row.failures, failedCase(c, tokens)];
  return next;
}

function failedCase(c: CaseRecord, tokens: Usage): FailedCase {
  return {
    suite: c.suite,
    candidate: c.candidate,
    caseId: c.case_id,
    repeat: c.repeat,
    status: c.status,
    errorClass: c.error_class,
    errorMessage: c.error_message,
    grades: c.grades,
    output: c.output.length > OUTPUT_KEPT ? c.output.slice(0, OUTPUT_KEPT) : c.output,
    outputChars: c.output.length,
    attempts: c.attempts,
    costUsd: c.cost_usd,
    ttftMs: c.ttft_ms,
    completionMs: c.completion_ms,
    tokens,
  };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    uncached_input: a.uncached_input + b.uncached_input,
    cache_read: a.cache_read + b.cache_read,
    cache_write_5m: a.cache_write_5m + b.cache_write_5m,
    cache_write_1h: a.cache_write_1h + b.cache_write_1h,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
}

export const NO_TOKENS: Usage = ZERO_USAGE;
