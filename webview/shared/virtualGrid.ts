// What the log panel's two virtualized grids (the payload table, the feature columns) both are: a list that
// knows only the count of matching rows and the page it last asked the host for, asks again for exactly the
// window on screen (virtualRows.ts), and follows the newest row until the user scrolls up or selects one.
// Each grid builds its own elements and draws its own rows; this holds the paging, following and selection
// state they share, so a fix to one (the scroll event of the grid's own scroll to the end) is a fix to both.
import type { Virtualizer } from '@tanstack/virtual-core';
import { LatestQuery } from './latestQuery';
import type { PageWindow } from './virtualRows';
import {
  isScrolledToEnd,
  keyMoves,
  pageCovers,
  pageWindow,
  placeRows,
  rowVirtualizer,
  visibleRows,
} from './virtualRows';

/** The elements a grid is made of: the grid itself (one tab stop), its scroller, the rows' spacer and the text
 * shown while no row matches. */
export interface GridParts {
  el: HTMLElement;
  scroller: HTMLElement;
  spacer: HTMLElement;
  empty: HTMLElement;
}

/** A page from the host: where it starts among the matching rows, and how many match. */
export interface GridPage<Row> {
  rows: Row[];
  offset: number;
  total: number;
}

export const WAITING_TEXT = 'Waiting for events…';

export abstract class VirtualGrid<Row extends { id: number }, Reply> {
  readonly el: HTMLElement;
  protected readonly scroller: HTMLElement;
  protected readonly spacer: HTMLElement;
  protected readonly empty: HTMLElement;
  protected readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly cleanup: () => void;
  /** Invalidated when the filters change: replies to older queries are dropped. */
  protected readonly pages: LatestQuery<Reply>;
  protected count = 0;
  protected pageOffset = 0;
  protected page: Row[] = [];
  protected following = true;
  protected selectedId: number | undefined;
  protected emptyText = WAITING_TEXT;
  /** The scrollTop scrollToEnd() set, until the scroll event it causes arrives. */
  private ownScrollTop: number | undefined;

  protected constructor(
    parts: GridParts,
    private readonly followChanged: (following: boolean) => void,
  ) {
    ({ el: this.el, scroller: this.scroller, spacer: this.spacer, empty: this.empty } = parts);
    this.pages = new LatestQuery(
      () => this.ask(this.window()),
      (reply) => this.applyPage(reply),
      () => this.canAsk(),
    );
    this.virtualizer = rowVirtualizer(this.scroller, () => this.render());
    this.cleanup = this.virtualizer._didMount();
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    this.spacer.addEventListener('pointerdown', (e) => {
      if (e.button === 0) this.selectFromEvent(e);
    });
    // A click without a pointerdown first (assistive technology, scripted clicks) selects too.
    this.spacer.addEventListener('click', (e) => this.selectFromEvent(e));
  }

  /** Sends the query for `window` (with the grid's filters). */
  protected abstract ask(window: PageWindow): Promise<Reply>;
  /** Takes a reply still current (takePage() and what else the grid keeps from it), then draws. */
  protected abstract applyPage(reply: Reply): void;
  /** Draws the rows on screen (placeRowsOnScreen()); called by the virtualizer on every scroll and resize. */
  protected abstract render(): void;
  /** Selects the row a pointer event landed on. */
  protected abstract selectFromEvent(e: Event): void;
  /** Tells the grid's owner that `row` was selected. */
  protected abstract selected(row: Row): void;
  /** Enter or Space on the active row. */
  protected abstract chooseActive(e: KeyboardEvent): void;
  /** An arrow, Page or Home/End key: moves the active row by `delta`. */
  protected abstract moveActive(e: KeyboardEvent, delta: number): void;

  /** While false (a hidden grid), it does not ask the host. */
  protected canAsk(): boolean {
    return true;
  }

  /** Rows a Page key moves: a screenful less one row. */
  protected pageStep(): number {
    return visibleRows(this.scroller) - 1;
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
    this.followChanged(on);
    if (on) this.scrollToEnd();
  }

  /** Asks the host for the visible window; coalesces calls while a query is on its way. */
  refresh(): void {
    this.pages.run();
  }

  /** What is shown no longer answers the question (filters changed, Clear): drops it, and late replies. */
  protected dropPage(): void {
    this.pages.invalidate();
    this.page = [];
    this.pageOffset = 0;
  }

  protected takePage(page: GridPage<Row>): void {
    this.page = page.rows;
    this.pageOffset = page.offset;
    this.setCount(page.total);
  }

  protected setCount(n: number): void {
    this.el.setAttribute('aria-rowcount', String(n + 1));
    if (n !== this.count) {
      this.count = n;
      this.virtualizer.setOptions({ ...this.virtualizer.options, count: n });
      this.virtualizer._willUpdate();
      this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    }
    this.empty.hidden = n > 0;
    if (this.empty.textContent !== this.emptyText) this.empty.textContent = this.emptyText;
    if (this.following) this.scrollToEnd();
  }

  /** Places the rows on screen (`draw` for a row the page holds); asks for a page when one was missing. */
  protected placeRowsOnScreen(
    draw: (row: Row, index: number) => HTMLElement,
    placeholder: (index: number) => HTMLElement,
  ): Row[] {
    this.empty.hidden = this.count > 0;
    const { drawn, missing } = placeRows(
      this.virtualizer,
      this.spacer,
      { rows: this.page, offset: this.pageOffset },
      draw,
      placeholder,
    );
    if (missing && !this.pages.busy) this.refresh();
    return drawn;
  }

  /** Selecting holds the view still (stops following), so the chosen row does not scroll away. */
  protected select(row: Row): void {
    this.selectedId = row.id;
    this.setFollowing(false);
    this.render();
    this.selected(row);
  }

  protected covers(start: number, end: number): boolean {
    return pageCovers(this.pageOffset, this.page.length, start, end);
  }

  private window(): PageWindow {
    return pageWindow(this.virtualizer.range, visibleRows(this.scroller), this.following);
  }

  private scrollToEnd(): void {
    if (this.count === 0) return;
    const top = Math.max(0, this.scroller.scrollHeight - this.scroller.clientHeight);
    if (Math.abs(this.scroller.scrollTop - top) > 1) {
      this.scroller.scrollTop = top;
      this.ownScrollTop = this.scroller.scrollTop;
    }
  }

  private onScroll(): void {
    const atEnd = isScrolledToEnd(this.scroller);
    // The scroll event of the grid's own scroll to the end arrives after it: if a selection stopped following
    // meanwhile, that event must not turn following back on (only the person scrolling to the end does).
    const own = this.ownScrollTop !== undefined && Math.abs(this.scroller.scrollTop - this.ownScrollTop) <= 1;
    this.ownScrollTop = undefined;
    if (atEnd !== this.following && !(own && atEnd)) {
      this.following = atEnd;
      this.followChanged(atEnd);
    }
    const range = this.virtualizer.range;
    if (range && !this.covers(range.startIndex, range.endIndex)) this.refresh();
  }

  private onKey(e: KeyboardEvent): void {
    if (this.count === 0) return;
    if (e.key === 'Enter' || e.key === ' ') {
      this.chooseActive(e);
      return;
    }
    const delta = keyMoves(this.pageStep())[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    this.moveActive(e, delta);
  }
}
