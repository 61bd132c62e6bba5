// DTOs of the model files and feature-store calls (docs/hopsworks-featurestore.md), field names exactly as
// hsml writes the files and as the server writes the JSON. The server omits null fields, so almost everything
// is optional; a caller checks what it uses.

// ---- model_schema.json (hsml ModelSchema / Schema / ColumnarSchema / TensorSchema) ----------------------------

/** One column of a columnar schema; `type` is what made the schema (pandas dtype, Spark or Hive type). */
export interface ModelSchemaColumn {
  name?: string;
  type: string;
  description?: string;
}

/** One tensor; `shape` is Python's tuple text, e.g. "(120, 4)". */
export interface ModelSchemaTensor {
  name?: string;
  type: string;
  shape: string;
  description?: string;
}

export interface ModelSchemaPart {
  columnar_schema?: ModelSchemaColumn[];
  /** A single object when made from one numpy array, a list when made from a list of tensor specs. */
  tensor_schema?: ModelSchemaTensor | ModelSchemaTensor[];
}

/** The content of `model_schema.json` in a model version's folder. */
export interface ModelSchema {
  input_schema?: ModelSchemaPart;
  output_schema?: ModelSchemaPart;
}

// ---- dataset API ---------------------------------------------------------------------------------------------

/** InodeAttributeDTO; dates are epoch milliseconds. */
export interface InodeAttributes {
  name?: string;
  path?: string;
  size?: number;
  permission?: string;
  modificationTime?: number;
  accessTime?: number;
  underConstruction?: boolean;
  owner?: string;
  group?: string;
  dir?: boolean;
  id?: number;
  parentId?: number;
}

/** InodeDTO, the answer of `GET /project/{pid}/dataset/{path}` for a file or folder below a dataset. */
export interface Inode {
  href?: string;
  attributes?: InodeAttributes;
  zipState?: string;
}

// ---- feature store -------------------------------------------------------------------------------------------

/** Where a model version's training data is: the feature view and the training dataset version made from it. */
export interface TrainingDatasetLink {
  featureStoreId: number;
  featureViewName: string;
  featureViewVersion: number;
  trainingDatasetVersion: number;
  /** How it was found: explicit provenance links (what hsml uses) or the model JSON's own fields. */
  source: 'provenance' | 'model';
}

/** TrainingDatasetFeatureDTO: one feature of a feature view or training dataset. */
export interface TrainingDatasetFeature {
  name: string;
  /** Hive type, e.g. "double", "bigint", "string". */
  type?: string;
  index?: number;
  label?: boolean;
  inferenceHelperColumn?: boolean;
  trainingHelperColumn?: boolean;
  featureGroupFeatureName?: string;
  featuregroup?: { id?: number; name?: string; version?: number; featurestoreId?: number };
}

/** What every versioned feature-store entity's DTO carries (feature views, training datasets). */
export interface FeatureStoreEntity {
  type?: string;
  href?: string;
  id?: number;
  name: string;
  version: number;
  description?: string;
  featurestoreId?: number;
  featurestoreName?: string;
  /** epoch milliseconds */
  created?: number;
}

/** FeatureViewDTO (`type: "featureViewDTO"`); `features` and `query` only when expanded. */
export interface FeatureView extends FeatureStoreEntity {
  features?: TrainingDatasetFeature[];
  query?: unknown;
}

export interface TrainingDatasetSplit {
  name: string;
  percentage?: number;
  splitType?: string;
  startTime?: number;
  endTime?: number;
}

/** TrainingDatasetDTO (`type: "trainingDatasetDTO"`); for one made from a feature view, `name` is `<fv>_<fvVersion>`. */
export interface TrainingDataset extends FeatureStoreEntity {
  location?: string;
  dataFormat?: string;
  trainingDatasetType?: string;
  splits?: TrainingDatasetSplit[];
  trainSplit?: string;
  seed?: number;
  features?: TrainingDatasetFeature[];
}

/** Deequ's column types as the statistics report them. */
export type StatisticsFeatureType = 'Fractional' | 'Integral' | 'String' | 'Boolean';

/** FeatureDescriptiveStatisticsDTO: the statistics of one feature. */
export interface FeatureDescriptiveStatistics {
  id?: number;
  featureType?: StatisticsFeatureType | (string & {});
  featureName: string;
  count?: number;
  completeness?: number;
  numNonNullValues?: number;
  numNullValues?: number;
  approxNumDistinctValues?: number;
  min?: number;
  max?: number;
  sum?: number;
  mean?: number;
  /** Standard deviation as Hopsworks ≤ 4.x writes it. */
  stddev?: number;
  /** The same, as 5.x clients name it (they read both); see `stdDevOf`. */
  stdDev?: number;
  /** Approximate percentiles: index i holds percentile i+1 (100 values from Deequ, 99 from the 5.x profiler). */
  percentiles?: number[];
  distinctness?: number;
  entropy?: number;
  uniqueness?: number;
  exactNumDistinctValues?: number;
  /** A JSON **string** (histogram, correlations, kll…); see `extendedStatisticsOf`. */
  extendedStatistics?: string;
}

export interface SplitStatistics {
  name: string;
  featureDescriptiveStatistics?: FeatureDescriptiveStatistics[];
}

/** StatisticsDTO: one statistics computation of a feature group, feature view or training dataset. */
export interface Statistics {
  href?: string;
  /** epoch milliseconds */
  computationTime?: number;
  rowPercentage?: number;
  /** A training dataset without splits, a feature group or a feature view. */
  featureDescriptiveStatistics?: FeatureDescriptiveStatistics[];
  /** A training dataset with splits (train, test, and validation when it has one). */
  splitStatistics?: SplitStatistics[];
  featureGroupId?: number;
  windowStartCommitTime?: number;
  windowEndCommitTime?: number;
  featureViewName?: string;
  featureViewVersion?: number;
  trainingDatasetVersion?: number;
  beforeTransformation?: boolean;
}

/** One bin of a Deequ histogram: numeric bins are labelled "low to high", categories by their value. */
export interface HistogramBin {
  value: string;
  count: number;
  ratio?: number;
}

export interface ExtendedStatistics {
  histogram?: HistogramBin[];
  [key: string]: unknown;
}

/** The standard deviation under either spelling. */
export function stdDevOf(s: FeatureDescriptiveStatistics): number | undefined {
  return s.stdDev ?? s.stddev;
}

/** `extendedStatistics` parsed; undefined when absent or not a JSON object (never throws). */
export function extendedStatisticsOf(s: FeatureDescriptiveStatistics): ExtendedStatistics | undefined {
  if (typeof s.extendedStatistics !== 'string') return undefined;
  try {
    const parsed = JSON.parse(s.extendedStatistics) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const out = parsed as ExtendedStatistics;
    if (out.histogram !== undefined && !Array.isArray(out.histogram)) delete out.histogram;
    return out;
  } catch {
    return undefined;
  }
}

/**
 * The statistics the model was trained on: all rows of a training dataset without splits, else its `train`
 * split (hsfs names it so; a custom train split name is `TrainingDataset.trainSplit`).
 */
export function trainingFeatureStatistics(
  s: Statistics,
  trainSplit = 'train',
): FeatureDescriptiveStatistics[] | undefined {
  if (s.featureDescriptiveStatistics) return s.featureDescriptiveStatistics;
  return s.splitStatistics?.find((split) => split.name === trainSplit)?.featureDescriptiveStatistics;
}
