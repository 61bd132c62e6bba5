// KServe request/response pairing as the panel shows it: one row per call whatever the arrival order or
// partition, "no response" after the timeout (hand-driven clock), and the logging mode respected.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AvroDecoder, LogStore, ManualClock, Pairer, normalizeRecord } from '../../src/inferenceLog';
import type { ConsumedMessage, LoggingMode } from '../../src/inferenceLog';
import { aKServeMessage } from '../builders/consumedMessages';
import { SCHEMA_V4 as V4 } from '../builders/inferenceRecords';
import { aLogSession } from '../builders/logSessions';

/** A KServe half; `ts` (epoch seconds) is both the record's time and the Kafka timestamp. */
function kserve(
  messageType: 'request' | 'response',
  inferenceId: string,
  opts: { partition?: number; ts?: number; code?: number; payload?: string } = {},
): ConsumedMessage {
  const { partition = 0, ts = 1718007125, code, payload } = opts;
  const record = {
    requestTimestamp: ts,
    ...(code !== undefined && { responseHttpCode: code }),
    ...(payload !== undefined && { payload }),
  };
  return aKServeMessage(messageType, inferenceId, record, { partition, timestampMs: ts * 1000 });
}

function session(clock: ManualClock, loggingMode: LoggingMode = 'ALL', noResponseTimeoutMs?: number) {
  return aLogSession({ schemaVersion: 4, servingTool: 'KSERVE', loggingMode, clock, noResponseTimeoutMs });
}

/** The pairing stage alone, with its clock running (as while the consumer is live). */
function pairing(clock: ManualClock, loggingMode: LoggingMode, noResponseTimeoutMs: number) {
  const store = new LogStore({ clock });
  const pairer = new Pairer({ store, clock, loggingMode, noResponseTimeoutMs });
  const decoder = new AvroDecoder(V4);
  const ingest = (m: ConsumedMessage) => {
    const d = decoder.decode(m.value);
    assert.ok(d.ok);
    pairer.add(
      normalizeRecord(d.record, {
        partition: m.partition,
        offset: m.offset,
        timestampMs: m.timestampMs,
        size: 0,
      }),
    );
  };
  return { store, pairer, ingest };
}

describe('KServe pairing', () => {
  it('request then response → one pair row with both payloads and latency in seconds', () => {
    const s = session(new ManualClock(1_000));
    s.ingest([kserve('request', 'a', { ts: 1718007125 })]);
    assert.equal(s.query().rows[0]?.outcome, 'pending');
    s.ingest([kserve('response', 'a', { ts: 1718007127, partition: 1 })]);
    const { total, rows } = s.query();
    assert.equal(total, 1);
    const row = rows[0]!;
    assert.equal(row.kind, 'pair');
    assert.equal(row.outcome, 'ok');
    assert.equal(row.httpCode, 200);
    assert.equal(row.requestText, '{"instances": [[5.1, 3.5, 1.4, 0.2]]}');
    assert.equal(row.responseText, '{"predictions":[0]}');
    assert.equal(row.latencyMs, 2000);
    assert.equal(row.timeResolutionMs, 1000);
    assert.equal(row.timeMs, 1718007125000);
    assert.equal(row.kafka.partition, 0);
    assert.equal(row.responseKafka?.partition, 1);
    assert.equal(row.rev, 1, 'the join is an update of the same row');
    assert.equal(s.stats().pending, 0);
  });

  it('response first (other partition), then request → the same single row, request leads', () => {
    const s = session(new ManualClock());
    s.ingest([kserve('response', 'b', { partition: 2, ts: 1718007126 })]);
    const first = s.query().rows[0]!;
    assert.equal(first.kind, 'response');
    assert.equal(first.outcome, 'ok');
    s.ingest([kserve('request', 'b', { partition: 0, ts: 1718007126 })]);
    const { total, rows } = s.query();
    assert.equal(total, 1);
    assert.equal(rows[0], first, 'updated in place, visible to queries');
    assert.equal(first.kind, 'pair');
    assert.equal(first.kafka.partition, 0);
    assert.equal(first.responseKafka?.partition, 2);
    assert.equal(first.latencyMs, 0, 'same second: under one second at this resolution');
  });

  it('a request with no response is marked "no response" after the timeout, counted as an error', () => {
    const clock = new ManualClock();
    const { store, pairer, ingest } = pairing(clock, 'ALL', 30_000);
    ingest(kserve('request', 'k3', { payload: '{"instances": [[5.1, "n/a", 1.4, 0.2]]}' }));
    clock.advance(29_000);
    assert.deepEqual(pairer.sweep(), []);
    assert.equal(store.query().rows[0]?.outcome, 'pending');
    assert.equal(store.stats().errors, 0);
    assert.equal(store.stats().pending, 1);
    clock.advance(1_000);
    assert.equal(pairer.sweep().length, 1);
    const row = store.query().rows[0]!;
    assert.equal(row.outcome, 'no-response');
    assert.equal(row.httpCode, 0, 'a KServe request never claims a status');
    assert.equal(store.stats().errors, 1);
    assert.equal(store.stats().pending, 0);
    assert.equal(store.query({ filter: { errorsOnly: true } }).total, 1);
    assert.equal(store.query({ filter: { status: 'none' } }).total, 1);
  });

  it('a late response still joins a row already marked "no response" and clears the error', () => {
    const clock = new ManualClock();
    const { store, pairer, ingest } = pairing(clock, 'ALL', 1_000);
    ingest(kserve('request', 'late'));
    clock.advance(2_000);
    pairer.sweep();
    assert.equal(store.stats().errors, 1);
    ingest(kserve('response', 'late'));
    assert.equal(store.query().rows[0]?.outcome, 'ok');
    assert.equal(store.query().rows[0]?.kind, 'pair');
    assert.equal(store.stats().errors, 0);
  });

  it('the timeout clock stops while frozen (paused or reconnecting: the broker keeps the data)', () => {
    const clock = new ManualClock();
    const { store, pairer, ingest } = pairing(clock, 'ALL', 30_000);
    ingest(kserve('request', 'p'));
    clock.advance(10_000);
    pairer.freeze();
    clock.advance(60_000);
    pairer.sweep();
    assert.equal(store.query().rows[0]?.outcome, 'pending');
    pairer.thaw();
    clock.advance(19_000);
    pairer.sweep();
    assert.equal(store.query().rows[0]?.outcome, 'pending');
    clock.advance(1_000);
    pairer.sweep();
    assert.equal(store.query().rows[0]?.outcome, 'no-response');
  });

  it('a session does not time requests out before its consumer is live', () => {
    const clock = new ManualClock();
    const s = session(clock, 'ALL', 1_000);
    s.ingest([kserve('request', 'never-live')]);
    clock.advance(60_000);
    assert.equal(s.sweep(), 0);
    assert.equal(s.query().rows[0]?.outcome, 'pending');
  });

  it('MODEL_INPUTS: requests are never flagged (responses are never logged)', () => {
    const clock = new ManualClock();
    const { store, pairer, ingest } = pairing(clock, 'MODEL_INPUTS', 1_000);
    ingest(kserve('request', 'm1'));
    ingest(kserve('request', 'm2'));
    clock.advance(60_000);
    assert.deepEqual(pairer.sweep(), []);
    assert.deepEqual(
      store.query().rows.map((r) => r.outcome),
      ['request-only', 'request-only'],
    );
    assert.equal(store.stats().errors, 0);
  });

  it('PREDICTIONS: a response without request is a complete row', () => {
    const s = session(new ManualClock(), 'PREDICTIONS');
    s.ingest([kserve('response', 'r1'), kserve('response', 'r2')]);
    const rows = s.query().rows;
    assert.deepEqual(
      rows.map((r) => [r.kind, r.outcome, r.httpCode]),
      [
        ['response', 'ok', 200],
        ['response', 'ok', 200],
      ],
    );
  });

  it('many interleaved calls across partitions pair up exactly', () => {
    const s = session(new ManualClock());
    const msgs: ConsumedMessage[] = [];
    for (let i = 0; i < 50; i++) msgs.push(kserve('request', `id-${i}`, { partition: i % 3 }));
    for (let i = 49; i >= 0; i--) msgs.push(kserve('response', `id-${i}`, { partition: (i + 1) % 3 }));
    s.ingest(msgs);
    const { total, rows } = s.query({ limit: 1000 });
    assert.equal(total, 50);
    assert.ok(rows.every((r) => r.kind === 'pair' && r.outcome === 'ok'));
    assert.deepEqual(new Set(rows.map((r) => r.inferenceId)).size, 50);
    assert.equal(s.stats().total, 100);
  });

  it('row listeners hear "added" then "updated" for a pair (Tail to Output)', () => {
    const s = session(new ManualClock());
    const seen: string[] = [];
    s.onRow((row, change) => seen.push(`${change}:${row.kind}`));
    s.ingest([kserve('request', 'x'), kserve('response', 'x')]);
    assert.deepEqual(seen, ['added:request', 'updated:pair']);
  });
});
