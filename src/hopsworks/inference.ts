// Predictions through Hopsworks' own inference route (hopsworks-rest.md §7), which works on every version.
import { seg } from './absent';
import type { Transport } from './transport';

/** POST `inference/models/{name}:predict`; body such as `{ instances: [[...]] }`. Returns the model's answer. */
export async function predict(
  t: Transport,
  projectId: number,
  deploymentName: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  const res = await t.request({
    ...(signal ? { signal } : {}),
    method: 'POST',
    path: `/project/${seg(projectId)}/inference/models/${seg(deploymentName)}:predict`,
    body,
    scope: 'SERVING',
    what: `Deployment "${deploymentName}"`,
  });
  return res.data;
}
