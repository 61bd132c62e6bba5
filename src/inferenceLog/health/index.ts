// Live health by model version (issue 9 §2): what a host needs to feed rows in and read figures out.
export { HealthMonitor, DEFAULT_MAX_SERIES } from './healthMonitor';
export type { HealthMonitorOptions } from './healthMonitor';
export {
  LATENCY_BINS,
  LATENCY_RELATIVE_ERROR,
  MAX_LATENCY_MS,
  binValue,
  latencyBin,
  percentileOf,
  percentileRange,
  valueAtRank,
} from './latencyHistogram';
export {
  COMPARISON_RULE,
  ERROR_RATE_MIN_POINTS,
  ERROR_RATE_MIN_RATIO,
  MIN_CALLS_TO_COMPARE,
  P95_MIN_MS,
  P95_MIN_RELATIVE,
  Z_95,
  compareNewestVersions,
  compareVersions,
} from './compareVersions';
export type { MetricComparison, Verdict, VersionComparison, VersionRef } from './compareVersions';
export { HEALTH_WINDOWS_MS } from './types';
export type * from './types';
