// A small method + path router for the sandbox's REST API. Paths are matched segment by segment after
// percent-decoding, as JAX-RS does, so `/kafka/topics/a%2Eb` and `/kafka/topics/a.b` are the same topic.
import type { IncomingHttpHeaders } from 'node:http';
import type { Scope } from './auth';

export interface Request {
  method: string;
  /** path below /hopsworks-api/api, raw (still percent-encoded) */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** raw request body as text ('' when none) */
  body: string;
  /** the authenticated user (the API key's owner); undefined on routes without authentication */
  user?: string;
}

export interface Reply {
  status: number;
  /** JSON body; serialised with null fields omitted (Jackson NON_NULL) */
  json?: unknown;
  /** literal body, for text/plain endpoints */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: Request) => Reply | Promise<Reply>;

/** What the JAX-RS annotations of the real method say besides the scope. */
export interface RouteOptions {
  /** `@Consumes(MediaType.APPLICATION_JSON)`: a request with another Content-Type gets 415. */
  consumesJson?: boolean;
  /** `@AllowedProjectRoles({DATA_OWNER})`: a Data scientist gets 403. Default: both roles. */
  ownerOnly?: boolean;
}

export interface Route extends RouteOptions {
  method: string;
  segments: string[];
  /** API-key scope the endpoint needs; null = no authentication (e.g. /variables/versions) */
  scope: Scope | null;
  handler: Handler;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  /**
   * `pattern` like `/project/:pid/serving/:id`; a `:name` segment matches one path segment, a last `*name`
   * segment the rest of the path (one or more segments, joined with `/`), as JAX-RS' `{name: .+}` does.
   */
  add(
    method: string,
    pattern: string,
    scope: Scope | null,
    handler: Handler,
    options: RouteOptions = {},
  ): this {
    this.routes.push({ method, segments: split(pattern), scope, handler, ...options });
    return this;
  }

  /** Returns the matching route, or `'method'` when only the method differs, or undefined. */
  match(method: string, path: string): Match | 'method' | undefined {
    let segments: string[];
    try {
      segments = split(path).map((s) => decodeURIComponent(s));
    } catch {
      return undefined;
    }
    let methodMismatch = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route, params };
    }
    return methodMismatch ? 'method' : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  const rest = pattern.length > 0 && (pattern[pattern.length - 1] as string).startsWith('*');
  if (rest ? actual.length < pattern.length : pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (rest && i === pattern.length - 1) {
      params[p.slice(1)] = actual.slice(i).join('/');
      break;
    }
    if (p.startsWith(':')) params[p.slice(1)] = a;
    else if (p !== a) return undefined;
  }
  return params;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, json: body, headers };
}

export function empty(status: number): Reply {
  return { status };
}

/** JSON.stringify that drops null members, like Hopsworks' Jackson config (NON_NULL). */
export function serialize(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value === null ? undefined : value));
}
