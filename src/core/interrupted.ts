import { ZERO_USAGE } from '../schema/attempt.js';
import { sampleKey, type AttemptRecord, type AttemptStarted } from '../schema/journal.js';
import { attemptCost, type TokenPrices } from './cost.js';

/*
 * A call in flight when lanebar is killed was sent, so a provider may bill it, but its outcome was
 * never seen. The journal holds its `attempt_started` record and nothing else; these functions turn
 * such a start into an attempt record, billed by the written rule for a call cut short (its input
 * tokens plus the output already sent), with what lanebar can know of it: the input estimated by
 * core/tokens.ts, all at the uncached price since no usage report came back, and the output unknown.
 */

export const INTERRUPTED_MESSAGE =
  'lanebar was stopped while this attempt was in flight; billed as its estimated input tokens at the uncached price; output tokens unknown (counted as 0)';

export function interruptedAttempt(start: AttemptStarted, price: TokenPrices): AttemptRecord {
  const usage = { ...ZERO_USAGE, uncached_input: start.input_tokens_estimate };
  return {
    type: 'attempt',
    suite: start.suite,
    candidate: start.candidate,
    case_id: start.case_id,
    repeat: start.repeat,
    attempt: start.attempt,
    started_at: start.started_at,
    waited_ms: start.waited_ms,
    ok: false,
    output: '',
    ttft_ms: null,
    completion_ms: null,
    usage,
    usage_reported: false,
    finish_reason: null,
    http_status: null,
    error_class: 'interrupted',
    error_message: INTERRUPTED_MESSAGE,
    retry_after_ms: null,
    request_id: null,
    cost_usd: attemptCost(usage, price).total_usd,
    interrupted: true,
  };
}

const attemptKey = (r: AttemptStarted | AttemptRecord): string => `${sampleKey(r)}\u0000${r.attempt}`;

/** Starts not (yet) followed by their attempt record, in journal order. */
export class OpenAttempts {
  readonly #open = new Map<string, AttemptStarted>();

  started(s: AttemptStarted): void {
    this.#open.set(attemptKey(s), s);
  }

  finished(a: AttemptRecord): void {
    this.#open.delete(attemptKey(a));
  }

  /** The starts still open, in journal order; each is handed out once. */
  drain(): AttemptStarted[] {
    const open = [...this.#open.values()];
    this.#open.clear();
    return open;
  }
}
