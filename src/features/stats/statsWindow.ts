// Feature and prediction statistics over the window a person picked, kept up to date row by row.
//
// The window is a ring of `buckets` time buckets (default 20, so a 5-minute window slides in 15 s steps);
// a row's instances go into the bucket of its time, and a snapshot merges the buckets still inside the
// window. Work per row: parsing its payloads and one accumulator update per value. Memory: the buckets'
// accumulators, each bounded (a sketch of at most 2,048 bins and 1,000 distinct values per column).
// A KServe request counted before its response arrived gets its predictions added when it does.
import type { Clock } from '../../inferenceLog/clock';
import type { LogRow } from '../../inferenceLog/types';
import type { ColumnSet } from '../types';
import { featureTable } from '../payloadRows';
import { TableAccumulator } from './featureStats';
import type { FeatureStatsSnapshot, StatsOptions } from './featureStats';

export type { FeatureStatsSnapshot };

export const DEFAULT_STATS_BUCKETS = 20;

export interface StatsWindowOptions {
  clock: Clock;
  windowMs: number;
  /** Time buckets per window (default 20): the window slides in steps of windowMs / buckets. */
  buckets?: number;
  /** The column sets of a row (they depend on its model version); positional when not given. */
  columnsFor?: (row: LogRow) => { input?: ColumnSet; output?: ColumnSet };
  /** Only rows it accepts are counted (e.g. the rows the table's filter shows). */
  accept?: (row: LogRow) => boolean;
  /** Rows followed for a later response (default 200,000). */
  maxTracked?: number;
}

class Bucket {
  index = -Infinity;
  rows = 0;
  inputs = new TableAccumulator();
  outputs = new TableAccumulator();

  reset(index: number): void {
    this.index = index;
    this.rows = 0;
    this.inputs = new TableAccumulator();
    this.outputs = new TableAccumulator();
  }
}

export class FeatureStatsWindow {
  readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly buckets: number;
  private readonly ring: Bucket[];
  private readonly clock: Clock;
  private readonly columnsFor: StatsWindowOptions['columnsFor'];
  private readonly accept: StatsWindowOptions['accept'];
  private readonly maxTracked: number;
  /** KServe halves counted so far: which side is in. */
  private tracked = new Map<number, { input: boolean; output: boolean }>();
  private firstSeenId = Infinity;

  constructor(options: StatsWindowOptions) {
    if (!(options.windowMs > 0)) throw new RangeError('The statistics window must be longer than 0 ms.');
    this.clock = options.clock;
    this.windowMs = options.windowMs;
    this.buckets = Math.max(1, Math.floor(options.buckets ?? DEFAULT_STATS_BUCKETS));
    this.bucketMs = this.windowMs / this.buckets;
    this.ring = Array.from({ length: this.buckets + 1 }, () => new Bucket());
    this.columnsFor = options.columnsFor;
    this.accept = options.accept;
    this.maxTracked = Math.max(1, options.maxTracked ?? 200_000);
  }

  observe(row: LogRow, change: 'added' | 'updated'): void {
    if (row.kind === 'raw') return;
    if (this.accept && !this.accept(row)) return;
    let done = this.tracked.get(row.id);
    if (!done) {
      if (change === 'updated' && row.id >= this.firstSeenId) return; // counted already, no longer followed
      done = { input: false, output: false };
    }
    if (row.id < this.firstSeenId) this.firstSeenId = row.id;
    const wantInput = !done.input && row.requestText !== undefined;
    const wantOutput = !done.output && row.responseText !== undefined;
    if (wantInput || wantOutput) {
      const bucket = this.bucketFor(row.timeMs);
      if (bucket) {
        const sets = this.columnsFor?.(row) ?? {};
        if (!done.input && !done.output) bucket.rows++;
        if (wantInput)
          bucket.inputs.addTable(featureTable(row.requestText, { side: 'input', columns: sets.input }));
        if (wantOutput)
          bucket.outputs.addTable(featureTable(row.responseText, { side: 'output', columns: sets.output }));
      }
      if (wantInput) done.input = true;
      if (wantOutput) done.output = true;
    }
    if ((row.kind === 'request' || row.kind === 'response') && !(done.input && done.output)) {
      this.tracked.set(row.id, done);
      if (this.tracked.size > this.maxTracked) {
        const oldest = this.tracked.keys().next();
        if (!oldest.done) this.tracked.delete(oldest.value);
      }
    } else {
      this.tracked.delete(row.id);
    }
  }

  seed(rows: Iterable<LogRow>): void {
    for (const r of rows) this.observe(r, 'added');
  }

  /** Stops following a row that left the store. */
  forget(rowId: number): void {
    this.tracked.delete(rowId);
  }

  reset(): void {
    for (const b of this.ring) b.reset(-Infinity);
    this.tracked = new Map();
    this.firstSeenId = Infinity;
  }

  /** The window's accumulators merged (for drift against a reference). */
  merged(): { rows: number; inputs: TableAccumulator; outputs: TableAccumulator } {
    const now = this.nowIndex();
    const inputs = new TableAccumulator();
    const outputs = new TableAccumulator();
    let rows = 0;
    for (const b of this.ring) {
      if (b.index > now - this.buckets && b.index <= now) {
        rows += b.rows;
        inputs.merge(b.inputs);
        outputs.merge(b.outputs);
      }
    }
    return { rows, inputs, outputs };
  }

  snapshot(options?: StatsOptions): FeatureStatsSnapshot {
    const m = this.merged();
    return {
      windowMs: this.windowMs,
      nowMs: this.clock.now(),
      rows: m.rows,
      inputs: m.inputs.stats(options),
      outputs: m.outputs.stats(options),
      unreadable: { inputs: m.inputs.unreadable, outputs: m.outputs.unreadable },
    };
  }

  private nowIndex(): number {
    return Math.floor(this.clock.now() / this.bucketMs);
  }

  private bucketFor(timeMs: number): Bucket | undefined {
    const now = this.nowIndex();
    let index = Math.floor(timeMs / this.bucketMs);
    if (!Number.isFinite(index)) return undefined;
    if (index > now) index = now; // a producer clock slightly ahead
    if (index <= now - this.buckets) return undefined; // older than the window
    const slot = ((index % this.ring.length) + this.ring.length) % this.ring.length;
    const b = this.ring[slot]!;
    if (b.index !== index) b.reset(index);
    return b;
  }
}
