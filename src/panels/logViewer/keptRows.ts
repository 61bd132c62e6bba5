// The rows of a log view that stopped reading, answered the way the pipeline's store answers them (filter,
// order, page, histogram, export), so a stopped panel still reads, filters, exports and copies what it
// showed. vscode-free.
import { exportRows } from '../../inferenceLog/exportRows';
import { buildHistogram } from '../../inferenceLog/histogram';
import { compileFilter } from '../../inferenceLog/rowFilter';
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../../inferenceLog/types';
import type { ExportFormat, Histogram, StoreStats } from '../../protocol/logViewer';

/** The part of a session the kept rows are copied from. */
export interface RowSource {
  stats(): StoreStats;
  query(req: QueryRequest): QueryResult;
}

/** Same row objects and ids as the webview already knows. */
export class KeptRows {
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

  static of(session: RowSource): KeptRows {
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
