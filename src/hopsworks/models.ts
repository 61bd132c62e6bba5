// Model registry of a project; the registry id of a project's own registry equals its project id
// (hopsworks-rest.md §3).
import { getIfPresent, seg } from './absent';
import { expectItems, expectList, expectObject, badResponse } from './responseShape';
import type { JsonObject } from './responseShape';
import type { Transport, TransportResponse } from './transport';
import type { ModelVersion } from './types';

const MODEL_NOT_FOUND = 360000;

function isModel(o: JsonObject): boolean {
  return typeof o.name === 'string' && typeof o.version === 'number';
}

function modelsPath(projectId: number): string {
  return `/project/${seg(projectId)}/modelregistries/${seg(projectId)}/models`;
}

function modelList(res: TransportResponse): ModelVersion[] {
  const expected = 'a list of models with "name" and "version"';
  return expectItems<ModelVersion>(res, expectList(res, expected), expected, isModel);
}

/** The newest version of every model in the project's registry. */
export async function listLatestModels(t: Transport, projectId: number): Promise<ModelVersion[]> {
  const res = await t.request({
    method: 'GET',
    path: modelsPath(projectId),
    query: new URLSearchParams({ filter_by: 'latest_version' }),
    scope: 'MODELREGISTRY',
  });
  return modelList(res);
}

/** Every version of one model, newest first (the server has no version sort). */
export async function listModelVersions(
  t: Transport,
  projectId: number,
  name: string,
): Promise<ModelVersion[]> {
  const res = await t.request({
    method: 'GET',
    path: modelsPath(projectId),
    query: new URLSearchParams({ filter_by: `name_eq:${name}` }),
    scope: 'MODELREGISTRY',
  });
  return modelList(res)
    .filter((m) => m.name === name)
    .sort((a, b) => b.version - a.version);
}

/** One model version; undefined when it does not exist (360000). */
export async function getModelVersion(
  t: Transport,
  projectId: number,
  name: string,
  version: number,
): Promise<ModelVersion | undefined> {
  return getIfPresent(
    t,
    {
      path: `${modelsPath(projectId)}/${seg(`${name}_${version}`)}`,
      scope: 'MODELREGISTRY',
      what: `Model "${name}" version ${version}`,
    },
    [MODEL_NOT_FOUND],
    (res) => {
      const o = expectObject(res, 'a model with "name" and "version"');
      if (!isModel(o)) throw badResponse(res, 'a model with "name" and "version"');
      return o as unknown as ModelVersion;
    },
  );
}
