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
  /**
   * Whether a usage report telling the input's cached and uncached parts reached the client (see
   * StreamFraming.reportsInput). Absent for a request refused or reset: it bills nothing anyway.
   */
  inputReported?: boolean;
}

/**
 * The billing rule, the same for every protocol, and the one lanebar's adapters apply to what they
 * saw (providers/outcome.ts), so that the journal and the ledger agree token for token:
 * - a request refused with an error status, or reset before any header, bills nothing: it never
 *   reached the model;
 * - a completed reply bills its input tokens and all its output tokens, even when its usage report
 *   was left out or its (non-streamed) body was malformed: the provider still generated it;
 * - a cut or timed-out (client-closed) stream, or one ended by an error event, bills its input
 *   tokens plus the output tokens already sent; the hidden reasoning tokens count once any text was
 *   sent, since they come before it. A malformed event breaks a stream where it stands: it bills
 *   like a cut there. A non-streamed reply is generated whole before its body is written, so a body
 *   cut part-way bills all its output, and a client that hangs up before the body bills only the input;
 * - the cache discount (and the cache-write premium) is billed only when the usage report stating it
 *   reached the client: otherwise every input token is billed at the uncached price. An OpenAI
 *   stream states usage only in its last chunk, so a cut, abandoned or usage-less one is billed all
 *   uncached, as lanebar estimates it; an Anthropic stream states its input at message_start and a
 *   Gemini stream in every chunk, so theirs keep the split. A bill the client cannot check is the
 *   conservative one: lanebar's books never assume a discount nobody reported.
 * What no client can see is hidden reasoning that was never reported: a cut reply from a reasoning
 * model bills it here, and lanebar's estimate (text tokens only) falls short by exactly that.
 */
export function bill(full: SimBilled, delivery: Delivery): SimBilled {
  const input = delivery.inputReported === false ? { ...full, cached_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0 } : full;
  switch (delivery.outcome) {
    case 'refused':
    case 'reset':
      return { ...NOTHING_BILLED };
    case 'completed':
      return { ...input };
    case 'cut':
    case 'client_closed': {
      const sent = delivery.deliveredText;
      const reasoning = sent.length > 0 ? full.reasoning_tokens : 0;
      const output = Math.min(full.output_tokens, reasoning + textTokens(sent));
      return { ...input, output_tokens: output, reasoning_tokens: reasoning };
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
