// The machinery shared by the panels' virtualized row lists (the log table, the feature grid): only the rows
// on screen (plus an overscan) exist in the DOM, the host holds the rest, and the list asks it for the window
// around what is visible. @tanstack/virtual-core does the measuring; these helpers are the parts each list
// would otherwise write again: the virtualizer's options, which window to ask for, whether the page held
// covers the rows on screen, and placing the row elements without recreating them.
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { MAX_PAGE_ROWS, OVERSCAN_ROWS } from '../../src/protocol/logViewer';

/** The height of one row, in CSS pixels (the stylesheets give the rows the same). */
export const ROW_HEIGHT = 22;

/** A virtualizer of fixed-height rows scrolled by `scroller`; `onChange` redraws. */
export function rowVirtualizer(
  scroller: HTMLElement,
  onChange: () => void,
): Virtualizer<HTMLElement, HTMLElement> {
  return new Virtualizer<HTMLElement, HTMLElement>({
    count: 0,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN_ROWS,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    getItemKey: (i) => i,
    onChange,
  });
}

/** The rows to ask the host for. */
export interface PageWindow {
  offset: number;
  limit: number;
  fromEnd: boolean;
}

/**
 * The window around what is on screen. Following: rows may have arrived since the last reply, so it asks for
 * the newest ones, wherever they are.
 */
export function pageWindow(
  range: { startIndex: number } | null,
  visibleRows: number,
  following: boolean,
): PageWindow {
  if (following || !range)
    return { offset: 0, limit: Math.min(MAX_PAGE_ROWS, visibleRows + OVERSCAN_ROWS), fromEnd: true };
  const offset = Math.max(0, range.startIndex - OVERSCAN_ROWS);
  return { offset, limit: Math.min(MAX_PAGE_ROWS, visibleRows + 2 * OVERSCAN_ROWS), fromEnd: false };
}

/** Whether the page held (`length` rows from `pageOffset`) has every row from `start` to `end`. */
export function pageCovers(pageOffset: number, length: number, start: number, end: number): boolean {
  return length > 0 && start >= pageOffset && end < pageOffset + length;
}

/** How many rows fit on screen (a guess before the first layout). */
export function visibleRows(scroller: HTMLElement): number {
  return Math.max(1, Math.ceil((scroller.clientHeight || 600) / ROW_HEIGHT));
}

/** Whether the list is scrolled to its last row (within a row): it then follows new rows. */
export function isScrolledToEnd(scroller: HTMLElement): boolean {
  return scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - ROW_HEIGHT;
}

/** How far each navigation key moves the active row; `page` is a screenful less one row. */
export function keyMoves(page: number): Record<string, number> {
  return {
    ArrowDown: 1,
    ArrowUp: -1,
    PageDown: page,
    PageUp: -page,
    Home: -Infinity,
    End: Infinity,
  };
}

/**
 * Puts in `spacer` the rows the virtualizer wants now, each at its place: `draw` gives the element of a row
 * the page holds, `placeholder` one for a row not fetched yet. Elements are moved, never recreated, so an
 * element under the pointer stays the same element. Returns the rows drawn and whether a row was missing
 * (the caller asks the host for it).
 */
export function placeRows<T>(
  virtualizer: Virtualizer<HTMLElement, HTMLElement>,
  spacer: HTMLElement,
  page: { rows: readonly T[]; offset: number },
  draw: (row: T, index: number) => HTMLElement,
  placeholder: (index: number) => HTMLElement,
): { drawn: T[]; missing: boolean } {
  spacer.style.height = `${virtualizer.getTotalSize()}px`;
  const wanted: HTMLElement[] = [];
  const drawn: T[] = [];
  let missing = false;
  for (const item of virtualizer.getVirtualItems()) {
    const row = page.rows[item.index - page.offset];
    let node: HTMLElement;
    if (row) {
      node = draw(row, item.index);
      drawn.push(row);
    } else {
      node = placeholder(item.index);
      missing = true;
    }
    const transform = `translateY(${item.start}px)`;
    if (node.style.transform !== transform) node.style.transform = transform;
    wanted.push(node);
  }
  const keep = new Set(wanted);
  for (const child of Array.from(spacer.children)) if (!keep.has(child as HTMLElement)) child.remove();
  let at = spacer.firstElementChild;
  for (const node of wanted) {
    if (node === at) at = at.nextElementSibling;
    else spacer.insertBefore(node, at);
  }
  return { drawn, missing };
}

/** Sets an attribute only when it changes (no mutation, no screen-reader chatter, for a redraw). */
export function setAttr(e: HTMLElement, name: string, value: string): void {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}
