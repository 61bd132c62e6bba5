// Coalesces bursts of notifications into at most one call per interval, always including a trailing
// call so the last change is never lost. Used for the store's "changed" signal to the webview.
import type { Clock, TimerHandle } from './clock';

export class Throttle {
  private last = -Infinity;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly fn: () => void,
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {}

  notify(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, wait);
  }

  /** Drops a pending trailing call. */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private fire(): void {
    this.last = this.clock.now();
    this.fn();
  }
}
