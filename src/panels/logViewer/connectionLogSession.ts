// What a log view (the panel, an Output tail) reads through: the pipeline session built with the connection
// the view was opened for. Two states:
// - reading: a pipeline session exists, or is being built (REST look-ups, the lazily loaded bundle): the
//   state is "connecting" until it exists, and "error" with what to do when building it failed;
// - stopped: on Disconnect, or when the connection moves to another project, the session is disposed (and
//   the Kafka credentials with it) while the rows it had are kept: still readable, filterable, exportable.
// The pipeline's sessions read from one start position for life, so Restart disposes the session and builds
// a new one (restarts run one after another), while the view's listeners stay subscribed here. vscode-free.
import type { InferenceLogSession, RowChange } from '../../inferenceLog';
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../../inferenceLog/types';
import type { ConsumerState, ExportFormat, Histogram, StartFrom, StoreStats } from '../../protocol/logViewer';
import { DisposableCollection } from '../shared/disposables';
import { KeptRows } from './keptRows';
import type { LogViewerSession } from './logViewerHost';

export type SessionFactory = (startFrom: StartFrom) => Promise<InferenceLogSession>;

/** Turns a failure to build a session into the words of the error state. */
export type FailureDescriber = (err: unknown) => { message: string; action: string };

const defaultDescribe: FailureDescriber = (err) => ({
  message: err instanceof Error ? err.message : String(err),
  action: 'Check the connection and press Restart.',
});

export interface ConnectionLogSessionOptions {
  /** Builds a pipeline session for the connection as it is now; may throw (see `describeFailure`). */
  create: SessionFactory;
  startFrom: StartFrom;
  /** The store's capacity, reported while there are no rows. */
  capacity: number;
  describeFailure?: FailureDescriber;
  /** Why a stopped view cannot read again now (its connection is gone); undefined when it can. */
  blocked?: () => string | undefined;
}

export class ConnectionLogSession implements LogViewerSession {
  private readonly create: SessionFactory;
  private readonly capacity: number;
  private readonly describeFailure: FailureDescriber;
  private readonly blocked: () => string | undefined;
  private session: InferenceLogSession | undefined;
  private isReading = false;
  /** The rows of the last session once stopped; empty while reading. */
  private kept: KeptRows;
  /** The state while there is no session: stopped (and why), connecting, or the failure to build one. */
  private ownState: ConsumerState = { state: 'stopped' };
  private startFrom: StartFrom;
  /** The subscriptions to the current session. */
  private readonly wiring = new DisposableCollection();
  private readonly changed = new Listeners<[]>();
  private readonly stateChanged = new Listeners<[ConsumerState]>();
  private readonly rowChanged = new Listeners<[LogRow, RowChange]>();
  private readonly rowEvicted = new Listeners<[LogRow]>();
  private readonly rowsReset = new Listeners<[]>();
  private disposed = false;
  /** Serialises restarts: a second click waits for the first swap to finish. */
  private switching: Promise<void> = Promise.resolve();
  /** Bumped by stop(): a swap begun before it must not install the session it builds. */
  private generation = 0;

  constructor(o: ConnectionLogSessionOptions) {
    this.create = o.create;
    this.startFrom = o.startFrom;
    this.capacity = o.capacity;
    this.describeFailure = o.describeFailure ?? defaultDescribe;
    this.blocked = o.blocked ?? (() => undefined);
    this.kept = KeptRows.empty(o.capacity);
  }

  /** Whether it holds (or is building) a pipeline session, and with it the project's Kafka credentials. */
  get reading(): boolean {
    return this.isReading;
  }

  get state(): ConsumerState {
    return this.session?.state ?? this.ownState;
  }

  get position(): StartFrom {
    return this.startFrom;
  }

  /** Builds and starts the first session. */
  start(): Promise<void> {
    return this.read(this.startFrom);
  }

  query(req: QueryRequest): QueryResult {
    return this.session ? this.session.query(req) : this.kept.query(req);
  }
  get(id: number): LogRow | undefined {
    return this.session ? this.session.getRow(id) : this.kept.get(id);
  }
  histogram(maxBuckets: number, filter?: RowFilter): Histogram {
    return this.session
      ? this.session.histogram(maxBuckets, filter)
      : this.kept.histogram(maxBuckets, filter);
  }
  stats(): StoreStats {
    return this.session ? this.session.stats() : this.kept.stats();
  }
  pause(): void {
    this.session?.pause();
  }
  resume(): void {
    this.session?.resume();
  }
  clear(): void {
    if (this.session) this.session.clear();
    else this.kept.clear();
    this.rowsReset.emit();
  }
  async exportTo(filePath: string, format: ExportFormat, filter: RowFilter): Promise<{ rows: number }> {
    if (this.session) {
      const r = await this.session.exportTo(filePath, format, filter);
      return { rows: r.rows };
    }
    if (this.isReading) throw new Error('There is nothing to export yet: the log session is not running.');
    return this.kept.exportTo(filePath, format, filter);
  }

  onChanged(listener: () => void): () => void {
    return this.changed.add(listener);
  }
  onState(listener: (state: ConsumerState) => void): () => void {
    return this.stateChanged.add(listener);
  }
  /** Every row as the session adds or updates it (for the Output tail). */
  onRow(listener: (row: LogRow, change: RowChange) => void): () => void {
    return this.rowChanged.add(listener);
  }

  /** Rows the current session's bound pushed out (they can change no more). */
  onEvicted(listener: (row: LogRow) => void): () => void {
    return this.rowEvicted.add(listener);
  }
  /** The rows start over: Clear, or a new session (Restart, reading again); row ids start over with them. */
  onRowsReset(listener: () => void): () => void {
    return this.rowsReset.add(listener);
  }

  /**
   * Reads again from `startFrom` with a new session (the rows start over). A stopped view is refused, with
   * why, while `blocked` says it cannot read: the rows it shows are not lost to a restart that cannot read.
   */
  restart(startFrom: StartFrom): Promise<void> {
    if (this.isReading) return this.switchTo(startFrom);
    const why = this.blocked();
    if (why !== undefined) return Promise.reject(new Error(why));
    return this.read(startFrom);
  }

  /** Stops reading (when reading) and shows `state`; the rows read so far stay. */
  async stop(state: ConsumerState): Promise<void> {
    this.ownState = state;
    if (!this.isReading) {
      this.stateChanged.emit(state);
      return;
    }
    this.isReading = false;
    this.generation++;
    const session = this.session;
    this.kept = session ? KeptRows.of(session) : KeptRows.empty(this.capacity);
    this.session = undefined;
    this.wiring.dispose();
    // A swap under way finishes (or gives up) on its own; reading again need not wait for it.
    const pending = this.switching;
    this.switching = Promise.resolve();
    this.stateChanged.emit(state);
    this.changed.emit();
    await pending;
    await session?.dispose();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.isReading = false;
    this.wiring.dispose();
    this.changed.clear();
    this.stateChanged.clear();
    this.rowChanged.clear();
    this.rowEvicted.clear();
    this.rowsReset.clear();
    this.kept = KeptRows.empty(this.capacity);
    const session = this.session;
    this.session = undefined;
    await this.switching;
    await session?.dispose();
  }

  private read(startFrom: StartFrom): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.isReading = true;
    this.startFrom = startFrom;
    this.ownState = { state: 'connecting' };
    this.kept = KeptRows.empty(this.capacity);
    return this.switchTo(startFrom);
  }

  private switchTo(startFrom: StartFrom): Promise<void> {
    const generation = this.generation;
    const run = this.switching.then(() => this.swap(startFrom, generation));
    // A failed restart must not block the next one.
    this.switching = run.catch(() => undefined);
    return run;
  }

  /** Disposed, or stopped since the swap of `generation` was asked for. */
  private stale(generation: number): boolean {
    return this.disposed || generation !== this.generation;
  }

  private async swap(startFrom: StartFrom, generation: number): Promise<void> {
    if (this.stale(generation)) return;
    const old = this.session;
    this.wiring.dispose();
    this.session = undefined;
    this.startFrom = startFrom;
    this.ownState = { state: 'connecting' };
    this.rowsReset.emit();
    this.stateChanged.emit(this.ownState);
    this.changed.emit();
    await old?.dispose();
    if (this.stale(generation)) return;
    let next: InferenceLogSession;
    try {
      next = await this.create(startFrom);
    } catch (err) {
      if (this.stale(generation)) return;
      this.ownState = { state: 'error', ...this.describeFailure(err) };
      this.stateChanged.emit(this.ownState);
      return;
    }
    if (this.stale(generation)) {
      await next.dispose();
      return;
    }
    this.session = next;
    this.wiring.add(next.onChanged(() => this.changed.emit()));
    this.wiring.add(next.onState((s) => this.stateChanged.emit(s)));
    this.wiring.add(next.onRow((row, change) => this.rowChanged.emit(row, change)));
    this.wiring.add(next.onEvicted((row) => this.rowEvicted.emit(row)));
    this.stateChanged.emit(next.state);
    this.changed.emit();
    await next.start();
  }
}

/** The listeners of one signal. */
class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(...args: A): void {
    for (const l of this.set) l(...args);
  }

  clear(): void {
    this.set.clear();
  }
}
