import type { SimBilled, SimLedgerEntry, SimOutcome } from '../../schema/sim.js';
import { textTokens } from '../../core/tokens.js';

export const NOTHING_BILLED: SimBilled = Object.freeze({
  prompt_tokens: 0,
  cached_tokens: 0,
  cache_write_5m_tokens: 0,
  cache_write_1h_tokens: 0,
  output_tokens: 0,
  reasoning_tokens: 0,
});

/** How a reply left the simulator, as far as billing cares. */
export interface Delivery {
  outcome: SimOutcome;
  /** Null when the socket was reset before any header. */
  httpStatus: number | null;
  /** Content already sent when a reply was cut or abandoned; output tokens are billed from it. */
  deliveredText: string;
}

/**
 * The billing rule, the same for every protocol:
 * - a request refused with an error status, or reset before any header, bills nothing: it never
 *   reached the model;
 * - a completed reply bills its input tokens and all its output tokens, even when its usage report
 *   was left out or an event was malformed (the provider still generated it);
 * - a cut or timed-out (client-closed) stream, or one ended by an error event, bills its input
 *   tokens (cache reads and writes included) plus the output tokens already sent; the hidden reasoning tokens count once any text was sent, since they come before it. A
 *   non-streamed reply is generated whole before its body is written, so a body cut part-way bills
 *   all its output, and a client that hangs up before the body bills only the input.
 */
export function bill(full: SimBilled, delivery: Delivery): SimBilled {
  switch (delivery.outcome) {
    case 'refused':
    case 'reset':
      return { ...NOTHING_BILLED };
    case 'completed':
      return { ...full };
    case 'cut':
    case 'client_closed': {
      const sent = delivery.deliveredText;
      const reasoning = sent.length > 0 ? full.reasoning_tokens : 0;
      const output = Math.min(full.output_tokens, reasoning + textTokens(sent));
      return { ...full, output_tokens: output, reasoning_tokens: reasoning };
    }
  }
}

/** Every request the simulator answered, in order of arrival. */
export class Ledger {
  readonly #entries: SimLedgerEntry[] = [];

  record(entry: SimLedgerEntry): void {
    this.#entries.push(entry);
  }

  entries(): SimLedgerEntry[] {
    return [...this.#entries].sort((a, b) => a.seq - b.seq);
  }
}
