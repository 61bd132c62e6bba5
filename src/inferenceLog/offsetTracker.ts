// The last offset processed per partition. It is the single source of truth for where to resume after a
// reconnect or a consumer restart: every partition restarts at last+1, and anything at or below last is
// dropped, so an outage neither loses nor repeats a message. Offsets are compared as numbers: Kafka
// offsets stay far below 2^53 in practice.

export class OffsetTracker {
  private readonly last = new Map<number, number>();

  /**
   * Keeps only messages after the last processed offset of `partition`; records the new last. Returns
   * `messages` itself when all of them are new (the usual case), so a batch is not copied for nothing.
   */
  accept<T extends { offset: string }>(partition: number, messages: readonly T[]): readonly T[] {
    const before = this.last.get(partition) ?? -1;
    let last = before;
    let fresh: T[] | undefined;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      const o = Number(m.offset);
      if (o <= last) {
        fresh ??= messages.slice(0, i);
        continue;
      }
      last = o;
      fresh?.push(m);
    }
    if (last !== before) this.last.set(partition, last);
    return fresh ?? messages;
  }

  /** Where `partition` must resume, or undefined if nothing was processed there yet. */
  nextOffset(partition: number): string | undefined {
    const l = this.last.get(partition);
    return l === undefined ? undefined : String(l + 1);
  }

  snapshot(): ReadonlyMap<number, number> {
    return new Map(this.last);
  }
}
