import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimEngine } from './engine.js';
import { Exchange } from './exchange.js';

/** One endpoint of one wire protocol. */
export interface Route {
  method: string;
  path: RegExp;
  handle(ex: Exchange, engine: SimEngine, match: RegExpMatchArray): Promise<void>;
}

export interface SimServer {
  url: string;
  close(): Promise<void>;
  maxInFlight(): number;
}

export interface ServeOptions {
  port: number;
  latencyScale: number;
}

/** Serves the protocols' routes on 127.0.0.1 only: the simulator is a local test double, never a public service. */
export async function serve(engine: SimEngine, routes: readonly Route[], opts: ServeOptions): Promise<SimServer> {
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const arrival = engine.arrive();
    res.setHeader('x-request-id', arrival.requestId);
    const ex = new Exchange(req, res, arrival, opts.latencyScale);
    void dispatch(ex, engine, routes).catch((err: unknown) => {
      // A bug in the simulator must not take the harness down with it; the client sees a 500.
      if (res.headersSent) void ex.cut();
      else ex.sendJson(500, { error: { message: `simulator error: ${String(err)}`, type: 'server_error', param: null, code: null } });
    });
  });

  // Outlive the client's idle keep-alive (undici: 4 s), so the client always closes an idle
  // connection first and never reuses one the server is closing at that moment (a spurious reset).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Clients keep connections alive; without this, close would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function dispatch(ex: Exchange, engine: SimEngine, routes: readonly Route[]): Promise<void> {
  const path = new URL(ex.req.url ?? '/', 'http://sim').pathname;
  for (const route of routes) {
    const match = path.match(route.path);
    if (match && ex.req.method === route.method) return route.handle(ex, engine, match);
  }
  ex.sendJson(404, {
    error: { message: `Invalid URL (${ex.req.method ?? ''} ${path})`, type: 'invalid_request_error', param: null, code: null },
  });
}
