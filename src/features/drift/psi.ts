// Population Stability Index per feature, the way Hopsworks feature monitoring computes it
// (`hsfs/core/distribution_distance.py` `_psi`, `distribution_engine.py` `_normalise_with_epsilon`):
//   p_i = (count_i + ε) / Σ_j (count_j + ε)   for the reference and the current window alike (ε = 1e-6)
//   PSI = Σ_i (cur_i − ref_i) · ln(cur_i / ref_i)
// over the reference's bins (10 equal-frequency bins for numbers, one per value for categories, with
// categories seen on either side added), flagged as drift at PSI ≥ 0.2 (hsfs' default threshold with
// its default non-strict comparison).
import type { ColumnAccumulator, TableAccumulator } from '../stats/featureStats';
import { binCounts } from './reference';
import type { CategoricalReference, DriftReference, FeatureReference, NumericReference } from './reference';

export const PSI_THRESHOLD = 0.2;
export const PSI_EPSILON = 1e-6;
/** Below this many values in the current window a PSI is shown but not called drift (default 50). */
export const DEFAULT_MIN_DRIFT_COUNT = 50;

export const PSI_DEFINITION =
  'PSI = Σ (current − reference) × ln(current / reference) over 10 equal-frequency bins of the reference ' +
  '(one bin per value for categories); every bin count gets +0.000001 before the shares are taken, so an ' +
  'empty bin does not divide by zero; PSI ≥ 0.2 is drift (as in Hopsworks feature monitoring).';

export type DriftStatus = 'drift' | 'stable' | 'too-few' | 'no-data' | 'not-comparable';

export interface DriftBin {
  /** "12.5 – 20" for a numeric bin, the value for a category. */
  label: string;
  /** Smoothed shares (what the PSI was computed from). */
  reference: number;
  current: number;
  /** Values of the current window in the bin. */
  count: number;
}

export interface FeatureDrift {
  name: string;
  kind: 'numeric' | 'categorical';
  status: DriftStatus;
  /** null when there was nothing to compare. */
  psi: number | null;
  drifted: boolean;
  /** Values of the current window compared. */
  count: number;
  bins: DriftBin[];
  /** Why the status is not drift/stable, for the UI. */
  note?: string;
}

export interface DriftResult {
  reference: { source: DriftReference['source']; label: string };
  definition: string;
  threshold: number;
  epsilon: number;
  features: FeatureDrift[];
  /** Reference features that could not be used, and features of the window the reference lacks. */
  skipped: { name: string; reason: string }[];
}

export interface DriftOptions {
  threshold?: number;
  epsilon?: number;
  minCount?: number;
}

/** PSI of each feature of the reference against the current window's accumulators (request features). */
export function computeDrift(
  reference: DriftReference,
  current: TableAccumulator,
  options: DriftOptions = {},
): DriftResult {
  const threshold = options.threshold ?? PSI_THRESHOLD;
  const epsilon = options.epsilon ?? PSI_EPSILON;
  const minCount = options.minCount ?? DEFAULT_MIN_DRIFT_COUNT;
  // Feature-store names are lower-case (hsfs `autofix_feature_name`); payload keys may not be.
  const byName = new Map<string, ColumnAccumulator>();
  for (const [name, acc] of current.columns) {
    byName.set(name, acc);
    if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), acc);
  }
  const features: FeatureDrift[] = [];
  const used = new Set<ColumnAccumulator>();
  for (const ref of reference.features) {
    const acc = byName.get(ref.name) ?? byName.get(ref.name.toLowerCase());
    if (acc) used.add(acc);
    features.push(featureDrift(ref, acc, { threshold, epsilon, minCount }));
  }
  const skipped = [...reference.skipped];
  for (const [name, acc] of current.columns)
    if (!used.has(acc))
      skipped.push({ name, reason: `The reference (${reference.label}) has no statistics for it.` });
  return {
    reference: { source: reference.source, label: reference.label },
    definition: PSI_DEFINITION,
    threshold,
    epsilon,
    features,
    skipped,
  };
}

interface Settings {
  threshold: number;
  epsilon: number;
  minCount: number;
}

function featureDrift(ref: FeatureReference, acc: ColumnAccumulator | undefined, s: Settings): FeatureDrift {
  const base = { name: ref.name, kind: ref.kind, drifted: false };
  if (!acc) return uncompared(base, 'no-data', 'Not in the logged requests.');
  if (ref.kind === 'numeric') {
    if (acc.numbers === 0)
      return acc.categorized > 0
        ? uncompared(base, 'not-comparable', 'The reference is numeric; the logged values are not.')
        : uncompared(base, 'no-data', 'No value in this window.');
    return finish(base, numericBins(ref, acc), acc.numbers, s);
  }
  if (acc.categorized === 0)
    return acc.numbers > 0
      ? uncompared(base, 'not-comparable', 'The reference holds categories; the logged values are numbers.')
      : uncompared(base, 'no-data', 'No value in this window.');
  return finish(base, categoricalBins(ref, acc), acc.categorized, s);
}

/** A feature with nothing to compare: no PSI, no bins; `note` says why. */
function uncompared(
  base: Pick<FeatureDrift, 'name' | 'kind' | 'drifted'>,
  status: 'no-data' | 'not-comparable',
  note: string,
): FeatureDrift {
  return { ...base, status, psi: null, count: 0, bins: [], note };
}

interface RawBin {
  label: string;
  refCount: number;
  curCount: number;
}

function numericBins(ref: NumericReference, acc: ColumnAccumulator): RawBin[] {
  const counts = binCounts(acc.sketch, ref.edges);
  // Without the reference's size, its shares act as counts of a sample of one (ε then weighs more).
  const refTotal = ref.count ?? 1;
  return counts.map((c, i) => ({
    label: `${formatEdge(ref.edges[i]!)} – ${formatEdge(ref.edges[i + 1]!)}`,
    refCount: ref.shares[i]! * refTotal,
    curCount: c,
  }));
}

function categoricalBins(ref: CategoricalReference, acc: ColumnAccumulator): RawBin[] {
  const refTotal = ref.count ?? 1;
  const bins = new Map<string, RawBin>();
  for (const c of ref.categories)
    bins.set(c.value, { label: c.value, refCount: c.share * refTotal, curCount: 0 });
  // Categories only the current window has are bins too (hsfs takes the union of both sides).
  for (const [value, n] of acc.categories) {
    const b = bins.get(value);
    if (b) b.curCount += n;
    else bins.set(value, { label: value, refCount: 0, curCount: n });
  }
  if (acc.otherValues > 0)
    bins.set('\u0000other', { label: '(other values)', refCount: 0, curCount: acc.otherValues });
  return [...bins.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function finish(
  base: { name: string; kind: 'numeric' | 'categorical'; drifted: boolean },
  raw: RawBin[],
  count: number,
  s: Settings,
): FeatureDrift {
  const ref = smoothed(
    raw.map((b) => b.refCount),
    s.epsilon,
  );
  const cur = smoothed(
    raw.map((b) => b.curCount),
    s.epsilon,
  );
  const psi = psiOf(cur, ref);
  const bins = raw.map((b, i) => ({
    label: b.label,
    reference: ref[i]!,
    current: cur[i]!,
    count: b.curCount,
  }));
  if (count < s.minCount)
    return {
      ...base,
      status: 'too-few',
      psi,
      count,
      bins,
      note: `Only ${count} values in this window; drift is judged from ${s.minCount} on.`,
    };
  const drifted = psi >= s.threshold;
  return { ...base, status: drifted ? 'drift' : 'stable', drifted, psi, count, bins };
}

/** hsfs `_normalise_with_epsilon`: add ε to every bin's count, then divide by the total. */
export function smoothed(counts: readonly number[], epsilon: number): number[] {
  const total = counts.reduce((s, c) => s + c + epsilon, 0);
  return counts.map((c) => (c + epsilon) / total);
}

/** hsfs `_psi`: Σ (det − ref) · ln(det / ref) over probability vectors with no zero in them. */
export function psiOf(current: readonly number[], reference: readonly number[]): number {
  let psi = 0;
  for (let i = 0; i < current.length; i++) {
    const c = current[i]!;
    const r = reference[i]!;
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

function formatEdge(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 || a < 0.001 ? v.toPrecision(3) : String(Number(v.toPrecision(4)));
}
