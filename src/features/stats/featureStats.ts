// Per-feature statistics, added to one instance at a time and mergeable (a window adds its buckets):
// count, missing, min/max/mean of the numbers, top values of the text and booleans, a small histogram.
// The same accumulator serves the features of the requests and the columns of the predictions.
import type { FeatureTable, JsonValue } from '../types';
import { ValueSketch } from './valueSketch';

/** Distinct text values counted exactly per column; past it, new values only add to `otherValues`. */
export const MAX_CATEGORIES = 1_000;
/** Text values are counted by their first characters. */
const MAX_CATEGORY_LENGTH = 200;
export const DEFAULT_HISTOGRAM_BINS = 10;
export const DEFAULT_TOP_VALUES = 10;

export class ColumnAccumulator {
  /** Instances that had this column in their table (present, null or absent). */
  count = 0;
  /** Absent or null. */
  missing = 0;
  /** Lists and objects: neither number nor category. */
  nested = 0;
  numbers = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly sketch = new ValueSketch();
  readonly categories = new Map<string, number>();
  categorized = 0;
  /** Category values not counted one by one because MAX_CATEGORIES distinct ones were already held. */
  otherValues = 0;

  add(v: JsonValue | undefined): void {
    this.count++;
    if (v === undefined || v === null) {
      this.missing++;
      return;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        this.nested++;
        return;
      }
      this.numbers++;
      this.sum += v;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      this.sketch.add(v);
      return;
    }
    if (typeof v === 'string' || typeof v === 'boolean') {
      this.categorized++;
      const key = typeof v === 'string' ? v.slice(0, MAX_CATEGORY_LENGTH) : String(v);
      const known = this.categories.get(key);
      if (known !== undefined) this.categories.set(key, known + 1);
      else if (this.categories.size < MAX_CATEGORIES) this.categories.set(key, 1);
      else this.otherValues++;
      return;
    }
    this.nested++;
  }

  merge(o: ColumnAccumulator): void {
    this.count += o.count;
    this.missing += o.missing;
    this.nested += o.nested;
    this.numbers += o.numbers;
    this.sum += o.sum;
    if (o.min < this.min) this.min = o.min;
    if (o.max > this.max) this.max = o.max;
    this.sketch.merge(o.sketch);
    this.categorized += o.categorized;
    this.otherValues += o.otherValues;
    for (const [k, n] of o.categories) {
      const known = this.categories.get(k);
      if (known !== undefined) this.categories.set(k, known + n);
      else if (this.categories.size < MAX_CATEGORIES) this.categories.set(k, n);
      else this.otherValues += n;
    }
  }
}

export interface NumericSummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Equal-width bins from min to max: `edges` has one more entry than `counts`. */
  histogram: { edges: number[]; counts: number[] };
  /** Largest relative error of a value's bin in the histogram (values are kept in 1% log-scale bins). */
  relativeError: number;
}

export interface CategoricalSummary {
  count: number;
  /** Distinct values counted (a lower bound when `otherValues` > 0). */
  distinct: number;
  top: { value: string; count: number }[];
  /** Values outside `top` (the rest of the distinct ones plus those past the distinct-value bound). */
  rest: number;
}

export interface ColumnStats {
  name: string;
  /** `numeric` / `categorical`: what most present values are; `mixed`: both; `empty`: none present. */
  kind: 'numeric' | 'categorical' | 'mixed' | 'nested' | 'empty';
  count: number;
  missing: number;
  nested: number;
  numeric?: NumericSummary;
  categorical?: CategoricalSummary;
}

/** The statistics of a sliding window of rows (statsWindow.ts); the panel's reply adds to it. */
export interface FeatureStatsSnapshot {
  windowMs: number;
  nowMs: number;
  /** Logged rows whose request or response was counted in the window. */
  rows: number;
  inputs: ColumnStats[];
  outputs: ColumnStats[];
  /** Payloads in the window that gave no feature rows (not JSON, not a known shape). */
  unreadable: { inputs: number; outputs: number };
}

export interface StatsOptions {
  histogramBins?: number;
  topValues?: number;
}

export function columnStats(name: string, acc: ColumnAccumulator, options: StatsOptions = {}): ColumnStats {
  const stats: ColumnStats = {
    name,
    kind: 'empty',
    count: acc.count,
    missing: acc.missing,
    nested: acc.nested,
  };
  if (acc.numbers > 0) stats.numeric = numericSummary(acc, options.histogramBins ?? DEFAULT_HISTOGRAM_BINS);
  if (acc.categorized > 0) {
    const all = [...acc.categories.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = all
      .slice(0, options.topValues ?? DEFAULT_TOP_VALUES)
      .map(([value, count]) => ({ value, count }));
    const shown = top.reduce((s, t) => s + t.count, 0);
    stats.categorical = {
      count: acc.categorized,
      distinct: acc.categories.size,
      top,
      rest: acc.categorized - shown,
    };
  }
  if (acc.numbers > 0 && acc.categorized > 0) stats.kind = 'mixed';
  else if (acc.numbers > 0) stats.kind = 'numeric';
  else if (acc.categorized > 0) stats.kind = 'categorical';
  else if (acc.nested > 0) stats.kind = 'nested';
  return stats;
}

function numericSummary(acc: ColumnAccumulator, bins: number): NumericSummary {
  const { min, max } = acc;
  const k = min === max ? 1 : Math.max(1, Math.floor(bins));
  const width = (max - min) / k;
  const edges = Array.from({ length: k + 1 }, (_, i) => (i === k ? max : min + i * width));
  const counts = new Array<number>(k).fill(0);
  for (const [value, n] of acc.sketch.entries()) {
    // A bin's midpoint may fall just outside [min, max]: it belongs to the nearest end.
    const i = width > 0 ? Math.floor((value - min) / width) : 0;
    const b = Math.min(k - 1, Math.max(0, i));
    counts[b]! += n;
  }
  return {
    count: acc.numbers,
    min,
    max,
    mean: acc.sum / acc.numbers,
    histogram: { edges, counts },
    relativeError: acc.sketch.relativeError,
  };
}

/** Per-column accumulators for one side (request features or predictions), in first-seen column order. */
export class TableAccumulator {
  readonly columns = new Map<string, ColumnAccumulator>();
  /** Instances added. */
  instances = 0;
  /** Payloads that gave no rows (not JSON, no known shape). */
  unreadable = 0;

  /** Adds every instance of a table. */
  addTable(table: FeatureTable): void {
    if (table.problem) {
      this.unreadable++;
      return;
    }
    const accs = table.columns.map((name) => this.column(name));
    for (const row of table.rows) {
      this.instances++;
      const absent = row.absent;
      for (let c = 0; c < accs.length; c++) {
        accs[c]!.add(absent !== undefined && absent.includes(c) ? undefined : row.values[c]);
      }
    }
  }

  merge(o: TableAccumulator): void {
    this.instances += o.instances;
    this.unreadable += o.unreadable;
    for (const [name, acc] of o.columns) this.column(name).merge(acc);
  }

  stats(options?: StatsOptions): ColumnStats[] {
    return [...this.columns].map(([name, acc]) => columnStats(name, acc, options));
  }

  private column(name: string): ColumnAccumulator {
    let acc = this.columns.get(name);
    if (!acc) {
      acc = new ColumnAccumulator();
      this.columns.set(name, acc);
    }
    return acc;
  }
}
