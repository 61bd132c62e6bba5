// The bounded store the panel pulls from: ring-buffer overwrite with a dropped counter, filters and
// paging, the histogram, the rate, and a throttled change signal (hand-driven clock, no wall time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogStore, ManualClock, compileFilter, statusClass } from '../../src/inferenceLog';
import type { RowKind, RowOutcome } from '../../src/inferenceLog';
import type { NewRow } from '../builders/logRows';
import { aCombinedRow } from '../builders/logRows';

describe('LogStore', () => {
  it('keeps the newest rows up to capacity and counts what the bound dropped', () => {
    const store = new LogStore({ clock: new ManualClock(), capacity: 3 });
    for (let i = 0; i < 5; i++) store.append(aCombinedRow({ modelVersion: i }));
    const { total, rows } = store.query({ limit: 10 });
    assert.equal(total, 3);
    assert.deepEqual(
      rows.map((r) => r.modelVersion),
      [2, 3, 4],
    );
    assert.deepEqual(
      rows.map((r) => r.id),
      [2, 3, 4],
    );
    assert.equal(store.stats().dropped, 2);
    assert.equal(store.stats().rows, 3);
    assert.equal(store.get(1), undefined, 'a dropped row is gone');
    assert.equal(store.get(4)?.modelVersion, 4);
  });

  it('counts errors cumulatively, including rows the bound has dropped, and follows row updates', () => {
    const store = new LogStore({ clock: new ManualClock(), capacity: 2 });
    store.append(aCombinedRow({ httpCode: 500, outcome: 'http-error' }));
    store.append(aCombinedRow({ kind: 'raw', outcome: 'undecodable', httpCode: 0, error: 'trailing data' }));
    const pending = store.append(
      aCombinedRow({ kind: 'request', outcome: 'pending', httpCode: 0, inferenceId: 'x' }),
    );
    assert.deepEqual(
      (({ errors, undecodable, dropped, pending: p }) => ({ errors, undecodable, dropped, pending: p }))(
        store.stats(),
      ),
      { errors: 1, undecodable: 1, dropped: 1, pending: 1 },
    );
    store.update(pending, (r) => (r.outcome = 'no-response'));
    assert.equal(store.stats().errors, 2);
    assert.equal(store.stats().pending, 0);
    assert.equal(pending.rev, 1);
    assert.equal(
      store.query({ filter: { errorsOnly: true } }).rows[0],
      pending,
      'updates are visible to queries',
    );
  });

  it('pages in either order', () => {
    const store = new LogStore({ clock: new ManualClock() });
    for (let i = 0; i < 10; i++) store.append(aCombinedRow({ modelVersion: i }));
    assert.deepEqual(
      store.query({ offset: 2, limit: 3 }).rows.map((r) => r.modelVersion),
      [2, 3, 4],
    );
    assert.deepEqual(
      store.query({ offset: 0, limit: 3, order: 'newest-first' }).rows.map((r) => r.modelVersion),
      [9, 8, 7],
    );
    const filtered = store.query({
      offset: 1,
      limit: 2,
      order: 'newest-first',
      filter: { text: 'irisflask' },
    });
    assert.equal(filtered.total, 10);
    assert.deepEqual(
      filtered.rows.map((r) => r.modelVersion),
      [8, 7],
    );
    assert.deepEqual(store.query({ offset: 50 }).rows, []);
  });

  it('filters: text (payload, id, model; case-insensitive, literal), kind, status class, errors, undecodable', () => {
    const store = new LogStore({ clock: new ManualClock() });
    const add = (kind: RowKind, outcome: RowOutcome, httpCode: number, extra: Partial<NewRow> = {}) =>
      store.append(aCombinedRow({ kind, outcome, httpCode, ...extra }));
    add('combined', 'ok', 200);
    add('combined', 'http-error', 404, { responseText: 'Model Not Found' });
    add('combined', 'http-error', 503, { responseText: '<html>Service Unavailable</html>' });
    add('pair', 'ok', 200, { inferenceId: '3f0c6d2e-8a1b', model: 'irisclassifier' });
    add('request', 'no-response', 0, {
      inferenceId: 'b7e2a9c4',
      requestText: '{"instances": [[5.1, "n/a"]]}',
    });
    add('raw', 'undecodable', 0, {
      error: 'truncated buffer',
      requestText: undefined,
      responseText: undefined,
    });
    const count = (filter: Parameters<typeof store.query>[0]) => store.query(filter).total;
    assert.equal(count({ filter: { text: 'not found' } }), 1);
    assert.equal(count({ filter: { text: '3F0C6D2E' } }), 1);
    assert.equal(count({ filter: { text: 'irisclassifier' } }), 1);
    assert.equal(count({ filter: { text: '"n/a"' } }), 1);
    assert.equal(count({ filter: { text: '[[5.1' } }), 5, 'regex characters are taken literally');
    assert.equal(count({ filter: { kind: 'pair' } }), 1);
    assert.equal(count({ filter: { kind: ['request', 'raw'] } }), 2);
    assert.equal(count({ filter: { status: '2xx' } }), 2);
    assert.equal(count({ filter: { status: '4xx' } }), 1);
    assert.equal(count({ filter: { status: ['4xx', '5xx'] } }), 2);
    assert.equal(count({ filter: { status: 'none' } }), 2);
    assert.equal(count({ filter: { errorsOnly: true } }), 3);
    assert.equal(count({ filter: { undecodableOnly: true } }), 1);
    assert.equal(count({ filter: { errorsOnly: true, text: 'unavailable' } }), 1);
    assert.equal(count({ filter: { text: '   ' } }), 6, 'a blank search matches everything');
    assert.equal(compileFilter({}), undefined);
    assert.deepEqual([0, 200, 302, 404, 500, 99].map(statusClass), [
      'none',
      '2xx',
      'other',
      '4xx',
      '5xx',
      'other',
    ]);
  });

  it('histogram: round bucket widths, events and errors per bucket, same filter as the table', () => {
    const store = new LogStore({ clock: new ManualClock() });
    const t0 = Date.UTC(2024, 5, 10, 8, 0, 0);
    for (let s = 0; s < 120; s++) {
      store.append(
        aCombinedRow({
          timeMs: t0 + s * 1000,
          ...(s % 30 === 0 ? { httpCode: 500, outcome: 'http-error' } : {}),
        }),
      );
    }
    const h = store.histogram(12);
    assert.equal(h.bucketMs, 10_000);
    assert.equal(h.startMs, t0);
    assert.equal(h.events.length, 12);
    assert.ok(h.events.every((n) => n === 10));
    assert.equal(
      h.errors.reduce((a, b) => a + b, 0),
      4,
    );
    assert.deepEqual(h.errors, [1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
    const onlyErrors = store.histogram(12, { errorsOnly: true });
    assert.equal(
      onlyErrors.events.reduce((a, b) => a + b, 0),
      4,
    );
    assert.deepEqual(new LogStore({ clock: new ManualClock() }).histogram().events, []);
  });

  it('events per second over the last seconds', () => {
    const clock = new ManualClock(1_000_000);
    const store = new LogStore({ clock });
    for (let s = 0; s < 10; s++) {
      store.countMessages(50);
      clock.advance(1_000);
    }
    assert.equal(Math.round(store.stats().eventsPerSecond), 50);
    assert.equal(store.stats().total, 500);
    clock.advance(10_000);
    assert.equal(store.stats().eventsPerSecond, 0);
  });

  it('"changed" fires at most once per interval with a trailing call, never once per event', () => {
    const clock = new ManualClock();
    const store = new LogStore({ clock, signalIntervalMs: 100 });
    let signals = 0;
    store.onChanged(() => signals++);
    // 10,000 events spread over one second of (manual) time.
    for (let i = 0; i < 10_000; i++) {
      store.append(aCombinedRow());
      if (i % 10 === 9) clock.advance(1);
    }
    clock.advance(200);
    assert.ok(signals <= 11, `at most ~10 per second, got ${signals}`);
    assert.ok(signals >= 10, `a steady stream still refreshes the view, got ${signals}`);
    // A single late change after quiet still arrives (leading edge) and nothing is left pending.
    const before = signals;
    store.append(aCombinedRow());
    assert.equal(signals, before + 1);
    clock.advance(1_000);
    assert.equal(signals, before + 1);
    assert.equal(clock.pendingTimers, 0);
  });

  it('the trailing signal reports the last change of a burst', () => {
    const clock = new ManualClock(5_000);
    const store = new LogStore({ clock, signalIntervalMs: 100 });
    const seen: number[] = [];
    store.onChanged(() => seen.push(store.stats().rows));
    store.append(aCombinedRow());
    store.append(aCombinedRow());
    store.append(aCombinedRow());
    assert.deepEqual(seen, [1]);
    clock.advance(100);
    assert.deepEqual(seen, [1, 3]);
  });

  it('clear empties rows and counters, and ids never repeat', () => {
    const store = new LogStore({ clock: new ManualClock(), capacity: 4 });
    for (let i = 0; i < 6; i++) store.append(aCombinedRow());
    store.countMessages(6);
    store.clear();
    assert.equal(store.query().total, 0);
    assert.deepEqual((({ total, rows, dropped }) => ({ total, rows, dropped }))(store.stats()), {
      total: 0,
      rows: 0,
      dropped: 0,
    });
    const next = store.append(aCombinedRow());
    assert.equal(next.id, 6);
    assert.deepEqual(
      store.query().rows.map((r) => r.id),
      [6],
    );
    for (let i = 0; i < 4; i++) store.append(aCombinedRow());
    assert.equal(store.stats().dropped, 1, 'capacity still applies after clear');
  });
});
