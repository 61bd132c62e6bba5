// Cluster variables and the backend version (hopsworks-rest.md §2.3).
import { getIfPresent, seg } from './absent';
import { HopsworksError } from './errors';
import { expectItems, expectList, expectObject } from './responseShape';
import type { Transport } from './transport';
import type { BackendVersion, ServingVariables } from './types';

const VARIABLE_NOT_FOUND = 100050;

/** The `hopsworks` entry of `GET /variables/versions` (no auth), e.g. "4.2.1"; undefined if not listed. */
export async function getBackendVersion(t: Transport): Promise<string | undefined> {
  const res = await t.request({ method: 'GET', path: '/variables/versions', auth: false });
  const items = expectItems<BackendVersion>(
    res,
    expectList(res, 'a list of software versions'),
    'a list of software versions',
    (o) => typeof o.software === 'string',
  );
  const v = items.find((i) => i.software.toLowerCase() === 'hopsworks')?.version;
  return typeof v === 'string' ? v : undefined;
}

/** Value of a cluster variable; undefined when it is not set (404 100050). */
export async function getVariable(t: Transport, name: string): Promise<string | undefined> {
  return getIfPresent(
    t,
    {
      path: `/variables/${seg(name)}`,
      scope: 'PROJECT',
      what: `Variable "${name}"`,
    },
    [VARIABLE_NOT_FOUND],
    (res) => {
      const o = expectObject(res, 'an object with "successMessage"');
      const v = o.successMessage;
      if (v === undefined || v === null) return '';
      return typeof v === 'string' ? v : JSON.stringify(v);
    },
  );
}

/** Defaults when a variable is unset or admin-only: no KServe, no scale-to-zero rule, everything unlimited. */
export const SERVING_VARIABLE_DEFAULTS: Readonly<ServingVariables> = {
  kserveInstalled: false,
  scaleToZeroRequired: false,
  maxInstances: -1,
  maxCores: -1,
  maxMemory: -1,
  maxGpus: -1,
};

async function optionalVariable(t: Transport, name: string): Promise<string | undefined> {
  try {
    return await getVariable(t, name);
  } catch (e) {
    // Some variables are admin-only on some clusters; the form then falls back to defaults.
    if (e instanceof HopsworksError && (e.kind === 'forbidden' || e.kind === 'notFound')) return undefined;
    throw e;
  }
}

function numberOr(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

export async function getServingVariables(t: Transport): Promise<ServingVariables> {
  const [kserve, minInstances, maxInstances, maxCores, maxMemory, maxGpus, domain] = await Promise.all(
    [
      'kube_kserve_installed',
      'kube_serving_min_num_instances',
      'kube_serving_max_num_instances',
      'kube_serving_max_cores_allocation',
      'kube_serving_max_memory_allocation',
      'kube_serving_max_gpus_allocation',
      'kube_knative_domain_name',
    ].map((n) => optionalVariable(t, n)),
  );
  const d = SERVING_VARIABLE_DEFAULTS;
  const out: ServingVariables = {
    kserveInstalled: kserve?.trim().toLowerCase() === 'true',
    scaleToZeroRequired:
      minInstances !== undefined && minInstances.trim() !== '' && Number(minInstances) === 0,
    maxInstances: numberOr(maxInstances, d.maxInstances),
    maxCores: numberOr(maxCores, d.maxCores),
    maxMemory: numberOr(maxMemory, d.maxMemory),
    maxGpus: numberOr(maxGpus, d.maxGpus),
  };
  if (domain && domain.trim() !== '') out.knativeDomain = domain.trim();
  return out;
}
