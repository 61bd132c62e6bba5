// The dataset API (HopsFS files), as hsml reads a model version's files (docs/hopsworks-featurestore.md §1):
// stat the path (`GET /project/{pid}/dataset/{path}`), then download it
// (`GET /project/{pid}/dataset/download/with_auth/{path}?type=DATASET`). Both need the DATASET_VIEW scope.
import { seg } from './absent';
import { HopsworksError } from './errors';
import type { Inode } from './featureStoreTypes';
import { expectObject } from './responseShape';
import type { RequestSpec, Transport, TransportResponse } from './transport';

// RESTCodes.DatasetErrorCode
export const DATASET_NOT_FOUND = 110011;
export const PATH_NOT_FOUND = 110018;
export const DOWNLOAD_ERROR = 110021;
export const DOWNLOAD_NOT_ALLOWED = 110048;

/** A HopsFS path as URL segments, each encoded (JAX-RS' `{path: .+}` decodes them back). */
function pathSegments(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(seg)
    .join('/');
}

/** The same error with a message that says what it means for this path. */
function restate(e: HopsworksError, message: string, kind = e.kind): HopsworksError {
  return new HopsworksError({
    kind,
    message,
    method: e.method,
    path: e.path,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.errorCode !== undefined ? { errorCode: e.errorCode } : {}),
    ...(e.errorMsg !== undefined ? { errorMsg: e.errorMsg } : {}),
    ...(e.usrMsg !== undefined ? { usrMsg: e.usrMsg } : {}),
    ...(e.causeCode !== undefined ? { causeCode: e.causeCode } : {}),
  });
}

/** Turns the dataset API's own codes into sentences; anything else passes unchanged. */
function explain(e: unknown, path: string, projectName: string): unknown {
  if (!(e instanceof HopsworksError)) return e;
  if (e.errorCode === DATASET_NOT_FOUND) {
    return restate(
      e,
      `${path} is not in a dataset of project "${projectName}" (or one shared with it), so Hopsworks does not serve it.`,
      'notFound',
    );
  }
  if (e.errorCode === DOWNLOAD_NOT_ALLOWED) {
    return restate(
      e,
      `Downloading files is turned off on this Hopsworks cluster, so ${path} cannot be read: ask the administrator.`,
      'forbidden',
    );
  }
  if (e.errorCode === DOWNLOAD_ERROR) {
    return restate(e, `Hopsworks could not read ${path}${e.usrMsg ? ` (${e.usrMsg})` : ''}.`, 'server');
  }
  return e;
}

function isAbsent(e: unknown): boolean {
  return e instanceof HopsworksError && e.status === 400 && e.errorCode === PATH_NOT_FOUND;
}

/**
 * GETs `spec`, a dataset API call about `path`, and reads the answer; undefined when nothing is at `path`
 * (400 110018). A body refused for its size, and the dataset API's own codes, are restated for `path`.
 */
async function datasetGet<T>(
  t: Transport,
  projectName: string,
  path: string,
  spec: Omit<RequestSpec, 'method' | 'scope'>,
  read: (res: TransportResponse) => T,
): Promise<T | undefined> {
  try {
    return read(await t.request({ method: 'GET', ...spec, scope: 'DATASET_VIEW' }));
  } catch (e) {
    if (isAbsent(e)) return undefined;
    // Only a call with a size limit can be refused for its size (the stat has none).
    if (spec.maxBytes !== undefined && e instanceof HopsworksError && e.causeCode === 'ETOOLARGE') {
      throw restate(e, `${path} is larger than ${spec.maxBytes} bytes; it was not downloaded.`);
    }
    throw explain(e, path, projectName);
  }
}

/** File or folder metadata; undefined when nothing is at `path` (400 110018). */
export async function statPath(
  t: Transport,
  projectId: number,
  projectName: string,
  path: string,
): Promise<Inode | undefined> {
  const spec = { path: `/project/${seg(projectId)}/dataset/${pathSegments(path)}` };
  return datasetGet(t, projectName, path, spec, (res) => expectObject(res, 'file metadata (an inode)'));
}

/**
 * A file's content as text, refused beyond `maxBytes` (the body is not read past it); undefined when the file
 * is gone (400 110018).
 */
export async function downloadText(
  t: Transport,
  projectId: number,
  projectName: string,
  path: string,
  maxBytes: number,
): Promise<string | undefined> {
  const spec = {
    path: `/project/${seg(projectId)}/dataset/download/with_auth/${pathSegments(path)}`,
    query: new URLSearchParams({ type: 'DATASET' }),
    maxBytes,
    responseText: true,
  };
  return datasetGet(t, projectName, path, spec, (res) => (typeof res.data === 'string' ? res.data : ''));
}
