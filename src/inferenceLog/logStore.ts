// The host-side bounded store the webview pulls pages from: a ring buffer of rows, cumulative counters,
// a rate, and a throttled "changed" signal (never one message per event). Bounded twice: by rows
// (capacity) and by the heap the rows hold (maxBytes, estimated by rowSize.ts), oldest dropped first.
import type { Clock } from './clock';
import { buildHistogram } from './histogram';
import { RateMeter } from './rateMeter';
import { RingBuffer } from './ringBuffer';
import { compileFilter, isErrorRow, ofDeployment } from './rowFilter';
import { rowBytes } from './rowSize';
import { Throttle } from './throttle';
import type { Histogram, LogRow, QueryRequest, QueryResult, RowFilter, StoreStats } from './types';

export const DEFAULT_CAPACITY = 100_000;
export const DEFAULT_SIGNAL_INTERVAL_MS = 100;
/** The default of `hopsworks.inferenceLog.maxMemoryMB`. */
export const DEFAULT_MAX_MEMORY_MB = 256;

export interface LogStoreOptions {
  capacity?: number;
  /**
   * Heap the rows may hold, in bytes (default 256 MiB). Past it the oldest rows are dropped and counted
   * as dropped; the newest row always stays, however big.
   */
  maxBytes?: number;
  clock: Clock;
  /** Minimum gap between two "changed" signals (default 100 ms: at most ~10 per second). */
  signalIntervalMs?: number;
  /** The deployment the rows are read for: rows of others on the same topic are counted apart. */
  ownServingId?: number;
}

export type NewRow = Omit<LogRow, 'id' | 'rev'>;

export class LogStore {
  private readonly ring: RingBuffer<LogRow>;
  private readonly rate: RateMeter;
  private readonly signal: Throttle;
  private readonly changedListeners = new Set<() => void>();
  /** An array, not a Set: once the store is full every append evicts, and iterating a Set allocates. */
  private evictedListeners: ((row: LogRow) => void)[] = [];
  private counters = { ...ZERO_COUNTERS };
  private readonly ownServingId: number | undefined;
  /** Estimated heap of each held row, by ring slot (a typed array: no object per row). */
  private readonly sizes: Float64Array;
  private bytes = 0;
  readonly maxBytes: number;

  constructor(options: LogStoreOptions) {
    this.ring = new RingBuffer<LogRow>(options.capacity ?? DEFAULT_CAPACITY);
    this.sizes = new Float64Array(this.ring.capacity);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_MEMORY_MB * 1024 * 1024;
    this.ownServingId = options.ownServingId;
    this.bytes = this.baseBytes();
    this.rate = new RateMeter(options.clock);
    this.signal = new Throttle(
      () => {
        for (const l of this.changedListeners) safeCall(l);
      },
      options.signalIntervalMs ?? DEFAULT_SIGNAL_INTERVAL_MS,
      options.clock,
    );
  }

  get capacity(): number {
    return this.ring.capacity;
  }

  /** Subscribes to the throttled change signal; returns the unsubscribe function. */
  onChanged(listener: () => void): () => void {
    this.changedListeners.add(listener);
    return () => this.changedListeners.delete(listener);
  }

  /** Called for each row the capacity bound pushes out (the pairing index forgets it). */
  onEvicted(listener: (row: LogRow) => void): () => void {
    this.evictedListeners = [...this.evictedListeners, listener];
    return () => {
      this.evictedListeners = this.evictedListeners.filter((l) => l !== listener);
    };
  }

  /** Counts Kafka messages taken in (decodable or not) for `total` and the rate. */
  countMessages(n = 1): void {
    this.counters.total += n;
    this.rate.add(n);
  }

  append(fields: NewRow): LogRow {
    const row = storedRow(this.ring.nextSeq, fields);
    const slot = row.id % this.sizes.length;
    const evicted = this.ring.push(row);
    if (evicted) this.dropped(evicted, this.sizes[slot] ?? 0);
    const size = rowBytes(row);
    this.sizes[slot] = size;
    this.bytes += size;
    if (isErrorRow(row)) this.counters.errors++;
    if (row.kind === 'raw') this.counters.undecodable++;
    if (row.outcome === 'pending') this.counters.pending++;
    if (this.isOthers(row)) this.counters.otherDeployments++;
    this.shed();
    this.signal.notify();
    return row;
  }

  /** Changes a row in place (a response joining its request, a timeout) and keeps the counters right. */
  update(row: LogRow, change: (row: LogRow) => void): void {
    const wasError = isErrorRow(row);
    const wasPending = row.outcome === 'pending';
    change(row);
    this.updated(row, wasError, wasPending);
  }

  /**
   * The closure-free form of `update` for the ingest path: the caller changed `row` in place and says
   * whether it was an error / pending before.
   */
  updated(row: LogRow, wasError: boolean, wasPending: boolean): void {
    row.rev++;
    this.counters.errors += Number(isErrorRow(row)) - Number(wasError);
    this.counters.pending += Number(row.outcome === 'pending') - Number(wasPending);
    // A join adds the other half's payload: the row grew.
    if (this.ring.get(row.id) === row) {
      const slot = row.id % this.sizes.length;
      const size = rowBytes(row);
      this.bytes += size - (this.sizes[slot] ?? 0);
      this.sizes[slot] = size;
      this.shed();
    }
    this.signal.notify();
  }

  get(id: number): LogRow | undefined {
    return this.ring.get(id);
  }

  rows(newestFirst = false): IterableIterator<LogRow> {
    return this.ring.values(newestFirst);
  }

  /** Rows matching `filter`, oldest first. */
  *matching(filter?: RowFilter, newestFirst = false): IterableIterator<LogRow> {
    const match = compileFilter(this.needed(filter));
    for (const r of this.ring.values(newestFirst)) if (!match || match(r)) yield r;
  }

  query(req: QueryRequest = {}): QueryResult {
    const offset = Math.max(0, Math.floor(req.offset ?? 0));
    const limit = Math.max(0, Math.floor(req.limit ?? 100));
    const newestFirst = req.order === 'newest-first';
    const match = compileFilter(this.needed(req.filter));
    if (!match) {
      // No filter: the page is a direct slice of the ring.
      const total = this.ring.size;
      const rows: LogRow[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) {
        const seq = newestFirst ? this.ring.nextSeq - 1 - i : this.ring.firstSeq + i;
        const r = this.ring.get(seq);
        if (r) rows.push(r);
      }
      return { total, rows };
    }
    let total = 0;
    const rows: LogRow[] = [];
    for (const r of this.ring.values(newestFirst)) {
      if (!match(r)) continue;
      if (total >= offset && rows.length < limit) rows.push(r);
      total++;
    }
    return { total, rows };
  }

  histogram(maxBuckets = 60, filter?: RowFilter): Histogram {
    return buildHistogram(this.ring.values(), maxBuckets, compileFilter(this.needed(filter)));
  }

  stats(): StoreStats {
    return {
      capacity: this.ring.capacity,
      rows: this.ring.size,
      ...this.counters,
      eventsPerSecond: this.rate.perSecond(),
      memoryBytes: this.bytes,
      maxMemoryBytes: this.maxBytes,
    };
  }

  /** Forgets every row and resets the counters. */
  clear(): void {
    for (const r of this.ring.values()) this.evicted(r);
    this.ring.clear();
    this.sizes.fill(0);
    this.bytes = this.baseBytes();
    this.counters = { ...ZERO_COUNTERS };
    this.rate.reset();
    this.signal.notify();
  }

  dispose(): void {
    this.signal.cancel();
    this.changedListeners.clear();
    this.evictedListeners = [];
  }

  /** What the store costs with no row in it: the ring's slot array, a pointer a slot, counts too. */
  private baseBytes(): number {
    return this.ring.capacity * 8;
  }

  /** Drops the oldest rows while the rows hold more than maxBytes; the newest always stays. */
  private shed(): void {
    while (this.bytes > this.maxBytes && this.ring.size > 1) {
      const slot = this.ring.firstSeq % this.sizes.length;
      const oldest = this.ring.dropOldest();
      if (!oldest) break;
      this.dropped(oldest, this.sizes[slot] ?? 0);
      this.sizes[slot] = 0;
      this.counters.droppedForMemory++;
    }
  }

  /** A row another deployment logged to this topic (undecodable rows name nobody). */
  private isOthers(row: LogRow): boolean {
    return this.ownServingId !== undefined && !ofDeployment(row, this.ownServingId);
  }

  /**
   * `filter` without a deployment condition that cannot exclude anything (only this deployment's rows are
   * held): the page is then a direct slice of the ring instead of a scan of every row.
   */
  private needed(filter: RowFilter | undefined): RowFilter | undefined {
    if (
      filter?.servingId === undefined ||
      filter.servingId !== this.ownServingId ||
      this.counters.otherDeployments > 0
    )
      return filter;
    const { servingId: _own, ...rest } = filter;
    return rest;
  }

  /** Books a row the bounds pushed out. */
  private dropped(row: LogRow, size: number): void {
    this.bytes -= size;
    this.counters.dropped++;
    if (row.outcome === 'pending') this.counters.pending--;
    if (this.isOthers(row)) this.counters.otherDeployments--;
    this.evicted(row);
  }

  private evicted(row: LogRow): void {
    const listeners = this.evictedListeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(row);
      } catch {
        /* listener errors are the listener's business */
      }
    }
  }
}

const ZERO_COUNTERS = {
  total: 0,
  errors: 0,
  undecodable: 0,
  dropped: 0,
  droppedForMemory: 0,
  pending: 0,
  otherDeployments: 0,
};

/**
 * Every row gets the fields a decoded row can come to hold, in one order, in one literal: rows then share
 * one hidden class with those fields in the object itself. A join fills the response half and the latency
 * later; added as new properties they would move each row to another shape and, past the literal's size,
 * into a separately allocated property store — for 100,000 long-lived rows that doubled the garbage
 * collector's copying work. Such optional fields are own properties holding `undefined` until set, which
 * reads the same as a missing one. Fields only a few rows ever have (raw rows' error, an unknown message
 * type, a format worked out for display) are added when present, so they cost the others nothing.
 */
function storedRow(id: number, f: NewRow): LogRow {
  const row: LogRow = {
    id,
    kind: f.kind,
    outcome: f.outcome,
    rev: 0,
    timeMs: f.timeMs,
    timeResolutionMs: f.timeResolutionMs,
    model: f.model,
    modelVersion: f.modelVersion,
    servingId: f.servingId,
    inferenceId: f.inferenceId,
    httpCode: f.httpCode,
    latencyMs: f.latencyMs,
    requestText: f.requestText,
    responseText: f.responseText,
    extra: f.extra,
    kafka: f.kafka,
    responseKafka: f.responseKafka,
  };
  if (f.requestFormat !== undefined) row.requestFormat = f.requestFormat;
  if (f.responseFormat !== undefined) row.responseFormat = f.responseFormat;
  if (f.messageType !== undefined) row.messageType = f.messageType;
  if (f.error !== undefined) row.error = f.error;
  if (f.hexPreview !== undefined) row.hexPreview = f.hexPreview;
  return row;
}

// A listener's bug must not break ingestion (nothing from the pipeline may throw into kafkajs).
function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    /* listener errors are the listener's business */
  }
}
