// The rows chosen in the log table for "Replay to…", by row id (ids grow in arrival order, the table's
// order, so a range of rows is a range of ids under the filter). A plain click or Enter chooses one row,
// Ctrl/Cmd-click or Ctrl+Space adds or removes one, Shift-click or Shift+arrow chooses every row from the
// anchor to this one. A range whose rows are all on the page the table holds is taken from it; a longer one
// is asked of the host, which holds every row. At most MAX_REPLAY_ROWS are chosen.
import type { RowRangeReply } from '../../../src/protocol/replay';
import { MAX_REPLAY_ROWS } from '../../../src/protocol/replay';

export interface RowSelectionOptions {
  /** The ids matching the table's filter from one row to another (both included), oldest first. */
  idsBetween(fromId: number, toId: number): Promise<RowRangeReply>;
}

/** Told after every change: the count, and whether the last choice was cut at MAX_REPLAY_ROWS. */
export type SelectionListener = (size: number, capped: boolean) => void;

export class RowSelection {
  private ids = new Set<number>();
  private anchorId: number | undefined;
  /** Bumped by every change: a range reply that arrives after a newer choice is dropped. */
  private generation = 0;
  private readonly listeners = new Set<SelectionListener>();

  constructor(private readonly opts: RowSelectionOptions) {}

  /** Returns unsubscribe. */
  subscribe(listener: SelectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  get anchor(): number | undefined {
    return this.anchorId;
  }

  /** The chosen ids, oldest first. */
  list(): number[] {
    return [...this.ids].sort((a, b) => a - b);
  }

  /** Exactly this row (a plain click). */
  only(id: number): void {
    this.generation++;
    this.ids = new Set([id]);
    this.anchorId = id;
    this.changed(false);
  }

  /** Adds the row, or removes it when chosen (Ctrl/Cmd-click). Returns whether it is chosen now. */
  toggle(id: number): boolean {
    this.generation++;
    this.anchorId = id;
    if (this.ids.delete(id)) {
      this.changed(false);
      return false;
    }
    if (this.ids.size >= MAX_REPLAY_ROWS) {
      this.changed(true);
      return false;
    }
    this.ids.add(id);
    this.changed(false);
    return true;
  }

  /**
   * Chooses every row from the anchor to `id` (Shift-click), replacing the choice, or adding to it with
   * `add` (Ctrl+Shift-click). `pageIds` are the ids the table holds now, in its order: when both ends are
   * among them, so is everything between, and no question goes to the host.
   */
  async extendTo(id: number, pageIds: readonly number[], add = false): Promise<void> {
    const anchor = this.anchorId;
    if (anchor === undefined) {
      this.only(id);
      return;
    }
    const generation = ++this.generation;
    const a = pageIds.indexOf(anchor);
    const b = pageIds.indexOf(id);
    let range: number[];
    let more = false;
    if (a >= 0 && b >= 0) {
      range = pageIds.slice(Math.min(a, b), Math.max(a, b) + 1);
    } else {
      const reply = await this.opts.idsBetween(anchor, id);
      if (generation !== this.generation) return;
      range = reply.ids;
      more = reply.more;
    }
    const next = add ? new Set(this.ids) : new Set<number>();
    for (const r of range) {
      if (next.size >= MAX_REPLAY_ROWS) {
        more = true;
        break;
      }
      next.add(r);
    }
    this.ids = next;
    // The anchor stays: the next Shift-click measures from the same row, as in a file list.
    this.changed(more);
  }

  clear(): void {
    this.generation++;
    if (this.ids.size === 0 && this.anchorId === undefined) return;
    this.ids = new Set();
    this.anchorId = undefined;
    this.changed(false);
  }

  private changed(capped: boolean): void {
    for (const l of [...this.listeners]) l(this.ids.size, capped);
  }
}
