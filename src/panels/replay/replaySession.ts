// One replay from start to end, without vscode: the confirmed plan sent through ReplayRun (paced,
// cancellable), each answer kept as it arrives, and the run stopped — with the reason and what to do — when
// a failure would hit every later request too (replayStops.ts) or the connection leaves the project. The
// comparison panel reads its status and pages of results; the export reads its outcome.
import type { Clock } from '../../inferenceLog/clock';
import type { ReplayItem, ReplayOutcome, ReplayResult } from '../../replay';
import { ReplayRun } from '../../replay';
import type {
  ReplayDetail,
  ReplayInfo,
  ReplayPhase,
  ReplayStatus,
  ResultsParams,
  ResultsReply,
} from '../../protocol/replay';
import { MAX_RESULT_PAGE } from '../../protocol/replay';
import type { ReplayStop } from './replayStops';
import { stopFor } from './replayStops';
import { largestDifferences, toDetail, toRowView } from './replayViews';

export interface ReplaySessionOptions {
  info: ReplayInfo;
  items: readonly ReplayItem[];
  clock: Clock;
  /** Sends one body to the target (its Hopsworks inference path); rejects with a HopsworksError. */
  send: (body: unknown, signal: AbortSignal) => Promise<unknown>;
  /** In flight at most (default the core's 4). */
  maxInFlight?: number;
}

export class ReplaySession {
  readonly info: ReplayInfo;
  private readonly items: readonly ReplayItem[];
  private readonly run: ReplayRun;
  /** By request index; filled as answers arrive. */
  private readonly results: (ReplayResult | undefined)[];
  private readonly listeners = new Set<() => void>();
  private phase: ReplayPhase = 'running';
  private stop: ReplayStop | undefined;
  private cancelledByPerson = false;
  private sent = 0;
  private outcome: ReplayOutcome | undefined;
  private readonly finished: Promise<ReplayOutcome>;

  constructor(o: ReplaySessionOptions) {
    this.info = o.info;
    this.items = o.items;
    this.results = new Array<ReplayResult | undefined>(o.items.length);
    const tolerance = o.info.tolerance;
    this.run = new ReplayRun({
      items: o.items,
      // The plan the confirmation named: the run refuses anything larger before sending.
      confirmedCount: o.info.planned,
      ratePerSecond: o.info.ratePerSecond,
      ...(o.maxInFlight !== undefined ? { maxInFlight: o.maxInFlight } : {}),
      clock: o.clock,
      compare: { absoluteTolerance: tolerance, relativeTolerance: tolerance },
      send: async (body, signal) => {
        try {
          return await o.send(body, signal);
        } catch (err) {
          const stop = stopFor(err, o.info.target.deployment);
          if (stop) this.halt(stop);
          throw err;
        }
      },
      onProgress: (p) => {
        if (p.sent !== this.sent) {
          this.sent = p.sent;
          this.changed();
        }
      },
      onResult: (r) => {
        this.results[r.index] = r;
        this.changed();
      },
    });
    this.finished = this.run.run().then((outcome) => {
      this.outcome = outcome;
      this.phase = this.stop ? 'stopped' : this.cancelledByPerson ? 'cancelled' : 'done';
      this.changed();
      return outcome;
    });
  }

  /** Resolves once every request has an answer or was abandoned. */
  whenDone(): Promise<ReplayOutcome> {
    return this.finished;
  }

  get running(): boolean {
    return this.phase === 'running';
  }

  /** The person's Cancel: nothing more is sent. */
  cancel(): void {
    if (!this.running || this.stop || this.cancelledByPerson) return;
    this.cancelledByPerson = true;
    this.run.cancel();
  }

  /** Stops for a reason every later request would meet too (the first reason is the one kept). */
  halt(stop: ReplayStop): void {
    if (!this.running || this.stop || this.cancelledByPerson) return;
    this.stop = stop;
    this.run.cancel();
  }

  /** The reason the run stopped early, if it did. */
  get stopped(): ReplayStop | undefined {
    return this.stop;
  }

  /** Called after anything the panel shows changed. Returns unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): ReplayStatus {
    const counts = {
      planned: this.items.length,
      sent: this.sent,
      answered: 0,
      equal: 0,
      different: 0,
      errors: 0,
      noLoggedPrediction: 0,
    };
    for (const r of this.results) {
      if (!r) continue;
      counts.answered++;
      if (r.verdict === 'equal') counts.equal++;
      else if (r.verdict === 'different') counts.different++;
      else if (r.verdict === 'error') counts.errors++;
      else counts.noLoggedPrediction++;
    }
    const compared = counts.equal + counts.different;
    const status: ReplayStatus = {
      phase: this.phase,
      counts,
      shareDifferent: compared > 0 ? counts.different / compared : null,
      largest: largestDifferences(this.known()),
    };
    if (this.stop) {
      status.stopReason = this.stop.reason;
      status.stopAction = this.stop.action;
    }
    if (this.outcome) status.durationMs = this.outcome.summary.durationMs;
    return status;
  }

  page(params: ResultsParams): ResultsReply {
    const limit = Math.max(0, Math.min(MAX_RESULT_PAGE, Math.floor(params.limit)));
    const offset = Math.max(0, Math.floor(params.offset));
    const matching = this.known().filter((r) => params.verdict === undefined || r.verdict === params.verdict);
    return {
      total: matching.length,
      offset,
      rows: matching.slice(offset, offset + limit).map(toRowView),
    };
  }

  detail(index: number): ReplayDetail | null {
    const r = this.results[index];
    return r ? toDetail(r, this.items[index]) : null;
  }

  /** Everything so far, in request order (the core's outcome once finished). */
  currentOutcome(): ReplayOutcome | undefined {
    return this.outcome;
  }

  private known(): ReplayResult[] {
    return this.results.filter((r): r is ReplayResult => r !== undefined);
  }

  private changed(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        /* a listener's failure must not stop the replay */
      }
    }
  }
}
