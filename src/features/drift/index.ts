// Drift of request features against training statistics or a watched window (PSI, as Hopsworks does).
export {
  PSI_BINS,
  binCounts,
  binIndex,
  equalFrequency,
  referenceFromTrainingStatistics,
  referenceFromWindow,
} from './reference';
export type {
  CategoricalReference,
  DriftReference,
  ExtendedStatisticsInput,
  FeatureDescriptiveStatisticsInput,
  FeatureReference,
  NumericReference,
  ReferenceSource,
  TrainingReferenceOptions,
  TrainingStatisticsInput,
} from './reference';
export {
  DEFAULT_MIN_DRIFT_COUNT,
  PSI_DEFINITION,
  PSI_EPSILON,
  PSI_THRESHOLD,
  computeDrift,
  psiOf,
  smoothed,
} from './psi';
export type { DriftBin, DriftOptions, DriftResult, DriftStatus, FeatureDrift } from './psi';
