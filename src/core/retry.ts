/**
 * Parses a Retry-After header: delta-seconds or an HTTP date (RFC 9110 10.2.3). OpenAI also
 * sends `retry-after-ms`, which wins when present because it is finer.
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, nowMs: number): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export type BackoffDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Delay before retry number `retry` (1 = first retry). Without Retry-After: exponential backoff
 * with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"), capped at maxMs.
 * With Retry-After the server's word is a floor: lanebar never calls sooner than asked, and gives
 * up instead of waiting past its cap.
 */
export function backoff(retry: number, policy: BackoffPolicy, retryAfterMs: number | null, random: () => number): BackoffDecision {
  if (retryAfterMs !== null) {
    if (retryAfterMs > policy.maxMs) {
      return { retry: false, reason: `retry-after ${Math.round(retryAfterMs)} ms exceeds the backoff cap of ${policy.maxMs} ms` };
    }
    return { retry: true, delayMs: retryAfterMs };
  }
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (retry - 1));
  return { retry: true, delayMs: random() * ceiling };
}
