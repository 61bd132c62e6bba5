// What the health figures look like when they leave the host: plain JSON-able objects, so a webview can
// show them as they come (no class instances, no Maps, no undefined where a value is expected).

/** The windows a person can pick: 1, 5, 15 and 60 minutes. */
export const HEALTH_WINDOWS_MS = [60_000, 300_000, 900_000, 3_600_000] as const;
export type HealthWindowMs = (typeof HEALTH_WINDOWS_MS)[number];

/**
 * Where a latency figure comes from. `kafka-events`: the Kafka timestamps of the request and the response
 * event (millisecond resolution; KServe's own `requestTimestamp` is whole seconds). `not-logged`: the rows
 * carry one time only (DEFAULT deployments write one record per call; MODEL_INPUTS / PREDICTIONS modes
 * log one half). `none-yet`: no call in the window has both halves yet.
 */
export type LatencySource = 'kafka-events' | 'not-logged' | 'none-yet';

export interface LatencyFigures {
  source: LatencySource;
  /** A sentence for the UI saying how the figure was measured, or why there is none. */
  note: string;
  /** Calls with a measured latency in the window. */
  count: number;
  /** Milliseconds; null when `count` is 0. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /**
   * 95 % confidence range of p95 in ms (order statistics, widened by the bins' error; see
   * `percentileRange`); null when `count` is 0. Two versions' p95s differ clearly when their ranges do not meet.
   */
  p95Range: [low: number, high: number] | null;
  /** Largest relative error of p50/p95/p99 against the exact value (0.02 = 2%; under 1 ms: ±1 ms). */
  relativeError: number;
}

export interface VersionHealth {
  /** Stable key of the series: `${model}@${version}`, or `other` for versions past the series limit. */
  key: string;
  /** Deployment name the rows carry ('' for the combined "all versions" figure or `other`). */
  model: string;
  /** Model version; -1 for the combined figure and for `other`. */
  version: number;
  /** Calls in the window (each logged call counts once, whatever halves were logged). */
  requests: number;
  requestsPerSecond: number;
  ok: number;
  /** HTTP ≥ 400. */
  httpErrors: number;
  /** KServe requests whose response never came (the KServe agent logs no response for a failed call). */
  noResponse: number;
  /** Requests still waiting for their response (not yet an outcome). */
  pending: number;
  /** Calls whose outcome is never logged (MODEL_INPUTS mode, or a request whose row left the store). */
  outcomeUnknown: number;
  /** (httpErrors + noResponse) / (ok + httpErrors + noResponse); null when none of those, or not knowable. */
  errorRate: number | null;
  latency: LatencyFigures;
}

export interface HealthSnapshot {
  windowMs: HealthWindowMs;
  /** The clock's time the snapshot was taken at, epoch ms. */
  nowMs: number;
  /** The part of the window the monitor has seen (less than the window right after it started). */
  coveredMs: number;
  /** Every version together. */
  all: VersionHealth;
  /** One entry per (deployment, version), newest version first. */
  versions: VersionHealth[];
  /** Rows too old for the longest window when they arrived (e.g. reading a topic from the beginning). */
  olderThanWindow: number;
  /** Sentences the UI shows under the figures (e.g. what "error" cannot include in this logging mode). */
  notes: string[];
}

/** One line of the chart per version: values per time bucket, oldest first. */
export interface HealthSeriesLine {
  key: string;
  model: string;
  version: number;
  /** Requests per second in each bucket. */
  rate: number[];
  /** HTTP ≥ 400 plus no-response, per bucket (a count). */
  errors: number[];
  /** p95 latency in ms per bucket; null where no call of the bucket has a measured latency. */
  p95: (number | null)[];
}

export interface HealthSeries {
  windowMs: HealthWindowMs;
  /** Start of the first bucket, epoch ms (a multiple of bucketMs). */
  startMs: number;
  bucketMs: number;
  /** Number of buckets (every line has this many values); the last one ends at the snapshot's time. */
  points: number;
  lines: HealthSeriesLine[];
  latencySource: LatencySource;
}
