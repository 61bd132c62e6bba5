// The line counts behind feature pages: the kept counts (LiveTally) must always agree with counting every
// held row again (scanTally) while rows arrive, leave at the front of a full store and change in place, and
// after a restart that numbers rows from 0 again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogStore, ManualClock } from '../../src/inferenceLog';
import type { LogRow } from '../../src/inferenceLog';
import type { CountOf, Tally } from '../../src/panels/logViewer/features/lineTally';
import { LiveTally, scanTally } from '../../src/panels/logViewer/features/lineTally';
import { aCombinedRow } from '../builders/logRows';

/** A real store; `lines` in a row's extra field says how many lines it makes (0 = filtered out). */
function storeOf(capacity: number): LogStore {
  return new LogStore({ capacity, clock: new ManualClock(0) });
}

const count: CountOf = (row) => Number(row.extra?.lines ?? 0);

function add(store: LogStore, lines: number): LogRow {
  return store.append(aCombinedRow({ extra: { lines } }));
}

async function expectSame(live: LiveTally, store: LogStore, key = 'k'): Promise<void> {
  const held = store.query({ offset: 0, limit: store.stats().rows }).rows;
  const scan = await scanTally(held, count);
  const kept = await live.refresh(key, count);
  assert.equal(kept.lines, scan.lines, 'lines');
  assert.equal(kept.rows, scan.rows, 'rows');
  const spans = (t: Tally, line: number) =>
    [...t.fromLine(line)].slice(0, 5).map((s) => [s.row.id, s.count, s.skip]);
  for (const line of [0, 1, Math.floor(scan.lines / 2), Math.max(0, scan.lines - 1)])
    assert.deepEqual(spans(kept, line), spans(scan, line), `from line ${line}`);
  const ids = (t: Tally, k: number) => [...t.fromRow(k)].slice(0, 5).map((r) => r.id);
  for (const k of [0, Math.floor(scan.rows / 2)])
    assert.deepEqual(ids(kept, k), ids(scan, k), `from row ${k}`);
}

describe('line counts kept from page to page', () => {
  it('agree with a full count as rows arrive, leave a full store and change in place', async () => {
    const store = storeOf(50);
    const live = new LiveTally(store);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    await expectSame(live, store);
    for (let round = 0; round < 60; round++) {
      const arriving = Math.floor(rnd() * 12);
      for (let i = 0; i < arriving; i++) add(store, Math.floor(rnd() * 4));
      // A few held rows change in place (a response joining), and the session says so.
      const held = store.query({ offset: 0, limit: 50 }).rows;
      for (let i = 0; i < 3 && held.length > 0; i++) {
        const row = held[Math.floor(rnd() * held.length)]!;
        store.update(row, (r) => (r.extra = { lines: Math.floor(rnd() * 4) }));
        live.changed(row.id);
      }
      await expectSame(live, store);
    }
    assert.ok(store.stats().dropped > 0, 'the store was full and pushed rows out');
  });

  it('counts everything again for other filters, after a restart, and when more than a store arrived', async () => {
    const store = storeOf(20);
    const live = new LiveTally(store);
    for (let i = 0; i < 10; i++) add(store, 1);
    await expectSame(live, store, 'a');
    const other: CountOf = (row) => (row.id % 2 === 0 ? 2 : 0);
    assert.equal((await live.refresh('b', other)).lines, 10);
    // More rows than the store holds between two pages.
    for (let i = 0; i < 45; i++) add(store, 2);
    await expectSame(live, store, 'a');
    // A restarted session numbers rows from 0 again: the panel resets the counts.
    const fresh = storeOf(20);
    const again = new LiveTally(fresh);
    add(fresh, 3);
    await expectSame(again, fresh);
    fresh.clear();
    again.reset();
    await expectSame(again, fresh);
    assert.equal(again.lines, 0);
  });
});
