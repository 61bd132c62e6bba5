// The log panel's host side of the server-log timeline, over a real pipeline session fed through `ingest`
// (no broker): "Server logs" and "Server logs at this time" hand the effect the row's moment; a server-log link
// finds the row of an inference id and tells the webview to select it (again after the webview is rebuilt,
// until it asks where the row is); the row's place among the filtered rows is found by bisection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/inferenceLog';
import { locateRow } from '../../src/panels/logViewer/serverLogsLink';
import type { RowMoment } from '../../src/panels/logViewer/serverLogsLink';
import { aKServeMessage } from '../builders/consumedMessages';
import { FedSession, aTalkingHost, holderOf } from '../builders/logViewerHost';

const id = (n: number) => `${String(n).padStart(8, '0')}-19ce-4550-a2ad-a8721d314420`;

async function setup() {
  const clock = new ManualClock(1_000_000);
  const session = new FedSession({ clock });
  const holder = holderOf(session);
  await holder.start();
  // 30 calls: every 5th one failed (a request without its response), the others answered.
  for (let n = 0; n < 30; n++) {
    const at = 1718007125000 + n * 1000;
    const record = { requestTimestamp: at / 1000 };
    const msgs = [aKServeMessage('request', id(n), record, { timestampMs: at })];
    if (n % 5 !== 0) msgs.push(aKServeMessage('response', id(n), record, { timestampMs: at + 12 }));
    session.ingest(msgs);
  }
  const moments: (RowMoment | undefined)[] = [];
  const talk = aTalkingHost({
    session: holder,
    effects: {
      showServerLogs: (moment) => {
        moments.push(moment);
        return Promise.resolve({ shown: true });
      },
    },
  });
  return { ...talk, session, holder, moments, request: talk.ok };
}

describe('log panel ↔ server logs (host)', () => {
  it('hands the effect the moment of the row, or none for the toolbar button', async () => {
    const t = await setup();
    await t.host.receive({ type: 'ready' });
    assert.deepEqual(await t.request('serverLogs', {}), { shown: true });
    const failed = t.session.query({ filter: { errorsOnly: true }, limit: 10 }).rows;
    // Failed KServe calls are requests still waiting for a response: pending until the no-response timeout.
    const row = t.session.query({ filter: { text: id(10) }, limit: 1 }).rows[0]!;
    assert.deepEqual(await t.request('serverLogs', { id: row.id }), { shown: true });
    assert.deepEqual(t.moments, [undefined, { timeMs: row.timeMs, inferenceId: id(10) }]);
    assert.deepEqual(await t.request('serverLogs', { id: 9999 }), {
      shown: false,
      message: 'That event is no longer held.',
    });
    assert.equal(failed.length, 0, 'no row is an error before the no-response timeout');
  });

  it('a link selects the row of its inference id, again after the webview is rebuilt, until it is located', async () => {
    const t = await setup();
    await t.host.receive({ type: 'ready' });
    const outcome = t.host.revealRequest(id(17).toUpperCase());
    assert.deepEqual(outcome, { found: true });
    const row = t.session.query({ filter: { text: id(17) }, limit: 1 }).rows[0]!;
    assert.deepEqual(t.events('revealRow'), [{ id: row.id, inferenceId: id(17) }]);

    // The panel was hidden: its webview comes back and says ready; the row is selected then.
    await t.host.receive({ type: 'ready' });
    assert.equal(t.events('revealRow').length, 2);
    assert.deepEqual(await t.request('locateRow', { id: row.id, filter: {} }), { index: 17 });
    await t.host.receive({ type: 'ready' });
    assert.equal(t.events('revealRow').length, 2, 'once located, not again');

    await t.request('detail', { id: row.id });
    assert.equal(t.host.shownRequest, id(17));

    assert.deepEqual(t.host.revealRequest(id(99)), {
      found: false,
      rows: 30,
      firstMs: 1718007125000,
      lastMs: 1718007125000 + 29_000,
    });
  });

  it('locates a row among the filtered rows, and says when the filters hide it or it is gone', async () => {
    const t = await setup();
    const rows = t.session.query({ limit: 100 }).rows;
    const pending = rows.filter((r) => r.kind === 'request');
    assert.equal(pending.length, 6);
    for (const [i, r] of pending.entries()) {
      assert.deepEqual(locateRow(t.holder, r.id, { kind: 'request' }), { index: i });
    }
    for (const [i, r] of rows.entries()) assert.deepEqual(locateRow(t.holder, r.id, {}), { index: i });
    assert.deepEqual(locateRow(t.holder, rows[1]!.id, { kind: 'request' }), {
      index: null,
      reason: 'filtered',
    });
    assert.deepEqual(locateRow(t.holder, 12345, {}), { index: null, reason: 'gone' });
  });
});
