import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Arrival } from './engine.js';

/** How early a reply piece's timer wakes before the piece is due; the rest is checked turn by turn. */
const TIMER_SLACK_MS = 2;

/** Large enough for long prompts, small enough that a runaway client cannot exhaust memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BodyError extends Error {}

/**
 * One HTTP request and its response, with the few things every protocol needs: reading a JSON
 * body, sleeping in simulated time (cut short when the client hangs up), and breaking the socket.
 */
export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly arrival: Arrival;
  readonly #latencyScale: number;
  readonly #closed = new AbortController();
  #flushed: Promise<void> = Promise.resolve();
  /**
   * When the simulated model's clock started: when the request arrived, or after a scripted delay.
   * Simulated latencies count from here, so the time spent reading the body and deciding the reply
   * is part of them (as a real provider's is), not added on top.
   */
  #modelStart = performance.now();

  constructor(req: IncomingMessage, res: ServerResponse, arrival: Arrival, latencyScale: number) {
    this.req = req;
    this.res = res;
    this.arrival = arrival;
    this.#latencyScale = latencyScale;
    res.on('close', () => this.#closed.abort());
  }

  /** True once the connection is gone: the client hung up, or the simulator cut it. */
  get closed(): boolean {
    return this.#closed.signal.aborted;
  }

  /**
   * Sleeps until `ms` of simulated time (scaled) after the model's clock started; returns early if
   * the connection closes. Every piece of a reply is due at its own offset from that one start, so
   * a timer firing late delays that piece only and never the ones after it.
   */
  sleepUntil(ms: number): Promise<void> {
    const due = this.#modelStart + ms * this.#latencyScale;
    if (this.closed || performance.now() >= due) return Promise.resolve();
    const signal = this.#closed.signal;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let immediate: NodeJS.Immediate | undefined;
      const done = (): void => {
        clearTimeout(timer);
        clearImmediate(immediate);
        signal.removeEventListener('abort', done);
        resolve();
      };
      // A timer fires up to a millisecond or so off (whole-millisecond clock, cached loop time):
      // it wakes the piece just before it is due, and the last stretch is checked each turn of the loop.
      const check = (): void => {
        if (performance.now() >= due) done();
        else immediate = setImmediate(check);
      };
      const coarse = due - performance.now() - TIMER_SLACK_MS;
      if (coarse > 0) timer = setTimeout(check, coarse);
      else check();
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Sleeps real time, unscaled: for scripted delays, which tests use to trigger client timeouts. */
  async sleepExactly(ms: number): Promise<void> {
    await this.#sleepFor(ms);
    // A scripted delay comes before the model starts: its simulated latencies count from now.
    this.#modelStart = Math.max(this.#modelStart, performance.now());
  }

  #sleepFor(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    const signal = this.#closed.signal;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async readJson(): Promise<unknown> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of this.req as AsyncIterable<Buffer>) {
      size += part.length;
      if (size > MAX_BODY_BYTES) throw new BodyError(`request body is larger than ${MAX_BODY_BYTES} bytes`);
      parts.push(part);
    }
    try {
      return JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
    } catch {
      throw new BodyError('the request body is not valid JSON');
    }
  }

  sendJson(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
    this.send(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  }

  send(status: number, body: string, headers: OutgoingHttpHeaders): void {
    if (this.closed) return;
    this.res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
    this.res.end(body);
  }

  /** Writes part of a body; `cut` waits for it to reach the socket, so a cut happens after it. */
  write(data: string): void {
    if (this.closed) return;
    this.#flushed = new Promise((resolve) => this.res.write(data, () => resolve()));
  }

  /** Breaks the connection without a proper end, as a crashed upstream or a network fault does. */
  async cut(): Promise<void> {
    await this.#flushed;
    this.req.socket.destroy();
  }
}
