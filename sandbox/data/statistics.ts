// Descriptive statistics of one column, computed the way Hopsworks' statistics job reports them (Deequ's
// column profile as hsfs maps it, FeatureDescriptiveStatisticsDTO on the server): count, completeness,
// null counts, approximate distinct values; for numbers min/max/sum/mean/population stddev and 100
// percentiles; a histogram in `extendedStatistics`, which the server sends as a JSON *string*.
import type { FeatureSpec } from './features';

/** The server's FeatureDescriptiveStatisticsDTO, as JSON (null fields omitted). */
export interface DescriptiveStatisticsJson {
  id: number;
  featureType: string;
  featureName: string;
  count: number;
  completeness: number;
  numNonNullValues: number;
  numNullValues: number;
  approxNumDistinctValues: number;
  min?: number;
  max?: number;
  sum?: number;
  mean?: number;
  /** Key as Hopsworks ≤ 4.x writes it (FeatureDescriptiveStatisticsDTO.stddev); 5.x clients also read `stdDev`. */
  stddev?: number;
  percentiles?: number[];
  extendedStatistics?: string;
}

export interface HistogramBin {
  value: string;
  count: number;
  ratio: number;
}

const NUMERIC_BINS = 20;
const CATEGORY_BINS = 20;

/**
 * Percentile i (i = 1…100) by nearest rank, as the index i-1 of Deequ's `approxPercentiles` holds it (the
 * Python engine writes the same 100-element layout).
 */
export function percentiles(sorted: readonly number[]): number[] {
  const out: number[] = [];
  const n = sorted.length;
  for (let i = 1; i <= 100; i++) {
    const rank = Math.max(1, Math.ceil((i / 100) * n));
    out.push(sorted[rank - 1] as number);
  }
  return out;
}

/** Equal-width bins labelled "low to high" with two decimals, as hsfs' HistogramBuilder writes them. */
export function numericHistogram(values: readonly number[], min: number, max: number): HistogramBin[] {
  const width = (max - min) / NUMERIC_BINS;
  const counts = new Array<number>(NUMERIC_BINS).fill(0);
  for (const v of values) {
    const bin = width === 0 ? 0 : Math.min(NUMERIC_BINS - 1, Math.floor((v - min) / width));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts.map((count, i) => {
    const low = min + i * width;
    return {
      value: `${low.toFixed(2)} to ${(low + width).toFixed(2)}`,
      count,
      ratio: values.length > 0 ? count / values.length : 0,
    };
  });
}

function categoryHistogram(values: readonly string[]): HistogramBin[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, CATEGORY_BINS)
    .map(([value, count]) => ({ value, count, ratio: count / values.length }));
}

/** Statistics of one non-null column. */
export function describeColumn(
  id: number,
  spec: Pick<FeatureSpec, 'name' | 'statsType'>,
  values: readonly (number | string)[],
): DescriptiveStatisticsJson {
  const base = {
    id,
    featureType: spec.statsType,
    featureName: spec.name,
    count: values.length,
    completeness: 1,
    numNonNullValues: values.length,
    numNullValues: 0,
    approxNumDistinctValues: new Set(values).size,
  };
  if (spec.statsType === 'String') {
    return {
      ...base,
      extendedStatistics: JSON.stringify({ histogram: categoryHistogram(values.map(String)) }),
    };
  }
  const nums = values.map(Number);
  const sorted = [...nums].sort((a, b) => a - b);
  const sum = nums.reduce((s, v) => s + v, 0);
  const mean = sum / nums.length;
  const variance = nums.reduce((s, v) => s + (v - mean) ** 2, 0) / nums.length;
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  return {
    ...base,
    min,
    max,
    sum,
    mean,
    stddev: Math.sqrt(variance),
    percentiles: percentiles(sorted),
    extendedStatistics: JSON.stringify({ histogram: numericHistogram(nums, min, max) }),
  };
}
