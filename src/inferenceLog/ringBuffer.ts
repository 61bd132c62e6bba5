// Fixed-capacity FIFO addressed by a global sequence number: item `seq` lives in slot `seq % capacity`
// while it is one of the newest `capacity` items, so lookup by id is O(1) and nothing is ever copied.
// The oldest items can also be dropped early (the store's memory bound), and all of them at once (clear).

export class RingBuffer<T> {
  private readonly slots: (T | undefined)[];
  private next = 0;
  /** No item below this sequence number is held (raised by dropOldest and clear). */
  private floor = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<T | undefined>(capacity);
  }

  /** Sequence number the next pushed item will get. */
  get nextSeq(): number {
    return this.next;
  }

  /** Sequence number of the oldest item still held. */
  get firstSeq(): number {
    return Math.max(this.floor, this.next - this.capacity);
  }

  get size(): number {
    return this.next - this.firstSeq;
  }

  /** Appends; returns the item pushed out by the bound, if any. */
  push(item: T): T | undefined {
    const slot = this.next % this.capacity;
    const evicted = this.next - this.capacity >= this.floor ? this.slots[slot] : undefined;
    this.slots[slot] = item;
    this.next++;
    return evicted;
  }

  /** Removes and returns the oldest item; undefined when empty. */
  dropOldest(): T | undefined {
    if (this.size === 0) return undefined;
    const seq = this.firstSeq;
    const slot = seq % this.capacity;
    const item = this.slots[slot];
    this.slots[slot] = undefined;
    this.floor = seq + 1;
    return item;
  }

  get(seq: number): T | undefined {
    if (seq < this.firstSeq || seq >= this.next) return undefined;
    return this.slots[seq % this.capacity];
  }

  /** Items oldest first (or newest first). */
  *values(newestFirst = false): IterableIterator<T> {
    const first = this.firstSeq;
    if (newestFirst) {
      for (let s = this.next - 1; s >= first; s--) yield this.slots[s % this.capacity] as T;
    } else {
      for (let s = first; s < this.next; s++) yield this.slots[s % this.capacity] as T;
    }
  }

  /** Drops every item; sequence numbers keep counting so old ids never come back. */
  clear(): void {
    this.slots.fill(undefined);
    this.floor = this.next;
  }
}
