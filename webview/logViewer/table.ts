// The live table: virtualized with @tanstack/virtual-core, so only the rows on screen (plus a small
// overscan) exist in the DOM whatever the store holds. It knows only the count of matching rows and the
// page it last asked for; `refresh()` (on each throttled "changed" signal, on scroll, on a filter change)
// asks the host again for exactly the visible window. Follows the newest row until the user scrolls up.
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import type { QueryParams, QueryReply, RowFilter, RowSummary } from '../../src/protocol/logViewer';
import { MAX_PAGE_ROWS, OVERSCAN_ROWS } from '../../src/protocol/logViewer';
import { el } from '../shared/dom';
import { KIND_LABELS, formatLatency, formatStatus, formatTime, isErrorOutcome } from './format';

export const ROW_HEIGHT = 22;

export const COLUMNS = [
  { key: 'time', label: 'Time' },
  { key: 'id', label: 'Inference id' },
  { key: 'kind', label: 'Kind' },
  { key: 'code', label: 'HTTP' },
  { key: 'latency', label: 'Latency' },
  { key: 'version', label: 'Version' },
  { key: 'payload', label: 'Payload' },
] as const;

export interface TableOptions {
  query(params: QueryParams): Promise<QueryReply>;
  onSelect(row: RowSummary): void;
  /** Every reply, so the detail pane can notice that its row changed (a response joined). */
  onPage?(rows: readonly RowSummary[]): void;
  onFollowChange?(following: boolean): void;
}

export class LogTable {
  readonly el: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly cleanup: () => void;
  private filter: RowFilter = {};
  /** Bumped when the filter changes: replies to older queries are dropped. */
  private generation = 0;
  private count = 0;
  private pageOffset = 0;
  private page: RowSummary[] = [];
  private inFlight = false;
  private again = false;
  private following = true;
  private selectedId: number | undefined;
  private emptyText = 'Waiting for events…';

  constructor(private readonly opts: TableOptions) {
    const header = el(
      'div',
      { className: 'log-row log-header', attrs: { role: 'row' } },
      COLUMNS.map((c) =>
        el('div', { className: `cell c-${c.key}`, text: c.label, attrs: { role: 'columnheader' } }),
      ),
    );
    this.spacer = el('div', { className: 'log-spacer', attrs: { role: 'rowgroup' } });
    this.empty = el('div', { className: 'log-empty', text: this.emptyText });
    this.scroller = el('div', { className: 'log-scroller', attrs: { tabindex: '0' } }, [
      this.spacer,
      this.empty,
    ]);
    this.el = el(
      'div',
      { className: 'log-table', attrs: { role: 'grid', 'aria-label': 'Inference events' } },
      [header, this.scroller],
    );

    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      overscan: OVERSCAN_ROWS,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      getItemKey: (i) => i,
      onChange: () => this.render(),
    });
    this.cleanup = this.virtualizer._didMount();
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.spacer.addEventListener('click', (e) => {
      const target = (e.target as HTMLElement).closest<HTMLElement>('.log-row');
      const id = target?.dataset.id;
      const row = id === undefined ? undefined : this.page.find((r) => String(r.id) === id);
      if (row) this.select(row);
    });
  }

  /** The first layout pass needs the element in the document. */
  attached(): void {
    this.virtualizer._willUpdate();
    this.render();
  }

  dispose(): void {
    this.cleanup();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  setFollowing(on: boolean): void {
    if (this.following === on) return;
    this.following = on;
    this.opts.onFollowChange?.(on);
    if (on) this.scrollToEnd();
  }

  setFilter(filter: RowFilter): void {
    this.filter = filter;
    this.generation++;
    this.page = [];
    this.pageOffset = 0;
    this.emptyText = hasFilter(filter) ? 'No events match the filters.' : 'Waiting for events…';
    this.refresh();
  }

  /** Drops everything shown (after Clear or a restart) and asks again. */
  reset(): void {
    this.generation++;
    this.page = [];
    this.pageOffset = 0;
    this.setCount(0);
    this.refresh();
  }

  /** Asks the host for the visible window; coalesces calls while a query is on its way. */
  refresh(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    const generation = this.generation;
    this.opts
      .query({ ...this.window(), filter: this.filter })
      .then((reply) => {
        if (generation !== this.generation) return;
        this.page = reply.rows;
        this.pageOffset = reply.offset;
        this.setCount(reply.total);
        this.opts.onPage?.(reply.rows);
        this.render();
      })
      .catch(() => {
        /* the host logs refused queries; the next signal asks again */
      })
      .finally(() => {
        this.inFlight = false;
        if (this.again || generation !== this.generation) {
          this.again = false;
          this.refresh();
        }
      });
  }

  /** Rows currently in the DOM (for tests and for the screen-reader count). */
  renderedRowCount(): number {
    return this.spacer.childElementCount;
  }

  private window(): { offset: number; limit: number; fromEnd: boolean } {
    const visible = Math.max(1, Math.ceil((this.scroller.clientHeight || 600) / ROW_HEIGHT));
    const range = this.virtualizer.range;
    // Following: rows may have arrived since the last reply, so ask for the newest ones, wherever they are.
    if (this.following || !range)
      return { offset: 0, limit: Math.min(MAX_PAGE_ROWS, visible + OVERSCAN_ROWS), fromEnd: true };
    const offset = Math.max(0, range.startIndex - OVERSCAN_ROWS);
    return { offset, limit: Math.min(MAX_PAGE_ROWS, visible + 2 * OVERSCAN_ROWS), fromEnd: false };
  }

  private setCount(n: number): void {
    if (n === this.count) {
      if (this.following) this.scrollToEnd();
      return;
    }
    this.count = n;
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: n });
    this.virtualizer._willUpdate();
    this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    this.empty.hidden = n > 0;
    this.empty.textContent = this.emptyText;
    if (this.following) this.scrollToEnd();
  }

  private scrollToEnd(): void {
    if (this.count === 0) return;
    const top = Math.max(0, this.count * ROW_HEIGHT - this.scroller.clientHeight);
    if (Math.abs(this.scroller.scrollTop - top) > 1) this.scroller.scrollTop = top;
  }

  private onScroll(): void {
    const atEnd =
      this.scroller.scrollTop + this.scroller.clientHeight >= this.scroller.scrollHeight - ROW_HEIGHT;
    if (atEnd !== this.following) {
      this.following = atEnd;
      this.opts.onFollowChange?.(atEnd);
    }
    const range = this.virtualizer.range;
    if (range && !this.covers(range.startIndex, range.endIndex)) this.refresh();
  }

  private covers(start: number, end: number): boolean {
    return this.page.length > 0 && start >= this.pageOffset && end < this.pageOffset + this.page.length;
  }

  private render(): void {
    this.empty.hidden = this.count > 0;
    this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    const items = this.virtualizer.getVirtualItems();
    const nodes: HTMLElement[] = [];
    let missing = false;
    for (const item of items) {
      const row = this.page[item.index - this.pageOffset];
      const node = row ? this.rowNode(row, item.index) : this.placeholder(item.index);
      if (!row) missing = true;
      node.style.transform = `translateY(${item.start}px)`;
      nodes.push(node);
    }
    this.spacer.replaceChildren(...nodes);
    if (missing && !this.inFlight) this.refresh();
  }

  private rowNode(r: RowSummary, index: number): HTMLElement {
    const classes = ['log-row', `k-${r.kind}`];
    if (isErrorOutcome(r.outcome)) classes.push('is-error');
    if (r.outcome === 'undecodable') classes.push('is-raw');
    if (r.outcome === 'pending') classes.push('is-pending');
    if (r.id === this.selectedId) classes.push('is-selected');
    const cells: [string, string][] = [
      ['time', formatTime(r.timeMs, r.timeResolutionMs)],
      ['id', r.inferenceId || '—'],
      ['kind', KIND_LABELS[r.kind]],
      ['code', formatStatus(r)],
      ['latency', formatLatency(r.latencyMs, r.timeResolutionMs)],
      ['version', r.kind === 'raw' ? '' : `v${r.modelVersion}`],
      ['payload', r.preview],
    ];
    return el(
      'div',
      {
        className: classes.join(' '),
        attrs: {
          role: 'row',
          'data-id': String(r.id),
          'aria-rowindex': String(index + 1),
          'aria-selected': String(r.id === this.selectedId),
        },
      },
      cells.map(([k, text]) =>
        el('div', {
          className: `cell c-${k}`,
          text,
          title: k === 'payload' ? text : undefined,
          attrs: { role: 'gridcell' },
        }),
      ),
    );
  }

  private placeholder(index: number): HTMLElement {
    return el(
      'div',
      { className: 'log-row is-loading', attrs: { role: 'row', 'aria-rowindex': String(index + 1) } },
      [el('div', { className: 'cell c-time', text: '…' })],
    );
  }

  private select(row: RowSummary): void {
    this.selectedId = row.id;
    this.render();
    this.opts.onSelect(row);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const i = this.page.findIndex((r) => r.id === this.selectedId);
    const next = this.page[i < 0 ? 0 : i + (e.key === 'ArrowDown' ? 1 : -1)];
    if (!next) return;
    if (e.key === 'ArrowUp') this.setFollowing(false);
    this.select(next);
    this.virtualizer.scrollToIndex(this.pageOffset + this.page.indexOf(next), { align: 'auto' });
  }
}

function hasFilter(f: RowFilter): boolean {
  return Boolean(f.text || f.kind || f.status || f.errorsOnly || f.undecodableOnly);
}
