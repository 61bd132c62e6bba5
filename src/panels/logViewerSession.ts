// Holds the pipeline session behind one panel and swaps it when the user picks another start position:
// the pipeline's sessions read from one position for life, so "restart" disposes the old one and builds a
// new one, while the panel's listeners stay subscribed to this holder. vscode-free; pipeline types only.
import type { InferenceLogSession, RowChange } from '../inferenceLog';
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../inferenceLog/types';
import type { ConsumerState, ExportFormat, Histogram, StartFrom, StoreStats } from '../protocol/logViewer';
import type { LogViewerSession } from './logViewerHost';

export type SessionFactory = (startFrom: StartFrom) => InferenceLogSession;

export class SwitchableLogSession implements LogViewerSession {
  private session: InferenceLogSession;
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
  ) {
    this.startFrom = startFrom;
    this.session = create(startFrom);
    this.wire();
  }

  get state(): ConsumerState {
    return this.session.state;
  }

  get position(): StartFrom {
    return this.startFrom;
  }

  start(): Promise<void> {
    return this.session.start();
  }

  query(req: QueryRequest): QueryResult {
    return this.session.query(req);
  }
  get(id: number): LogRow | undefined {
    return this.session.getRow(id);
  }
  histogram(maxBuckets: number, filter?: RowFilter): Histogram {
    return this.session.histogram(maxBuckets, filter);
  }
  stats(): StoreStats {
    return this.session.stats();
  }
  pause(): void {
    this.session.pause();
  }
  resume(): void {
    this.session.resume();
  }
  clear(): void {
    this.session.clear();
  }
  async exportTo(filePath: string, format: ExportFormat, filter: RowFilter): Promise<{ rows: number }> {
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
    const run = this.switching.then(async () => {
      if (this.disposed) return;
      const old = this.session;
      this.unwireAll();
      await old.dispose();
      if (this.disposed) return;
      this.startFrom = startFrom;
      this.session = this.create(startFrom);
      this.wire();
      this.emitState(this.session.state);
      this.emitChanged();
      await this.session.start();
    });
    // A failed restart must not block the next one; the caller still sees the failure.
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
    await this.session.dispose();
  }

  private wire(): void {
    this.unwire = [
      this.session.onChanged(() => this.emitChanged()),
      this.session.onState((s) => this.emitState(s)),
      this.session.onRow((row, change) => {
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
