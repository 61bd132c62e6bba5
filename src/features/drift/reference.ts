// What drift is measured against: per feature, the reference's bins and the share of its values in each.
// Built from a training dataset's statistics as the feature store REST API returns them, or from a
// window of rows the person watched ("the first hour I watched").
//
// Bins follow hsfs feature monitoring (`hsfs/core/distribution_engine.py`, defaults in
// `feature_monitoring_config.py` `compare_on_distribution`): numeric features EQUI_FREQUENCY with 10
// bins whose edges are taken from the reference's percentiles (bin_count + 1 evenly spaced indices into
// the percentile list, rounded half to even as numpy does, repeated edges dropped); other features
// CATEGORICAL (one bin per value). A value below the first edge counts in the first bin and one above
// the last edge in the last bin, as hsfs clips them.
import type { TableAccumulator } from '../stats/featureStats';
import type { ValueSketch } from '../stats/valueSketch';

export const PSI_BINS = 10;

export type ReferenceSource = 'training-dataset' | 'observed-window';

export interface NumericReference {
  kind: 'numeric';
  name: string;
  /** Strictly increasing; one more than `shares`. */
  edges: number[];
  /** Share of the reference's values in each bin; sums to 1. */
  shares: number[];
  /** How many values the reference had (counts for the smoothing); undefined when the statistics lack it. */
  count?: number;
}

export interface CategoricalReference {
  kind: 'categorical';
  name: string;
  categories: { value: string; share: number }[];
  count?: number;
}

export type FeatureReference = NumericReference | CategoricalReference;

export interface DriftReference {
  source: ReferenceSource;
  /** For the UI: "training dataset 1 of fraud_fv v2", "13:00–14:00 (watched)". */
  label: string;
  features: FeatureReference[];
  /** Features of the reference that could not be used, and why. */
  skipped: { name: string; reason: string }[];
}

// ---------------------------------------------------------------------------------------------------
// Training-dataset statistics: the minimal structure this needs from the REST client.
// `GET …/featureview/{name}/version/{v}/trainingdatasets/version/{td}/statistics` returns a
// StatisticsDTO (`hsfs/statistics.py`): `featureDescriptiveStatistics` (one FeatureDescriptiveStatistics
// per feature, `hsfs/core/feature_descriptive_statistics.py`) and, for a split training dataset,
// `splitStatistics` (`[{name: "train", featureDescriptiveStatistics: […]}]`). A list endpoint wraps it
// in `{count, items}`. `percentiles` is the list of approximate percentiles (p1…p99, 99 values, in the
// current profiler); `extendedStatistics` is a JSON *string* holding
// `histogram`: `[{value, count, ratio}]` (values "0.00 to 0.42" for numbers, the value itself otherwise).
// ---------------------------------------------------------------------------------------------------

export interface FeatureDescriptiveStatisticsInput {
  featureName: string;
  /** "Integral", "Fractional", "String", "Boolean" (Deequ's data types). */
  featureType?: string | null;
  count?: number | null;
  numNonNullValues?: number | null;
  numNullValues?: number | null;
  min?: number | null;
  max?: number | null;
  mean?: number | null;
  /** A list of evenly spaced percentiles, or `{"25%": …}` as the Python client writes them back. */
  percentiles?: readonly number[] | Readonly<Record<string, number>> | null;
  extendedStatistics?: string | ExtendedStatisticsInput | null;
}

export interface ExtendedStatisticsInput {
  histogram?: readonly { value: string | number | boolean; count: number; ratio?: number }[];
}

export interface TrainingStatisticsInput {
  featureDescriptiveStatistics?: readonly FeatureDescriptiveStatisticsInput[] | null;
  splitStatistics?:
    | readonly { name: string; featureDescriptiveStatistics: readonly FeatureDescriptiveStatisticsInput[] }[]
    | null;
}

export interface TrainingReferenceOptions {
  label?: string;
  /** For a split training dataset, which split (default "train", else the first). */
  split?: string;
  bins?: number;
}

export function referenceFromTrainingStatistics(
  input: TrainingStatisticsInput | { items?: readonly TrainingStatisticsInput[] },
  options: TrainingReferenceOptions = {},
): DriftReference {
  const stats: TrainingStatisticsInput =
    'items' in input && Array.isArray(input.items)
      ? ((input.items[0] as TrainingStatisticsInput | undefined) ?? {})
      : (input as TrainingStatisticsInput);
  let list = stats.featureDescriptiveStatistics ?? undefined;
  const splits = stats.splitStatistics ?? [];
  if ((!list || list.length === 0) && splits.length > 0) {
    const wanted = options.split ?? 'train';
    list = (splits.find((s) => s.name === wanted) ?? splits[0]!).featureDescriptiveStatistics;
  }
  const reference: DriftReference = {
    source: 'training-dataset',
    label: options.label ?? 'training dataset',
    features: [],
    skipped: [],
  };
  for (const fds of list ?? []) {
    if (!fds || typeof fds.featureName !== 'string') continue;
    const made = featureReference(fds, options.bins ?? PSI_BINS);
    if ('reason' in made) reference.skipped.push({ name: fds.featureName, reason: made.reason });
    else reference.features.push(made);
  }
  if ((list ?? []).length === 0)
    reference.skipped.push({ name: '*', reason: 'The statistics hold no feature descriptive statistics.' });
  return reference;
}

function featureReference(
  fds: FeatureDescriptiveStatisticsInput,
  bins: number,
): FeatureReference | { reason: string } {
  const name = fds.featureName;
  const nonNull =
    fds.numNonNullValues ?? (fds.count != null ? fds.count - (fds.numNullValues ?? 0) : undefined);
  if (fds.count === 0 || nonNull === 0) return { reason: 'The training dataset has no values for it.' };
  const histogram = extended(fds.extendedStatistics)?.histogram;
  const type = (fds.featureType ?? '').toLowerCase();
  const numeric = type === 'integral' || type === 'fractional' || (type === '' && fds.percentiles != null);
  if (!numeric) {
    if (!histogram || histogram.length === 0)
      return {
        reason:
          'The statistics have no histogram of its values (enable histograms for the training dataset).',
      };
    const total = histogram.reduce((s, h) => s + Math.max(0, Number(h.count) || 0), 0);
    if (total <= 0) return { reason: 'Its histogram is empty.' };
    const ref: CategoricalReference = {
      kind: 'categorical',
      name,
      categories: histogram.map((h) => ({
        value: String(h.value),
        share: Math.max(0, Number(h.count) || 0) / total,
      })),
      count: total,
    };
    return ref;
  }
  const pct = percentileList(fds.percentiles);
  if (pct) {
    const made = equalFrequency(pct.values, pct.fractions, bins);
    if (made) return { kind: 'numeric', name, ...made, ...(nonNull != null ? { count: nonNull } : {}) };
  }
  // hsfs falls back to EQUI_WIDTH on the histogram's own bins when percentiles give no usable edges.
  const fromHistogram = histogram ? equalWidthFromHistogram(histogram) : undefined;
  if (fromHistogram) return { kind: 'numeric', name, ...fromHistogram };
  return { reason: 'The statistics have neither percentiles nor a histogram for it.' };
}

function extended(
  v: FeatureDescriptiveStatisticsInput['extendedStatistics'],
): ExtendedStatisticsInput | undefined {
  if (!v) return undefined;
  if (typeof v === 'string') {
    try {
      const parsed = JSON.parse(v) as unknown;
      return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return v;
}

/**
 * The percentiles in increasing fraction order with the fraction each stands for: a list of k values is
 * taken as the evenly spaced quantiles (j + 1) / (k + 1) (p1…p99 for the profiler's 99 values,
 * `ColumnProfiler.PERCENTILE_FRACTIONS`); `{"25%": v}` says its own fractions.
 */
function percentileList(
  p: FeatureDescriptiveStatisticsInput['percentiles'],
): { values: number[]; fractions: number[] } | undefined {
  if (!p) return undefined;
  let pairs: [number, number][];
  if (Array.isArray(p)) {
    const list = p as readonly number[];
    pairs = list.map((v, j) => [(j + 1) / (list.length + 1), v]);
  } else {
    pairs = Object.entries(p as Record<string, number>).flatMap(([key, v]): [number, number][] => {
      const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(key);
      return m ? [[Number(m[1]) / 100, v]] : [];
    });
    pairs.sort((a, b) => a[0] - b[0]);
  }
  pairs = pairs.filter(([f, v]) => Number.isFinite(f) && typeof v === 'number' && Number.isFinite(v));
  if (pairs.length < 2) return undefined;
  return { fractions: pairs.map((x) => x[0]), values: pairs.map((x) => x[1]) };
}

/** numpy's round (half to even), so the edge indices are the ones hsfs picks. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * hsfs `_resolve_equi_frequency_edges`: bins + 1 evenly spaced indices into the percentile list, repeated
 * edges dropped. The share of a bin is the quantile mass between its edges (what "equal frequency"
 * means; hsfs instead maps the training histogram's equal-width bins onto these edges by their midpoints,
 * a coarser estimate of the same thing); the first bin also holds everything below its lower edge and
 * the last everything above its upper edge.
 */
export function equalFrequency(
  values: readonly number[],
  fractions: readonly number[],
  bins: number,
): { edges: number[]; shares: number[] } | undefined {
  const n = values.length;
  if (n < 2) return undefined;
  const edges: number[] = [];
  const at: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const idx = roundHalfEven(((n - 1) * b) / bins);
    const v = values[idx]!;
    if (edges.length === 0 || v > edges[edges.length - 1]!) {
      edges.push(v);
      // The bin [v, next) holds the values equal to v: with repeated percentiles (values logged with few
      // decimals) its mass starts at the first percentile that is v, not at the one the index picked.
      let first = idx;
      while (first > 0 && values[first - 1] === v) first--;
      at.push(fractions[first]!);
    }
  }
  if (edges.length < 2) return undefined;
  const k = edges.length - 1;
  const shares: number[] = [];
  for (let j = 0; j < k; j++) {
    const lower = j === 0 ? 0 : at[j]!;
    const upper = j === k - 1 ? 1 : at[j + 1]!;
    shares.push(Math.max(0, upper - lower));
  }
  return { edges, shares };
}

function equalWidthFromHistogram(
  histogram: NonNullable<ExtendedStatisticsInput['histogram']>,
): { edges: number[]; shares: number[]; count: number } | undefined {
  const edges: number[] = [];
  const counts: number[] = [];
  for (const h of histogram) {
    const m = /^\s*(-?[\d.eE+-]+)\s+to\s+(-?[\d.eE+-]+)\s*$/.exec(String(h.value));
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = Number(m[2]);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
    if (edges.length === 0) edges.push(lo);
    if (hi <= edges[edges.length - 1]!) return undefined;
    edges.push(hi);
    counts.push(Math.max(0, Number(h.count) || 0));
  }
  const total = counts.reduce((a, b) => a + b, 0);
  if (edges.length < 2 || total <= 0) return undefined;
  return { edges, shares: counts.map((c) => c / total), count: total };
}

// ---------------------------------------------------------------------------------------------------
// A watched window as the reference.
// ---------------------------------------------------------------------------------------------------

/** The p1…p99 of a sketch, as the feature store profiles a column. */
const PROFILE_FRACTIONS = Array.from({ length: 99 }, (_, j) => (j + 1) / 100);

export function referenceFromWindow(
  inputs: TableAccumulator,
  options: { label: string; bins?: number; minCount?: number },
): DriftReference {
  const bins = options.bins ?? PSI_BINS;
  const minCount = options.minCount ?? 1;
  const reference: DriftReference = {
    source: 'observed-window',
    label: options.label,
    features: [],
    skipped: [],
  };
  for (const [name, acc] of inputs.columns) {
    if (acc.numbers >= acc.categorized && acc.numbers > 0) {
      if (acc.numbers < minCount) {
        reference.skipped.push({ name, reason: `Only ${acc.numbers} values in the reference window.` });
        continue;
      }
      const q = acc.sketch.quantiles(PROFILE_FRACTIONS) as number[];
      const eq = equalFrequency(q, PROFILE_FRACTIONS, bins);
      if (!eq) {
        reference.skipped.push({ name, reason: 'It had a single value throughout the reference window.' });
        continue;
      }
      // The window's own values, counted into those edges the way the current window will be.
      const counts = binCounts(acc.sketch, eq.edges);
      const total = counts.reduce((a, b) => a + b, 0);
      reference.features.push({
        kind: 'numeric',
        name,
        edges: eq.edges,
        shares: counts.map((c) => c / total),
        count: total,
      });
    } else if (acc.categorized > 0) {
      if (acc.categorized < minCount) {
        reference.skipped.push({ name, reason: `Only ${acc.categorized} values in the reference window.` });
        continue;
      }
      const categories = [...acc.categories].map(([value, n]) => ({ value, share: n / acc.categorized }));
      reference.features.push({ kind: 'categorical', name, categories, count: acc.categorized });
    } else {
      reference.skipped.push({ name, reason: 'No value to compare in the reference window.' });
    }
  }
  return reference;
}

/** Counts of a sketch's values per bin of `edges` (clipped into the first and last bins, as hsfs does). */
/**
 * Counts a sketch's values into the bins [e_j, e_{j+1}). A sketch bin whose range holds an edge is counted
 * in the bin that edge starts: edges are values the data had (percentiles), and a value logged with a few
 * decimals, such as 2.7, is then exactly an edge, while the sketch only knows it to 1% (its representative
 * may be 2.69 or 2.71). Counting by the representative would put every such value on a side chosen by
 * where the sketch's bin boundaries happen to fall, and empty a bin the reference fills. For values that
 * are not on an edge this moves at most the values of one sketch bin per edge: the 1% bound stated above.
 */
export function binCounts(sketch: ValueSketch, edges: readonly number[]): number[] {
  const k = edges.length - 1;
  const counts = new Array<number>(k).fill(0);
  for (const { low, high, value, count } of sketch.ranges()) {
    // The highest edge inside [low, high], if any (binIndex of it is the bin it starts, clipped).
    const j = binIndex(edges, high);
    const start = edges[Math.min(j + 1, k)]! <= high ? Math.min(j + 1, k) : j;
    const inside = start > 0 && edges[start]! >= low && edges[start]! <= high;
    counts[inside ? Math.min(start, k - 1) : binIndex(edges, value)]! += count;
  }
  return counts;
}

/** numpy searchsorted(edges, v, side="right") - 1, clipped to [0, k - 1]. */
export function binIndex(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(edges.length - 2, Math.max(0, lo - 1));
}
