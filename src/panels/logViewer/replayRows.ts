// The log panel's side of "Replay to…" on the host, without vscode: which rows a selection names (the
// selected row ids, or the newest rows matching the filters), the ids of a Shift-click range, and the two
// request handlers and schemas the panel's host merges into its own. What happens with the rows — the
// target pick, the confirmation, the run — is the injected `startReplay`.
import * as v from 'valibot';
import type { LogRow } from '../../inferenceLog/types';
import type { RequestHandlers } from '../../protocol/messages';
import type { LogViewerProtocol } from '../../protocol/logViewer';
import type { ReplaySelection, ReplayStartReply, RowRangeParams, RowRangeReply } from '../../protocol/replay';
import { MAX_REPLAY_ROWS } from '../../protocol/replay';
import type { LogViewerSession } from './logViewerHost';
import type { rowFilterSchema } from './logViewerSchemas';

/** Starts "Replay to…" for the rows (oldest first); `what` names them for the confirmation. */
export type StartReplay = (rows: LogRow[], what: string) => Promise<ReplayStartReply>;

const rowId = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The two requests' schemas, built on the panel's filter schema (passed in: it imports this file). */
export function replayRowSchemas(filter: typeof rowFilterSchema) {
  return {
    replay: v.union([
      v.strictObject({ ids: v.pipe(v.array(rowId), v.minLength(1), v.maxLength(MAX_REPLAY_ROWS)) }),
      v.strictObject({
        filter,
        newest: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_REPLAY_ROWS)),
      }),
    ]),
    selectRange: v.strictObject({ filter, fromId: rowId, toId: rowId }),
  };
}

/** The rows a selection names, oldest first; ids no longer held (pushed out by the bound) are left out. */
export function rowsOf(
  session: Pick<LogViewerSession, 'get' | 'query'>,
  selection: ReplaySelection,
): { rows: LogRow[]; what: string } {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)].sort((a, b) => a - b).slice(0, MAX_REPLAY_ROWS);
    const rows = ids.map((id) => session.get(id)).filter((r): r is LogRow => r !== undefined);
    const gone = ids.length - rows.length;
    const what =
      `${rows.length} selected row${rows.length === 1 ? '' : 's'}` +
      (gone > 0 ? ` (${gone} more selected ${gone === 1 ? 'is' : 'are'} no longer held)` : '');
    return { rows, what };
  }
  const limit = Math.min(MAX_REPLAY_ROWS, selection.newest);
  const page = session.query({ offset: 0, limit, filter: selection.filter, order: 'newest-first' });
  const rows = [...page.rows].reverse();
  const filtered = Object.keys(selection.filter).length > 0;
  const what =
    `the newest ${rows.length} ${filtered ? 'matching ' : ''}row${rows.length === 1 ? '' : 's'}` +
    (page.total > rows.length ? ` (of ${page.total})` : '');
  return { rows, what };
}

/** Ids of the rows matching the filter between two rows (in either order), oldest first, capped. */
export function idsBetween(
  session: Pick<LogViewerSession, 'query' | 'stats'>,
  p: RowRangeParams,
): RowRangeReply {
  const lo = Math.min(p.fromId, p.toId);
  const hi = Math.max(p.fromId, p.toId);
  // Ids grow in arrival order, which is the table's order: the range is a run of the matching rows.
  const all = session.query({
    offset: 0,
    limit: session.stats().rows,
    filter: p.filter,
    order: 'oldest-first',
  });
  const ids: number[] = [];
  let more = false;
  for (const r of all.rows) {
    if (r.id < lo) continue;
    if (r.id > hi) break;
    if (ids.length >= MAX_REPLAY_ROWS) {
      more = true;
      break;
    }
    ids.push(r.id);
  }
  return { ids, more };
}

/** "Replay to…" for a selection of the session's rows (the webview's button and the palette command). */
export async function replaySelection(
  session: Pick<LogViewerSession, 'get' | 'query'>,
  selection: ReplaySelection,
  startReplay: StartReplay | undefined,
): Promise<ReplayStartReply> {
  if (!startReplay) return { started: false, message: 'Replay is not available in this panel.' };
  const { rows, what } = rowsOf(session, selection);
  if (rows.length === 0)
    return { started: false, message: 'None of the chosen rows is held any more: nothing to replay.' };
  return startReplay(rows, what);
}

type ReplayRequests = Pick<RequestHandlers<LogViewerProtocol>, 'replay' | 'selectRange'>;

export function replayRowHandlers(
  session: LogViewerSession,
  startReplay: StartReplay | undefined,
): ReplayRequests {
  return {
    replay: (selection) => replaySelection(session, selection, startReplay),
    selectRange: (p) => Promise.resolve(idsBetween(session, p)),
  };
}
