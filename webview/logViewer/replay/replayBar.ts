// The log panel's "Replay to…" controls: how many rows are chosen, the button that replays them (or, with
// none chosen, the newest rows matching the filters, up to 1,000), and Clear selection. The host asks for
// the target and the confirmation; this only says which rows and shows what came of it.
import type { RowFilter } from '../../../src/protocol/logViewer';
import type { ReplaySelection, ReplayStartReply } from '../../../src/protocol/replay';
import { MAX_REPLAY_ROWS } from '../../../src/protocol/replay';
import { adoptStyles, el } from '../../shared/dom';
import { button } from '../../shared/toolkit';
import css from './replay.css';
import type { RowSelection } from './rowSelection';

adoptStyles(css);

export interface ReplayBarOptions {
  selection: RowSelection;
  /** The filters the table shows now. */
  filter(): RowFilter;
  replay(selection: ReplaySelection): Promise<ReplayStartReply>;
  notice(text: string, error?: boolean): void;
}

const count = (n: number) => n.toLocaleString('en-US');

export class ReplayBar {
  readonly el: HTMLElement;
  private readonly label = el('span', { className: 'replay-count', id: 'replay-count' });
  private readonly replayBtn = button('btn-replay', 'Replay to…', 'secondary');
  private readonly clearBtn = button('btn-replay-clear', 'Clear selection', 'secondary');
  private busy = false;

  constructor(private readonly opts: ReplayBarOptions) {
    this.replayBtn.el.setAttribute('aria-describedby', 'replay-count');
    this.el = el('div', { className: 'toolbar-group replay-bar' }, [
      this.label,
      this.replayBtn.el,
      this.clearBtn.el,
    ]);
    this.replayBtn.onClick(() => this.replay());
    this.clearBtn.onClick(() => opts.selection.clear());
    opts.selection.subscribe((size, capped) => {
      this.render(size);
      if (capped)
        opts.notice(
          `At most ${count(MAX_REPLAY_ROWS)} rows can be replayed at once: the selection stops there.`,
        );
    });
    this.render(0);
  }

  private render(size: number): void {
    this.label.textContent =
      size === 0 ? 'No rows selected' : `${count(size)} row${size === 1 ? '' : 's'} selected`;
    this.replayBtn.el.textContent = size === 0 ? 'Replay filtered to…' : 'Replay selected to…';
    this.replayBtn.el.title =
      size === 0
        ? `Sends the newest ${count(MAX_REPLAY_ROWS)} rows matching the filters (or fewer) to a deployment you pick, after you confirm. Ctrl/Cmd-click or Shift-click rows to choose them instead.`
        : `Sends the ${count(size)} selected requests to a deployment you pick, after you confirm.`;
    this.clearBtn.el.hidden = size === 0;
  }

  private replay(): void {
    if (this.busy) return;
    const { selection } = this.opts;
    const which: ReplaySelection =
      selection.size > 0
        ? { ids: selection.list() }
        : { filter: this.opts.filter(), newest: MAX_REPLAY_ROWS };
    this.busy = true;
    this.replayBtn.setDisabled(true);
    this.opts
      .replay(which)
      .then((r) => this.opts.notice(r.message))
      .catch((err: unknown) =>
        this.opts.notice(`Replay failed: ${err instanceof Error ? err.message : String(err)}`, true),
      )
      .finally(() => {
        this.busy = false;
        this.replayBtn.setDisabled(false);
      });
  }
}
