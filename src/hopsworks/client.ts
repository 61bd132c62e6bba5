// Entry point of the REST client: one per connection (host, port, key, TLS settings).
import { listProjects, getProjectByName } from './projects';
import { ProjectClient } from './projectClient';
import type { ReadShareOptions } from './readShare';
import { Transport } from './transport';
import type { ProjectInfo, ProjectMembership, ServingVariables } from './types';
import { getBackendVersion, getServingVariables, getVariable } from './variables';

export interface HopsworksClientOptions {
  /** Host name or IP, without scheme or path. */
  host: string;
  port: number;
  /** `<prefix>.<secret>`; never logged, never put in an error. */
  apiKey: string;
  /** Extra CA (PEM) trusted besides the default CAs, for clusters with a private or self-signed CA. */
  caCertPem?: string;
  /** Default true. False accepts any server certificate: an explicit opt-out. */
  verifyTls?: boolean;
  /** Per request (each attempt). Default 30000. */
  timeoutMs?: number;
  /** Extra attempts for GETs after a network failure or 5xx. Default 3. */
  retries?: number;
  /** Receives one line per HTTP request: method, path, status, duration. No headers, no bodies. */
  log?: (line: string) => void;
  /** How the project clients share reads (readShare.ts); tests stop its clock. */
  sharedReads?: ReadShareOptions;
}

function checkOptions(o: HopsworksClientOptions): void {
  if (typeof o.host !== 'string' || o.host.trim() === '') throw new TypeError('The Hopsworks host is empty.');
  if (/[/\s]|^[a-z]+:\/\//i.test(o.host)) {
    throw new TypeError(
      `The Hopsworks host "${o.host}" must be a bare host name or IP, without "https://", a path or spaces.`,
    );
  }
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) {
    throw new TypeError(`The Hopsworks port must be a whole number from 1 to 65535, not ${String(o.port)}.`);
  }
  if (typeof o.apiKey !== 'string' || o.apiKey.trim() === '')
    throw new TypeError('The Hopsworks API key is empty.');
  if (/[\r\n]/.test(o.apiKey)) throw new TypeError('The Hopsworks API key contains a line break.');
  if (o.timeoutMs !== undefined && !(Number.isFinite(o.timeoutMs) && o.timeoutMs > 0)) {
    throw new TypeError('timeoutMs must be a positive number of milliseconds.');
  }
  if (o.retries !== undefined && !(Number.isInteger(o.retries) && o.retries >= 0)) {
    throw new TypeError('retries must be a whole number ≥ 0.');
  }
}

export class HopsworksClient {
  readonly #t: Transport;
  readonly #share: ReadShareOptions;

  constructor(opts: HopsworksClientOptions) {
    checkOptions(opts);
    this.#share = opts.sharedReads ?? {};
    this.#t = new Transport({
      host: opts.host.trim(),
      port: opts.port,
      apiKey: opts.apiKey.trim(),
      verifyTls: opts.verifyTls ?? true,
      timeoutMs: opts.timeoutMs ?? 30_000,
      retries: opts.retries ?? 3,
      ...(opts.caCertPem ? { caCertPem: opts.caCertPem } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  }

  /** `https://host:port` */
  get origin(): string {
    return this.#t.origin;
  }

  /** Version of the Hopsworks backend, e.g. "4.2.1" (no auth needed). */
  getBackendVersion(): Promise<string | undefined> {
    return getBackendVersion(this.#t);
  }
  /** Undefined when the variable is not set on the cluster. */
  getVariable(name: string): Promise<string | undefined> {
    return getVariable(this.#t, name);
  }
  /** Serving limits and features; unset or admin-only variables take SERVING_VARIABLE_DEFAULTS. */
  getServingVariables(): Promise<ServingVariables> {
    return getServingVariables(this.#t);
  }
  /** Throws HopsworksError kind 'notFound' when there is no such project (or the user is not in it). */
  getProjectByName(name: string): Promise<ProjectInfo> {
    return getProjectByName(this.#t, name);
  }
  listProjects(): Promise<ProjectMembership[]> {
    return listProjects(this.#t);
  }
  project(projectId: number, projectName: string): ProjectClient {
    return new ProjectClient(this.#t, projectId, projectName, this.#share);
  }

  /** Ends the client: requests in flight and later calls fail with kind 'unreachable'; sockets are closed. */
  dispose(): void {
    this.#t.dispose();
  }
}
