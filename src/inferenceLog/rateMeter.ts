// Messages per second over a short sliding window of one-second buckets.
import type { Clock } from './clock';

export class RateMeter {
  private readonly counts: number[];
  private readonly seconds: number[];
  private since: number;

  constructor(
    private readonly clock: Clock,
    private readonly windowSeconds = 5,
  ) {
    this.counts = new Array<number>(windowSeconds).fill(0);
    this.seconds = new Array<number>(windowSeconds).fill(-1);
    this.since = clock.now();
  }

  add(n = 1): void {
    const sec = Math.floor(this.clock.now() / 1000);
    const i = sec % this.windowSeconds;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + n;
  }

  /** Average over the completed seconds of the window plus the current one. */
  perSecond(): number {
    const now = this.clock.now();
    const sec = Math.floor(now / 1000);
    let sum = 0;
    for (let i = 0; i < this.windowSeconds; i++) {
      const s = this.seconds[i] ?? -1;
      if (s > sec - this.windowSeconds && s <= sec) sum += this.counts[i] ?? 0;
    }
    // Early on, divide by the time actually elapsed, not by the whole window.
    const elapsed = Math.min(this.windowSeconds - 1 + (now % 1000) / 1000, (now - this.since) / 1000);
    return sum / Math.max(elapsed, 1);
  }

  reset(): void {
    this.counts.fill(0);
    this.seconds.fill(-1);
    this.since = this.clock.now();
  }
}
