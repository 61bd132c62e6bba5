// The log panel's live health (issue 9 §2) on the host: a HealthMonitor that follows the rows the panel
// holds (followRows: seeded with the rows held, each row as it arrives or changes, evicted rows forgotten,
// reset on Clear and Restart) and answers the webview's `health` request with the figures of one window.
// The webview pulls; nothing here pushes. vscode-free.
import type { Clock } from '../../../inferenceLog/clock';
import { systemClock } from '../../../inferenceLog/clock';
import { HealthMonitor, compareNewestVersions } from '../../../inferenceLog/health';
import type { LoggingMode, ServingTool } from '../../../inferenceLog/types';
import type { HealthParams, HealthReply } from '../../../protocol/logViewerHealth';
import type { FollowedRows } from '../followRows';
import { followRows } from '../followRows';

export interface HealthFeedOptions {
  rows: FollowedRows;
  clock?: Clock;
  /** The deployment's: they decide what "error" and "latency" can mean (DEFAULT logs one time per call). */
  servingTool?: ServingTool;
  loggingMode?: LoggingMode;
}

export class HealthFeed {
  private readonly monitor: HealthMonitor;
  private readonly unfollow: () => void;
  private lastReply: HealthReply | undefined;
  private readonly logging: Pick<HealthReply, 'servingTool' | 'loggingMode'>;

  constructor(o: HealthFeedOptions) {
    this.monitor = new HealthMonitor({
      clock: o.clock ?? systemClock,
      servingTool: o.servingTool,
      // Only KServe has logging modes; the pipeline reads every other deployment as ALL.
      loggingMode: o.servingTool === 'KSERVE' ? o.loggingMode : undefined,
    });
    this.logging = {
      ...(o.servingTool ? { servingTool: o.servingTool } : {}),
      ...(o.servingTool === 'KSERVE' && o.loggingMode ? { loggingMode: o.loggingMode } : {}),
    };
    this.unfollow = followRows(o.rows, this.monitor);
  }

  /** The figures of one window, as the webview asked for them. */
  reply({ windowMs, maxPoints }: HealthParams): HealthReply {
    const snapshot = this.monitor.snapshot(windowMs);
    const reply: HealthReply = {
      snapshot,
      series: this.monitor.series(windowMs, maxPoints),
      comparison: compareNewestVersions(snapshot),
      ...this.logging,
    };
    this.lastReply = reply;
    return reply;
  }

  /** What the webview was last sent (for the test probe; never rows or payloads). */
  get last(): HealthReply | undefined {
    return this.lastReply;
  }

  /** Rows followed for later changes (a pending request, a lone half): bounded, and dropped on eviction. */
  get followedRows(): number {
    return this.monitor.trackedRows;
  }

  dispose(): void {
    this.unfollow();
  }
}
