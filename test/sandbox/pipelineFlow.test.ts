// The whole pipeline against the real broker (librdkafka mock behind our proxy): every produced message
// reaches the store exactly once and in order per partition, through a broker outage and past a
// garbage message; KServe halves on different partitions pair up; a lone request ends as "no response".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InferenceLogSession, LogRow } from '../../src/inferenceLog';
import {
  SCHEMA_V4 as V4,
  aDefaultRecord,
  aGarbageValue,
  aKServeRecord,
  encodeDefault,
  encodeKServe,
} from '../builders/inferenceRecords';
import { brokerForTests } from '../support/brokerForTests';
import type { SessionOptions } from '../support/brokerForTests';
import { sleep, waitFor } from '../support/wait';

/** Sessions start from the earliest offset; the producer retries through the outage a test makes. */
const cluster = brokerForTests({ retry: { retries: 10 } }, { startFrom: 'earliest' });
const session = (opts: SessionOptions): InferenceLogSession => cluster.session(opts);

/** A text someone produced to the topic by mistake: 40 bytes that no inference-log schema decodes. */
const STRAY = 'not an avro record, a stray test message';

function defaultEvent(seq: number): Buffer {
  return encodeDefault(
    aDefaultRecord({
      requestTimestamp: Date.now(),
      responseHttpCode: seq % 10 === 0 ? 500 : 200,
      inferenceRequest: `{"inputs": [[${seq}, 3.5, 1.4, 0.2]]}`,
    }),
  );
}

/** Per partition, the offsets of the rows that came from it (request message; response for pairs too). */
function offsetsByPartition(rows: Iterable<LogRow>): Map<number, number[]> {
  const m = new Map<number, number[]>();
  const add = (p: number, o: string) => {
    const list = m.get(p) ?? [];
    list.push(Number(o));
    m.set(p, list);
  };
  for (const r of rows) {
    add(r.kafka.partition, r.kafka.offset);
    if (r.responseKafka) add(r.responseKafka.partition, r.responseKafka.offset);
  }
  return m;
}

/**
 * Produces continuously while the session consumes; the broker goes away for `outageMs` in the middle and
 * one garbage message is slipped in. Afterwards the store must hold exactly what the topic holds.
 */
async function exactlyOnceThroughOutage(topic: string, outageMs: number): Promise<void> {
  await cluster.broker.createTopic(topic, 3);
  const s = session({ topic, schemaVersion: 3, servingTool: 'DEFAULT' });
  const states: string[] = [];
  const reasons = new Set<string>();
  s.onState((st) => {
    states.push(st.state);
    if (st.state === 'reconnecting') reasons.add(st.reason);
  });
  await s.start();
  await waitFor(() => s.state.state === 'live', 'the session to go live');

  // Produce continuously while the consumer runs; an outage hits in the middle.
  let seq = 0;
  let producing = true;
  let garbageOffset: { partition: number; offset: string } | undefined;
  const loop = (async () => {
    while (producing) {
      const messages = Array.from({ length: 30 }, () => ({
        partition: seq % 3,
        value: defaultEvent(seq++),
      }));
      if (seq > 600 && !garbageOffset) {
        const [meta] = await cluster.producer.send({
          topic,
          messages: [{ partition: 1, value: aGarbageValue(STRAY) }],
        });
        garbageOffset = { partition: 1, offset: String(meta?.baseOffset ?? '') };
      }
      try {
        await cluster.producer.send({ topic, messages });
      } catch {
        // During the outage a send may fail for good; what counts is what the topic holds.
      }
      await sleep(20);
    }
  })();
  await waitFor(() => s.stats().rows > 300, 'rows before the outage');
  cluster.broker.setOutage(true);
  await sleep(outageMs);
  cluster.broker.setOutage(false);
  const seqAtRestore = seq;
  await waitFor(() => seq > seqAtRestore + 300, 'traffic after the outage', 60_000);
  producing = false;
  await loop;
  // Last on every partition, a marker event (negative sequence number): once the store holds all three,
  // everything before them has been processed, a repeat included.
  await cluster.producer.send({
    topic,
    messages: [0, 1, 2].map((partition) => ({ partition, value: defaultEvent(-1 - partition) })),
  });

  const admin = cluster.kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const expected = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const markers = () =>
    s.query({ filter: { text: '{"inputs": [[-' }, limit: 10 }).rows.map((r) => r.kafka.partition);
  await waitFor(
    () => markers().length === 3,
    () => `the markers of all three partitions (${markers().length} so far)`,
    60_000,
  );

  assert.ok(states.includes('reconnecting'), `the outage was reported (states: ${states.join(', ')})`);
  // What the panel shows during the outage: words that say it retries, never Node's text or a countdown.
  for (const reason of reasons) {
    assert.match(reason, /^Lost the connection to the broker( \([a-z ]+\))?\. Reconnecting automatically;/);
    assert.doesNotMatch(reason, /Retrying in|ECONN|Connection error|127\.0\.0\.1/);
  }
  assert.equal(s.state.state, 'live');
  const stats = s.stats();
  assert.equal(stats.total, expected, 'nothing duplicated');
  assert.equal(stats.rows, expected);
  const byPartition = offsetsByPartition(s.query({ limit: expected }).rows);
  for (const p of ends) {
    const got = byPartition.get(p.partition) ?? [];
    const want = Array.from({ length: Number(p.high) - Number(p.low) }, (_, i) => Number(p.low) + i);
    assert.deepEqual(got, want, `partition ${p.partition}: every offset once, in order`);
  }

  // The garbage message is one raw row where it sat; rows after it on its partition decoded fine.
  assert.ok(garbageOffset);
  const raw = s.query({ filter: { undecodableOnly: true } });
  assert.equal(raw.total, 1);
  assert.equal(stats.undecodable, 1);
  const rawRow = raw.rows[0]!;
  assert.equal(rawRow.kind, 'raw');
  assert.deepEqual({ partition: rawRow.kafka.partition, offset: rawRow.kafka.offset }, garbageOffset);
  assert.equal(rawRow.kafka.size, 40);
  assert.equal(rawRow.hexPreview, aGarbageValue(STRAY).toString('hex'));
  assert.match(rawRow.error ?? '', /trailing data|truncated buffer|invalid/);
  const later = s
    .query({ limit: expected })
    .rows.filter((r) => r.kafka.partition === 1 && Number(r.kafka.offset) > Number(garbageOffset?.offset));
  assert.ok(later.length > 0 && later.every((r) => r.kind === 'combined'));
  // One in ten events was an HTTP 500: those are the errors.
  assert.equal(stats.errors, s.query({ limit: expected, filter: { status: '5xx' } }).total);
  assert.ok(stats.errors > 0);
}

describe('inference-log pipeline against the real broker', () => {
  it('every message reaches the store exactly once, in order per partition, through a 3 s outage and a garbage message', async () => {
    await exactlyOnceThroughOutage('irisflask-inf0937', 3_000);
  });

  it('the same through a 9 s outage, long enough that kafkajs gives up and the consumer is restarted', async () => {
    await exactlyOnceThroughOutage('fraudtf-inf5510', 9_000);
  });

  it('KServe: halves on different partitions make one row each; a lone request ends as "no response"', async () => {
    const topic = 'irisclassifier-inf4821';
    await cluster.broker.createTopic(topic, 2);
    const ts = Math.floor(Date.now() / 1000);
    const ev = (inferenceId: string, messageType: string, payload: string, code: number) =>
      encodeKServe(
        aKServeRecord(messageType, inferenceId, { requestTimestamp: ts, responseHttpCode: code, payload }),
      );
    const req = '{"instances": [[5.1, 3.5, 1.4, 0.2]]}';
    const res = '{"predictions":[0]}';
    await cluster.producer.send({
      topic,
      messages: [
        { partition: 0, value: ev('a', 'request', req, 0) },
        { partition: 1, value: ev('b', 'response', res, 200) }, // response seen first
        { partition: 0, value: ev('k3', 'request', '{"instances": [[5.1, "n/a", 1.4, 0.2]]}', 0) },
      ],
    });
    await cluster.producer.send({
      topic,
      messages: [
        { partition: 1, value: ev('a', 'response', res, 200) },
        { partition: 0, value: ev('b', 'request', req, 0) },
      ],
    });
    const s = session({
      topic,
      schemaJson: V4,
      schemaVersion: 4,
      servingTool: 'KSERVE',
      loggingMode: 'ALL',
      noResponseTimeoutMs: 1_000,
    });
    await s.start();
    // All five events in, then the lone one timed out: a response delayed past the timeout on a loaded machine
    // joins its row late, so the count of errors alone could be read before it did.
    await waitFor(
      () => s.stats().total === 5 && s.query({ filter: { errorsOnly: true } }).total === 1,
      () => `all 5 events and the lone request timed out; ${s.stats().total} events in`,
    );
    const rows = s.query().rows;
    assert.equal(rows.length, 3);
    const byId = new Map(rows.map((r) => [r.inferenceId, r]));
    for (const id of ['a', 'b']) {
      const r = byId.get(id)!;
      assert.equal(r.kind, 'pair');
      assert.equal(r.outcome, 'ok');
      assert.equal(r.requestText, req);
      assert.equal(r.responseText, res);
      assert.equal(r.kafka.partition, 0, 'the request leads the row');
      assert.equal(r.responseKafka?.partition, 1);
      assert.equal(r.kafka.schemaVersion, 4);
      assert.equal(r.kafka.framing, 'bare');
    }
    const k3 = byId.get('k3')!;
    assert.equal(k3.kind, 'request');
    assert.equal(k3.outcome, 'no-response');
    assert.equal(s.stats().total, 5);
    assert.equal(s.stats().errors, 1);
  });
});
