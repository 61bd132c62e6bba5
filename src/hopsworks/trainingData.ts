// Which training data a model version was trained on (docs/hopsworks-featurestore.md §2). hsml asks the
// model's explicit provenance: `GET .../models/{name}_{version}/provenance/links?expand=provenance_artifacts
// &upstreamLvls=2&downstreamLvls=0`, and reads MODEL ← TRAINING_DATASET ← FEATURE_VIEW from `upstream`
// (Model.get_feature_view / get_training_dataset_provenance). The model JSON's own `featureView` and
// `trainingDatasetVersion` are what a client *sends* when registering; the public server never fills them in a
// GET, so they are only a fallback for a server that does.
import { seg } from './absent';
import { HopsworksError } from './errors';
import type { TrainingDatasetLink } from './featureStoreTypes';
import { expectList, isObject } from './responseShape';
import type { JsonObject } from './responseShape';
import type { Transport } from './transport';
import type { ModelVersion } from './types';

const MODEL_NOT_FOUND = 360000;

export type TrainedModelRef = Pick<
  ModelVersion,
  'name' | 'version' | 'modelRegistryId' | 'trainingDatasetVersion'
> & {
  /** FeatureViewDTO-like `{ name, version, featurestoreId }`, when a server returns it. */
  featureView?: unknown;
};

interface Node {
  type: string;
  artifact: JsonObject;
  usable: boolean;
}

function nodeOf(link: unknown): Node | undefined {
  if (!isObject(link) || !isObject(link.node)) return undefined;
  const n = link.node;
  if (typeof n.artifactType !== 'string' || !isObject(n.artifact)) return undefined;
  // Deleted or inaccessible artifacts carry only names; a faulty one (exceptionCause) cannot be read.
  const usable = n.deleted !== true && n.accessible !== false && n.exceptionCause === undefined;
  return { type: n.artifactType, artifact: n.artifact, usable };
}

function upstreamOf(link: unknown): unknown[] {
  return isObject(link) && Array.isArray(link.upstream) ? (link.upstream as unknown[]) : [];
}

function intOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** The feature store id from an expanded artifact, else from its href (`/featurestores/{id}/...`). */
function storeIdOf(artifact: JsonObject): number | undefined {
  const id = intOf(artifact.featurestoreId);
  if (id !== undefined) return id;
  const m = typeof artifact.href === 'string' ? /\/featurestores\/(\d+)\//.exec(artifact.href) : null;
  return m ? Number(m[1]) : undefined;
}

/** First usable TRAINING_DATASET among the model's direct parents, with the FEATURE_VIEW above it. */
function fromLinks(
  root: unknown,
): (Omit<TrainingDatasetLink, 'featureStoreId'> & { featureStoreId?: number }) | undefined {
  for (const link of upstreamOf(root)) {
    const td = nodeOf(link);
    if (!td || td.type !== 'TRAINING_DATASET' || !td.usable) continue;
    const tdVersion = intOf(td.artifact.version);
    if (tdVersion === undefined) continue;
    const fv = upstreamOf(link)
      .map(nodeOf)
      .find((n) => n?.type === 'FEATURE_VIEW');
    let name = typeof fv?.artifact.name === 'string' ? fv.artifact.name : undefined;
    let version = intOf(fv?.artifact.version);
    // A training dataset made from a feature view is named `<feature view>_<version>` (TrainingDatasetController).
    if (name === undefined || version === undefined) {
      const m = typeof td.artifact.name === 'string' ? /^(.+)_(\d+)$/.exec(td.artifact.name) : null;
      if (!m?.[1]) continue;
      name = m[1];
      version = Number(m[2]);
    }
    const storeId = (fv && storeIdOf(fv.artifact)) ?? storeIdOf(td.artifact);
    return {
      featureViewName: name,
      featureViewVersion: version,
      trainingDatasetVersion: tdVersion,
      source: 'provenance',
      ...(storeId !== undefined ? { featureStoreId: storeId } : {}),
    };
  }
  return undefined;
}

function fromModelJson(model: TrainedModelRef): ReturnType<typeof fromLinks> {
  const fv = model.featureView;
  const tdVersion = model.trainingDatasetVersion;
  // A GET on the public server always writes `trainingDatasetVersion` (a Java int: 0 when unset).
  if (!isObject(fv) || typeof fv.name !== 'string' || tdVersion === undefined || tdVersion < 1)
    return undefined;
  const version = intOf(fv.version);
  if (version === undefined) return undefined;
  const storeId = intOf(fv.featurestoreId);
  return {
    featureViewName: fv.name,
    featureViewVersion: version,
    trainingDatasetVersion: tdVersion,
    source: 'model',
    ...(storeId !== undefined ? { featureStoreId: storeId } : {}),
  };
}

async function projectFeatureStoreId(t: Transport, projectId: number): Promise<number | undefined> {
  const res = await t.request({
    method: 'GET',
    path: `/project/${seg(projectId)}/featurestores`,
    scope: 'FEATURESTORE',
  });
  const first = expectList(res, 'a list of feature stores')[0];
  return isObject(first) ? intOf(first.featurestoreId) : undefined;
}

/**
 * The feature view and training-dataset version the model version was trained on; undefined when it has no
 * such link (or the model does not exist).
 */
export async function getTrainingDatasetLink(
  t: Transport,
  projectId: number,
  model: TrainedModelRef,
): Promise<TrainingDatasetLink | undefined> {
  const registryId = model.modelRegistryId ?? projectId;
  let found: ReturnType<typeof fromLinks>;
  try {
    const res = await t.request({
      method: 'GET',
      path: `/project/${seg(projectId)}/modelregistries/${seg(registryId)}/models/${seg(`${model.name}_${model.version}`)}/provenance/links`,
      query: new URLSearchParams([
        ['expand', 'provenance_artifacts'],
        ['upstreamLvls', '2'],
        ['downstreamLvls', '0'],
      ]),
      scope: 'MODELREGISTRY',
      what: `Model "${model.name}" version ${model.version}`,
    });
    found = fromLinks(res.data) ?? fromModelJson(model);
  } catch (e) {
    if (!(e instanceof HopsworksError) || e.status !== 404) throw e;
    if (e.errorCode === MODEL_NOT_FOUND) return undefined;
    // A server without explicit provenance (404 from the web container): what the model JSON says, if anything.
    found = fromModelJson(model);
  }
  if (!found) return undefined;
  const featureStoreId = found.featureStoreId ?? (await projectFeatureStoreId(t, projectId));
  if (featureStoreId === undefined) return undefined;
  return { ...found, featureStoreId };
}
