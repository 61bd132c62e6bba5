// The log panel's health figures as they cross from the host to the webview (issue 9 §2). The webview
// asks for them (on the throttled "changed" signal, and now and then so the window slides while nothing
// arrives); the host never pushes them per event. Types and one bound, like logViewer.ts.
import type { VersionComparison } from '../inferenceLog/health/compareVersions';
import type { HealthSeries, HealthSnapshot, HealthWindowMs } from '../inferenceLog/health/types';
import type { LoggingMode, ServingTool } from '../inferenceLog/types';

export type { HealthSeries, HealthSnapshot, HealthWindowMs, VersionComparison };
export type {
  HealthSeriesLine,
  LatencyFigures,
  LatencySource,
  VersionHealth,
} from '../inferenceLog/health/types';
export type { MetricComparison, Verdict } from '../inferenceLog/health/compareVersions';

export interface HealthParams {
  windowMs: HealthWindowMs;
  /** Most time buckets the chart wants (its width). */
  maxPoints: number;
}

export interface HealthReply {
  /** The figures over the window: every version together, and each version. */
  snapshot: HealthSnapshot;
  /** Rate, errors and p95 per time bucket, one line per version; null before the first bucket watched. */
  series: HealthSeries;
  /** The newest version against the one before it; null when fewer than two versions called in the window. */
  comparison: VersionComparison | null;
  /** How the deployment logs (what "no response" and latency can mean); undefined when not known. */
  servingTool?: ServingTool;
  loggingMode?: LoggingMode;
}

/** Most chart buckets the host computes for one reply. */
export const MAX_HEALTH_POINTS = 120;
