// One HTTPS conversation with Hopsworks: auth header, timeout, retries, a log line per request, and every
// failure turned into a HopsworksError built from safe fields only. axios errors are never rethrown: their
// config holds the Authorization header.
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import type https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from './backoff';
import { describeHttpError, describeTransportError } from './errorMessages';
import type { ApiScope } from './errorMessages';
import { HopsworksError } from './errors';
import { createHttpsAgent } from './tlsAgent';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface TransportOptions {
  host: string;
  port: number;
  apiKey: string;
  caCertPem?: string;
  verifyTls: boolean;
  timeoutMs: number;
  retries: number;
  log?: (line: string) => void;
}

export interface RequestSpec {
  method: HttpMethod;
  /** Below `/hopsworks-api/api`, segments already URL-encoded, no query string. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Default true; `/variables/versions` is the one call without it. */
  auth?: boolean;
  /** The API-key scope the endpoint needs, named in 403 messages. */
  scope?: ApiScope;
  /** What the request is about, for not-found messages, e.g. `Project "fraud"`. */
  what?: string;
  /** Largest body accepted; a longer one is not read and fails with causeCode `ETOOLARGE` (file downloads). */
  maxBytes?: number;
  /** Resolve with the body text as it came instead of parsing it as JSON (file downloads). */
  responseText?: boolean;
  /** What the request does, for refusals, e.g. `starting a deployment`. */
  action?: string;
  /** Ends the request early (a replay the person cancelled); it then fails with causeCode `CANCELLED`. */
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  data: unknown;
  method: HttpMethod;
  path: string;
  origin: string;
}

// Failures where the request most likely never reached the application, so a GET is safe to repeat.
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

type Attempt =
  | { ok: true; status: number; statusText: string; body: string; contentType: string }
  | { ok: false; code: string };

function errorCodeOf(e: unknown): string {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_CANCELED' && !code.startsWith('ERR_BAD_')) return code;
    const inner = (cur as { errors?: unknown }).errors;
    cur = Array.isArray(inner) && inner.length > 0 ? inner[0] : (cur as { cause?: unknown }).cause;
  }
  // No code at all means a failure we cannot classify; report it rather than guess it is transient.
  return 'EUNKNOWN';
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

interface ParsedErrorBody {
  jsonBody: boolean;
  errorCode?: number;
  errorMsg?: string;
  usrMsg?: string;
}

/** Standard `{errorCode, errorMsg, usrMsg}`, schema-registry `{error_code, message}`, or a bare JSON string. */
export function parseErrorBody(body: string): ParsedErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { jsonBody: false };
  }
  if (typeof parsed === 'string') {
    const msg = nonEmptyString(parsed);
    return msg !== undefined ? { jsonBody: true, errorMsg: msg } : { jsonBody: true };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { jsonBody: false };
  const o = parsed as Record<string, unknown>;
  const out: ParsedErrorBody = { jsonBody: true };
  const code = toNumber(o.errorCode) ?? toNumber(o.error_code);
  const errorMsg = nonEmptyString(o.errorMsg) ?? nonEmptyString(o.message);
  const usrMsg = nonEmptyString(o.usrMsg);
  if (code !== undefined) out.errorCode = code;
  if (errorMsg !== undefined) out.errorMsg = errorMsg;
  if (usrMsg !== undefined) out.usrMsg = usrMsg;
  return out;
}

export class Transport {
  readonly origin: string;
  readonly host: string;
  readonly #apiKey: string;
  readonly #secrets: string[];
  readonly #agent: https.Agent;
  readonly #http: AxiosInstance;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #log: ((line: string) => void) | undefined;
  readonly #closed = new AbortController();

  constructor(o: TransportOptions) {
    const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
    this.host = o.host;
    this.origin = `https://${hostInUrl}:${o.port}`;
    this.#apiKey = o.apiKey;
    // The whole key and its secret half (`<prefix>.<secret>`) are redacted wherever server text is echoed.
    const secretHalf = o.apiKey.slice(o.apiKey.indexOf('.') + 1);
    this.#secrets = [o.apiKey, ...(secretHalf.length >= 6 && secretHalf !== o.apiKey ? [secretHalf] : [])];
    this.#agent = createHttpsAgent({
      verifyTls: o.verifyTls,
      ...(o.caCertPem ? { caCertPem: o.caCertPem } : {}),
    });
    this.#timeoutMs = o.timeoutMs;
    this.#retries = o.retries;
    this.#log = o.log;
    this.#http = axios.create({
      baseURL: `${this.origin}/hopsworks-api/api`,
      adapter: 'http',
      httpsAgent: this.#agent,
      // axios' own proxy support cannot tunnel HTTPS (no CONNECT); talk to the cluster directly.
      proxy: false,
      maxRedirects: 0,
      timeout: o.timeoutMs,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      responseType: 'text',
      // Bodies are parsed here, so HTML error pages and bare strings are seen as they are.
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
    });
  }

  /** True once disposed. */
  get closed(): boolean {
    return this.#closed.signal.aborted;
  }

  /** Ends the transport: aborts requests in flight (no retries), rejects new ones, closes the sockets. */
  dispose(): void {
    this.#closed.abort();
    this.#agent.destroy();
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join('[redacted]');
    return out;
  }

  async request(spec: RequestSpec): Promise<TransportResponse> {
    const path = this.redact(spec.path);
    const retryable = spec.method === 'GET';
    for (let attempt = 0; ; attempt++) {
      const canRetry = retryable && attempt < this.#retries;
      const started = performance.now();
      const result: Attempt = this.#closed.signal.aborted
        ? { ok: false, code: 'CLOSED' }
        : await this.#attempt(spec);
      const ms = Math.round(performance.now() - started);
      const outcome = result.ok ? String(result.status) : result.code;
      this.#log?.(`${spec.method} ${path} ${outcome} ${ms}ms${attempt > 0 ? ` (retry ${attempt})` : ''}`);

      if (!result.ok) {
        if (result.code === 'ETOOLARGE') {
          throw new HopsworksError({
            kind: 'badResponse',
            message: `Hopsworks at ${this.origin} sent more than ${spec.maxBytes ?? 0} bytes for ${spec.method} ${path}; the answer was not read.`,
            method: spec.method,
            path,
            status: 200,
            causeCode: result.code,
          });
        }
        if (result.code === 'CANCELLED') {
          throw new HopsworksError({
            kind: 'unreachable',
            message: `${spec.method} ${path} was cancelled before ${this.origin} answered.`,
            method: spec.method,
            path,
            causeCode: result.code,
          });
        }
        if (canRetry && RETRYABLE_NETWORK_CODES.has(result.code)) {
          await this.#pause(attempt + 1);
          continue;
        }
        const d = describeTransportError({
          origin: this.origin,
          host: this.host,
          method: spec.method,
          path,
          code: result.code,
          timeoutMs: this.#timeoutMs,
        });
        throw new HopsworksError({ ...d, method: spec.method, path, causeCode: result.code });
      }
      if (result.status >= 500 && canRetry) {
        await this.#pause(attempt + 1);
        continue;
      }
      if (result.status < 200 || result.status >= 300) throw this.#httpError(spec, path, result);
      return {
        status: result.status,
        data: spec.responseText ? result.body : this.#parseSuccessBody(spec, path, result),
        method: spec.method,
        path,
        origin: this.origin,
      };
    }
  }

  /** Backoff before a retry; cut short (the next attempt then reports CLOSED) when the transport is disposed. */
  async #pause(retry: number): Promise<void> {
    try {
      await sleep(backoffDelay(retry), undefined, { signal: this.#closed.signal });
    } catch {
      // aborted by dispose()
    }
  }

  async #attempt(spec: RequestSpec): Promise<Attempt> {
    // Without a body there is no Content-Type at all: axios would otherwise label a body-less POST as a
    // form (x-www-form-urlencoded), which a JAX-RS method that @Consumes JSON refuses with 415.
    const headers: Record<string, string | false> = { Accept: 'application/json', 'Content-Type': false };
    if (spec.auth !== false) headers.Authorization = `ApiKey ${this.#apiKey}`;
    let data: string | undefined;
    if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      data = JSON.stringify(spec.body);
    }
    // axios' `timeout` is an idle timeout on the socket; the signal bounds the whole exchange.
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    const signal = AbortSignal.any([deadline, this.#closed.signal, ...(spec.signal ? [spec.signal] : [])]);
    try {
      const res = await this.#http.request<string>({
        method: spec.method,
        url: spec.path,
        ...(spec.query ? { params: spec.query } : {}),
        ...(spec.maxBytes !== undefined ? { maxContentLength: spec.maxBytes } : {}),
        headers,
        data,
        signal,
      });
      const ct = res.headers['content-type'];
      return {
        ok: true,
        status: res.status,
        statusText: res.statusText,
        body: typeof res.data === 'string' ? res.data : '',
        contentType: typeof ct === 'string' ? ct : '',
      };
    } catch (e) {
      if (this.#closed.signal.aborted) return { ok: false, code: 'CLOSED' };
      if (spec.signal?.aborted) return { ok: false, code: 'CANCELLED' };
      if (deadline.aborted) return { ok: false, code: 'TIMEOUT' };
      // axios stops reading once the body passes maxContentLength and says so only in the message.
      if (spec.maxBytes !== undefined && /maxContentLength/.test(e instanceof Error ? e.message : '')) {
        return { ok: false, code: 'ETOOLARGE' };
      }
      const code = errorCodeOf(e);
      return { ok: false, code: code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? 'TIMEOUT' : code };
    }
  }

  #parseSuccessBody(
    spec: RequestSpec,
    path: string,
    r: { status: number; body: string; contentType: string },
  ) {
    if (r.body.trim() === '') return undefined;
    try {
      return JSON.parse(r.body) as unknown;
    } catch {
      const what = /html/i.test(r.contentType) ? 'an HTML page' : 'text that is not JSON';
      throw new HopsworksError({
        kind: 'badResponse',
        message:
          `Hopsworks at ${this.origin} answered ${spec.method} ${path} with ${what}: ` +
          'is this the address of the Hopsworks REST API (host and port)?',
        method: spec.method,
        path,
        status: r.status,
      });
    }
  }

  #httpError(spec: RequestSpec, path: string, r: { status: number; statusText: string; body: string }) {
    const parsed = parseErrorBody(r.body);
    const errorMsg = parsed.errorMsg !== undefined ? this.redact(parsed.errorMsg) : undefined;
    const usrMsg = parsed.usrMsg !== undefined ? this.redact(parsed.usrMsg) : undefined;
    const d = describeHttpError({
      origin: this.origin,
      method: spec.method,
      path,
      status: r.status,
      statusText: r.statusText,
      jsonBody: parsed.jsonBody,
      ...(parsed.errorCode !== undefined ? { errorCode: parsed.errorCode } : {}),
      ...(errorMsg !== undefined ? { errorMsg } : {}),
      ...(usrMsg !== undefined ? { usrMsg } : {}),
      ...(spec.scope ? { scope: spec.scope } : {}),
      ...(spec.what ? { what: this.redact(spec.what) } : {}),
      ...(spec.action ? { action: spec.action } : {}),
    });
    return new HopsworksError({
      kind: d.kind,
      message: this.redact(d.message),
      ...(d.refusal ? { refusal: d.refusal } : {}),
      method: spec.method,
      path,
      status: r.status,
      ...(parsed.errorCode !== undefined ? { errorCode: parsed.errorCode } : {}),
      ...(errorMsg !== undefined ? { errorMsg } : {}),
      ...(usrMsg !== undefined ? { usrMsg } : {}),
    });
  }
}
