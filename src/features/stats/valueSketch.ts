// A mergeable sketch of numeric values: signed log-scale bins (the DDSketch mapping), so quantiles,
// a display histogram and PSI bin counts can be read from it, windows can add their buckets together,
// and memory is bounded whatever the number of values. Each value costs one Map update.
//
// Accuracy: a value is represented by its bin's midpoint, within 1% relative (values closer to 0 than
// 1e-9 count as 0). When a sketch would exceed MAX_SKETCH_BINS it halves its resolution (γ → γ²), so the
// bound degrades gracefully (2%, 4%, …) instead of memory growing; `relativeError` says what it is now.

export const SKETCH_RELATIVE_ERROR = 0.01;
export const MAX_SKETCH_BINS = 2_048;
const ZERO = 1e-9;
const BASE_GAMMA = (1 + SKETCH_RELATIVE_ERROR) / (1 - SKETCH_RELATIVE_ERROR);

export class ValueSketch {
  /** Signed bin index → count; 0 holds the zeros. */
  private bins = new Map<number, number>();
  private level = 0;
  private gamma = BASE_GAMMA;
  private lnGamma = Math.log(BASE_GAMMA);
  count = 0;

  add(v: number, n = 1): void {
    this.addToBin(this.binOf(v), n);
  }

  /** Adds every value of `other` (coarsening the finer of the two to the other's resolution). */
  merge(other: ValueSketch): void {
    while (this.level < other.level) this.coarsen();
    // The shift is read per bin: adding may coarsen this sketch part way through.
    for (const [bin, n] of other.bins) this.addToBin(coarserBin(bin, this.level - other.level), n);
  }

  /** The largest relative error of a value read back (the midpoint of its bin). */
  get relativeError(): number {
    return (this.gamma - 1) / (this.gamma + 1);
  }

  get size(): number {
    return this.bins.size;
  }

  /** Bins in increasing order of value: [representative value, count]. */
  entries(): [number, number][] {
    return [...this.bins.entries()].sort((a, b) => a[0] - b[0]).map(([bin, n]) => [this.valueOf(bin), n]);
  }

  /**
   * Bins in increasing order of value with the range of values each holds: [lowest, highest] (a value on
   * the boundary belongs to one of two neighbours; both ends are given as closed), representative, count.
   */
  ranges(): { low: number; high: number; value: number; count: number }[] {
    return [...this.bins.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([bin, count]) => {
        const [low, high] = this.rangeOf(bin);
        return { low, high, value: this.valueOf(bin), count };
      });
  }

  /** Nearest-rank quantile, q in [0, 1]; undefined when empty. */
  quantile(q: number): number | undefined {
    return this.quantiles([q])[0];
  }

  /** Several nearest-rank quantiles (ascending q) in one pass. */
  quantiles(qs: readonly number[]): (number | undefined)[] {
    if (this.count <= 0) return qs.map(() => undefined);
    const sorted = this.entries();
    const out: (number | undefined)[] = [];
    let i = 0;
    let seen = 0;
    for (const q of qs) {
      const rank = Math.max(1, Math.ceil(q * this.count));
      while (i < sorted.length && seen + sorted[i]![1] < rank) seen += sorted[i++]![1];
      out.push(sorted[Math.min(i, sorted.length - 1)]![0]);
    }
    return out;
  }

  clone(): ValueSketch {
    const c = new ValueSketch();
    c.bins = new Map(this.bins);
    c.level = this.level;
    c.gamma = this.gamma;
    c.lnGamma = this.lnGamma;
    c.count = this.count;
    return c;
  }

  private binOf(v: number): number {
    const a = Math.abs(v);
    if (!(a > ZERO)) return 0;
    const i = Math.max(1, Math.ceil(Math.log(a / ZERO) / this.lnGamma));
    return v < 0 ? -i : i;
  }

  private valueOf(bin: number): number {
    if (bin === 0) return 0;
    const i = Math.abs(bin);
    const v = (ZERO * 2 * Math.pow(this.gamma, i)) / (this.gamma + 1);
    return bin < 0 ? -v : v;
  }

  /** Bin i > 0 holds (ZERO·γ^(i−1), ZERO·γ^i]; bin −i the mirror image; bin 0 everything within ZERO of 0. */
  private rangeOf(bin: number): [number, number] {
    if (bin === 0) return [-ZERO, ZERO];
    const i = Math.abs(bin);
    const low = ZERO * Math.pow(this.gamma, i - 1);
    const high = ZERO * Math.pow(this.gamma, i);
    return bin > 0 ? [low, high] : [-high, -low];
  }

  private addToBin(bin: number, n: number): void {
    this.bins.set(bin, (this.bins.get(bin) ?? 0) + n);
    this.count += n;
    if (this.bins.size > MAX_SKETCH_BINS) this.coarsen();
  }

  /** Halves the resolution: bin i of γ becomes bin ceil(i/2) of γ². */
  private coarsen(): void {
    const old = this.bins;
    this.bins = new Map();
    for (const [bin, n] of old) {
      const b = coarserBin(bin, 1);
      this.bins.set(b, (this.bins.get(b) ?? 0) + n);
    }
    this.level++;
    this.gamma = this.gamma * this.gamma;
    this.lnGamma = Math.log(this.gamma);
  }
}

function coarserBin(bin: number, shift: number): number {
  let b = Math.abs(bin);
  for (let s = 0; s < shift; s++) b = Math.ceil(b / 2);
  return bin < 0 ? -b : b;
}
