// Holds the pipeline session behind one panel (or one Output tail). The pipeline's sessions read from one
// start position for life, so "restart" disposes the old one and builds a new one, while the listeners stay
// subscribed to this holder. Building one is asynchronous (REST look-ups, the lazily loaded bundle) and may
// fail: until it exists the holder reports "connecting", and a failure becomes the "error" state with what
// to do. vscode-free; pipeline types only.
import type { InferenceLogSession, RowChange } from '../../inferenceLog';
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../../inferenceLog/types';
import type { ConsumerState, ExportFormat, Histogram, StartFrom, StoreStats } from '../../protocol/logViewer';
import type { LogViewerSession } from './logViewerHost';

export type SessionFactory = (startFrom: StartFrom) => Promise<InferenceLogSession>;

/** Turns a failure to build a session into the words of the error state. */
export type FailureDescriber = (err: unknown) => { message: string; action: string };

const defaultDescribe: FailureDescriber = (err) => ({
  message: err instanceof Error ? err.message : String(err),
  action: 'Check the connection and press Restart.',
});

export class SwitchableLogSession implements LogViewerSession {
  private session: InferenceLogSession | undefined;
  private ownState: ConsumerState = { state: 'connecting' };
  private unwire: (() => void)[] = [];
  private readonly changedListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(s: ConsumerState) => void>();
  private readonly rowListeners = new Set<(row: LogRow, change: RowChange) => void>();
  private startFrom: StartFrom;
  private disposed = false;
  /** Serialises restarts: a second click waits for the first swap to finish. */
  private switching: Promise<void> = Promise.resolve();

  constructor(
    private readonly create: SessionFactory,
    startFrom: StartFrom,
    private readonly capacity: number,
    private readonly describeFailure: FailureDescriber = defaultDescribe,
  ) {
    this.startFrom = startFrom;
  }

  get state(): ConsumerState {
    return this.session?.state ?? this.ownState;
  }

  get position(): StartFrom {
    return this.startFrom;
  }

  /** Builds and starts the first session. */
  start(): Promise<void> {
    return this.restart(this.startFrom);
  }

  query(req: QueryRequest): QueryResult {
    return this.session?.query(req) ?? { total: 0, rows: [] };
  }
  get(id: number): LogRow | undefined {
    return this.session?.getRow(id);
  }
  histogram(maxBuckets: number, filter?: RowFilter): Histogram {
    return (
      this.session?.histogram(maxBuckets, filter) ?? { startMs: 0, bucketMs: 1000, events: [], errors: [] }
    );
  }
  stats(): StoreStats {
    return (
      this.session?.stats() ?? {
        capacity: this.capacity,
        rows: 0,
        total: 0,
        errors: 0,
        undecodable: 0,
        dropped: 0,
        pending: 0,
        eventsPerSecond: 0,
      }
    );
  }
  pause(): void {
    this.session?.pause();
  }
  resume(): void {
    this.session?.resume();
  }
  clear(): void {
    this.session?.clear();
  }
  async exportTo(filePath: string, format: ExportFormat, filter: RowFilter): Promise<{ rows: number }> {
    if (!this.session) throw new Error('There is nothing to export yet: the log session is not running.');
    const r = await this.session.exportTo(filePath, format, filter);
    return { rows: r.rows };
  }

  onChanged(listener: () => void): () => void {
    this.changedListeners.add(listener);
    return () => this.changedListeners.delete(listener);
  }
  onState(listener: (state: ConsumerState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
  onRow(listener: (row: LogRow, change: RowChange) => void): () => void {
    this.rowListeners.add(listener);
    return () => this.rowListeners.delete(listener);
  }

  /** Disposes the running session and starts a new one at `startFrom` (the rows start over). */
  restart(startFrom: StartFrom): Promise<void> {
    const run = this.switching.then(() => this.swap(startFrom));
    // A failed restart must not block the next one.
    this.switching = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.unwireAll();
    this.changedListeners.clear();
    this.stateListeners.clear();
    this.rowListeners.clear();
    await this.switching;
    const s = this.session;
    this.session = undefined;
    await s?.dispose();
  }

  private async swap(startFrom: StartFrom): Promise<void> {
    if (this.disposed) return;
    const old = this.session;
    this.unwireAll();
    this.session = undefined;
    this.startFrom = startFrom;
    this.ownState = { state: 'connecting' };
    this.emitState(this.ownState);
    this.emitChanged();
    await old?.dispose();
    let next: InferenceLogSession;
    try {
      next = await this.create(startFrom);
    } catch (err) {
      if (this.disposed) return;
      this.ownState = { state: 'error', ...this.describeFailure(err) };
      this.emitState(this.ownState);
      return;
    }
    if (this.disposed) {
      await next.dispose();
      return;
    }
    this.session = next;
    this.wire(next);
    this.emitState(next.state);
    this.emitChanged();
    await next.start();
  }

  private wire(s: InferenceLogSession): void {
    this.unwire = [
      s.onChanged(() => this.emitChanged()),
      s.onState((state) => this.emitState(state)),
      s.onRow((row, change) => {
        for (const l of this.rowListeners) l(row, change);
      }),
    ];
  }

  private unwireAll(): void {
    for (const u of this.unwire.splice(0)) u();
  }

  private emitChanged(): void {
    for (const l of this.changedListeners) l();
  }

  private emitState(s: ConsumerState): void {
    for (const l of this.stateListeners) l(s);
  }
}
