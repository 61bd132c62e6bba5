// Live health of a deployment from its inference-log rows: calls per second, error rate, latency
// percentiles, per model version, over a window that slides with the clock.
//
// Work per event is constant: a row adds its counts to one one-second slot of its version and to the
// running sums of the windows that slot is in (4 windows); when the clock moves on, the seconds that
// leave a window are subtracted from its sums. Memory per version is bounded by the longest window:
// 3,600 slots of 8 counters plus a sparse latency list of at most LATENCY_BINS pairs each, whatever the
// event rate. A row that changes later (a pending request completed by its response, a request marked
// "no response", a lone response joined by its request, which moves the row to the request's time)
// takes back what it added and adds its new state, so every call counts once, in its latest state.
import type { Clock } from '../clock';
import type { LoggingMode, LogRow, ServingTool } from '../types';
import {
  LATENCY_BINS,
  LATENCY_RELATIVE_ERROR,
  addSparse,
  latencyBin,
  mergeSparse,
  newSparse,
  percentileOf,
  percentileRange,
} from './latencyHistogram';
import type { SparseBins } from './latencyHistogram';
import { HEALTH_WINDOWS_MS } from './types';
import type {
  HealthSeries,
  HealthSeriesLine,
  HealthSnapshot,
  HealthWindowMs,
  LatencyFigures,
  LatencySource,
  VersionHealth,
} from './types';

/** One-second slots kept: the longest window. */
const RING = Math.max(...HEALTH_WINDOWS_MS) / 1000;

// Counters per slot, per window sum.
const C_REQUESTS = 0;
const C_OK = 1;
const C_HTTP_ERROR = 2;
const C_NO_RESPONSE = 3;
const C_PENDING = 4;
const C_UNKNOWN = 5;
/** Calls logged as one record (DEFAULT): they can have no latency. */
const C_ONE_RECORD = 6;
const C_LATENCY = 7;
const NC = 8;

/** Chart bucket widths in seconds, round numbers a person can read off an axis. */
const NICE_BUCKETS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

export const DEFAULT_MAX_SERIES = 16;

export interface HealthMonitorOptions {
  clock: Clock;
  /** The deployment's serving tool and logging mode: they decide what "error" and "latency" can mean. */
  servingTool?: ServingTool;
  loggingMode?: LoggingMode;
  /** Versions kept apart (default 16); further ones are summed into one `other` series. */
  maxSeries?: number;
  /** Rows followed for later changes (default 200,000, above the store's 100,000). */
  maxTracked?: number;
}

/** What one row added, kept for the rows that can still change, so the change can be taken back. */
interface Contribution {
  series: number;
  second: number;
  outcome: number;
  oneRecord: boolean;
  /** -1: no latency. */
  bin: number;
}

class Series {
  readonly slotSecond = new Float64Array(RING).fill(-Infinity);
  readonly counts = new Float64Array(RING * NC);
  readonly latency: (SparseBins | undefined)[] = new Array<SparseBins | undefined>(RING);
  /** Running sums for each window of HEALTH_WINDOWS_MS. */
  readonly winCounts = HEALTH_WINDOWS_MS.map(() => new Float64Array(NC));
  readonly winLatency = HEALTH_WINDOWS_MS.map(() => new Float64Array(LATENCY_BINS));

  constructor(
    readonly key: string,
    readonly model: string,
    readonly version: number,
  ) {}
}

export class HealthMonitor {
  private readonly clock: Clock;
  private readonly servingTool: ServingTool | undefined;
  private readonly loggingMode: LoggingMode | undefined;
  private readonly maxSeries: number;
  private readonly maxTracked: number;
  private all: Series[] = [];
  private seriesIndex = new Map<string, number>();
  private otherIndex = -1;
  /** The rows that can still change (KServe halves), by row id, in arrival order. */
  private tracked = new Map<number, Contribution>();
  /** Lowest row id the monitor has seen; an update of an older row it never saw counts as new. */
  private firstSeenId = Infinity;
  private nowSec: number;
  private startMs: number;
  private olderThanWindow = 0;

  constructor(options: HealthMonitorOptions) {
    this.clock = options.clock;
    this.servingTool = options.servingTool;
    this.loggingMode = options.loggingMode;
    this.maxSeries = Math.max(1, options.maxSeries ?? DEFAULT_MAX_SERIES);
    this.maxTracked = Math.max(1, options.maxTracked ?? 200_000);
    this.startMs = this.clock.now();
    this.nowSec = Math.floor(this.startMs / 1000);
  }

  /**
   * Takes in a row as the pipeline adds or updates it (the session's `onRow`). Rows of kind `raw`
   * (undecodable) are not calls and are left out.
   */
  observe(row: LogRow, change: 'added' | 'updated'): void {
    this.advance();
    const before = this.tracked.get(row.id);
    if (before) {
      this.apply(before, -1);
      this.tracked.delete(row.id);
    } else if (change === 'updated' && row.id >= this.firstSeenId) {
      // Seen before but no longer followed (older than the longest window, or past maxTracked): its
      // first state stays counted rather than being counted twice.
      return;
    }
    if (row.id < this.firstSeenId) this.firstSeenId = row.id;
    const c = this.contribution(row);
    if (!c) return;
    this.apply(c, 1);
    // Only KServe halves change later; pairs and DEFAULT records are final.
    if (row.kind === 'request' || row.kind === 'response') this.track(row.id, c);
  }

  /** Takes in the rows a store already holds (when the monitor starts after the session did). */
  seed(rows: Iterable<LogRow>): void {
    for (const row of rows) this.observe(row, 'added');
  }

  /** Stops following a row (it left the store, so it cannot change any more); its counts stay. */
  forget(rowId: number): void {
    this.tracked.delete(rowId);
  }

  /** Forgets everything (the panel's "Clear"). */
  reset(): void {
    this.all = [];
    this.seriesIndex = new Map();
    this.otherIndex = -1;
    this.tracked = new Map();
    this.firstSeenId = Infinity;
    this.startMs = this.clock.now();
    this.nowSec = Math.floor(this.startMs / 1000);
    this.olderThanWindow = 0;
  }

  snapshot(windowMs: HealthWindowMs): HealthSnapshot {
    const w = windowIndex(windowMs);
    this.advance();
    const nowMs = this.clock.now();
    const coveredMs = Math.max(0, Math.min(windowMs, nowMs - this.startMs));
    const seconds = Math.max(1, coveredMs / 1000);
    const allCounts = new Float64Array(NC);
    const allLatency = new Float64Array(LATENCY_BINS);
    const versions: VersionHealth[] = [];
    for (const s of this.all) {
      const counts = s.winCounts[w]!;
      if (counts[C_REQUESTS] === 0) continue;
      for (let i = 0; i < NC; i++) allCounts[i]! += counts[i]!;
      const lat = s.winLatency[w]!;
      for (let i = 0; i < LATENCY_BINS; i++) allLatency[i]! += lat[i]!;
      versions.push(this.figures(s.key, s.model, s.version, counts, lat, seconds));
    }
    versions.sort((a, b) => b.version - a.version || a.model.localeCompare(b.model));
    return {
      windowMs,
      nowMs,
      coveredMs,
      all: this.figures('all', '', -1, allCounts, allLatency, seconds),
      versions,
      olderThanWindow: this.olderThanWindow,
      notes: this.notes(),
    };
  }

  /**
   * The chart's data: per version, requests/s, errors and p95 per time bucket over the window, with at
   * most `maxPoints` buckets of a round width. Costs a pass over the window's seconds (not its events).
   */
  series(windowMs: HealthWindowMs, maxPoints = 60): HealthSeries {
    windowIndex(windowMs);
    this.advance();
    const windowSec = windowMs / 1000;
    const bucketSec =
      NICE_BUCKETS_S.find((b) => windowSec / b <= Math.max(1, maxPoints)) ??
      NICE_BUCKETS_S[NICE_BUCKETS_S.length - 1]!;
    const firstSec = this.nowSec - windowSec + 1;
    const startSec = Math.floor(firstSec / bucketSec) * bucketSec;
    const points = Math.floor((this.nowSec - startSec) / bucketSec) + 1;
    const lines: HealthSeriesLine[] = [];
    let anyLatency = false;
    let anyOneRecord = false;
    const dense = new Float64Array(LATENCY_BINS);
    const w = windowIndex(windowMs);
    for (const s of this.all) {
      if (s.winCounts[w]![C_REQUESTS] === 0) continue;
      const rate: number[] = [];
      const errors: number[] = [];
      const p95: (number | null)[] = [];
      for (let p = 0; p < points; p++) {
        const from = Math.max(startSec + p * bucketSec, firstSec);
        const to = Math.min(startSec + (p + 1) * bucketSec - 1, this.nowSec);
        let requests = 0;
        let errs = 0;
        let latN = 0;
        dense.fill(0);
        for (let sec = from; sec <= to; sec++) {
          const slot = slotOf(sec);
          if (s.slotSecond[slot] !== sec) continue;
          const base = slot * NC;
          requests += s.counts[base + C_REQUESTS]!;
          errs += s.counts[base + C_HTTP_ERROR]! + s.counts[base + C_NO_RESPONSE]!;
          latN += s.counts[base + C_LATENCY]!;
          if (s.counts[base + C_ONE_RECORD]! > 0) anyOneRecord = true;
          const sparse = s.latency[slot];
          if (sparse) mergeSparse(dense, sparse, 1);
        }
        rate.push(requests / Math.max(1, to - from + 1));
        errors.push(errs);
        p95.push(percentileOf(dense, latN, 0.95));
        if (latN > 0) anyLatency = true;
      }
      lines.push({ key: s.key, model: s.model, version: s.version, rate, errors, p95 });
    }
    lines.sort((a, b) => b.version - a.version || a.model.localeCompare(b.model));
    return {
      windowMs,
      startMs: startSec * 1000,
      bucketMs: bucketSec * 1000,
      points,
      lines,
      latencySource: anyLatency
        ? 'kafka-events'
        : anyOneRecord || this.singleHalfMode()
          ? 'not-logged'
          : 'none-yet',
    };
  }

  /** Rows followed for later changes right now (for tests and the memory bound). */
  get trackedRows(): number {
    return this.tracked.size;
  }

  private contribution(row: LogRow): Contribution | undefined {
    let outcome: number;
    switch (row.outcome) {
      case 'ok':
        outcome = C_OK;
        break;
      case 'http-error':
        outcome = C_HTTP_ERROR;
        break;
      case 'no-response':
        outcome = C_NO_RESPONSE;
        break;
      case 'pending':
        outcome = C_PENDING;
        break;
      case 'request-only':
        outcome = C_UNKNOWN;
        break;
      default:
        return undefined; // undecodable: not a call
    }
    let second = Math.floor(row.timeMs / 1000);
    if (!Number.isFinite(second)) return undefined;
    // A producer clock a little ahead of ours: count the call now rather than in a second to come.
    if (second > this.nowSec) second = this.nowSec;
    if (second <= this.nowSec - RING) {
      this.olderThanWindow++;
      return undefined;
    }
    if (second * 1000 < this.startMs) this.startMs = second * 1000;
    let bin = -1;
    if (row.kind === 'pair' && row.responseKafka) {
      const ms = row.responseKafka.timestampMs - row.kafka.timestampMs;
      if (ms >= 0 && Number.isFinite(ms)) bin = latencyBin(ms);
    }
    return {
      series: this.seriesFor(row.model, row.modelVersion),
      second,
      outcome,
      oneRecord: row.kind === 'combined',
      bin,
    };
  }

  private seriesFor(model: string, version: number): number {
    const key = `${model}@${version}`;
    const known = this.seriesIndex.get(key);
    if (known !== undefined) return known;
    if (this.all.length >= this.maxSeries) {
      if (this.otherIndex < 0) {
        this.otherIndex = this.all.length;
        this.all.push(new Series('other', '', -1));
      }
      return this.otherIndex;
    }
    const i = this.all.length;
    this.all.push(new Series(key, model, version));
    this.seriesIndex.set(key, i);
    return i;
  }

  /** Adds (sign 1) or takes back (sign -1) one row's counts in its slot and in the windows holding it. */
  private apply(c: Contribution, sign: number): void {
    const s = this.all[c.series];
    if (!s || c.second <= this.nowSec - RING) return;
    const slot = slotOf(c.second);
    if (s.slotSecond[slot] !== c.second) {
      if (sign < 0) return; // that second has already been recycled
      // The slot held a second older than every window: recycle it.
      s.slotSecond[slot] = c.second;
      s.counts.fill(0, slot * NC, slot * NC + NC);
      s.latency[slot] = undefined;
    }
    const base = slot * NC;
    s.counts[base + C_REQUESTS]! += sign;
    s.counts[base + c.outcome]! += sign;
    if (c.oneRecord) s.counts[base + C_ONE_RECORD]! += sign;
    if (c.bin >= 0) {
      s.counts[base + C_LATENCY]! += sign;
      addSparse((s.latency[slot] ??= newSparse()), c.bin, sign);
    }
    for (let w = 0; w < HEALTH_WINDOWS_MS.length; w++) {
      if (c.second <= this.nowSec - HEALTH_WINDOWS_MS[w]! / 1000) continue;
      const counts = s.winCounts[w]!;
      counts[C_REQUESTS]! += sign;
      counts[c.outcome]! += sign;
      if (c.oneRecord) counts[C_ONE_RECORD]! += sign;
      if (c.bin >= 0) {
        counts[C_LATENCY]! += sign;
        s.winLatency[w]![c.bin]! += sign;
      }
    }
  }

  private track(id: number, c: Contribution): void {
    this.tracked.set(id, c);
    if (this.tracked.size > this.maxTracked) {
      const oldest = this.tracked.keys().next();
      if (!oldest.done) this.tracked.delete(oldest.value);
    }
  }

  /** Moves the windows to the clock's current second: seconds that left a window leave its sums. */
  private advance(): void {
    const nowSec = Math.floor(this.clock.now() / 1000);
    const prev = this.nowSec;
    if (!(nowSec > prev)) return; // same second, or a clock that stepped back: keep the windows
    this.nowSec = nowSec;
    for (let w = 0; w < HEALTH_WINDOWS_MS.length; w++) {
      const ws = HEALTH_WINDOWS_MS[w]! / 1000;
      for (const s of this.all) {
        if (nowSec - prev >= ws) {
          s.winCounts[w]!.fill(0);
          s.winLatency[w]!.fill(0);
          continue;
        }
        // Seconds (prev - ws, nowSec - ws] leave window w.
        for (let sec = prev - ws + 1; sec <= nowSec - ws; sec++) {
          const slot = slotOf(sec);
          if (s.slotSecond[slot] !== sec) continue;
          const base = slot * NC;
          const counts = s.winCounts[w]!;
          for (let i = 0; i < NC; i++) counts[i]! -= s.counts[base + i]!;
          const sparse = s.latency[slot];
          if (sparse) mergeSparse(s.winLatency[w]!, sparse, -1);
        }
      }
    }
    this.pruneTracked();
  }

  /** Rows older than the longest window can no longer be taken back: stop following them. */
  private pruneTracked(): void {
    const horizon = this.nowSec - RING;
    for (const [id, c] of this.tracked) {
      if (c.second > horizon) break; // arrival order is close to time order; the rest goes later
      this.tracked.delete(id);
    }
  }

  private singleHalfMode(): boolean {
    return this.loggingMode === 'MODEL_INPUTS' || this.loggingMode === 'PREDICTIONS';
  }

  private figures(
    key: string,
    model: string,
    version: number,
    counts: Float64Array,
    latency: Float64Array,
    seconds: number,
  ): VersionHealth {
    const ok = counts[C_OK]!;
    const httpErrors = counts[C_HTTP_ERROR]!;
    const noResponse = counts[C_NO_RESPONSE]!;
    const settled = ok + httpErrors + noResponse;
    const latN = counts[C_LATENCY]!;
    // PREDICTIONS mode logs only successful responses: an error rate of 0 would be a claim we cannot make.
    const errorRate =
      this.loggingMode === 'PREDICTIONS' || settled === 0 ? null : (httpErrors + noResponse) / settled;
    return {
      key,
      model,
      version,
      requests: counts[C_REQUESTS]!,
      requestsPerSecond: counts[C_REQUESTS]! / seconds,
      ok,
      httpErrors,
      noResponse,
      pending: counts[C_PENDING]!,
      outcomeUnknown: counts[C_UNKNOWN]!,
      errorRate,
      latency: this.latencyFigures(latN, latency, counts[C_ONE_RECORD]! > 0),
    };
  }

  private latencyFigures(count: number, bins: Float64Array, oneRecord: boolean): LatencyFigures {
    let source: LatencySource;
    let note: string;
    if (count > 0) {
      source = 'kafka-events';
      note =
        'Measured between the two logged events (Kafka timestamps of the request and the response), not inside the model server.';
    } else if (oneRecord || this.servingTool === 'DEFAULT') {
      source = 'not-logged';
      note = 'Latency is not logged here: DEFAULT deployments write one record per call, with one time.';
    } else if (this.singleHalfMode()) {
      source = 'not-logged';
      note = `Latency is not logged here: in ${this.loggingMode} mode only one half of each call is logged.`;
    } else {
      source = 'none-yet';
      note = 'No call in this window has both its request and its response logged yet.';
    }
    return {
      source,
      note,
      count,
      p50: percentileOf(bins, count, 0.5),
      p95: percentileOf(bins, count, 0.95),
      p99: percentileOf(bins, count, 0.99),
      p95Range: percentileRange(bins, count, 0.95),
      relativeError: LATENCY_RELATIVE_ERROR,
    };
  }

  private notes(): string[] {
    const notes: string[] = [];
    if (this.loggingMode === 'PREDICTIONS')
      notes.push(
        'PREDICTIONS mode logs successful responses only: failed calls are not in the topic, so no error rate is shown.',
      );
    else if (this.loggingMode === 'MODEL_INPUTS')
      notes.push('MODEL_INPUTS mode logs requests only: the outcome of a call is not known.');
    else if (this.servingTool === 'KSERVE')
      notes.push(
        'KServe logs no response for a failed call: a failure shows as "no response" once the response timeout has passed.',
      );
    if (this.olderThanWindow > 0)
      notes.push(
        `${this.olderThanWindow} logged calls were older than the longest window (60 min) when they arrived and are not counted.`,
      );
    return notes;
  }
}

function slotOf(second: number): number {
  return ((second % RING) + RING) % RING;
}

function windowIndex(windowMs: number): number {
  const i = (HEALTH_WINDOWS_MS as readonly number[]).indexOf(windowMs);
  if (i < 0)
    throw new RangeError(
      `Health window must be one of ${HEALTH_WINDOWS_MS.map((m) => `${m / 60_000} min`).join(', ')}; got ${windowMs} ms.`,
    );
  return i;
}
