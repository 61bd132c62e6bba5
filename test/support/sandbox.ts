// The sandbox as tests use it: every listener on an ephemeral port (tests run concurrently), the Hopsworks
// version from HOPSWORKS_PROFILE (the matrix in scripts/test.mjs runs the suite once per version; default the
// newest), the settings that change what a test sees stated by each caller, small quotas, and two ways to
// talk to its REST API: raw HTTPS, to see exactly what crosses the wire, and the extension's own client.
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { startSandbox } from '../../sandbox/index';
import type { Sandbox, SandboxOptions } from '../../sandbox/index';
import { NEWEST_PROFILE, profile } from '../../sandbox/profiles';
import type { ProfileName } from '../../sandbox/profiles';
import { HopsworksClient } from '../../src/hopsworks/client';
import type { HopsworksClientOptions } from '../../src/hopsworks/client';
import { jsonOr, readReply } from './httpsReply';

/** What a test chooses; the ports are never among it. Both rates are required so no test runs on defaults. */
export interface TestSandboxSettings {
  /** Duration of each transitional deployment state. */
  lifecycleStepMs: number;
  /** Inference-log events per second per Running deployment that logs; 0 = none. */
  trafficPerSecond: number;
  /** Seed of the traffic's values and the drift the traffic starts with (sandbox/data/drift.ts). */
  randomSeed?: SandboxOptions['randomSeed'];
  drift?: SandboxOptions['drift'];
  /** Default: the version of the run (HOPSWORKS_PROFILE). */
  hopsworks?: ProfileName;
  /** Default 10 minutes: no seeded deployment goes Idle while a test file runs unless it asks for it. */
  idleAfterMs?: number;
  /** Default TEST_QUOTAS. */
  quotas?: SandboxOptions['quotas'];
  log?: SandboxOptions['log'];
}

/** The Hopsworks version this test run stands for. */
export const TEST_PROFILE: ProfileName = profile(process.env.HOPSWORKS_PROFILE || NEWEST_PROFILE).name;

/**
 * Small enough that a test can reach them, large enough for every test file's own deployments and topics
 * (a test of a quota starts its own sandbox with tighter ones).
 */
export const TEST_QUOTAS = { topics: 24, deployments: 24, runningDeployments: 16 } as const;

export function startTestSandbox(settings: TestSandboxSettings): Promise<Sandbox> {
  return startSandbox({
    hopsworks: TEST_PROFILE,
    idleAfterMs: 600_000,
    quotas: TEST_QUOTAS,
    ...settings,
    port: 0,
    kafka: { plaintextPort: 0, tlsPort: 0, controlPort: 0 },
  });
}

/** A state a deployment leaves by itself after one lifecycle step. */
export type TransitionalStatus = Parameters<Sandbox['holdState']>[0];

export interface StateHolds {
  /** Keeps deployments in `status` (Sandbox.holdState) until the returned function is called. */
  hold(status: TransitionalStatus): () => void;
  /** Ends every hold still on: in an afterEach, so a failed test leaves no deployment stuck for the next. */
  releaseAll(): void;
}

/**
 * Holds of transitional states for one test file. A state lasts one step (a few hundred ms), which a poll on a
 * loaded machine can miss; held, it lasts until the test has seen what it came for.
 */
export function stateHolds(sandbox: () => Sandbox): StateHolds {
  const open: (() => void)[] = [];
  return {
    hold(status) {
      const release = sandbox().holdState(status);
      open.push(release);
      return release;
    },
    releaseAll() {
      for (const release of open.splice(0)) release();
    },
  };
}

/** The extension's REST client pointed at the sandbox with its full-scope key and its CA. */
export function sandboxClient(
  sb: Sandbox,
  options: Partial<Omit<HopsworksClientOptions, 'host' | 'port'>> = {},
): HopsworksClient {
  return new HopsworksClient({
    host: sb.host,
    port: sb.port,
    apiKey: sb.apiKey,
    caCertPem: sb.caCertPem,
    ...options,
  });
}

export interface RestReply {
  status: number;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  headers: IncomingHttpHeaders;
}

export interface RestRequestOptions {
  /** An object is sent as JSON; a string is sent as it is (to keep formatting a re-serialiser would change). */
  body?: string | object;
  /** The Authorization header; default `ApiKey <full-scope key>`, null = none. */
  auth?: string | null;
  /** The CA trusted for the server's certificate; default the sandbox CA, null = only the system CAs. */
  ca?: string | null;
  /** The Content-Type header; default `application/json`, null = none. */
  contentType?: string | null;
}

/** One HTTPS request to `<baseUrl>/hopsworks-api/api<path>`; any status resolves, only a network or TLS failure rejects. */
export function restRequest(
  sb: Sandbox,
  method: string,
  path: string,
  opts: RestRequestOptions = {},
): Promise<RestReply> {
  const payload =
    typeof opts.body === 'string' || opts.body === undefined ? opts.body : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    const contentType = opts.contentType === undefined ? 'application/json' : opts.contentType;
    if (contentType !== null) headers['Content-Type'] = contentType;
    const auth = opts.auth === undefined ? `ApiKey ${sb.apiKey}` : opts.auth;
    if (auth !== null) headers.Authorization = auth;
    const req = https.request(
      `${sb.baseUrl}/hopsworks-api/api${path}`,
      { method, headers, ...(opts.ca === null ? {} : { ca: opts.ca ?? sb.caCertPem }) },
      (res) => {
        // A body that is not JSON (an error page, an empty reply) leaves `json` undefined; `text` keeps it.
        readReply(res).then(
          ({ status, text, headers }) => resolve({ status, text, json: jsonOr(text, undefined), headers }),
          reject,
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A request under the seeded project (`/project/<id><path>`) with the full-scope key and the sandbox CA. */
export function projectRequest(
  sb: Sandbox,
  method: string,
  path: string,
  body?: string | object,
  opts: Omit<RestRequestOptions, 'body'> = {},
): Promise<RestReply> {
  return restRequest(sb, method, `/project/${sb.projectId}${path}`, { ...opts, body });
}

/**
 * Polls `GET /serving/{id}` until the deployment's status is `status`, and returns that answer (a wait budget,
 * not a timing assertion); the error says the status last seen.
 */
export async function untilServingStatus(
  sb: Sandbox,
  id: number,
  status: string,
  budgetMs = 15_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const answer = (await projectRequest(sb, 'GET', `/serving/${id}`)).json as Record<string, unknown>;
    if (answer.status === status) return answer;
    if (Date.now() > deadline)
      throw new Error(`deployment ${id} is ${String(answer.status)}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
