import type { OutgoingHttpHeaders } from 'node:http';
import type { Turn } from './engine.js';
import type { Exchange } from './exchange.js';
import type { Delivery } from './ledger.js';

/** How a protocol frames a streamed reply; the timing and the faults are the same for all. */
export interface StreamFraming {
  headers: OutgoingHttpHeaders;
  /** Events sent with the headers, before the model's first token (e.g. Anthropic's message_start). */
  head?(): string;
  /** Events sent just before the first piece of text (e.g. OpenAI's role chunk). */
  opening(): string;
  piece(text: string): string;
  /** An event whose data is not valid JSON. */
  malformed(): string;
  /** Events after the last piece: finish reason, the usage report if any, the end marker. */
  closing(withUsage: boolean): string;
  /**
   * When the client learns how the input split into cached and uncached tokens: with the head
   * (Anthropic's message_start), with every piece (Gemini's chunks), only in the closing usage
   * report (OpenAI), or never (OpenAI without include_usage). Billing depends on it (ledger.ts).
   */
  reportsInput: 'head' | 'pieces' | 'closing' | 'never';
  /** The protocol's in-stream "overloaded" error, which ends a stream that has already begun. */
  overloaded(): string;
}

/**
 * Faults that act before any header, whatever the protocol. Returns the delivery when the request
 * ends there (a reset), null when the reply should go on.
 */
export async function beforeHeaders(ex: Exchange, turn: Turn): Promise<Delivery | null> {
  const fault = turn.fault;
  if (fault?.kind === 'slow_first_byte') await ex.sleepExactly(fault.ms);
  if (ex.closed) return { outcome: 'client_closed', httpStatus: null, deliveredText: '', inputReported: false };
  if (fault?.kind === 'reset') {
    await ex.cut();
    return { outcome: 'reset', httpStatus: null, deliveredText: '' };
  }
  return null;
}

/**
 * When each piece of a reply is due, in simulated ms from the model's start: the first after the
 * time to first token, each later one its generation time after the one before. The stream ends
 * right after the last piece: a reply's true completion time is the last offset.
 */
export function pieceSchedule(firstTokenMs: number, chunkDelaysMs: readonly number[]): number[] {
  const due: number[] = [];
  let at = firstTokenMs;
  for (const [i, delay] of chunkDelaysMs.entries()) {
    if (i > 0) at += delay;
    due.push(at);
  }
  return due.length > 0 ? due : [firstTokenMs];
}

/** Sends headers at once, the first piece after the time to first token, the rest at decoding speed. */
export async function deliverStream(ex: Exchange, turn: Turn, framing: StreamFraming): Promise<Delivery> {
  const { draft, fault } = turn;
  ex.res.writeHead(200, framing.headers);
  if (framing.head) ex.write(framing.head());
  ex.res.flushHeaders();
  const cutAfter = fault?.kind === 'stream_cut' ? fault.after_chunks : Number.POSITIVE_INFINITY;
  const failAfter = fault?.kind === 'overloaded' ? (fault.after_chunks ?? 0) : Number.POSITIVE_INFINITY;
  let delivered = '';
  let inputReported = framing.reportsInput === 'head';
  const gone = (): Delivery => ({ outcome: 'client_closed', httpStatus: 200, deliveredText: delivered, inputReported });
  const cut = async (): Promise<Delivery> => {
    await ex.cut();
    return { outcome: 'cut', httpStatus: 200, deliveredText: delivered, inputReported };
  };
  // An error event ends the stream properly, but the answer is as incomplete as after a cut.
  const fail = (): Delivery => {
    ex.res.end(framing.overloaded());
    return { outcome: 'cut', httpStatus: 200, deliveredText: delivered, inputReported };
  };

  const due = pieceSchedule(draft.firstTokenMs, draft.chunkDelaysMs);
  for (const [i, text] of draft.chunks.entries()) {
    await ex.sleepUntil(due[i] ?? 0);
    if (ex.closed) return gone();
    if (i >= cutAfter) return cut();
    if (i >= failAfter) return fail();
    ex.write((i === 0 ? framing.opening() : '') + framing.piece(text));
    delivered += text;
    if (framing.reportsInput === 'pieces') inputReported = true;
    if (i === 0 && fault?.kind === 'malformed_event') {
      // Nothing after an event that does not parse can be read: the stream is broken there.
      ex.write(framing.malformed());
      return cut();
    }
  }
  if (ex.closed) return gone();
  if (cutAfter <= draft.chunks.length) return cut();
  if (failAfter <= draft.chunks.length) return fail();
  const withUsage = fault?.kind !== 'no_usage';
  ex.res.end(framing.closing(withUsage));
  if (withUsage && framing.reportsInput !== 'never') inputReported = true;
  return { outcome: 'completed', httpStatus: 200, deliveredText: delivered, inputReported };
}

/**
 * Waits for the whole generation, then sends one body, possibly malformed or cut part-way. The
 * client learns the usage only from a whole body that carries it (`usageAlways`: Anthropic's
 * bodies carry it even under a no_usage fault).
 */
export async function deliverWhole(ex: Exchange, turn: Turn, render: (withUsage: boolean) => string, usageAlways = false): Promise<Delivery> {
  const { draft, fault } = turn;
  await ex.sleepUntil(pieceSchedule(draft.firstTokenMs, draft.chunkDelaysMs).at(-1) ?? draft.firstTokenMs);
  if (ex.closed) return { outcome: 'client_closed', httpStatus: null, deliveredText: '', inputReported: false };
  const text = draft.chunks.join('');
  const body = render(fault?.kind !== 'no_usage');
  const half = body.slice(0, Math.floor(body.length / 2));
  if (fault?.kind === 'stream_cut') {
    // Promise the whole body, send half, then break the connection.
    ex.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    ex.write(half);
    await ex.cut();
    return { outcome: 'cut', httpStatus: 200, deliveredText: text, inputReported: false };
  }
  const malformed = fault?.kind === 'malformed_event';
  ex.send(200, malformed ? half : body, { 'content-type': 'application/json' });
  return { outcome: 'completed', httpStatus: 200, deliveredText: text, inputReported: !malformed && (usageAlways || fault?.kind !== 'no_usage') };
}
