// The log panel's side of "one timeline" with the server logs: the moment of a row (to open the server logs
// there), the row of an inference id (a link in a server-log document leads back to it), and where that row is
// among the rows the panel's filters let through (so the table can scroll to it). No vscode.
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../../inferenceLog/types';

/** The moment "Server Logs at This Time" opens at: the row's time and the request it was. */
export interface RowMoment {
  timeMs: number;
  inferenceId?: string;
}

export function rowMoment(row: LogRow): RowMoment {
  return row.inferenceId ? { timeMs: row.timeMs, inferenceId: row.inferenceId } : { timeMs: row.timeMs };
}

type Queryable = { query(req: QueryRequest): QueryResult };

/**
 * The row of `inferenceId`, newest first (a restarted reading may hold it twice). The text filter matches
 * inference ids among other text, so the exact id is checked here.
 */
export function findRequestRow(session: Queryable, inferenceId: string): LogRow | undefined {
  const want = inferenceId.toLowerCase();
  const { rows } = session.query({
    filter: { text: inferenceId },
    order: 'newest-first',
    offset: 0,
    limit: 1_000,
  });
  return rows.find((r) => r.inferenceId.toLowerCase() === want);
}

/** How much the panel holds, to say why a request is not there. */
export function heldSpan(session: Queryable): { rows: number; firstMs?: number; lastMs?: number } {
  const oldest = session.query({ offset: 0, limit: 1, order: 'oldest-first' });
  const newest = session.query({ offset: 0, limit: 1, order: 'newest-first' }).rows[0];
  const out: { rows: number; firstMs?: number; lastMs?: number } = { rows: oldest.total };
  if (oldest.rows[0]) out.firstMs = oldest.rows[0].timeMs;
  if (newest) out.lastMs = newest.timeMs;
  return out;
}

export type Location = { index: number } | { index: null; reason: 'gone' | 'filtered' };

/**
 * The index of row `id` among the rows matching `filter`, oldest first — the table's order. Row ids grow in
 * arrival order, so the index is found by bisection over pages of one row: a few store passes however many
 * rows it holds.
 */
export function locateRow(
  session: Queryable & { get(id: number): LogRow | undefined },
  id: number,
  filter: RowFilter,
): Location {
  if (!session.get(id)) return { index: null, reason: 'gone' };
  const at = (i: number) => session.query({ offset: i, limit: 1, filter, order: 'oldest-first' });
  let lo = 0;
  let hi = at(0).total - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = at(mid).rows[0];
    if (!row) break;
    if (row.id === id) return { index: mid };
    if (row.id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return { index: null, reason: 'filtered' };
}
