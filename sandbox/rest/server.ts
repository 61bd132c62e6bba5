// The HTTPS front of the sandbox: everything under /hopsworks-api/api goes through the router, in the order a
// JAX-RS server applies its checks — path and method, `@Consumes` (415), the API key and its scope
// (ApiKeyFilter), the project and the caller's role in it (ProjectAuthFilter) — then the handler, with both
// Hopsworks error-body shapes. Nothing it logs contains a credential.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectRole } from '../types';
import type { ApiKeys } from './auth';
import { RestError, SchemaRegistryError, restError, webApplicationError } from './errors';
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
  /** The user's role in project `pid` (a path segment); throws the filter's 404 for an unknown project. */
  projectRole(pid: string, username: string): ProjectRole | undefined;
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
    if (match === 'method') throw webApplicationError(405);
    const { route, params } = match;
    if (route.consumesJson && !isJsonOrAbsent(req.headers['content-type'])) throw webApplicationError(415);
    const user = route.scope ? opts.keys.authorize(req.headers.authorization, route.scope) : undefined;
    if (user !== undefined && params.pid !== undefined) {
      const role = opts.projectRole(params.pid, user);
      if (role === undefined) throw restError('NO_ROLE_FOUND');
      if (route.ownerOnly && role !== 'Data owner') throw restError('PROJECT_ROLE_FORBIDDEN');
    }
    reply = await route.handler({
      method,
      path,
      params,
      query: url.searchParams,
      headers: req.headers,
      body,
      user,
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
  return webApplicationError(404);
}

// JAX-RS matches `@Consumes(application/json)` on the media type alone (parameters such as charset do not
// count); a request without a Content-Type is matched too.
function isJsonOrAbsent(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true;
  return (contentType.split(';')[0] ?? '').trim().toLowerCase() === 'application/json';
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
        reject(webApplicationError(413));
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
