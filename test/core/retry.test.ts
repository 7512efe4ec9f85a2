import { describe, expect, it } from 'vitest';
import { backoff, parseRetryAfter } from '../../src/core/retry.js';

const headers = (h: Record<string, string>) => new Headers(h);

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after': '0.5' }), now)).toBe(500);
  });
  it('reads an HTTP date', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Mon, 23 Nov 2026 12:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfter(headers({ 'retry-after': 'Mon, 23 Nov 2026 11:59:00 GMT' }), now)).toBe(0);
  });
  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '3', 'retry-after-ms': '1250' }), now)).toBe(1250);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(headers({}), now)).toBeNull();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('backoff', () => {
  const policy = { baseMs: 100, maxMs: 5000 };
  it('grows exponentially with full jitter under a cap', () => {
    expect(backoff(1, policy, null, () => 1)).toEqual({ retry: true, delayMs: 100 });
    expect(backoff(3, policy, null, () => 1)).toEqual({ retry: true, delayMs: 400 });
    expect(backoff(3, policy, null, () => 0.5)).toEqual({ retry: true, delayMs: 200 });
    expect(backoff(20, policy, null, () => 1)).toEqual({ retry: true, delayMs: 5000 });
  });
  it('never calls sooner than Retry-After asks', () => {
    expect(backoff(1, policy, 2500, () => 0)).toEqual({ retry: true, delayMs: 2500 });
  });
  it('gives up rather than wait past the cap', () => {
    const d = backoff(1, policy, 60_000, () => 0);
    expect(d.retry).toBe(false);
  });
});
