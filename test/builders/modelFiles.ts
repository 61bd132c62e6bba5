// A model version's files and its training dataset's statistics as the REST client returns them, for tests of
// the log panel's feature view: hsml's model_schema.json of the iris classifier (columnar, Hive types, the
// label as output) and the feature store's StatisticsDTO content computed from a list of values per feature.
import type {
  FeatureSources,
  TrainingStatisticsAnswer,
} from '../../src/panels/logViewer/features/featureSources';
import type { TrainingStatisticsInput } from '../../src/features';

export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;

/** `model_schema.json` as hsml writes it for a model saved from a training dataset. */
export function anIrisSchema(): unknown {
  return {
    input_schema: { columnar_schema: IRIS_FEATURES.map((name) => ({ name, type: 'double' })) },
    output_schema: { columnar_schema: [{ name: 'variety', type: 'bigint' }] },
  };
}

/** Deterministic, spread feature values: the i-th of n for feature f (a rough iris shape). */
export function irisValue(f: number, i: number, n: number): number {
  const centre = [5.8, 3.0, 3.8, 1.2][f] ?? 1;
  const spread = [0.8, 0.4, 1.7, 0.7][f] ?? 1;
  // Evenly spaced quantiles of a symmetric triangle-ish shape, rounded as the traffic is.
  const u = (i + 0.5) / n;
  const z = u < 0.5 ? Math.sqrt(2 * u) - 1 : 1 - Math.sqrt(2 * (1 - u));
  return Math.round((centre + 2 * spread * z) * 100) / 100;
}

/** Deequ-style descriptive statistics of one numeric feature: count, min/max/mean, 100 percentiles. */
function describeNumbers(featureName: string, values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  return {
    featureName,
    featureType: 'Fractional',
    count: n,
    numNonNullValues: n,
    numNullValues: 0,
    min: sorted[0],
    max: sorted[n - 1],
    mean: sorted.reduce((s, v) => s + v, 0) / n,
    percentiles: Array.from({ length: 100 }, (_, k) => at((k + 1) / 100)),
  };
}

/** Statistics of a training dataset of `n` iris rows (irisValue), with the label profiled too. */
export function irisTrainingStatistics(n = 1_000): TrainingStatisticsInput {
  const features = IRIS_FEATURES.map((name, f) =>
    describeNumbers(
      name,
      Array.from({ length: n }, (_, i) => irisValue(f, i, n)),
    ),
  );
  const label = {
    featureName: 'variety',
    featureType: 'Integral',
    count: n,
    numNonNullValues: n,
    numNullValues: 0,
    min: 0,
    max: 2,
    mean: 1,
    percentiles: Array.from({ length: 100 }, (_, k) => Math.floor((k * 3) / 100)),
  };
  return { featureDescriptiveStatistics: [...features, label] };
}

/** FeatureSources answering from memory: the schema for the versions in `schemas`, statistics for `training`. */
export function featureSourcesOf(o: {
  schemas?: Record<number, unknown>;
  examples?: Record<number, unknown>;
  training?: Record<number, TrainingStatisticsAnswer>;
  asked?: string[];
}): FeatureSources {
  const note = (what: string) => o.asked?.push(what);
  return {
    modelSchema: (v) => {
      note(`schema v${v}`);
      return Promise.resolve(o.schemas?.[v]);
    },
    inputExample: (v) => {
      note(`example v${v}`);
      return Promise.resolve(o.examples?.[v]);
    },
    trainingStatistics: (v) => {
      note(`training v${v}`);
      return Promise.resolve(o.training?.[v] ?? { none: `v${v} links no training dataset.` });
    },
  };
}
