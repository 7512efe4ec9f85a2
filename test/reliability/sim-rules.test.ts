import { describe, expect, it } from 'vitest';
import { FaultPlanner } from '../../src/providers/sim/faults.js';
import { bill } from '../../src/providers/sim/ledger.js';
import { SimFaultRates, type SimBilled } from '../../src/schema/sim.js';

const FULL: SimBilled = { prompt_tokens: 1200, cached_tokens: 1024, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0, output_tokens: 40, reasoning_tokens: 0 };

describe('the written billing rule', () => {
  it('grants the cache discount only when the usage report stating it reached the client', () => {
    expect(bill(FULL, { outcome: 'completed', httpStatus: 200, deliveredText: 'x'.repeat(160), inputReported: true })).toEqual(FULL);
    // An OpenAI stream without its last chunk: every input token at the uncached price, all the output.
    expect(bill(FULL, { outcome: 'completed', httpStatus: 200, deliveredText: 'x'.repeat(160), inputReported: false })).toEqual({ ...FULL, cached_tokens: 0 });
    // Cut after 10 characters (3 tokens): input and the output sent.
    expect(bill(FULL, { outcome: 'cut', httpStatus: 200, deliveredText: 'x'.repeat(10), inputReported: false })).toEqual({ ...FULL, cached_tokens: 0, output_tokens: 3 });
    expect(bill(FULL, { outcome: 'cut', httpStatus: 200, deliveredText: 'x'.repeat(10), inputReported: true })).toEqual({ ...FULL, output_tokens: 3 });
    // A timeout before any header: the input, uncached, nothing else.
    expect(bill(FULL, { outcome: 'client_closed', httpStatus: null, deliveredText: '', inputReported: false })).toEqual({ ...FULL, cached_tokens: 0, output_tokens: 0 });
    expect(bill(FULL, { outcome: 'reset', httpStatus: null, deliveredText: '' }).prompt_tokens).toBe(0);
  });
});

describe('faults drawn by rates', () => {
  const rates = SimFaultRates.parse({
    rate_limited: 0.1,
    server_error: 0.15,
    overloaded: 0.05,
    stream_cut: 0.1,
    reset: 0.1,
    slow_first_byte: 0.1,
    no_usage: 0.1,
    malformed_event: 0.1,
    retry_after_s: 2,
    retry_after_http_date: 0.5,
    server_error_statuses: [500, 502, 503],
    slow_first_byte_ms: 1234,
  });
  const at = (draw: number, stream = true) => new FaultPlanner().next('m', rates, draw, stream, 4);

  it('cover every class in fixed bands, the details picked by where the draw fell', () => {
    expect(at(0.01)).toEqual({ kind: 'rate_limited', retry_after_s: 2, retry_after_http_date: true });
    expect(at(0.09)).toEqual({ kind: 'rate_limited', retry_after_s: 2, retry_after_http_date: false });
    expect([at(0.11), at(0.16), at(0.21)]).toEqual([500, 502, 503].map((status) => ({ kind: 'server_error', status })));
    expect(at(0.27)).toEqual({ kind: 'overloaded' });
    expect(at(0.3)).toEqual({ kind: 'stream_cut', after_chunks: 0 });
    expect(at(0.385)).toEqual({ kind: 'stream_cut', after_chunks: 3 });
    expect(at(0.45)).toEqual({ kind: 'reset' });
    expect(at(0.55)).toEqual({ kind: 'slow_first_byte', ms: 1234 });
    expect(at(0.65)).toEqual({ kind: 'no_usage' });
    expect(at(0.75)).toEqual({ kind: 'malformed_event' });
    expect(at(0.85)).toBeNull();
  });

  it('leave a request that is not streamed unfaulted where a stream would be cut', () => {
    expect(at(0.35, false)).toBeNull();
    expect(at(0.45, false)).toEqual({ kind: 'reset' });
  });

  it('refuse shares that add up to more than 1', () => {
    expect(SimFaultRates.safeParse({ reset: 0.6, no_usage: 0.5 }).success).toBe(false);
  });
});
