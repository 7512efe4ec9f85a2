import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Arrival } from './engine.js';

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

  /** Sleeps `ms` of simulated time, scaled by latencyScale; returns early if the connection closes. */
  sleep(ms: number): Promise<void> {
    return this.sleepExactly(ms * this.#latencyScale);
  }

  /** Sleeps real time, unscaled: for scripted delays, which tests use to trigger client timeouts. */
  sleepExactly(ms: number): Promise<void> {
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
