// The HTTPS front of the sandbox: everything under /hopsworks-api/api goes through the router, with API-key
// authentication per route and both Hopsworks error-body shapes. Nothing it logs contains a credential.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiKeys } from './auth';
import { RestError, SchemaRegistryError, restError } from './errors';
import type { Reply, Router } from './router';
import { serialize } from './router';

export const API_PREFIX = '/hopsworks-api/api';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RestServerOptions {
  port: number;
  certPem: string;
  keyPem: string;
  router: Router;
  keys: ApiKeys;
  log: (line: string) => void;
}

export interface RestServer {
  port: number;
  close(): Promise<void>;
}

export async function startRestServer(opts: RestServerOptions): Promise<RestServer> {
  const server = https.createServer({ cert: opts.certPem, key: opts.keyPem }, (req, res) => {
    handle(opts, req, res).catch((e: unknown) => {
      opts.log(`rest: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, errorReply(restError('UNKNOWN_ERROR')));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(opts: RestServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  let reply: Reply;
  try {
    const body = await readBody(req);
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw notFound();
    const path = url.pathname.slice(API_PREFIX.length);
    const match = opts.router.match(method, path);
    if (match === undefined) throw notFound();
    if (match === 'method')
      throw new RestError(405, 120004, 'Web application exception occurred', 'HTTP 405 Method Not Allowed');
    if (match.route.scope) opts.keys.authorize(req.headers.authorization, match.route.scope);
    reply = await match.route.handler({
      method,
      path,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
  } catch (e) {
    reply = errorReply(e);
    if (!(e instanceof RestError || e instanceof SchemaRegistryError)) {
      opts.log(`rest: ${method} ${url.pathname} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  opts.log(`${method} ${url.pathname} → ${reply.status}`);
  send(res, reply);
}

function notFound(): RestError {
  return new RestError(404, 120004, 'Web application exception occurred', 'HTTP 404 Not Found');
}

function errorReply(e: unknown): Reply {
  if (e instanceof RestError) return { status: e.status, json: e.body(), headers: e.headers };
  if (e instanceof SchemaRegistryError) return { status: e.status, json: e.body() };
  return errorReply(restError('UNKNOWN_ERROR'));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new RestError(
            413,
            120004,
            'Web application exception occurred',
            'HTTP 413 Request Entity Too Large',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.json !== undefined) {
    payload = serialize(reply.json);
    headers['Content-Type'] = 'application/json';
  } else if (reply.text !== undefined) {
    payload = reply.text;
    headers['Content-Type'] = reply.contentType ?? 'text/plain';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
