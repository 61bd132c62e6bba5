// The store is bounded by the heap its rows hold as well as by their number: with big payloads the
// memory bound drops the oldest rows first, counts them as dropped, and follows rows that grow when a
// response joins its request. Rows come through the real decode → pair → store path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_MAX_MEMORY_MB,
  LogStore,
  ManualClock,
  rowBytes,
  stringBytes,
} from '../../src/inferenceLog';
import type { ConsumedMessage, InferenceLogSession } from '../../src/inferenceLog';
import { aKServeMessage } from '../builders/consumedMessages';
import { aLogSession } from '../builders/logSessions';

const KB = 1024;
const MB = 1024 * KB;

function kserve(
  messageType: 'request' | 'response',
  inferenceId: string,
  payloadBytes: number,
): ConsumedMessage {
  const payload = `{"instances": [["${'x'.repeat(Math.max(0, payloadBytes - 20))}"]]}`;
  return aKServeMessage(messageType, inferenceId, { payload });
}

/** A store of 1,000 rows: its ring (8 bytes a slot) takes 8 KB of the bound. */
function session(maxMemoryMB: number, capacity = 1_000): InferenceLogSession {
  return aLogSession({ loggingMode: 'MODEL_INPUTS', capacity, maxMemoryMB });
}

describe('the memory bound', () => {
  it('drops the oldest rows once the rows hold more than maxMemoryMB, and counts them', () => {
    const s = session(1);
    // 40 requests of 100 KB: 4 MB of payload against a 1 MB bound.
    s.ingest(Array.from({ length: 40 }, (_, i) => kserve('request', `r${i}`, 100 * KB)));
    const st = s.stats();
    assert.equal(st.total, 40);
    assert.equal(st.rows + st.dropped, 40, 'every row is either held or counted as dropped');
    assert.ok(st.rows >= 8 && st.rows <= 10, `about 1 MB of 100 KB rows is held (${st.rows})`);
    assert.ok(st.memoryBytes! <= 1 * MB, `${st.memoryBytes} bytes held`);
    assert.equal(st.maxMemoryBytes, 1 * MB);
    const ids = s.query({ limit: 100 }).rows.map((r) => r.inferenceId);
    assert.deepEqual(
      ids,
      Array.from({ length: st.rows }, (_, i) => `r${40 - st.rows + i}`),
      'the newest are kept, in order',
    );
    assert.equal(s.getRow(0), undefined, 'the first row is gone');
    void s.dispose();
  });

  it('the row bound still applies when the rows are small', () => {
    const s = session(DEFAULT_MAX_MEMORY_MB);
    s.ingest(Array.from({ length: 1_500 }, (_, i) => kserve('request', `s${i}`, 100)));
    assert.equal(s.stats().rows, 1_000);
    assert.equal(s.stats().dropped, 500);
    void s.dispose();
  });

  it('a response joining its request grows the row, and the bound follows', () => {
    const s = aLogSession({ loggingMode: 'ALL', capacity: 1_000, maxMemoryMB: 1 });
    s.ingest(Array.from({ length: 8 }, (_, i) => kserve('request', `j${i}`, 1 * KB)));
    const before = s.stats();
    assert.equal(before.rows, 8);
    assert.equal(before.dropped, 0);
    // Responses of 400 KB join the last three requests: 1.2 MB more, past the bound.
    s.ingest(['j5', 'j6', 'j7'].map((id) => kserve('response', id, 400 * KB)));
    const after = s.stats();
    assert.ok(after.memoryBytes! <= 1 * MB);
    assert.ok(after.dropped > 0, 'older rows made room');
    const pairs = s.query({ filter: { kind: 'pair' } }).rows.map((r) => r.inferenceId);
    assert.ok(pairs.includes('j7'), 'the row that grew last is kept');
    assert.equal(after.rows + after.dropped, 8, 'joins add no rows');
    assert.equal(
      after.pending,
      after.rows - pairs.length,
      'dropped pending requests leave the pending count',
    );
    void s.dispose();
  });

  it('the newest row stays even when it alone is bigger than the bound', () => {
    const s = session(1);
    s.ingest([kserve('request', 'small', 1 * KB), kserve('request', 'giant', 2 * MB)]);
    assert.deepEqual(
      s.query().rows.map((r) => r.inferenceId),
      ['giant'],
    );
    assert.equal(s.stats().dropped, 1);
    s.clear();
    assert.equal(s.stats().memoryBytes, 1_000 * 8, 'an empty store still has its ring');
    void s.dispose();
  });

  it('counts strings at their width in the heap: two bytes a character beyond Latin-1', () => {
    assert.equal(stringBytes('x'.repeat(1000)), 1016);
    assert.equal(stringBytes('é'.repeat(1000)), 1016, 'Latin-1 is one byte a character');
    assert.equal(stringBytes(`${'x'.repeat(999)}日`), 2016);
    const store = new LogStore({ clock: new ManualClock(), maxBytes: 100 * KB });
    const wide = store.append({
      kind: 'combined',
      outcome: 'ok',
      timeMs: 0,
      timeResolutionMs: 1,
      model: 'm',
      modelVersion: 1,
      servingId: 1,
      inferenceId: '',
      httpCode: 200,
      requestText: '日'.repeat(10_000),
      kafka: { partition: 0, offset: '0', timestampMs: 0, size: 30_000 },
    });
    assert.equal(store.stats().memoryBytes, 100_000 * 8 + rowBytes(wide));
    assert.ok(rowBytes(wide) > 20_000);
  });
});
