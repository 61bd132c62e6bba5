// A log view's session that can stop reading without closing its panel (on Disconnect, or when the connection
// moves to another project) and keeps the rows it had. vscode-free, so it is tested under plain Node.
import { exportRows } from '../../inferenceLog/exportRows';
import { buildHistogram } from '../../inferenceLog/histogram';
import { compileFilter } from '../../inferenceLog/rowFilter';
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../../inferenceLog/types';
import type { ConsumerState, ExportFormat, Histogram, StartFrom, StoreStats } from '../../protocol/logViewer';
import type { LogViewerSession } from './logViewerHost';
import type { SwitchableLogSession } from './logViewerSession';

/**
 * The panel's session, which can stop reading without closing the panel: stopping disposes the Kafka
 * session (and the credentials it holds) but keeps the rows it had, so they can still be read, filtered,
 * exported and copied. Restart then builds a new session, unless `blocked` says why it cannot.
 */
export class FollowingLogSession implements LogViewerSession {
  private inner: SwitchableLogSession | undefined;
  private kept: KeptRows;
  private stoppedState: ConsumerState = { state: 'stopped' };
  private startFrom: StartFrom;
  private unwire: (() => void)[] = [];
  private readonly changedListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(s: ConsumerState) => void>();
  private disposed = false;

  constructor(
    private readonly build: (startFrom: StartFrom) => SwitchableLogSession,
    startFrom: StartFrom,
    capacity: number,
    private readonly blocked: () => string | undefined,
  ) {
    this.startFrom = startFrom;
    this.kept = KeptRows.empty(capacity);
  }

  get reading(): boolean {
    return this.inner !== undefined;
  }
  get state(): ConsumerState {
    return this.inner?.state ?? this.stoppedState;
  }
  get position(): StartFrom {
    return this.inner?.position ?? this.startFrom;
  }

  start(): Promise<void> {
    return this.read(this.startFrom);
  }

  query(req: QueryRequest): QueryResult {
    return (this.inner ?? this.kept).query(req);
  }
  get(id: number): LogRow | undefined {
    return (this.inner ?? this.kept).get(id);
  }
  histogram(maxBuckets: number, filter?: RowFilter): Histogram {
    return (this.inner ?? this.kept).histogram(maxBuckets, filter);
  }
  stats(): StoreStats {
    return (this.inner ?? this.kept).stats();
  }
  pause(): void {
    this.inner?.pause();
  }
  resume(): void {
    this.inner?.resume();
  }
  clear(): void {
    (this.inner ?? this.kept).clear();
  }
  exportTo(filePath: string, format: ExportFormat, filter: RowFilter): Promise<{ rows: number }> {
    return (this.inner ?? this.kept).exportTo(filePath, format, filter);
  }

  onChanged(listener: () => void): () => void {
    this.changedListeners.add(listener);
    return () => this.changedListeners.delete(listener);
  }
  onState(listener: (state: ConsumerState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async restart(startFrom: StartFrom): Promise<void> {
    if (this.inner) return this.inner.restart(startFrom);
    // Refused before anything is touched: the rows shown are not lost to a restart that cannot read.
    const why = this.blocked();
    if (why !== undefined) throw new Error(why);
    await this.read(startFrom);
  }

  /** Stops reading (when reading) and shows `state`; the rows read so far stay. */
  async stop(state: ConsumerState): Promise<void> {
    const inner = this.inner;
    this.stoppedState = state;
    if (inner) {
      this.kept = KeptRows.of(inner);
      this.startFrom = inner.position;
      this.inner = undefined;
      for (const u of this.unwire.splice(0)) u();
    }
    this.emitState(state);
    if (inner) this.emitChanged();
    await inner?.dispose();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const u of this.unwire.splice(0)) u();
    this.changedListeners.clear();
    this.stateListeners.clear();
    this.kept = KeptRows.empty(this.kept.stats().capacity);
    const inner = this.inner;
    this.inner = undefined;
    await inner?.dispose();
  }

  private async read(startFrom: StartFrom): Promise<void> {
    if (this.disposed) return;
    const inner = this.build(startFrom);
    this.inner = inner;
    this.kept = KeptRows.empty(this.kept.stats().capacity);
    this.unwire = [inner.onChanged(() => this.emitChanged()), inner.onState((s) => this.emitState(s))];
    await inner.start();
  }

  private emitChanged(): void {
    for (const l of this.changedListeners) l();
  }
  private emitState(s: ConsumerState): void {
    for (const l of this.stateListeners) l(s);
  }
}

/**
 * The rows of a stopped session, same objects and ids as the webview already knows, answered the way the
 * pipeline's store answers (filter, order, page, histogram, export).
 */
class KeptRows {
  private constructor(
    private rows: readonly LogRow[],
    private counters: StoreStats,
  ) {}

  static empty(capacity: number): KeptRows {
    return new KeptRows([], {
      capacity,
      rows: 0,
      total: 0,
      errors: 0,
      undecodable: 0,
      dropped: 0,
      pending: 0,
      eventsPerSecond: 0,
    });
  }

  static of(session: LogViewerSession): KeptRows {
    const stats = session.stats();
    const rows = session.query({ offset: 0, limit: stats.rows, order: 'oldest-first' }).rows;
    return new KeptRows(rows, { ...stats, rows: rows.length, eventsPerSecond: 0 });
  }

  query(req: QueryRequest): QueryResult {
    const match = compileFilter(req.filter);
    const list = match ? this.rows.filter(match) : this.rows;
    const offset = Math.max(0, Math.floor(req.offset ?? 0));
    const end = Math.min(list.length, offset + Math.max(0, Math.floor(req.limit ?? 100)));
    const rows: LogRow[] = [];
    for (let i = offset; i < end; i++) {
      rows.push(list[req.order === 'newest-first' ? list.length - 1 - i : i]!);
    }
    return { total: list.length, rows };
  }

  get(id: number): LogRow | undefined {
    // Ids are consecutive in arrival order: the row's index is its distance from the first id.
    const first = this.rows[0];
    const row = first ? this.rows[id - first.id] : undefined;
    return row?.id === id ? row : this.rows.find((r) => r.id === id);
  }

  histogram(maxBuckets: number, filter?: RowFilter): Histogram {
    return buildHistogram(this.rows, maxBuckets, compileFilter(filter));
  }

  stats(): StoreStats {
    return this.counters;
  }

  clear(): void {
    this.rows = [];
    this.counters = KeptRows.empty(this.counters.capacity).counters;
  }

  async exportTo(filePath: string, format: ExportFormat, filter: RowFilter): Promise<{ rows: number }> {
    const match = compileFilter(filter);
    const r = await exportRows(match ? this.rows.filter(match) : this.rows, filePath, format);
    return { rows: r.rows };
  }
}
