// The session's ingest entry point as the panel and "Tail to Output" use it: what each row keeps about
// its Kafka message, row listeners that fail or leave, and rows that stay the same objects when updated.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConsumedMessage, InferenceLogSession, LogRow, RowChange } from '../../src/inferenceLog';
import { toDetail, toSummary } from '../../src/panels/logViewer/logViewerRows';
import { aKServeMessage } from '../builders/consumedMessages';
import { aLogSession } from '../builders/logSessions';

/** A KServe half of a call that failed upstream: the response is a 503 with a text body. */
function kserve(
  messageType: 'request' | 'response',
  inferenceId: string,
  over: Partial<ConsumedMessage> = {},
): ConsumedMessage {
  const record =
    messageType === 'request'
      ? { payload: '{"instances": [[1]]}' }
      : { responseHttpCode: 503, payload: 'upstream unavailable' };
  return aKServeMessage(messageType, inferenceId, record, { offset: '0', ...over });
}

function session(schemaVersion?: number): InferenceLogSession {
  return aLogSession({ schemaVersion });
}

describe('InferenceLogSession.ingest', () => {
  it('keeps each half’s message position, size, framing, key and the schema version that decoded it', () => {
    const s = session(4);
    const request = kserve('request', 'a', { partition: 1, offset: '10', key: Buffer.from('k-1') });
    const response = kserve('response', 'a', { partition: 2, offset: '20', timestampMs: 1718007126000 });
    s.ingest([request, response, { partition: 3, offset: '30', timestampMs: 5, key: null, value: null }]);
    const [pair, raw] = s.query().rows;
    assert.deepEqual(pair?.kafka, {
      partition: 1,
      offset: '10',
      timestampMs: 1718007125000,
      size: request.value?.length,
      framing: 'bare',
      schemaVersion: 4,
      key: 'k-1',
    });
    assert.deepEqual(pair?.responseKafka, {
      partition: 2,
      offset: '20',
      timestampMs: 1718007126000,
      size: response.value?.length,
      framing: 'bare',
      schemaVersion: 4,
    });
    assert.equal(pair?.httpCode, 503);
    assert.equal(pair?.outcome, 'http-error');
    // No version decoded a value that is not there: an undecodable row names none.
    assert.deepEqual(raw?.kafka, { partition: 3, offset: '30', timestampMs: 5, size: 0 });
    assert.equal(raw?.error, 'null value (a tombstone: the message has no value at all)');
  });

  it('a batch as the consumer hands it over (kafkajs messages of one partition) becomes the same rows', () => {
    const s = session(4);
    const request = kserve('request', 'f');
    const response = kserve('response', 'f');
    s.ingestBatch(5, [
      { offset: '7', timestamp: '1718007125000', key: null, value: request.value },
      { offset: '8', timestamp: '1718007127000', value: response.value },
      { offset: '9', timestamp: '1718007128000', key: Buffer.from('k'), value: Buffer.from([1, 2, 3]) },
    ]);
    const [pair, raw] = s.query().rows;
    assert.equal(pair?.kind, 'pair');
    assert.deepEqual(pair?.kafka, {
      partition: 5,
      offset: '7',
      timestampMs: 1718007125000,
      size: request.value?.length,
      framing: 'bare',
      schemaVersion: 4,
    });
    assert.equal(pair?.responseKafka?.offset, '8');
    assert.equal(pair?.responseKafka?.timestampMs, 1718007127000);
    assert.equal(raw?.kind, 'raw');
    assert.equal(raw?.timeMs, 1718007128000);
    assert.equal(raw?.kafka.key, 'k');
    assert.equal(raw?.kafka.partition, 5);
    assert.equal(s.stats().total, 3);
    assert.equal(s.stats().undecodable, 1);
  });

  it('without a known schema version the metadata does not claim one', () => {
    const s = session();
    s.ingest([kserve('request', 'b')]);
    const kafka = s.query().rows[0]?.kafka;
    assert.ok(kafka);
    assert.equal('schemaVersion' in kafka, false);
    assert.equal('key' in kafka, false);
  });

  it('a listener that throws stops neither ingestion nor the other listeners; unsubscribing stops delivery', () => {
    const s = session();
    const heard: string[] = [];
    s.onRow(() => {
      throw new Error('listener bug');
    });
    const off = s.onRow((row, change) => heard.push(`${change}:${row.inferenceId}`));
    s.ingest([kserve('request', 'c'), kserve('response', 'c')]);
    off();
    s.ingest([kserve('request', 'd')]);
    assert.deepEqual(heard, ['added:c', 'updated:c']);
    assert.equal(s.stats().total, 3);
    assert.equal(s.query().total, 2);
  });

  it('the row a listener got is the row a later query returns, joined in place', () => {
    const s = session();
    const got: [LogRow, RowChange][] = [];
    s.onRow((row, change) => got.push([row, change]));
    s.ingest([kserve('response', 'e', { partition: 1 })]);
    s.ingest([kserve('request', 'e')]);
    assert.equal(got.length, 2);
    assert.equal(got[0]?.[0], got[1]?.[0]);
    const row = s.query().rows[0];
    assert.equal(row, got[0]?.[0]);
    assert.equal(row?.kind, 'pair');
    assert.equal(row?.rev, 1);
    assert.equal(row?.responseText, 'upstream unavailable');
    assert.equal(row?.requestText, '{"instances": [[1]]}');
  });
});

describe('messages without a payload', () => {
  it('a null and an empty Kafka value read differently, in the table and in the detail pane', async () => {
    const s = session(4);
    s.ingest([
      { partition: 0, offset: '1', timestampMs: 5, key: null, value: null },
      { partition: 0, offset: '2', timestampMs: 6, key: null, value: Buffer.alloc(0) },
    ]);
    const [tombstone, empty] = s.query({}).rows;
    assert.ok(tombstone && empty);
    assert.equal(toSummary(tombstone).preview, 'null value (a tombstone: the message has no value at all)');
    assert.equal(toSummary(empty).preview, 'empty value (0 bytes)');
    assert.equal(toDetail(tombstone).error, 'null value (a tombstone: the message has no value at all)');
    assert.equal(toDetail(empty).error, 'empty value (0 bytes)');
    await s.dispose();
  });
});
