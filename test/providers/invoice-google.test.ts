import { describe, expect, it } from 'vitest';
import { PREFIX_TOKENS, PROMPT_TOKENS, TAIL_TOKENS } from './fixtures.js';
import { expectInvoice, replay, SCRIPT } from './invoice.js';

/*
 * Gemini 2.5 Flash through @google/genai against the simulated Gemini API, priced from the frozen
 * sheet: input $0.30, cached input $0.03, output $2.50 per million tokens (thinking included). Its
 * implicit cache starts at 1,024 prompt tokens, costs nothing to write and is modelled here with a
 * 5-minute life after the last use (sim-gemini-thinker). The model thinks 30 tokens before each
 * answer unless the candidate's thinking_budget is 0.
 *
 * Every request is 1,080 prompt tokens with a 1,068-token prefix (fixtures.ts); the short prompt is
 * 100 tokens. Answers: billing 2 tokens, bug 1, account 2, other 2. promptTokenCount includes
 * cachedContentTokenCount, so a warm call is 1,068 cached + 12 uncached. In millionths of a dollar:
 *
 *  step  clock  what                                   tokens                                  cost
 *  1     0 s    cold: nothing cached                   1,080 in + (30 + 2) out               324 + 80          = 404
 *  2     60 s   warm: prefix read                      1,068 cached + 12 in + (30 + 1) out   32.04 + 3.6 + 77.5 = 113.14
 *  3a    120 s  429 RESOURCE_EXHAUSTED, retryDelay 0s  nothing billed                                          =   0
 *  3b    120 s  retry: warm                            1,068 cached + 12 in + (30 + 2) out   32.04 + 3.6 + 80   = 115.64
 *  4     421 s  301 s after the last use: expired      1,080 in + (30 + 2) out               324 + 80           = 404
 *  5     440 s  short prompt, under 1,024: no cache    100 in + (30 + 1) out                  30 + 77.5         = 107.5
 *  6     445 s  short again, thinking_budget 0         100 in + 2 out                         30 + 5            =  35
 *                                                                                              total            1,179.28
 */
const INVOICE_USD = 0.00117928;
const PER_ATTEMPT_USD = [0.000404, 0.00011314, 0, 0.00011564, 0.000404, 0.0001075, 0.000035];

describe('Gemini invoice: a scripted sequence through the SDK, checked to 1e-9 USD', () => {
  it('journals what Gemini would bill: implicit cache reads, expiry, the minimum length, thinking, a retry after 429', async () => {
    // The script, its last call with thinking off.
    const steps = [...SCRIPT.slice(0, -1), { ...SCRIPT.at(-1)!, params: { temperature: 0, max_tokens: 400, thinking_budget: 0 } }];
    const invoice = await replay({ provider: 'google', model: 'gemini-2.5-flash', sim: 'sim-gemini-thinker', steps });
    const { attempts } = invoice;
    expect(attempts.map((a) => a.error_class)).toEqual([null, null, 'rate_limited', null, null, null, null]);
    expect(attempts[2]).toMatchObject({ http_status: 429, retry_after_ms: 0, cost_usd: 0 });
    expect(attempts.map((a) => [a.usage.uncached_input, a.usage.cache_read, a.usage.output, a.usage.reasoning])).toEqual([
      [PROMPT_TOKENS, 0, 32, 30],
      [TAIL_TOKENS, PREFIX_TOKENS, 31, 30],
      [0, 0, 0, 0],
      [TAIL_TOKENS, PREFIX_TOKENS, 32, 30],
      [PROMPT_TOKENS, 0, 32, 30],
      [100, 0, 31, 30],
      [100, 0, 2, 0],
    ]);
    expectInvoice(invoice, PER_ATTEMPT_USD, INVOICE_USD);
  });
});
