// What the feature view needs to know of every held row to page through instances and filter them, kept
// so a page query does not parse 100,000 payloads again: how many instances the row has, how many match the
// feature filter, and whether its request fits the model's schema.
//
// Kept in a WeakMap keyed by the row object: a row the store pushes out (or a session that is replaced)
// takes its entry with it, and a restarted session, which numbers rows from 0 again, can never meet an
// entry of the old one. Each entry is one number (no object per row): 100,000 rows cost about what the
// map's own table does (bench: feature_index_heap_mb_100k).
import type { LogRow } from '../../../inferenceLog/types';

export type FitState = 'fits' | 'misfit' | 'unchecked';

export interface RowFacts {
  fit: FitState;
  /** Instances of the row: at least 1 (a row with no readable payload is one line of its own). */
  instances: number;
  /** Instances matching the feature filter (all of them without one). */
  matched: number;
}

const FIT_CODES: readonly FitState[] = ['unchecked', 'fits', 'misfit'];

// Layout of the number, lowest bits first: matched (14), instances (14), fit (2), rev (8), epoch (15) =
// 53 bits, all exact in a double. Instances are at most 10,000 per payload (src/features MAX_INSTANCES).
const B14 = 2 ** 14;
const B28 = 2 ** 28;
const B30 = 2 ** 30;
const B38 = 2 ** 38;
const MAX_COUNT = B14 - 1;
const EPOCHS = 2 ** 15;

function pack(epoch: number, rev: number, f: RowFacts): number {
  return (
    (epoch % EPOCHS) * B38 +
    (rev & 0xff) * B30 +
    FIT_CODES.indexOf(f.fit) * B28 +
    Math.min(f.instances, MAX_COUNT) * B14 +
    Math.min(f.matched, MAX_COUNT)
  );
}

export class RowFactsCache {
  private map = new WeakMap<LogRow, number>();

  /** The facts of `row` as worked out in `epoch` at its current revision; undefined when stale or absent. */
  get(row: LogRow, epoch: number): RowFacts | undefined {
    const v = this.map.get(row);
    if (v === undefined) return undefined;
    if (Math.floor(v / B38) !== epoch % EPOCHS) return undefined;
    if (Math.floor(v / B30) % 256 !== (row.rev & 0xff)) return undefined;
    return {
      fit: FIT_CODES[Math.floor(v / B28) % 4] ?? 'unchecked',
      instances: Math.floor(v / B14) % B14,
      matched: v % B14,
    };
  }

  set(row: LogRow, epoch: number, facts: RowFacts): void {
    this.map.set(row, pack(epoch, row.rev, facts));
  }

  clear(): void {
    this.map = new WeakMap();
  }
}
