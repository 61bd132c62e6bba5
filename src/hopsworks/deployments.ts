// Deployments (model serving) of a project (hopsworks-rest.md §4).
import { seg, undefinedIfAbsent } from './absent';
import { badResponse, expectList, isObject } from './responseShape';
import type { Transport, TransportResponse } from './transport';
import type { Deployment } from './types';

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

export async function getDeployment(
  t: Transport,
  projectId: number,
  id: number,
): Promise<Deployment | undefined> {
  return undefinedIfAbsent(
    (async () => {
      const res = await t.request({
        method: 'GET',
        path: `${servingPath(projectId)}/${seg(id)}`,
        scope: 'SERVING',
        what: `Deployment ${id}`,
      });
      return toDeployment(res, res.data);
    })(),
    [DEPLOYMENT_NOT_FOUND],
  );
}

export async function getDeploymentByName(
  t: Transport,
  projectId: number,
  name: string,
): Promise<Deployment | undefined> {
  return undefinedIfAbsent(
    (async () => {
      const res = await t.request({
        method: 'GET',
        path: servingPath(projectId),
        query: new URLSearchParams({ name }),
        scope: 'SERVING',
        what: `Deployment "${name}"`,
      });
      // A server that ignores `?name=` answers with the whole list; pick the one asked for.
      if (Array.isArray(res.data) || (isObject(res.data) && !('name' in res.data))) {
        return expectList(res, 'a deployment')
          .map((d) => toDeployment(res, d))
          .find((d) => d.name === name);
      }
      return toDeployment(res, res.data);
    })(),
    [DEPLOYMENT_NOT_FOUND],
  );
}

/** PUT: creates when `d.id` is absent, updates (full replace) when set. Returns the saved object. */
export async function saveDeployment(t: Transport, projectId: number, d: Deployment): Promise<Deployment> {
  const res = await t.request({
    method: 'PUT',
    path: servingPath(projectId),
    body: d,
    scope: 'SERVING',
    what: d.id !== undefined ? `Deployment "${d.name}"` : undefined,
  });
  if (res.data !== undefined) return toDeployment(res, res.data);
  // Older servers may answer 201 with only a Location header; read back what was saved.
  const saved = await getDeploymentByName(t, projectId, d.name);
  if (!saved) throw badResponse(res, 'the saved deployment');
  return saved;
}

async function action(t: Transport, projectId: number, id: number, act: 'START' | 'STOP'): Promise<void> {
  await t.request({
    method: 'POST',
    path: `${servingPath(projectId)}/${seg(id)}`,
    query: new URLSearchParams({ action: act }),
    scope: 'SERVING',
    what: `Deployment ${id}`,
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
  });
}
