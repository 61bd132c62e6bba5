// A model version's JSON files, read the way hsml's `Model.model_schema` and `Model.input_example` read them
// (model_engine `_read_json`): `<version path>/model_schema.json` or `input_example.json`, checked for
// existence, then downloaded. The model JSON's `modelSchema`/`inputExample` are only file references (InodeDTO
// hrefs, present whether or not the file exists), so the file itself is what tells.
import { downloadText, statPath } from './datasets';
import { HopsworksError } from './errors';
import type { ModelSchema } from './featureStoreTypes';
import type { Transport } from './transport';
import type { ModelVersion } from './types';

/** Neither file is meant to be large; this bounds what one read may hold in memory. */
export const MODEL_FILE_MAX_BYTES = 1024 * 1024;

export type ModelRef = Pick<ModelVersion, 'name' | 'version' | 'projectName'>;

/** `/Projects/{project}/Models/{name}/{version}` (hsml `Model.version_path`); a shared registry's project wins. */
export function modelVersionPath(projectName: string, model: ModelRef): string {
  return `/Projects/${model.projectName ?? projectName}/Models/${model.name}/${model.version}`;
}

function fileError(path: string, message: string): HopsworksError {
  return new HopsworksError({ kind: 'badResponse', message, method: 'GET', path });
}

/** Parsed JSON of one file of the model version; undefined when the version has no such file. */
export async function readModelJson(
  t: Transport,
  projectId: number,
  projectName: string,
  model: ModelRef,
  fileName: string,
  maxBytes = MODEL_FILE_MAX_BYTES,
): Promise<unknown> {
  const path = `${modelVersionPath(projectName, model)}/${fileName}`;
  const what = `${fileName} of model ${model.name} version ${model.version}`;
  const inode = await statPath(t, projectId, projectName, path);
  if (!inode) return undefined;
  if (inode.attributes?.dir === true) throw fileError(path, `${what} is a folder, not a file.`);
  const size = inode.attributes?.size;
  if (typeof size === 'number' && size > maxBytes) {
    throw fileError(
      path,
      `${what} is ${size} bytes, more than the ${maxBytes} bytes read; it was not downloaded.`,
    );
  }
  const text = await downloadText(t, projectId, projectName, path, maxBytes);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw fileError(path, `${what} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
}

function isSchemaPart(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const columns = o.columnar_schema;
  const tensors = o.tensor_schema;
  const typed = (x: unknown) =>
    typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>).type === 'string';
  if (columns !== undefined && !(Array.isArray(columns) && columns.every(typed))) return false;
  if (tensors !== undefined && !(Array.isArray(tensors) ? tensors.every(typed) : typed(tensors)))
    return false;
  return true;
}

/** The version's `model_schema.json`; undefined when it has none. A file of another shape is an error. */
export async function getModelSchema(
  t: Transport,
  projectId: number,
  projectName: string,
  model: ModelRef,
): Promise<ModelSchema | undefined> {
  const json = await readModelJson(t, projectId, projectName, model, 'model_schema.json');
  if (json === undefined) return undefined;
  const o = json as Record<string, unknown>;
  if (
    typeof json !== 'object' ||
    json === null ||
    Array.isArray(json) ||
    !isSchemaPart(o.input_schema) ||
    !isSchemaPart(o.output_schema)
  ) {
    throw fileError(
      `${modelVersionPath(projectName, model)}/model_schema.json`,
      `model_schema.json of model ${model.name} version ${model.version} is not a model schema ` +
        '(expected {"input_schema": {"columnar_schema" | "tensor_schema": …}, "output_schema": …}).',
    );
  }
  return json;
}

/**
 * The version's `input_example.json` as hsml wrote it: a row (list) for a DataFrame or list, a nested list for a
 * numpy array, an object for a dict. Undefined when the version has none.
 */
export function getInputExample(
  t: Transport,
  projectId: number,
  projectName: string,
  model: ModelRef,
): Promise<unknown> {
  return readModelJson(t, projectId, projectName, model, 'input_example.json');
}
