// A scripted HTTPS server on 127.0.0.1:0 for the REST client's unit tests: each route answers as a Hopsworks
// (or the web container in front of it) would, including answers the sandbox never gives, and every request is
// recorded so that a test checks what crossed the wire.
import { once } from 'node:events';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateTlsMaterial } from '../../sandbox/tls/certs';

export interface SeenRequest {
  method: string;
  /** As sent: path and query, not decoded. */
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** 'drop' cuts the connection without an answer; 'hang' never answers (until the server closes). */
export type Reply = { status: number; body?: unknown; raw?: string; contentType?: string } | 'drop' | 'hang';
/** `nth` counts the requests to this route so far, this one included (1 for the first). */
export type Route = (seen: SeenRequest, nth: number) => Reply;

export interface RouteServer {
  readonly port: number;
  /** The CA that signed the server's certificate, for the client to trust. */
  readonly caPem: string;
  /** Every request so far, oldest first; the same array for the server's life (reset() empties it). */
  readonly seen: SeenRequest[];
  /** Answers `method path` (the decoded path, no query) with `r` until reset(). */
  route(method: string, path: string, r: Route | Reply): void;
  /** Forgets the routes and the requests seen, between tests. */
  reset(): void;
  close(): Promise<void>;
}

// What a request to an unknown path gets: the web container's HTML 404, not a Hopsworks JSON error.
const NO_ROUTE: Reply = { status: 404, raw: '<html>Not Found</html>', contentType: 'text/html' };

const routeKey = (method: string, url: string) =>
  `${method} ${decodeURIComponent(new URL(url, 'https://x').pathname)}`;

export async function startRouteServer(): Promise<RouteServer> {
  const routes = new Map<string, Route>();
  const seen: SeenRequest[] = [];
  const hanging: ServerResponse[] = [];

  function handler(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      const key = routeKey(s.method, s.url);
      const r = routes.get(key);
      const nth = seen.filter((x) => routeKey(x.method, x.url) === key).length;
      const reply = r ? r(s, nth) : NO_ROUTE;
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
      res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
    });
  }

  const material = await generateTlsMaterial('test-client');
  const server = https.createServer({ cert: material.server.certPem, key: material.server.keyPem }, handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    port: (server.address() as AddressInfo).port,
    caPem: material.ca.certPem,
    seen,
    route(method, path, r) {
      routes.set(`${method} ${path}`, typeof r === 'function' ? r : () => r);
    },
    reset() {
      routes.clear();
      seen.length = 0;
    },
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
