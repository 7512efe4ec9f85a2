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
  if (ex.closed) return { outcome: 'client_closed', httpStatus: null, deliveredText: '' };
  if (fault?.kind === 'reset') {
    await ex.cut();
    return { outcome: 'reset', httpStatus: null, deliveredText: '' };
  }
  return null;
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
  const gone = (): Delivery => ({ outcome: 'client_closed', httpStatus: 200, deliveredText: delivered });
  const cut = async (): Promise<Delivery> => {
    await ex.cut();
    return { outcome: 'cut', httpStatus: 200, deliveredText: delivered };
  };
  // An error event ends the stream properly, but the answer is as incomplete as after a cut.
  const fail = (): Delivery => {
    ex.res.end(framing.overloaded());
    return { outcome: 'cut', httpStatus: 200, deliveredText: delivered };
  };

  await ex.sleep(draft.firstTokenMs);
  for (const [i, text] of draft.chunks.entries()) {
    if (i > 0) await ex.sleep(draft.chunkDelaysMs[i] ?? 0);
    if (ex.closed) return gone();
    if (i >= cutAfter) return cut();
    if (i >= failAfter) return fail();
    ex.write((i === 0 ? framing.opening() : '') + framing.piece(text));
    delivered += text;
    if (i === 0 && fault?.kind === 'malformed_event') ex.write(framing.malformed());
  }
  if (ex.closed) return gone();
  if (cutAfter <= draft.chunks.length) return cut();
  if (failAfter <= draft.chunks.length) return fail();
  ex.res.end(framing.closing(fault?.kind !== 'no_usage'));
  return { outcome: 'completed', httpStatus: 200, deliveredText: delivered };
}

/** Waits for the whole generation, then sends one body, possibly malformed or cut part-way. */
export async function deliverWhole(ex: Exchange, turn: Turn, render: (withUsage: boolean) => string): Promise<Delivery> {
  const { draft, fault } = turn;
  await ex.sleep(draft.firstTokenMs + draft.chunkDelaysMs.reduce((a, b) => a + b, 0));
  if (ex.closed) return { outcome: 'client_closed', httpStatus: null, deliveredText: '' };
  const text = draft.chunks.join('');
  const body = render(fault?.kind !== 'no_usage');
  const half = body.slice(0, Math.floor(body.length / 2));
  if (fault?.kind === 'stream_cut') {
    // Promise the whole body, send half, then break the connection.
    ex.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    ex.write(half);
    await ex.cut();
    return { outcome: 'cut', httpStatus: 200, deliveredText: text };
  }
  ex.send(200, fault?.kind === 'malformed_event' ? half : body, { 'content-type': 'application/json' });
  return { outcome: 'completed', httpStatus: 200, deliveredText: text };
}
