import { describe, expect, it } from 'vitest';
import { PROMPT_TOKENS } from './fixtures.js';
import { expectInvoice, replay, SCRIPT } from './invoice.js';

/*
 * GPT-4.1 mini through the openai SDK against the simulated chat-completions API, priced from the
 * frozen sheet: input $0.40, cached input $0.10, output $1.60 per million tokens. OpenAI caches
 * automatically from 1,024 prompt tokens, then in whole increments of 128: of the 1,068-token
 * prefix, 1,024 are read (sim-gpt), and 1,080 - 1,024 = 56 stay uncached. The short prompt is 100
 * tokens. Answers: billing 2 tokens, bug 1, account 2, other 2. In millionths of a dollar:
 *
 *  step  clock  what                                tokens                               cost
 *  1     0 s    cold: nothing cached                1,080 in + 2 out                  432 + 3.2           = 435.2
 *  2     60 s   warm: 1,024 read                    1,024 cached + 56 in + 1 out      102.4 + 22.4 + 1.6  = 126.4
 *  3a    120 s  429, retry-after-ms 0               nothing billed                                        =   0
 *  3b    120 s  retry: warm                         1,024 cached + 56 in + 2 out      102.4 + 22.4 + 3.2  = 128
 *  4     421 s  expired                             1,080 in + 2 out                  432 + 3.2           = 435.2
 *  5     440 s  short prompt, under 1,024           100 in + 1 out                     40 + 1.6           =  41.6
 *  6     445 s  short again                         100 in + 2 out                     40 + 3.2           =  43.2
 *                                                                                      total             1,209.6
 */
const INVOICE_USD = 0.0012096;
const PER_ATTEMPT_USD = [0.0004352, 0.0001264, 0, 0.000128, 0.0004352, 0.0000416, 0.0000432];

describe('OpenAI invoice: a scripted sequence through the SDK, checked to 1e-9 USD', () => {
  it('journals what OpenAI would bill: cache reads in increments of 128, expiry, the minimum length, a retry after 429', async () => {
    const invoice = await replay({ provider: 'openai', model: 'gpt-4.1-mini', sim: 'sim-gpt', steps: SCRIPT });
    const { attempts } = invoice;
    expect(attempts.map((a) => a.error_class)).toEqual([null, null, 'rate_limited', null, null, null, null]);
    expect(attempts.map((a) => [a.usage.uncached_input, a.usage.cache_read])).toEqual([
      [PROMPT_TOKENS, 0],
      [56, 1024],
      [0, 0],
      [56, 1024],
      [PROMPT_TOKENS, 0],
      [100, 0],
      [100, 0],
    ]);
    expectInvoice(invoice, PER_ATTEMPT_USD, INVOICE_USD);
  });
});
