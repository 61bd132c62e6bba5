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
} from './latencyHistogram';
export { HEALTH_WINDOWS_MS } from './types';
export type * from './types';
