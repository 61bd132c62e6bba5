// Deployments (model serving) of a project (hopsworks-rest.md §4).
import { getIfPresent, seg } from './absent';
import { HopsworksError } from './errors';
import { badResponse, expectItems, expectList, isObject } from './responseShape';
import type { RequestSpec, Transport, TransportResponse } from './transport';
import type { Deployment, DeploymentLogs, LogsQuery } from './types';

const DEPLOYMENT_NOT_FOUND = 240000;

function servingPath(projectId: number): string {
  return `/project/${seg(projectId)}/serving`;
}

/**
 * Checks one serving object and makes its `status` safe for `normalizeStatus`: a raw string or absent.
 * A status of another JSON type (never seen, but the server's shape is not ours) is dropped → UNKNOWN.
 */
function toDeployment(res: TransportResponse, v: unknown): Deployment {
  if (!isObject(v) || typeof v.name !== 'string' || (v.id !== undefined && typeof v.id !== 'number')) {
    throw badResponse(res, 'a deployment with a "name"');
  }
  if (v.status !== undefined && typeof v.status !== 'string') delete v.status;
  return v as unknown as Deployment;
}

/** Accepts the bare array (4.x backend) and `{count, items}` (as the Python client does). */
export async function listDeployments(t: Transport, projectId: number): Promise<Deployment[]> {
  const res = await t.request({ method: 'GET', path: servingPath(projectId), scope: 'SERVING' });
  return expectList(res, 'a list of deployments').map((d) => toDeployment(res, d));
}

/** A GET that answers one deployment (by id or by name); undefined when the server says it is absent (240000). */
function getOne(
  t: Transport,
  spec: Omit<RequestSpec, 'method' | 'scope'>,
  read: (res: TransportResponse) => Deployment | undefined,
): Promise<Deployment | undefined> {
  return getIfPresent(t, { ...spec, scope: 'SERVING' }, [DEPLOYMENT_NOT_FOUND], read);
}

export async function getDeployment(
  t: Transport,
  projectId: number,
  id: number,
): Promise<Deployment | undefined> {
  return getOne(t, { path: `${servingPath(projectId)}/${seg(id)}`, what: `Deployment ${id}` }, (res) =>
    toDeployment(res, res.data),
  );
}

export async function getDeploymentByName(
  t: Transport,
  projectId: number,
  name: string,
): Promise<Deployment | undefined> {
  const query = new URLSearchParams({ name });
  return getOne(t, { path: servingPath(projectId), query, what: `Deployment "${name}"` }, (res) => {
    // A server that ignores `?name=` answers with the whole list; pick the one asked for.
    if (Array.isArray(res.data) || (isObject(res.data) && !('name' in res.data))) {
      return expectList(res, 'a deployment')
        .map((d) => toDeployment(res, d))
        .find((d) => d.name === name);
    }
    return toDeployment(res, res.data);
  });
}

/**
 * PUT: creates when `d.id` is absent, updates when set (the server merges into what it stored, shared docs
 * §10.1 #1). Returns the deployment as `GET /serving/{id}` shows it right after: the PUT answer carries no
 * state (no status, condition, replicas or paths; §10.1 #2), so it is never read for one. A caller that
 * wants the settled state polls `getDeployment` until the status is no longer transitional.
 */
export async function saveDeployment(t: Transport, projectId: number, d: Deployment): Promise<Deployment> {
  const res = await t.request({
    method: 'PUT',
    path: servingPath(projectId),
    body: d,
    scope: 'SERVING',
    what: d.id !== undefined ? `Deployment "${d.name}"` : undefined,
    action: d.id !== undefined ? 'changing a deployment' : 'creating a deployment',
  });
  const answered = isObject(res.data) && typeof res.data.id === 'number' ? res.data.id : undefined;
  // Older servers may answer 201 with only a Location header; then the name finds it.
  const saved =
    answered !== undefined
      ? await getDeployment(t, projectId, answered)
      : await getDeploymentByName(t, projectId, d.name);
  if (!saved) throw badResponse(res, 'the saved deployment');
  return saved;
}

// No body, so no Content-Type: the endpoint @Consumes JSON and refuses a form-encoded request with 415.
async function action(t: Transport, projectId: number, id: number, act: 'START' | 'STOP'): Promise<void> {
  await t.request({
    method: 'POST',
    path: `${servingPath(projectId)}/${seg(id)}`,
    query: new URLSearchParams({ action: act }),
    scope: 'SERVING',
    what: `Deployment ${id}`,
    action: act === 'START' ? 'starting a deployment' : 'stopping a deployment',
  });
}

export function startDeployment(t: Transport, projectId: number, id: number): Promise<void> {
  return action(t, projectId, id, 'START');
}

export function stopDeployment(t: Transport, projectId: number, id: number): Promise<void> {
  return action(t, projectId, id, 'STOP');
}

export async function deleteDeployment(t: Transport, projectId: number, id: number): Promise<void> {
  await t.request({
    method: 'DELETE',
    path: `${servingPath(projectId)}/${seg(id)}`,
    scope: 'SERVING',
    what: `Deployment ${id}`,
    action: 'deleting a deployment',
  });
}

/**
 * Server logs of a deployment's predictor or transformer (`GET /serving/{id}/logs`, shared docs §10.1 #10):
 * one item per pod with its last `tail` lines, or — 5.x with `source: 'opensearch'` — one item per archived
 * line with its time, filtered by `since`/`until`/`pod`. Servers before 5.0 ignore those four parameters.
 * Refused (404 240027) while the deployment has no pod to read: Creating, Created, Idle, Stopping, Stopped.
 */
export async function getLogs(
  t: Transport,
  projectId: number,
  id: number,
  q: LogsQuery,
): Promise<DeploymentLogs[]> {
  if (!Number.isInteger(q.tail)) {
    throw new HopsworksError({
      kind: 'validation',
      message: `The number of log lines must be a whole number, not ${String(q.tail)}.`,
      method: 'GET',
      path: `${servingPath(projectId)}/${id}/logs`,
    });
  }
  const query = new URLSearchParams({ component: q.component, tail: String(q.tail) });
  if (q.source !== undefined) query.set('source', q.source);
  if (q.since !== undefined) query.set('since', isoTime(q.since));
  if (q.until !== undefined) query.set('until', isoTime(q.until));
  if (q.pod !== undefined) query.set('pod', q.pod);
  const res = await t.request({
    method: 'GET',
    path: `${servingPath(projectId)}/${seg(id)}/logs`,
    query,
    scope: 'SERVING',
    what: `Deployment ${id}`,
  });
  const expected = 'a list of logs with "instanceName" and "content"';
  return expectItems<DeploymentLogs>(
    res,
    expectList(res, expected),
    expected,
    (o) => typeof o.instanceName === 'string' && (o.content === undefined || typeof o.content === 'string'),
  ).map((l) => ({ ...l, content: l.content ?? '' }));
}

function isoTime(v: Date | string): string {
  return typeof v === 'string' ? v : v.toISOString();
}
