// "Replay to…", step 2: sends the planned requests at a paced rate, compares each answer with what was
// logged, reports progress and stops when cancelled. The clock and the send function come from outside,
// so the pacing is tested with a hand-driven clock and the host decides how a request travels (the
// Hopsworks inference path of the target deployment).
//
// Guarantees: request i starts no earlier than i / rate seconds after the start; at most `maxInFlight`
// are outstanding; nothing is sent after cancel(); never more requests than the person confirmed (a
// plan larger than the confirmed count is refused before anything is sent).
import type { Clock, TimerHandle } from '../inferenceLog/clock';
import { comparePredictions } from './compare';
import type { CompareOptions, Comparison, Difference, Verdict } from './compare';
import type { ReplayItem } from './plan';

export const DEFAULT_REPLAY_RATE = 10;
export const DEFAULT_MAX_IN_FLIGHT = 4;

export interface ReplayRunOptions {
  items: readonly ReplayItem[];
  /** The count the confirmation named; a plan with more items is refused. */
  confirmedCount: number;
  /** Requests per second (default 10). */
  ratePerSecond?: number;
  maxInFlight?: number;
  clock: Clock;
  /** Sends one body to the target; resolves with the parsed response body, rejects with a readable error. */
  send: (body: unknown, signal: AbortSignal) => Promise<unknown>;
  onProgress?: (progress: ReplayProgress) => void;
  /** Each request's result as soon as it is known (a comparison view fills in while the run goes on). */
  onResult?: (result: ReplayResult) => void;
  compare?: CompareOptions;
}

export interface ReplayProgress {
  total: number;
  sent: number;
  done: number;
  different: number;
  errors: number;
  cancelled: boolean;
}

export interface ReplayResult {
  index: number;
  rowId: number;
  inferenceId: string;
  modelVersion: number;
  /** Clock time the request started, and how long until its answer (ms). */
  sentAtMs: number;
  durationMs: number;
  verdict: Verdict;
  comparison: Comparison;
  /** Why the request failed (verdict `error`). */
  error?: string;
}

export interface ReplaySummary {
  /** Requests the plan held / actually sent. */
  planned: number;
  sent: number;
  notSent: number;
  equal: number;
  different: number;
  errors: number;
  noLoggedPrediction: number;
  /** different / (equal + different); null when nothing was compared. */
  shareDifferent: number | null;
  /** The largest numeric differences over all requests, largest first (at most 10). */
  largest: (Difference & { rowId: number; inferenceId: string })[];
  cancelled: boolean;
  durationMs: number;
}

export interface ReplayOutcome {
  results: ReplayResult[];
  summary: ReplaySummary;
}

export class ReplayRun {
  private readonly items: readonly ReplayItem[];
  private readonly intervalMs: number;
  private readonly maxInFlight: number;
  private readonly clock: Clock;
  private readonly send: ReplayRunOptions['send'];
  private readonly onProgress: ReplayRunOptions['onProgress'];
  private readonly onResult: ReplayRunOptions['onResult'];
  private readonly compareOptions: CompareOptions | undefined;
  private readonly abort = new AbortController();
  private readonly results: ReplayResult[] = [];
  private cancelled = false;
  private started = false;
  private sent = 0;
  private inFlight = 0;
  private timer: TimerHandle | undefined;
  /** Ends the wait for the next time slot early (cancel only: a finished request must not hurry pacing). */
  private wakeSlot: (() => void) | undefined;
  /** Ends the wait for a free place (a request finished, or cancel). */
  private wakeFree: (() => void) | undefined;
  private differentCount = 0;
  private errorCount = 0;

  constructor(options: ReplayRunOptions) {
    if (options.items.length > options.confirmedCount)
      throw new RangeError(
        `The confirmation named ${options.confirmedCount} requests but ${options.items.length} were planned; nothing was sent.`,
      );
    const rate = options.ratePerSecond ?? DEFAULT_REPLAY_RATE;
    if (!(rate > 0) || !Number.isFinite(rate))
      throw new RangeError(`The replay rate must be above 0 per second; got ${rate}.`);
    this.items = options.items;
    this.intervalMs = 1000 / rate;
    this.maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
    this.clock = options.clock;
    this.send = options.send;
    this.onProgress = options.onProgress;
    this.onResult = options.onResult;
    this.compareOptions = options.compare;
  }

  /** Sends every item (paced), then resolves with the results and the summary. Call once. */
  async run(): Promise<ReplayOutcome> {
    if (this.started) throw new Error('A replay runs once; plan a new one to send again.');
    this.started = true;
    const start = this.clock.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < this.items.length; i++) {
      await this.until(start + i * this.intervalMs);
      while (!this.cancelled && this.inFlight >= this.maxInFlight) await this.sleep();
      if (this.cancelled) break;
      pending.push(this.one(i, this.items[i]!));
    }
    await Promise.all(pending);
    this.report();
    return { results: [...this.results].sort((a, b) => a.index - b.index), summary: this.summary(start) };
  }

  /** Stops sending: no request starts after this; outstanding ones are aborted. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.timer?.cancel();
    this.abort.abort();
    this.wakeSlot?.();
    this.wakeFree?.();
    this.report();
  }

  get progress(): ReplayProgress {
    return {
      total: this.items.length,
      sent: this.sent,
      done: this.results.length,
      different: this.differentCount,
      errors: this.errorCount,
      cancelled: this.cancelled,
    };
  }

  private async one(index: number, item: ReplayItem): Promise<void> {
    this.inFlight++;
    this.sent++;
    const sentAtMs = this.clock.now();
    this.report();
    let result: ReplayResult;
    try {
      const body = await this.send(item.body, this.abort.signal);
      const comparison = comparePredictions(item.loggedResponse, body, this.compareOptions);
      result = this.result(index, item, sentAtMs, comparison.verdict, comparison);
    } catch (e) {
      const error = this.cancelled ? 'Cancelled while waiting for the answer.' : errorText(e);
      result = this.result(index, item, sentAtMs, 'error', {
        verdict: 'error',
        differenceCount: 0,
        differences: [],
        maxAbsDiff: null,
        note: error,
      });
      result.error = error;
    }
    this.results.push(result);
    if (result.verdict === 'different') this.differentCount++;
    if (result.verdict === 'error') this.errorCount++;
    this.inFlight--;
    this.wakeFree?.();
    try {
      this.onResult?.(result);
    } catch {
      /* like progress: a listener's failure must not stop the replay */
    }
    this.report();
  }

  private result(
    index: number,
    item: ReplayItem,
    sentAtMs: number,
    verdict: Verdict,
    comparison: Comparison,
  ): ReplayResult {
    return {
      index,
      rowId: item.rowId,
      inferenceId: item.inferenceId,
      modelVersion: item.modelVersion,
      sentAtMs,
      durationMs: this.clock.now() - sentAtMs,
      verdict,
      comparison,
    };
  }

  /** Waits until the clock reaches `at` (or a cancel). */
  private until(at: number): Promise<void> {
    const delay = at - this.clock.now();
    if (this.cancelled || delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeSlot = resolve;
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        resolve();
      }, delay);
    });
  }

  /** Waits until a request finishes (or a cancel). */
  private sleep(): Promise<void> {
    return new Promise((resolve) => (this.wakeFree = resolve));
  }

  private report(): void {
    if (!this.onProgress) return;
    try {
      this.onProgress(this.progress);
    } catch {
      /* a progress listener's failure must not stop the replay */
    }
  }

  private summary(start: number): ReplaySummary {
    const count = (v: Verdict) => this.results.filter((r) => r.verdict === v).length;
    const equal = count('equal');
    const different = count('different');
    const largest = this.results
      .flatMap((r) =>
        r.comparison.differences
          .filter((d) => d.absDiff !== undefined)
          .map((d) => ({ ...d, rowId: r.rowId, inferenceId: r.inferenceId })),
      )
      .sort((a, b) => (b.absDiff ?? 0) - (a.absDiff ?? 0))
      .slice(0, 10);
    return {
      planned: this.items.length,
      sent: this.sent,
      notSent: this.items.length - this.sent,
      equal,
      different,
      errors: count('error'),
      noLoggedPrediction: count('no-logged-prediction'),
      shareDifferent: equal + different > 0 ? different / (equal + different) : null,
      largest,
      cancelled: this.cancelled,
      durationMs: this.clock.now() - start,
    };
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'The request failed.';
}
