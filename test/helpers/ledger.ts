import { attemptCost } from '../../src/core/cost.js';
import type { Usage } from '../../src/schema/attempt.js';
import type { ModelPrice } from '../../src/schema/prices.js';
import type { SimLedgerEntry } from '../../src/schema/sim.js';

/** The simulator's billed tokens as lanebar's disjoint buckets. */
export function billedUsage(e: SimLedgerEntry): Usage {
  const b = e.billed;
  return {
    uncached_input: b.prompt_tokens - b.cached_tokens - b.cache_write_5m_tokens - b.cache_write_1h_tokens,
    cache_read: b.cached_tokens,
    cache_write_5m: b.cache_write_5m_tokens,
    cache_write_1h: b.cache_write_1h_tokens,
    output: b.output_tokens,
    reasoning: b.reasoning_tokens,
  };
}

/** What the simulator billed for these calls, priced at `price`: the provider's side of an invoice. */
export const billedUsd = (entries: readonly SimLedgerEntry[], price: ModelPrice): number => entries.reduce((sum, e) => sum + attemptCost(billedUsage(e), price).total_usd, 0);
