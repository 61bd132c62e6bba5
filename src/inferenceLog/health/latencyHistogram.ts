// Fixed log-scale latency bins: each logged call adds 1 to one bin, windows add and subtract whole
// bins, and a percentile is read off the cumulative counts. The bins are the ones DDSketch uses
// (bin i holds (γ^(i-2), γ^(i-1)] ms), so every percentile comes back within LATENCY_RELATIVE_ERROR of
// the value a sort would give (nearest-rank), whatever the distribution, with a fixed number of bins.

/** Largest relative error of a reported percentile against the exact nearest-rank value (2%). */
export const LATENCY_RELATIVE_ERROR = 0.02;
/** Latencies at or above this count as this (a call that took over an hour is not a latency question). */
export const MAX_LATENCY_MS = 3_600_000;

const GAMMA = (1 + LATENCY_RELATIVE_ERROR) / (1 - LATENCY_RELATIVE_ERROR);
const LN_GAMMA = Math.log(GAMMA);

/**
 * Bin 0 holds latencies under 1 ms (Kafka timestamps are whole milliseconds, so in practice exactly 0);
 * bin i ≥ 1 holds (γ^(i-2), γ^(i-1)] ms; the last bin also holds everything from MAX_LATENCY_MS up.
 */
export const LATENCY_BINS = 2 + Math.ceil(Math.log(MAX_LATENCY_MS) / LN_GAMMA);

/** What a bin reports: the DDSketch midpoint, pulled into the whole milliseconds the bin can hold. */
const REPRESENTATIVE: Float64Array = (() => {
  const r = new Float64Array(LATENCY_BINS);
  r[0] = 0;
  for (let i = 1; i < LATENCY_BINS; i++) {
    const lower = Math.pow(GAMMA, i - 2);
    const upper = Math.pow(GAMMA, i - 1);
    let v = (2 * upper) / (GAMMA + 1);
    // Latencies measured from Kafka timestamps are whole ms: when the bin holds whole numbers, clamping
    // into them only moves the estimate closer to any of them (so small latencies come back exact).
    const firstInt = Math.floor(lower) + 1;
    const lastInt = Math.floor(upper);
    if (firstInt <= lastInt) v = Math.min(Math.max(v, firstInt), lastInt);
    r[i] = v;
  }
  r[LATENCY_BINS - 1] = MAX_LATENCY_MS;
  return r;
})();

export function latencyBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  if (ms >= MAX_LATENCY_MS) return LATENCY_BINS - 1;
  return Math.min(LATENCY_BINS - 1, Math.max(1, 1 + Math.ceil(Math.log(ms) / LN_GAMMA)));
}

export function binValue(bin: number): number {
  return REPRESENTATIVE[bin] ?? MAX_LATENCY_MS;
}

/**
 * The nearest-rank percentile (`q` in (0, 1]) of the latencies counted in `bins` (one count per bin,
 * `total` their sum), or null when there are none.
 */
export function percentileOf(bins: ArrayLike<number>, total: number, q: number): number | null {
  if (!(total > 0)) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i] ?? 0;
    if (seen >= rank) return binValue(i);
  }
  return binValue(bins.length - 1);
}

/** The latency at `rank` (1-based) among the `total` counted in `bins`; null when there are none. */
export function valueAtRank(bins: ArrayLike<number>, total: number, rank: number): number | null {
  if (!(total > 0)) return null;
  const r = Math.min(total, Math.max(1, Math.round(rank)));
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i] ?? 0;
    if (seen >= r) return binValue(i);
  }
  return binValue(bins.length - 1);
}

/**
 * A distribution-free 95 % confidence range of the `q` percentile: the order statistics at ranks
 * nq ∓ 1.96·√(nq(1−q)) (the binomial normal approximation; Conover, "Practical Nonparametric Statistics",
 * §3.2). It says how far the percentile of another stretch of the same traffic could be, so two versions'
 * p95s are told apart only when their ranges do not meet. Each end is widened by the bins' own error.
 */
export function percentileRange(
  bins: ArrayLike<number>,
  total: number,
  q: number,
): [low: number, high: number] | null {
  if (!(total > 0)) return null;
  const spread = 1.96 * Math.sqrt(total * q * (1 - q));
  const low = valueAtRank(bins, total, Math.floor(total * q - spread));
  const high = valueAtRank(bins, total, Math.ceil(total * q + spread) + 1);
  if (low === null || high === null) return null;
  return [low * (1 - LATENCY_RELATIVE_ERROR), high * (1 + LATENCY_RELATIVE_ERROR)];
}

/**
 * A small sparse bin → count list for one second of one version. Most seconds see a handful of distinct
 * latency bins, so this is far smaller than a dense array; it never holds more than LATENCY_BINS entries.
 * Each entry packs `count × 512 + bin` into one 32-bit integer (4 bytes a pair instead of the 16 a plain
 * array of numbers takes), which caps one bin of one second at MAX_SPARSE_COUNT calls.
 */
export interface SparseBins {
  data: Uint32Array;
  length: number;
}

const BIN_BITS = 512;
/** Calls of one version in one second in one latency bin that can be told apart (8,388,607). */
export const MAX_SPARSE_COUNT = Math.floor(0xffffffff / BIN_BITS);
// The packing needs every bin index below BIN_BITS (there are 380 at a 2% error bound).
if (LATENCY_BINS > BIN_BITS) throw new Error('latency bins do not fit the packed sparse lists');

export function newSparse(): SparseBins {
  return { data: new Uint32Array(4), length: 0 };
}

export function addSparse(sparse: SparseBins, bin: number, delta: number): void {
  const d = sparse.data;
  for (let i = 0; i < sparse.length; i++) {
    const e = d[i]!;
    if (e % BIN_BITS === bin) {
      const next = Math.floor(e / BIN_BITS) + delta;
      if (next <= 0) {
        // Keep the list short: move the last entry into this place.
        d[i] = d[sparse.length - 1]!;
        sparse.length--;
      } else {
        d[i] = Math.min(next, MAX_SPARSE_COUNT) * BIN_BITS + bin;
      }
      return;
    }
  }
  if (delta <= 0) return;
  if (sparse.length === d.length) {
    const grown = new Uint32Array(Math.min(LATENCY_BINS, d.length * 2));
    grown.set(d);
    sparse.data = grown;
  }
  sparse.data[sparse.length++] = Math.min(delta, MAX_SPARSE_COUNT) * BIN_BITS + bin;
}

/** dense[bin] += sign × count for every entry of `sparse`. */
export function mergeSparse(dense: Float64Array, sparse: SparseBins, sign: number): void {
  const d = sparse.data;
  for (let i = 0; i < sparse.length; i++) {
    const e = d[i]!;
    const bin = e % BIN_BITS;
    dense[bin] = (dense[bin] ?? 0) + sign * Math.floor(e / BIN_BITS);
  }
}
