// The panel's status line (aria-live): what the last action did. A confirmation is transient: it goes
// after a few seconds, and at once when it was about a state that no longer holds ("Cleared. New events
// keep arriving." must not stay up after Pause). A failure stays until the next message replaces it.
import type { ConsumerState } from '../../src/protocol/logViewer';
import { el } from '../shared/dom';

/** How long a confirmation stays up. */
export const NOTICE_MS = 6_000;

export interface NoticeOptions {
  error?: boolean;
  /** The message holds only while the consumer is in one of these states. */
  whileState?: readonly ConsumerState['state'][];
}

export class StatusLine {
  readonly el = el('div', { className: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private whileState: readonly ConsumerState['state'][] | undefined;

  show(text: string, opts: NoticeOptions = {}): void {
    this.clearTimer();
    this.el.textContent = text;
    this.el.classList.toggle('is-error', Boolean(opts.error));
    this.whileState = opts.whileState;
    if (!opts.error) this.timer = setTimeout(() => this.clear(), NOTICE_MS);
  }

  /** The consumer's state changed: a message about the old state goes. */
  onState(state: ConsumerState['state']): void {
    if (this.whileState && !this.whileState.includes(state)) this.clear();
  }

  clear(): void {
    this.clearTimer();
    this.whileState = undefined;
    this.el.textContent = '';
    this.el.classList.remove('is-error');
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
