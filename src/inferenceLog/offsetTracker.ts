// The last offset processed per partition. It is the single source of truth for where to resume after a
// reconnect or a consumer restart: every partition restarts at last+1, and anything at or below last is
// dropped, so an outage neither loses nor repeats a message. Offsets are compared as numbers: Kafka
// offsets stay far below 2^53 in practice.

export class OffsetTracker {
  private readonly last = new Map<number, number>();

  /** Keeps only messages after the last processed offset of `partition`; records the new last. */
  accept<T extends { offset: string }>(partition: number, messages: readonly T[]): T[] {
    let last = this.last.get(partition) ?? -1;
    const fresh: T[] = [];
    for (const m of messages) {
      const o = Number(m.offset);
      if (o <= last) continue;
      last = o;
      fresh.push(m);
    }
    if (fresh.length > 0) this.last.set(partition, last);
    return fresh;
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
