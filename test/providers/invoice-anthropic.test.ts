import { describe, expect, it } from 'vitest';
import { PREFIX_TOKENS, rows, SYSTEM, TAIL_TOKENS } from './fixtures.js';
import { expectInvoice, replay, SCRIPT } from './invoice.js';

/*
 * Claude Sonnet 4.5 through @anthropic-ai/sdk against the simulated Messages API, priced from the
 * frozen sheet: input $3.00, cache read $0.30, 5-minute cache write $3.75, 1-hour cache write $6.00,
 * output $15.00 per million tokens. Its minimum cacheable prompt is 1,024 tokens (sim-claude).
 *
 * Every request is 1,080 input tokens: a 1,068-token stable prefix marked with cache_control, and
 * 12 tokens after it (fixtures.ts). The short prompt is 100 tokens, its prefix 88. Answers: billing
 * 2 tokens, bug 1, account 2, other 2. Costs below in millionths of a dollar.
 *
 *  step  clock  what                                  tokens                              cost
 *  1     0 s    cold prefix, 5m mark: write           1,068 w5m + 12 in + 2 out            4,005 + 36 + 30     = 4,071
 *  2     60 s   warm: read (entry good to 360 s)      1,068 read + 12 in + 1 out             320.4 + 36 + 15   =   371.4
 *  3a    120 s  429 rate_limit_error, retry-after 0   nothing billed                                           =     0
 *  3b    120 s  retry: warm read (good to 420 s)      1,068 read + 12 in + 2 out             320.4 + 36 + 30   =   386.4
 *  4     421 s  5 minutes after the last use: expired, written again                          4,005 + 36 + 30   = 4,071
 *  5     440 s  short prompt, under 1,024: no cache   100 in + 1 out                           300 + 15        =   315
 *  6     445 s  the same short prompt: still none     100 in + 2 out                           300 + 30        =   330
 *  7     500 s  new prefix, 1h mark: write at 1h      1,068 w1h + 12 in + 2 out            6,408 + 36 + 30     = 6,474
 *  8     4000 s 58 min later: still warm at 1 hour    1,068 read + 12 in + 2 out             320.4 + 36 + 30   =   386.4
 *                                                                                             total          16,405.2
 */
const INVOICE_USD = 0.0164052;
const PER_ATTEMPT_USD = [0.004071, 0.0003714, 0, 0.0003864, 0.004071, 0.000315, 0.00033, 0.006474, 0.0003864];
/** Same length as SYSTEM ("Sort tickets! " x 300), different text: another prefix. */
const SYSTEM_B = 'Sort tickets! '.repeat(300);

describe('Anthropic invoice: a scripted sequence through the SDK, checked to 1e-9 USD', () => {
  it('journals what Anthropic would bill: write premiums, reads, expiry, the minimum length, a retry after 429', async () => {
    const invoice = await replay({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      sim: 'sim-claude',
      steps: [
        ...SCRIPT,
        { at: 500, row: rows[7]!, system: SYSTEM_B, cacheTtl: '1h' },
        { at: 4000, row: rows[8]!, system: SYSTEM_B, cacheTtl: '1h' },
      ],
    });
    const { attempts } = invoice;
    expect(SYSTEM_B.length).toBe(SYSTEM.length);
    expect(attempts.map((a) => a.error_class)).toEqual([null, null, 'rate_limited', null, null, null, null, null, null]);
    expect(attempts[2]).toMatchObject({ http_status: 429, retry_after_ms: 0, cost_usd: 0 });
    expect(attempts.map((a) => [a.usage.cache_write_5m, a.usage.cache_write_1h, a.usage.cache_read])).toEqual([
      [PREFIX_TOKENS, 0, 0],
      [0, 0, PREFIX_TOKENS],
      [0, 0, 0],
      [0, 0, PREFIX_TOKENS],
      [PREFIX_TOKENS, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, PREFIX_TOKENS, 0],
      [0, 0, PREFIX_TOKENS],
    ]);
    expect(attempts[0]!.usage.uncached_input).toBe(TAIL_TOKENS);
    expectInvoice(invoice, PER_ATTEMPT_USD, INVOICE_USD);
  });
});
