// Feature views, training datasets and training-dataset statistics (docs/hopsworks-featurestore.md §3–§4),
// with the parameters hsfs sends: `fs.get_feature_view(name, version)`, `fv.get_training_dataset(...)` metadata,
// and `fv.get_training_dataset_statistics(td_version)` (StatisticsApi._get: newest computation, with content,
// before transformation functions). Scope FEATURESTORE.
import { getIfPresent, seg } from './absent';
import type { FeatureView, Statistics, TrainingDataset, TrainingDatasetLink } from './featureStoreTypes';
import { badResponse, expectList, expectObject, isObject } from './responseShape';
import type { JsonObject } from './responseShape';
import type { Transport, TransportResponse } from './transport';

// RESTCodes.FeaturestoreErrorCode
const TRAINING_DATASET_NOT_FOUND = 270012;
const FEATURE_VIEW_NOT_FOUND = 270181;
const STATISTICS_NOT_FOUND = 270228;

export type FeatureViewRef = Pick<
  TrainingDatasetLink,
  'featureStoreId' | 'featureViewName' | 'featureViewVersion'
>;

function featureViewPath(projectId: number, ref: FeatureViewRef): string {
  return (
    `/project/${seg(projectId)}/featurestores/${seg(ref.featureStoreId)}` +
    `/featureview/${seg(ref.featureViewName)}/version/${seg(ref.featureViewVersion)}`
  );
}

function named(o: JsonObject): boolean {
  return typeof o.name === 'string' && typeof o.version === 'number';
}

/** A feature view with its features; undefined when it does not exist (270181). */
export function getFeatureView(
  t: Transport,
  projectId: number,
  ref: FeatureViewRef,
): Promise<FeatureView | undefined> {
  return getIfPresent(
    t,
    {
      path: featureViewPath(projectId, ref),
      query: new URLSearchParams([['expand', 'features']]),
      scope: 'FEATURESTORE',
      what: `Feature view "${ref.featureViewName}" version ${ref.featureViewVersion}`,
    },
    [FEATURE_VIEW_NOT_FOUND],
    (res) => {
      const o = expectObject(res, 'a feature view with "name" and "version"');
      if (!named(o)) throw badResponse(res, 'a feature view with "name" and "version"');
      return o as unknown as FeatureView;
    },
  );
}

/** A training dataset's metadata (splits, features); undefined when it or its feature view does not exist. */
export function getTrainingDataset(
  t: Transport,
  projectId: number,
  link: Omit<TrainingDatasetLink, 'source'>,
): Promise<TrainingDataset | undefined> {
  return getIfPresent(
    t,
    {
      path: `${featureViewPath(projectId, link)}/trainingdatasets/version/${seg(link.trainingDatasetVersion)}`,
      scope: 'FEATURESTORE',
      what: `Training dataset version ${link.trainingDatasetVersion} of feature view "${link.featureViewName}"`,
    },
    [TRAINING_DATASET_NOT_FOUND, FEATURE_VIEW_NOT_FOUND],
    (res) => {
      const o = expectObject(res, 'a training dataset with "name" and "version"');
      if (!named(o)) throw badResponse(res, 'a training dataset with "name" and "version"');
      return o as unknown as TrainingDataset;
    },
  );
}

export interface StatisticsOptions {
  /** Only these features (the server filters); default all. */
  featureNames?: readonly string[];
  /** Statistics of the data before transformation functions ran; default false, as hsfs asks. */
  beforeTransformation?: boolean;
}

function checkDescriptive(res: TransportResponse, list: unknown): void {
  if (list === undefined) return;
  if (!Array.isArray(list) || !list.every((s) => isObject(s) && typeof s.featureName === 'string')) {
    throw badResponse(res, 'feature statistics with "featureName"');
  }
}

/**
 * The newest statistics of a training dataset, with the per-feature content; undefined when none were computed
 * (an empty list, or 270228 as older servers answer). A missing feature view or training dataset is an error.
 */
export async function getTrainingDatasetStatistics(
  t: Transport,
  projectId: number,
  link: Omit<TrainingDatasetLink, 'source'>,
  opts: StatisticsOptions = {},
): Promise<Statistics | undefined> {
  const query = new URLSearchParams([
    ['offset', '0'],
    ['limit', '1'],
    ['fields', 'content'],
    ['sort_by', 'computation_time:desc'],
    ['filter_by', `before_transformation_eq:${opts.beforeTransformation === true}`],
    ['training_dataset_version', String(link.trainingDatasetVersion)],
  ]);
  for (const name of opts.featureNames ?? []) query.append('feature_names', name);
  return getIfPresent(
    t,
    {
      path: `${featureViewPath(projectId, link)}/trainingdatasets/version/${seg(link.trainingDatasetVersion)}/statistics`,
      query,
      scope: 'FEATURESTORE',
      what: `Training dataset version ${link.trainingDatasetVersion} of feature view "${link.featureViewName}" version ${link.featureViewVersion}`,
    },
    [STATISTICS_NOT_FOUND],
    (res) => {
      const first = expectList(res, 'a list of statistics')[0];
      if (first === undefined) return undefined;
      if (!isObject(first)) throw badResponse(res, 'a list of statistics');
      checkDescriptive(res, first.featureDescriptiveStatistics);
      if (first.splitStatistics !== undefined) {
        const splits = first.splitStatistics;
        if (!Array.isArray(splits) || !splits.every((s) => isObject(s) && typeof s.name === 'string')) {
          throw badResponse(res, 'split statistics with "name"');
        }
        for (const s of splits as JsonObject[]) checkDescriptive(res, s.featureDescriptiveStatistics);
      }
      return first;
    },
  );
}
