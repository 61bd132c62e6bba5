// Per-feature statistics over a window, for request features and predictions alike.
export { SKETCH_RELATIVE_ERROR, MAX_SKETCH_BINS, ValueSketch } from './valueSketch';
export {
  ColumnAccumulator,
  DEFAULT_HISTOGRAM_BINS,
  DEFAULT_TOP_VALUES,
  MAX_CATEGORIES,
  TableAccumulator,
  columnStats,
} from './featureStats';
export type { CategoricalSummary, ColumnStats, NumericSummary, StatsOptions } from './featureStats';
export { DEFAULT_STATS_BUCKETS, FeatureStatsWindow } from './statsWindow';
export type { FeatureStatsSnapshot, StatsWindowOptions } from './statsWindow';
