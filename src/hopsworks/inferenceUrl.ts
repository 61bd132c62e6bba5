// The URL a person sends predictions to through Hopsworks' own route (hopsworks-rest.md §7), built from what the
// server reports: `hopsworksInferencePath` is `/project/{id}/inference/models/{name}` (§10.1 #12), without the
// `/hopsworks-api/api` prefix and without the verb, so it is not usable as it comes.
import type { Deployment } from './types';

export const API_PREFIX = '/hopsworks-api/api';

/**
 * `https://host:port/hopsworks-api/api/project/{id}/inference/models/{name}:predict`. `origin` is the connection's
 * `https://host:port`; the path the server reports wins over the one the Python client would build.
 */
export function inferenceUrl(
  origin: string,
  projectId: number,
  d: Pick<Deployment, 'name' | 'hopsworksInferencePath'>,
  verb: 'predict' | 'classify' | 'regress' = 'predict',
): string {
  const reported = d.hopsworksInferencePath?.trim();
  let url: string;
  if (reported && /^https?:\/\//i.test(reported)) {
    url = reported;
  } else {
    let path = reported ? (reported.startsWith('/') ? reported : `/${reported}`) : undefined;
    path ??= `/project/${projectId}/inference/models/${encodeURIComponent(d.name)}`;
    url = `${origin.replace(/\/+$/, '')}${path.startsWith(`${API_PREFIX}/`) ? '' : API_PREFIX}${path}`;
  }
  // A path that already names its verb (`…/fraud:predict`) keeps it.
  return /:[a-z]+$/i.test(url.slice(url.lastIndexOf('/'))) ? url : `${url}:${verb}`;
}
