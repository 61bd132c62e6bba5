// What every REST resource of the sandbox works with, and the project-path check they share.
import type { DriftSwitch } from '../data/drift';
import type { KafkaBroker } from '../kafka/broker';
import type { Pods } from '../serving/pods';
import type { ServingCalls } from '../traffic/calls';
import type { InferenceLogger } from '../traffic/inferenceLogger';
import { projectNotFoundByFilter, restError } from './errors';
import type { Lifecycle } from './lifecycle';
import type { SandboxState } from './state';

export interface ProjectCredentials {
  caChain: string;
  clientCert: string;
  clientKey: string;
  password: string;
}

export interface RestContext {
  state: SandboxState;
  lifecycle: Lifecycle;
  broker: KafkaBroker;
  credentials: ProjectCredentials;
  /** `https://127.0.0.1:<port>/hopsworks-api/api`, for `href` fields and `Location` headers */
  apiUrl(): string;
  /** writes inference-log events, as the cluster's logger does */
  inferenceLogger: InferenceLogger;
  /** shifts of the generated traffic's features (sandbox/data/drift.ts) */
  drift: DriftSwitch;
  /** the pods of each deployment and what they printed */
  pods: Pods;
  /** one request to a deployment: answer, server-log lines and inference-log events */
  calls: ServingCalls;
  log(line: string): void;
}

/**
 * Resolves `{pid}` of a `/project/{pid}/...` path; any other id is an unknown project, which ProjectAuthFilter
 * answers with 404 150004 (server.ts applies it before the handler; this keeps handlers safe on their own).
 */
export function checkProject(ctx: RestContext, pid: string | undefined): number {
  if (pid === undefined || String(ctx.state.project.id) !== pid) throw projectNotFoundByFilter();
  return ctx.state.project.id;
}

export function projectUrl(ctx: RestContext): string {
  return `${ctx.apiUrl()}/project/${ctx.state.project.id}`;
}

/** Java-style integer path/query parameter: anything that is not an integer is a 400 from JAX-RS. */
export function intParam(value: string | null | undefined, name: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw restError('WEBAPPLICATION', `Parameter '${name}' must be an integer`);
  return Number(value);
}

/** offset/limit pagination, as `api/util/Pagination` applies it. */
export function paginate<T>(items: T[], query: URLSearchParams): T[] {
  const offset = Math.max(0, intParam(query.get('offset'), 'offset') ?? 0);
  const limit = intParam(query.get('limit'), 'limit');
  return items.slice(offset, limit !== undefined && limit >= 0 ? offset + limit : undefined);
}

/** RestDTO collection: `items` left out when empty. */
export function collection<T>(href: string, items: T[], count = items.length): Record<string, unknown> {
  return { href, count, items: items.length > 0 ? items : undefined };
}

/** The page of `all` that `offset`/`limit` ask for, as a collection whose `count` is the size of `all`. */
export function pagedCollection<T, D>(
  href: string,
  all: T[],
  query: URLSearchParams,
  toDto: (item: T) => D,
): Record<string, unknown> {
  return collection(href, paginate(all, query).map(toDto), all.length);
}
