// The log panel's way into the server logs: a toolbar button opens the deployment's server logs beside the
// panel; the detail pane's "Server logs at this time" opens them at the selected row's moment with its
// request's lines highlighted (two clicks from a failed row to its stack trace). The way back: when a link in a
// server-log document names a request the panel holds, the host sends `revealRow` and the row is found among
// the rows the filters let through, scrolled to and selected.
import type { LogViewerProtocol, RowFilter } from '../../../src/protocol/logViewer';
import { el } from '../../shared/dom';
import type { RpcClient } from '../../shared/rpcClient';
import { button } from '../../shared/toolkit';
import type { DetailPane } from '../detail';
import type { LogTable } from '../table';

export interface ServerLogsMount {
  rpc: RpcClient<LogViewerProtocol>;
  /** the toolbar: the button goes in a group of its own */
  toolbar: HTMLElement;
  detail: DetailPane;
  table: LogTable;
  filter(): RowFilter;
  notice(text: string, error?: boolean): void;
}

export function mountServerLogs(m: ServerLogsMount): void {
  const open = button('btn-server-logs', 'Server logs', 'secondary');
  open.el.title = "The deployment's server logs (what its pods print), beside this panel";
  m.toolbar.append(el('div', { className: 'toolbar-group' }, [open.el]));

  const atTime = button('detail-server-logs', 'Server logs at this time', 'secondary');
  atTime.el.title = "The server's lines around this event, with its request's lines highlighted";
  m.detail.addAction(atTime.el);

  const run = (control: typeof open, params: { id?: number }) => {
    control.setDisabled(true);
    m.rpc
      .request('serverLogs', params)
      .then((r) => {
        if (r.message) m.notice(r.message, !r.shown);
        else if (r.shown) m.notice('Server logs opened beside this panel.');
      })
      .catch((err: unknown) => m.notice(`Could not open the server logs: ${message(err)}`, true))
      .finally(() => control.setDisabled(false));
  };
  open.onClick(() => run(open, {}));
  atTime.onClick(() => {
    const id = m.detail.shownId;
    if (id !== undefined) run(atTime, { id });
  });

  m.rpc.on('revealRow', ({ id, inferenceId }) => {
    m.rpc
      .request('locateRow', { id, filter: m.filter() })
      .then((where) => {
        if (where.index !== null) m.table.reveal(id, where.index);
        else if (where.reason === 'filtered') {
          m.notice(`Request ${inferenceId} is hidden by the filters: clear them to see its row.`, true);
        } else m.notice(`Request ${inferenceId} is no longer held.`, true);
      })
      .catch((err: unknown) => m.notice(`Could not find request ${inferenceId}: ${message(err)}`, true));
  });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
