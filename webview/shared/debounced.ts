// An action run after the user pauses typing, or at once (Enter, a checkbox): what the filter bars do with
// their text fields. Running it at once drops the pending run, so one burst of typing acts once.

export class Debounced {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly action: () => void,
    private readonly ms: number,
  ) {}

  /** Runs the action `ms` after the last call. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.now(), this.ms);
  }

  /** Runs the action now, in place of any pending run. */
  now(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.action();
  }
}
