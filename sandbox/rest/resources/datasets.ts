// The dataset API, as far as a client reads model files (docs/hopsworks-featurestore.md §1): stat and list a
// path (`GET /project/{pid}/dataset/{path}`), download a file (`GET .../dataset/download/with_auth/{path}`).
// Paths resolve the way DatasetPath/DatasetHelper do: relative to the project, or absolute `/Projects/...`;
// a path in another project's dataset (nothing is shared here) is 400 110011, a missing file in an existing
// dataset 400 110018; both endpoints need the DATASET_VIEW scope.
import type { FsEntry } from '../../data/catalog';
import { DATASETS, projectFiles } from '../../data/catalog';
import type { RestContext } from '../context';
import { checkProject, intParam } from '../context';
import { RestError } from '../errors';
import type { Reply, Request, Router } from '../router';
import { json } from '../router';

// RESTCodes.DatasetErrorCode (range 110000): [HTTP status, code, errorMsg].
const DATASET_NOT_FOUND = [400, 110011, 'DataSet not found.'] as const;
const PATH_NOT_FOUND = [400, 110018, 'Path not found'] as const;
const DOWNLOAD_ERROR = [400, 110021, 'Failed to download.'] as const;

function datasetError([status, code, msg]: readonly [number, number, string], usrMsg?: string): RestError {
  return new RestError(status, code, msg, usrMsg);
}

// A query parameter JAX-RS cannot convert to its enum is a 404 before any resource code runs.
function jaxRsNotFound(): RestError {
  return new RestError(404, 120004, 'Web application exception occurred', 'HTTP 404 Not Found');
}

/** Hadoop Path normalisation: repeated slashes collapse, `.` and `..` resolve; undefined when `..` leaves `/`. */
export function normalizePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return `/${out.join('/')}`;
}

interface Resolved {
  fullPath: string;
  entry: FsEntry;
  datasetPath: string;
}

/** The project-relative or absolute path of a request, resolved to a file or folder, or the server's error. */
function resolve(ctx: RestContext, rawPath: string, type: string | null): Resolved {
  if (type !== null && !['DATASET', 'HIVEDB', 'FEATURESTORE'].includes(type)) throw jaxRsNotFound();
  const project = ctx.state.project.name;
  const stripped = rawPath.replace(/^\/+/, '');
  const absolute = stripped === 'Projects' || stripped.startsWith('Projects/');
  const fullPath = normalizePath(absolute ? `/${stripped}` : `/Projects/${project}/${stripped}`);
  // HIVEDB and FEATURESTORE paths live under the Hive warehouse, which holds no dataset of this sandbox.
  const parts = fullPath?.split('/') ?? [];
  const datasetPath = parts.length >= 4 ? parts.slice(0, 4).join('/') : (fullPath ?? rawPath);
  if (
    fullPath === undefined ||
    (type !== null && type !== 'DATASET') ||
    parts[1] !== 'Projects' ||
    parts[2] !== project ||
    !(DATASETS as readonly string[]).includes(parts[3] ?? '')
  ) {
    throw datasetError(DATASET_NOT_FOUND, `path: ${datasetPath}`);
  }
  const files = projectFiles(project, ctx.state.project.created, ctx.state.models);
  const entry = files.find((f) => f.path === fullPath);
  if (!entry) throw datasetError(PATH_NOT_FOUND);
  return { fullPath, entry, datasetPath };
}

function attributes(ctx: RestContext, e: FsEntry, id: number): Record<string, unknown> {
  const { project } = ctx.state;
  const dataset = e.path.split('/')[3] ?? '';
  return {
    name: e.path.slice(e.path.lastIndexOf('/') + 1),
    path: e.path,
    size: e.dir ? 0 : Buffer.byteLength(e.content ?? ''),
    permission: e.dir ? 'rwxrwx--T' : 'rw-rw----',
    modificationTime: e.modified,
    accessTime: e.modified,
    underConstruction: false,
    owner: `${project.name}__${project.username}`,
    group: `${project.name}__${dataset}`,
    dir: e.dir,
    id,
    parentId: id - 1,
  };
}

function inodeDto(ctx: RestContext, e: FsEntry, id: number): Record<string, unknown> {
  return {
    href: `${ctx.apiUrl()}/project/${ctx.state.project.id}/dataset${e.path}`,
    attributes: attributes(ctx, e, id),
    zipState: 'NONE',
  };
}

// Stable ids per path, so a listing and a stat agree.
function inodeId(path: string): number {
  let h = 17;
  for (let i = 0; i < path.length; i++) h = (h * 31 + path.charCodeAt(i)) >>> 0;
  return 100_000 + (h % 900_000);
}

function children(ctx: RestContext, dir: string): FsEntry[] {
  const files = projectFiles(ctx.state.project.name, ctx.state.project.created, ctx.state.models);
  return files.filter((f) => f.path.startsWith(`${dir}/`) && !f.path.slice(dir.length + 1).includes('/'));
}

// `sort_by=NAME:desc`, `ID:asc`, … (InodeSortBy); unknown fields fall back to the name.
function sortEntries(entries: FsEntry[], sortBy: string | null): FsEntry[] {
  const [field = 'ID', dir = 'asc'] = (sortBy ?? 'ID:asc').split(':');
  const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
  const key = (e: FsEntry): string | number =>
    field.toUpperCase() === 'ID' ? inodeId(e.path) : e.path.slice(e.path.lastIndexOf('/') + 1);
  return [...entries].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) * sign;
  });
}

function statOrList(ctx: RestContext, req: Request): Reply {
  checkProject(ctx, req.params.pid);
  const action = (req.query.get('action') ?? 'stat').toUpperCase();
  if (!['STAT', 'LISTING', 'BLOB'].includes(action)) throw jaxRsNotFound();
  const { entry } = resolve(ctx, req.params.path ?? '', req.query.get('type'));
  if (action === 'BLOB') {
    throw new RestError(
      400,
      120004,
      'Web application exception occurred',
      'File previews are not served by the sandbox',
    );
  }
  if (action === 'STAT') return json(200, inodeDto(ctx, entry, inodeId(entry.path)));
  if (!entry.dir) return json(200, { href: inodeDto(ctx, entry, 0).href, count: 0 });
  const all = sortEntries(children(ctx, entry.path), req.query.get('sort_by'));
  const offset = Math.max(0, intParam(req.query.get('offset'), 'offset') ?? 0);
  const limit = intParam(req.query.get('limit'), 'limit');
  const page = all.slice(offset, limit !== undefined && limit >= 0 ? offset + limit : undefined);
  return json(200, {
    href: `${ctx.apiUrl()}/project/${ctx.state.project.id}/dataset${entry.path}`,
    count: all.length,
    items: page.length > 0 ? page.map((e) => inodeDto(ctx, e, inodeId(e.path))) : undefined,
  });
}

function download(ctx: RestContext, req: Request): Reply {
  checkProject(ctx, req.params.pid);
  const { entry, fullPath } = resolve(ctx, req.params.path ?? '', req.query.get('type'));
  // Opening a folder as a stream fails in HopsFS; the server reports it as a failed download.
  if (entry.dir) throw datasetError(DOWNLOAD_ERROR, `Failed to download path: ${fullPath}`);
  // @Produces({APPLICATION_OCTET_STREAM, APPLICATION_JSON}): JAX-RS answers JSON only to a client asking for it.
  const accept = String(req.headers.accept ?? '*/*');
  const jsonOnly = /application\/json/i.test(accept) && !/octet-stream|\*\/\*/i.test(accept);
  return {
    status: 200,
    text: entry.content ?? '',
    contentType: jsonOnly ? 'application/json' : 'application/octet-stream',
    headers: {
      'Content-disposition': `attachment; filename="${fullPath.slice(fullPath.lastIndexOf('/') + 1)}"`,
    },
  };
}

export function registerDatasets(router: Router, ctx: RestContext): void {
  // The literal `download` segment first: it must win over `{path: .+}`, as the longer literal does in JAX-RS.
  router.add('GET', '/project/:pid/dataset/download/with_auth/*path', 'DATASET_VIEW', (req) =>
    download(ctx, req),
  );
  router.add('GET', '/project/:pid/dataset/*path', 'DATASET_VIEW', (req) => statOrList(ctx, req));
}
