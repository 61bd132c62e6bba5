// The live table: virtualized with @tanstack/virtual-core, so only the rows on screen (plus a small
// overscan) exist in the DOM whatever the store holds. It knows only the count of matching rows and the
// page it last asked for; `refresh()` (on each throttled "changed" signal, on scroll, on a filter change)
// asks the host again for exactly the visible window. Follows the newest row until the user scrolls up.
//
// Row elements are keyed by row id and kept across re-renders (only moved, or their cells updated when the
// row changed): a click that lands while new rows stream in hits the element it started on. Selection
// happens on pointerdown, by row id, so it never depends on the element surviving until mouseup either.
// Keyboard: the table is one tab stop; arrows, Page Up/Down, Home/End move the active row
// (aria-activedescendant) and Enter or Space selects it. With a RowSelection (replay/rowSelection.ts) several
// rows can be chosen: Ctrl/Cmd-click or Ctrl+Space, Shift-click or Shift+arrows; the detail pane shows the
// row clicked last.
import type { QueryParams, QueryReply, RowFilter, RowSummary } from '../../src/protocol/logViewer';
import { narrowsRows } from './filters';
import { VirtualGrid, WAITING_TEXT } from '../shared/virtualGrid';
import type { PageWindow } from '../shared/virtualRows';
import { setAttr } from '../shared/virtualRows';
import { setBidiSafeText } from './bidiText';
import { el } from '../shared/dom';
import { KIND_LABELS, formatLatency, formatStatus, formatTime, isErrorOutcome } from './format';
import { decodedWithTitle } from './fidelity/payloadActions';
import type { RowSelection } from './replay/rowSelection';

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
  /** The rows chosen for "Replay to…"; without it one row is selected at a time. */
  selection?: RowSelection;
}

/** A row element kept for its row id, with what it was last drawn from. */
interface RowElement {
  node: HTMLElement;
  cells: HTMLElement[];
  drawn: string;
}

export class LogTable extends VirtualGrid<RowSummary, QueryReply> {
  private readonly nodes = new Map<number, RowElement>();
  private filter: RowFilter = {};
  /** The keyboard's row (aria-activedescendant); may differ from the selected one until Enter. */
  private activeId: number | undefined;
  /** A keyboard move to a row not fetched yet: made active when its page arrives. */
  private pendingActiveIndex: number | undefined;
  /** A row to select once the page holding it arrives (reveal()). */
  private pendingReveal: { id: number; index: number } | undefined;
  private choosing = false;

  constructor(private readonly opts: TableOptions) {
    const header = el(
      'div',
      { className: 'log-row log-header', attrs: { role: 'row', 'aria-rowindex': '1' } },
      COLUMNS.map((c) =>
        el('div', { className: `cell c-${c.key}`, text: c.label, attrs: { role: 'columnheader' } }),
      ),
    );
    const spacer = el('div', { className: 'log-spacer', attrs: { role: 'rowgroup' } });
    const empty = el('div', { className: 'log-empty', text: WAITING_TEXT });
    // Not a tab stop of its own: the grid is.
    const scroller = el('div', { className: 'log-scroller', attrs: { tabindex: '-1' } }, [spacer, empty]);
    const table = el(
      'div',
      {
        className: 'log-table',
        attrs: {
          role: 'grid',
          'aria-label': 'Inference events',
          tabindex: '0',
          'aria-rowcount': '1',
          'aria-multiselectable': String(opts.selection !== undefined),
        },
      },
      [header, scroller],
    );
    super({ el: table, scroller, spacer, empty }, (following) => opts.onFollowChange?.(following));
    this.el.addEventListener('focus', () => this.onFocus());
    // A choice made here renders through select(), in the order it always had; this is for the others
    // (a range the host resolved, Clear selection).
    opts.selection?.subscribe(() => {
      if (!this.choosing) this.render();
    });
  }

  /** The first layout pass needs the element in the document. */
  attached(): void {
    this.virtualizer._willUpdate();
    this.render();
  }

  setFilter(filter: RowFilter): void {
    this.filter = filter;
    // Rows chosen under another filter may not be shown any more: a choice is only what one can see.
    this.opts.selection?.clear();
    this.dropPage();
    this.emptyText = narrowsRows(filter) ? 'No events match the filters.' : WAITING_TEXT;
    this.refresh();
  }

  /** Drops everything shown (after Clear or a restart) and asks again. */
  reset(): void {
    this.dropPage();
    // A restarted session numbers its rows from 0 again: an old id must not select a new row.
    this.selectedId = undefined;
    this.opts.selection?.clear();
    this.activeId = undefined;
    this.pendingActiveIndex = undefined;
    this.setCount(0);
    this.refresh();
  }

  protected ask(window: PageWindow): Promise<QueryReply> {
    return this.opts.query({ ...window, filter: this.filter });
  }

  protected applyPage(reply: QueryReply): void {
    this.takePage(reply);
    this.resolvePendingActive();
    this.opts.onPage?.(reply.rows);
    this.resolvePendingReveal();
    this.render();
  }

  /**
   * Scrolls the selected row back into view after the table changed size (the detail pane opened under
   * it in a narrow panel), once the new size is laid out.
   */
  revealSelected(): void {
    requestAnimationFrame(() => {
      const index = this.selectedId === undefined ? undefined : this.indexOf(this.selectedId);
      if (index !== undefined) this.virtualizer.scrollToIndex(index, { align: 'auto' });
    });
  }

  /** Scrolls to the row at `index` among the matching rows and selects row `id` once its page is in. */
  reveal(id: number, index: number): void {
    this.pendingReveal = { id, index };
    this.setFollowing(false);
    if (index < this.count) this.virtualizer.scrollToIndex(index, { align: 'center' });
    this.refresh();
  }

  private resolvePendingReveal(): void {
    const p = this.pendingReveal;
    if (!p) return;
    const row = this.page.find((r) => r.id === p.id);
    if (row) {
      this.pendingReveal = undefined;
      this.activeId = row.id;
      // As a plain click does: with Replay's multi-row selection, the revealed row is then the only one chosen.
      this.choose(row, false, false);
    } else if (p.index >= this.count || this.covers(p.index, p.index)) {
      // The row is not where it was said to be (cleared, or the filters changed meanwhile): give up quietly.
      this.pendingReveal = undefined;
    } else {
      this.virtualizer.scrollToIndex(p.index, { align: 'center' });
    }
  }

  /** Rows currently in the DOM (for tests and for the screen-reader count). */
  renderedRowCount(): number {
    return this.spacer.childElementCount;
  }

  protected render(): void {
    const drawn = this.placeRowsOnScreen(
      (row, index) => this.rowNode(row, index),
      (index) => this.placeholder(index),
    );
    const shownIds = new Set(drawn.map((r) => r.id));
    for (const id of this.nodes.keys()) if (!shownIds.has(id)) this.nodes.delete(id);
    this.updateActiveDescendant();
  }

  private rowNode(r: RowSummary, index: number): HTMLElement {
    const texts = [
      formatTime(r.timeMs, r.timeResolutionMs),
      r.inferenceId || '—',
      KIND_LABELS[r.kind],
      formatStatus(r),
      formatLatency(r.latencyMs, r.timeResolutionMs),
      r.kind === 'raw' ? '' : `v${r.modelVersion}`,
      r.preview,
    ];
    const drawn = `${r.rev}\u0000${r.kind}\u0000${r.outcome}\u0000${r.schemaVersion}\u0000${texts.join('\u0000')}`;
    let kept = this.nodes.get(r.id);
    if (!kept) {
      const cells = COLUMNS.map((c) =>
        el('div', { className: `cell c-${c.key}`, attrs: { role: 'gridcell' } }),
      );
      const node = el(
        'div',
        { attrs: { role: 'row', id: `log-row-${r.id}`, 'data-id': String(r.id) } },
        cells,
      );
      kept = { node, cells, drawn: '' };
      this.nodes.set(r.id, kept);
    }
    const { node, cells } = kept;
    if (kept.drawn !== drawn) {
      kept.drawn = drawn;
      texts.forEach((text, i) => {
        const cell = cells[i];
        if (cell) setBidiSafeText(cell, text);
      });
      const payload = cells[cells.length - 1];
      if (payload) payload.title = r.preview;
      const kind = cells[2];
      if (kind) kind.title = decodedWithTitle(r.schemaVersion);
    }
    const classes = ['log-row', `k-${r.kind}`];
    if (isErrorOutcome(r.outcome)) classes.push('is-error');
    if (r.outcome === 'undecodable') classes.push('is-raw');
    if (r.outcome === 'pending') classes.push('is-pending');
    const selected = this.isSelected(r.id);
    if (selected) classes.push('is-selected');
    if (r.id === this.activeId) classes.push('is-active');
    const className = classes.join(' ');
    if (node.className !== className) node.className = className;
    setAttr(node, 'aria-rowindex', String(index + 2));
    setAttr(node, 'aria-selected', String(selected));
    return node;
  }

  private placeholder(index: number): HTMLElement {
    return el(
      'div',
      { className: 'log-row is-loading', attrs: { role: 'row', 'aria-rowindex': String(index + 2) } },
      [el('div', { className: 'cell c-time', text: '…' })],
    );
  }

  protected selectFromEvent(e: Event): void {
    const target = (e.target as HTMLElement).closest<HTMLElement>('.log-row[data-id]');
    const id = Number(target?.dataset.id);
    const row = this.page.find((r) => r.id === id);
    if (!row || (e.type === 'click' && row.id === this.selectedId)) return;
    this.activeId = row.id;
    const m = e as MouseEvent;
    if (m.shiftKey) e.preventDefault(); // no text selection from the anchor to here
    this.choose(row, m.ctrlKey || m.metaKey, m.shiftKey);
  }

  private isSelected(id: number): boolean {
    return this.opts.selection ? this.opts.selection.has(id) : id === this.selectedId;
  }

  /** A plain choice selects `row` alone; `toggle` adds or removes it; `range` chooses from the anchor to it. */
  private choose(row: RowSummary, toggle: boolean, range: boolean): void {
    const sel = this.opts.selection;
    this.choosing = true;
    try {
      if (sel && range)
        void sel.extendTo(
          row.id,
          this.page.map((r) => r.id),
          toggle,
        );
      else if (sel && toggle) sel.toggle(row.id);
      else sel?.only(row.id);
    } finally {
      this.choosing = false;
    }
    this.select(row);
  }

  protected selected(row: RowSummary): void {
    this.opts.onSelect(row);
  }

  private onFocus(): void {
    if (this.activeId !== undefined && this.indexOf(this.activeId) !== undefined) return;
    // Start from the selected row when it is on screen, else from the first (or, following, the last) row shown.
    const range = this.virtualizer.range;
    const visible = range
      ? this.page.filter((_, i) => {
          const idx = this.pageOffset + i;
          return idx >= range.startIndex && idx <= range.endIndex;
        })
      : this.page;
    const start =
      visible.find((r) => r.id === this.selectedId) ??
      (this.following ? visible[visible.length - 1] : visible[0]);
    this.activeId = start?.id;
    this.render();
  }

  private indexOf(id: number): number | undefined {
    const i = this.page.findIndex((r) => r.id === id);
    return i < 0 ? undefined : this.pageOffset + i;
  }

  protected chooseActive(e: KeyboardEvent): void {
    const row = this.page.find((r) => r.id === this.activeId);
    if (!row) return;
    e.preventDefault();
    this.choose(row, e.key === ' ' && (e.ctrlKey || e.metaKey), e.shiftKey);
  }

  protected moveActive(e: KeyboardEvent, delta: number): void {
    if (this.activeId === undefined) this.onFocus();
    const from = this.activeId === undefined ? undefined : this.indexOf(this.activeId);
    const target = Math.max(0, Math.min(this.count - 1, from === undefined ? 0 : from + delta));
    if (e.key === 'End') this.setFollowing(true);
    else if (delta < 0) this.setFollowing(false);
    const row = this.page[target - this.pageOffset];
    if (row) {
      this.activeId = row.id;
      this.pendingActiveIndex = undefined;
      // Shift+arrow: the choice follows the keyboard from the anchor.
      if (e.shiftKey && this.opts.selection) this.choose(row, false, true);
      this.render();
    } else {
      this.pendingActiveIndex = target;
    }
    if (e.key !== 'End') this.virtualizer.scrollToIndex(target, { align: 'auto' });
  }

  private resolvePendingActive(): void {
    if (this.pendingActiveIndex === undefined) return;
    const row = this.page[this.pendingActiveIndex - this.pageOffset];
    if (!row) return;
    this.activeId = row.id;
    this.pendingActiveIndex = undefined;
  }

  private updateActiveDescendant(): void {
    const shown = this.activeId !== undefined && this.nodes.has(this.activeId);
    if (shown) setAttr(this.el, 'aria-activedescendant', `log-row-${this.activeId}`);
    else this.el.removeAttribute('aria-activedescendant');
  }
}
