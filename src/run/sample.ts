import { attemptCost } from '../core/cost.js';
import { backoff } from '../core/retry.js';
import type { Row } from '../core/template.js';
import { RETRYABLE, type AttemptOutcome } from '../schema/attempt.js';
import type { AttemptRecord, AttemptStarted, CandidateManifest, CaseRecord } from '../schema/journal.js';
import type { RunSettings } from '../schema/suite.js';
import type { CompiledGrader } from '../graders/registry.js';
import { gradeCase } from '../graders/registry.js';
import type { ChatRequest, ProviderClient } from '../providers/types.js';
import { requestMessages } from '../providers/outcome.js';
import { promptTokens } from '../core/tokens.js';

export interface SampleJob {
  suite: string;
  candidate: CandidateManifest;
  client: ProviderClient;
  graders: CompiledGrader[];
  settings: RunSettings;
  caseId: string;
  repeat: number;
  row: Row;
  request: ChatRequest;
  /** Attempts already journalled for this sample by an interrupted run: numbering continues. */
  priorAttempts: number;
}

export interface SampleDeps {
  /** Called just before each call is sent, so that a call in flight at a kill is still journalled. */
  onStart?(record: AttemptStarted): void;
  onAttempt(record: AttemptRecord): void;
  random(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Aborted on a hard stop: the attempt in flight is cut and the sample left unfinished. */
  hardStop: AbortSignal;
}

/** Runs one sample to its final result: attempts with timeouts and backoff, then grading. */
export async function runSample(job: SampleJob, deps: SampleDeps): Promise<CaseRecord | null> {
  const { settings } = job;
  let attempts = 0;
  let waited = 0;
  let last: AttemptOutcome | null = null;
  let cost = 0;
  const inputEstimate = promptTokens(requestMessages(job.request));
  for (let retry = 0; ; retry++) {
    if (deps.hardStop.aborted) return null;
    const number = job.priorAttempts + attempts + 1;
    const startedAt = new Date().toISOString();
    const signal = attemptSignal(settings.timeout_ms, deps.hardStop);
    const context = { suite: job.suite, candidate: job.candidate.id, caseId: job.caseId, repeat: job.repeat, attempt: number };
    deps.onStart?.({
      type: 'attempt_started',
      suite: job.suite,
      candidate: job.candidate.id,
      case_id: job.caseId,
      repeat: job.repeat,
      attempt: number,
      started_at: startedAt,
      waited_ms: waited,
      input_tokens_estimate: inputEstimate,
    });
    let outcome: AttemptOutcome;
    try {
      outcome = await job.client.call(job.candidate.served_by, job.request, signal.signal, context);
    } finally {
      signal.dispose();
    }
    if (deps.hardStop.aborted && !outcome.ok && !signal.timedOut()) {
      // Cut by the user's hard stop, not by the provider: journal what was paid, leave the sample open.
      deps.onAttempt(record(job, number, startedAt, waited, { ...outcome, error_class: 'interrupted', error_message: 'stopped by user' }));
      return null;
    }
    attempts += 1;
    last = outcome;
    const rec = record(job, number, startedAt, waited, outcome);
    cost += rec.cost_usd;
    deps.onAttempt(rec);
    if (outcome.ok || !outcome.error_class || !RETRYABLE.has(outcome.error_class) || retry >= settings.max_retries) break;
    const decision = backoff(retry + 1, { baseMs: settings.backoff_base_ms, maxMs: settings.backoff_max_ms }, outcome.retry_after_ms, deps.random);
    if (!decision.retry) {
      last = { ...outcome, error_message: `${outcome.error_message ?? ''}; gave up: ${decision.reason}` };
      break;
    }
    waited = decision.delayMs;
    try {
      await deps.sleep(decision.delayMs, deps.hardStop);
    } catch {
      return null;
    }
  }
  const base = {
    type: 'case' as const,
    suite: job.suite,
    candidate: job.candidate.id,
    case_id: job.caseId,
    repeat: job.repeat,
    attempts,
    cost_usd: cost,
    output: last.output,
    ttft_ms: last.ok ? last.ttft_ms : null,
    completion_ms: last.ok ? last.completion_ms : null,
  };
  if (!last.ok) {
    return { ...base, status: 'errored', pass: false, score: 0, grades: [], error_class: last.error_class, error_message: last.error_message };
  }
  const graded = await gradeCase(job.graders, { output: last.output, row: job.row });
  return { ...base, status: 'graded', pass: graded.pass, score: graded.score, grades: graded.grades, error_class: null, error_message: null };
}

/**
 * The signal of one attempt: aborted by its timeout or by the user's hard stop. The same as
 * AbortSignal.any([AbortSignal.timeout(ms), hardStop]), but released as soon as the attempt ends:
 * AbortSignal.timeout keeps its timer (and its signal) alive for the whole timeout, which at
 * hundreds of calls a second and a 60 s timeout is tens of thousands of live timers, and
 * AbortSignal.any leaves a dependant on the long-lived hardStop until the collector finds it.
 */
function attemptSignal(timeoutMs: number, hardStop: AbortSignal): { signal: AbortSignal; timedOut(): boolean; dispose(): void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  // As AbortSignal.timeout's: never what keeps the process alive.
  timer.unref();
  const onStop = () => controller.abort(hardStop.reason);
  if (hardStop.aborted) onStop();
  else hardStop.addEventListener('abort', onStop, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      hardStop.removeEventListener('abort', onStop);
    },
  };
}

function record(job: SampleJob, attempt: number, startedAt: string, waited: number, o: AttemptOutcome): AttemptRecord {
  return {
    type: 'attempt',
    suite: job.suite,
    candidate: job.candidate.id,
    case_id: job.caseId,
    repeat: job.repeat,
    attempt,
    started_at: startedAt,
    waited_ms: waited,
    ...o,
    cost_usd: attemptCost(o.usage, job.candidate.price).total_usd,
  };
}
