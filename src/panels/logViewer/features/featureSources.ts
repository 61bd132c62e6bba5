// What the log panel's feature view reads from Hopsworks, per model version of the deployment: the files
// that name the columns (model_schema.json, input_example.json) and the training dataset's statistics drift
// is measured against. An interface, so the host logic runs under plain Node with any source behind it.
import type { TrainingStatisticsInput } from '../../../features';

export type TrainingStatisticsAnswer =
  | { statistics: TrainingStatisticsInput; label: string }
  /** No training dataset is linked, or it has no statistics: why, in a sentence a person reads. */
  | { none: string };

export interface FeatureSources {
  /** The version's parsed `model_schema.json`; undefined when it has none. May throw (unreadable file). */
  modelSchema(version: number): Promise<unknown>;
  /** The version's parsed `input_example.json`; undefined when it has none. */
  inputExample(version: number): Promise<unknown>;
  trainingStatistics(version: number): Promise<TrainingStatisticsAnswer>;
}

/** A deployment without a model registry behind it (or a test): positional columns, no training reference. */
export const NO_FEATURE_SOURCES: FeatureSources = {
  modelSchema: () => Promise.resolve(undefined),
  inputExample: () => Promise.resolve(undefined),
  trainingStatistics: () => Promise.resolve({ none: 'No model version to read training statistics of.' }),
};
