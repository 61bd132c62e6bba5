// How many feature-table lines each held row makes under the filters in force, and the way from a line
// number to the row holding it: what a page of the feature table (or of the payload table under a feature
// filter) needs. Two kinds:
// - scanTally: over the rows a base filter (search, kind, status…) lets through, counted anew per page;
// - LiveTally: without a base filter, kept from page to page. Rows only ever arrive at the end (ids are
//   consecutive), leave at the front, or change in place (a response joins: the session says so), so
//   a page after a "changed" signal counts only those rows; the counts live in a ring of 16-bit numbers,
//   one per held row, and finding line N is a walk over that array.
import type { LogRow, QueryRequest, QueryResult } from '../../../inferenceLog/types';
import { forEachYielding } from './yieldingScan';

/** Lines of one row (0 when the filters drop it); at most 10,000 instances a payload, so 16 bits hold it. */
export type CountOf = (row: LogRow) => number;

export interface RowSpan {
  row: LogRow;
  /** Lines the row makes. */
  count: number;
  /** Lines of this row before the one asked for (0 after the first row). */
  skip: number;
}

export interface Tally {
  /** Lines in all. */
  readonly lines: number;
  /** Rows making at least one line. */
  readonly rows: number;
  /** The rows making lines, from the one holding line `line`. */
  fromLine(line: number): Iterable<RowSpan>;
  /** The rows making lines, from the `k`-th of them (0-based). */
  fromRow(k: number): Iterable<LogRow>;
}

export interface TallySource {
  query(req: QueryRequest): QueryResult;
  get(id: number): LogRow | undefined;
  stats(): { rows: number; capacity: number };
}

/** Counts every row of `rows` (yielding to the event loop on the way). */
export async function scanTally(rows: readonly LogRow[], count: CountOf): Promise<Tally> {
  const counts = new Uint16Array(rows.length);
  let lines = 0;
  let nonzero = 0;
  await forEachYielding(rows, (row, i) => {
    const n = Math.min(0xffff, count(row));
    counts[i] = n;
    lines += n;
    if (n > 0) nonzero++;
  });
  return {
    lines,
    rows: nonzero,
    *fromLine(line) {
      let before = 0;
      let i = 0;
      while (i < rows.length && before + counts[i]! <= line) before += counts[i++]!;
      let skip = line - before;
      for (; i < rows.length; i++) {
        if (counts[i] === 0) continue;
        yield { row: rows[i]!, count: counts[i]!, skip };
        skip = 0;
      }
    },
    *fromRow(k) {
      let seen = 0;
      for (let i = 0; i < rows.length; i++) {
        if (counts[i] === 0) continue;
        if (seen++ >= k) yield rows[i]!;
      }
    },
  };
}

/** Updated rows remembered between pages; past this many the next page counts everything again. */
const MAX_DIRTY = 50_000;

export class LiveTally implements Tally {
  private key: string | undefined;
  private counts = new Uint16Array(0);
  /** Held ids covered: [first, next). */
  private first = 0;
  private next = 0;
  private lineTotal = 0;
  private rowTotal = 0;
  private dirty = new Set<number>();
  private overflow = false;
  /** Refreshes run one after another: a second page waits for the first one's counting. */
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly source: TallySource) {}

  get lines(): number {
    return this.lineTotal;
  }

  get rows(): number {
    return this.rowTotal;
  }

  /** A held row changed in place: its count is taken again on the next refresh. */
  changed(id: number): void {
    if (this.key === undefined) return;
    if (this.dirty.size >= MAX_DIRTY) this.overflow = true;
    else this.dirty.add(id);
  }

  /** Everything is counted again on the next refresh (Clear, a restart). */
  reset(): void {
    this.key = undefined;
  }

  /** Brings the counts up to date for `key` (the filters: another key counts everything again). */
  refresh(key: string, count: CountOf): Promise<Tally> {
    const run = this.running.then(() => this.update(key, count));
    this.running = run.catch(() => undefined);
    return run.then(() => this);
  }

  *fromLine(line: number): Iterable<RowSpan> {
    let id = this.first;
    let before = 0;
    while (id < this.next && before + this.at(id) <= line) before += this.at(id++);
    let skip = line - before;
    for (; id < this.next; id++) {
      const n = this.at(id);
      if (n === 0) continue;
      const row = this.source.get(id);
      if (!row) continue;
      yield { row, count: n, skip };
      skip = 0;
    }
  }

  *fromRow(k: number): Iterable<LogRow> {
    let seen = 0;
    for (let id = this.first; id < this.next; id++) {
      if (this.at(id) === 0 || seen++ < k) continue;
      const row = this.source.get(id);
      if (row) yield row;
    }
  }

  private at(id: number): number {
    return this.counts[id % this.counts.length]!;
  }

  private set(id: number, n: number): void {
    const i = id % this.counts.length;
    const old = this.counts[i]!;
    const v = Math.min(0xffff, n);
    this.counts[i] = v;
    this.lineTotal += v - old;
    this.rowTotal += Number(v > 0) - Number(old > 0);
  }

  private async update(key: string, count: CountOf): Promise<void> {
    const { capacity } = this.source.stats();
    const newest = this.source.query({ offset: 0, limit: 1, order: 'newest-first' }).rows[0];
    const oldest = this.source.query({ offset: 0, limit: 1, order: 'oldest-first' }).rows[0];
    if (!newest || !oldest) {
      this.clear(key, Math.max(1, capacity));
      return;
    }
    const stale =
      this.key !== key ||
      this.overflow ||
      this.counts.length !== Math.max(1, capacity) ||
      newest.id + 1 < this.next ||
      oldest.id < this.first ||
      newest.id - oldest.id + 1 > this.counts.length;
    if (stale) {
      await this.rebuild(key, count, Math.max(1, capacity, newest.id - oldest.id + 1));
      return;
    }
    // Rows that left at the front.
    for (let id = this.first; id < Math.min(oldest.id, this.next); id++) this.set(id, 0);
    this.first = Math.max(this.first, oldest.id);
    // Rows that arrived at the end (newest first from the store, counted oldest first).
    const added = newest.id + 1 - this.next;
    if (added > 0) {
      const rows = this.source.query({ offset: 0, limit: added, order: 'newest-first' }).rows;
      for (let i = rows.length - 1; i >= 0; i--) {
        const row = rows[i]!;
        if (row.id >= this.next) this.set(row.id, count(row));
      }
      this.next = newest.id + 1;
    }
    // Rows that changed in place.
    const dirty = this.dirty;
    this.dirty = new Set();
    for (const id of dirty) {
      if (id < this.first || id >= this.next) continue;
      const row = this.source.get(id);
      this.set(id, row ? count(row) : 0);
    }
  }

  private clear(key: string, size: number): void {
    this.key = key;
    this.counts = new Uint16Array(size);
    this.first = 0;
    this.next = 0;
    this.lineTotal = 0;
    this.rowTotal = 0;
    this.dirty = new Set();
    this.overflow = false;
  }

  private async rebuild(key: string, count: CountOf, size: number): Promise<void> {
    this.clear(key, size);
    const held = this.source.query({
      offset: 0,
      limit: this.source.stats().rows,
      order: 'oldest-first',
    }).rows;
    if (held.length === 0) return;
    this.first = held[0]!.id;
    this.next = held[held.length - 1]!.id + 1;
    // Rows that change while this counts are in `dirty` and are counted again next time.
    await forEachYielding(held, (row) => this.set(row.id, count(row)));
  }
}
