// Keeps a per-row analysis (live health, feature statistics, …) in step with the rows a log view holds:
// the rows already held first, then every row as it is added or changes, forgetting the rows the store's
// bound pushes out, and starting over when the rows do (Clear, Restart). The analysis never reads the
// store again on its own, so its work stays constant per event. vscode-free.
import type { RowChange } from '../../inferenceLog/session';
import type { LogRow, QueryRequest, QueryResult } from '../../inferenceLog/types';
import type { StoreStats } from '../../protocol/logViewer';

/** What an analysis implements (HealthMonitor does as it is). */
export interface RowObserver {
  seed(rows: Iterable<LogRow>): void;
  observe(row: LogRow, change: RowChange): void;
  forget(rowId: number): void;
  reset(): void;
}

/** What a log view's rows offer to follow them (ConnectionLogSession does). */
export interface FollowedRows {
  query(req: QueryRequest): QueryResult;
  stats(): StoreStats;
  onRow(listener: (row: LogRow, change: RowChange) => void): () => void;
  onEvicted(listener: (row: LogRow) => void): () => void;
  onRowsReset(listener: () => void): () => void;
}

/** Seeds `observer` with the rows held now and follows them; returns the function that stops following. */
export function followRows(rows: FollowedRows, observer: RowObserver): () => void {
  observer.seed(rows.query({ offset: 0, limit: rows.stats().rows, order: 'oldest-first' }).rows);
  const stops = [
    rows.onRow((row, change) => observer.observe(row, change)),
    rows.onEvicted((row) => observer.forget(row.id)),
    rows.onRowsReset(() => observer.reset()),
  ];
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}
