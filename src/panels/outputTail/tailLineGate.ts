// Decides when "Tail to Output" writes a row: once per call, not once per Kafka message. A KServe request
// waits until it is answered or times out; with both halves logged (mode ALL) a response alone waits a short
// grace for its request (often on another partition) before it gets a line of its own. vscode-free.
import type { Clock, TimerHandle } from '../../inferenceLog/clock';
import { systemClock } from '../../inferenceLog/clock';
import type { LogRow } from '../../inferenceLog/types';

export const RESPONSE_GRACE_MS = 3_000;

export class TailLineGate {
  private readonly held = new Map<number, TimerHandle>();

  constructor(
    private readonly write: (row: LogRow) => void,
    /** True when the deployment logs requests and responses (mode ALL). */
    private readonly bothHalves: boolean,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Feed every added or updated row. */
  onRow(row: LogRow): void {
    if (row.outcome === 'pending') return;
    const timer = this.held.get(row.id);
    if (timer) {
      timer.cancel();
      this.held.delete(row.id);
    }
    if (row.kind === 'response' && this.bothHalves) {
      this.held.set(
        row.id,
        this.clock.setTimeout(() => {
          this.held.delete(row.id);
          this.write(row);
        }, RESPONSE_GRACE_MS),
      );
      return;
    }
    this.write(row);
  }

  dispose(): void {
    for (const t of this.held.values()) t.cancel();
    this.held.clear();
  }
}
