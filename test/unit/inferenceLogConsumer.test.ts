// The consumer's bookkeeping without a broker: where each partition resumes, the start position for
// each choice, and how Kafka errors are put to the user (what happened, what to do, retry or not).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeKafkaError, resolveStartOffsets } from '../../src/inferenceLog';
import { reconnectReason } from '../../src/inferenceLog/consumerErrors';
import type { OffsetAdmin } from '../../src/inferenceLog';
import { OffsetTracker } from '../../src/inferenceLog/offsetTracker';

describe('OffsetTracker', () => {
  it('keeps only messages after the last processed offset, per partition', () => {
    const t = new OffsetTracker();
    const m = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }));
    assert.equal(t.nextOffset(0), undefined);
    assert.deepEqual(t.accept(0, m(0, 1, 2)), m(0, 1, 2));
    assert.equal(t.nextOffset(0), '3');
    // A re-delivery after a reconnect overlaps what was processed: only the new part passes.
    assert.deepEqual(t.accept(0, m(1, 2, 3, 4)), m(3, 4));
    assert.deepEqual(t.accept(0, m(2, 3, 4)), []);
    assert.deepEqual(t.accept(1, m(7)), m(7), 'partitions are independent');
    assert.deepEqual(
      [...t.snapshot()],
      [
        [0, 4],
        [1, 7],
      ],
    );
  });

  it('drops already processed messages wherever they sit in a batch, and keeps the order of the rest', () => {
    const t = new OffsetTracker();
    const m = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }));
    assert.deepEqual(t.accept(0, m(1, 2, 3, 4)), m(1, 2, 3, 4));
    assert.deepEqual(t.accept(0, m(5, 3, 6, 4, 7)), m(5, 6, 7));
    assert.equal(t.nextOffset(0), '8');
    assert.deepEqual(t.accept(0, []), []);
    assert.equal(t.nextOffset(0), '8', 'an empty batch moves nothing');
  });
});

describe('resolveStartOffsets', () => {
  // Records what was asked and answers like kafkajs' admin does.
  const calls: string[] = [];
  const admin: OffsetAdmin = {
    fetchTopicOffsets(topic) {
      calls.push(`offsets ${topic}`);
      return Promise.resolve([
        { partition: 0, offset: '120', high: '120', low: '20' },
        { partition: 1, offset: '7', high: '7', low: '0' },
      ]);
    },
    fetchTopicOffsetsByTimestamp(topic, timestamp) {
      calls.push(`by time ${topic} ${timestamp}`);
      return Promise.resolve([
        { partition: 0, offset: '55' },
        { partition: 1, offset: '7' },
      ]);
    },
  };

  it('latest → each partition end; earliest → each partition start; a time → the broker lookup', async () => {
    assert.deepEqual(
      [...(await resolveStartOffsets(admin, 't', 'latest'))],
      [
        [0, '120'],
        [1, '7'],
      ],
    );
    assert.deepEqual(
      [...(await resolveStartOffsets(admin, 't', 'earliest'))],
      [
        [0, '20'],
        [1, '0'],
      ],
    );
    assert.deepEqual(
      [...(await resolveStartOffsets(admin, 't', { timestampMs: 1718007125000 }))],
      [
        [0, '55'],
        [1, '7'],
      ],
    );
    assert.deepEqual(calls, ['offsets t', 'offsets t', 'by time t 1718007125000']);
  });
});

describe('describeKafkaError', () => {
  it('certificate problems are fatal and say to renew the credentials', () => {
    const e = Object.assign(new Error('Connection error: self-signed certificate in certificate chain'), {
      name: 'KafkaJSConnectionError',
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const p = describeKafkaError(e, 'irisflask-inf0937');
    assert.equal(p.fatal, true);
    assert.match(p.message, /TLS connection to the broker failed/);
    assert.match(p.action, /credentials/);
    assert.equal(
      describeKafkaError({ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, 't').fatal,
      true,
    );
  });

  it('a socket cut during an outage is not mistaken for a TLS verdict', () => {
    const p = describeKafkaError(
      {
        name: 'KafkaJSConnectionError',
        message: 'Client network socket disconnected before secure TLS connection was established',
        code: 'ECONNRESET',
      },
      't',
    );
    assert.equal(p.fatal, false);
    assert.match(p.message, /Lost the connection/);
  });

  it('a connection closed during setup, over TLS, before ever connecting, points at the client certificate', () => {
    const p = describeKafkaError({ message: 'Closed connection' }, 't', { tls: true, everConnected: false });
    assert.equal(p.fatal, false);
    assert.match(p.action, /client certificate/);
    assert.match(
      describeKafkaError({ message: 'Closed connection' }, 't', { tls: true, everConnected: true }).message,
      /Lost the connection/,
    );
  });

  it('authorization and missing topics are fatal with the topic named; causes are followed', () => {
    const wrapped = {
      name: 'KafkaJSNumberOfRetriesExceeded',
      message: 'x',
      cause: { type: 'TOPIC_AUTHORIZATION_FAILED', message: 'Not authorized to access topics' },
    };
    const auth = describeKafkaError(wrapped, 'fraudtf-inf5510');
    assert.equal(auth.fatal, true);
    assert.match(auth.message, /fraudtf-inf5510/);
    const missing = describeKafkaError(
      { type: 'UNKNOWN_TOPIC_OR_PARTITION', message: 'This server does not host this topic-partition' },
      'gone',
    );
    assert.equal(missing.fatal, true);
    assert.match(missing.message, /"gone" was not found/);
  });

  it('an outage reads as words that say it retries: no Node text, no countdown', () => {
    const cases: [unknown, string][] = [
      [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:39211' }, ' (connection refused)'],
      [{ name: 'KafkaJSConnectionError', message: 'Connection timeout' }, ' (no answer in time)'],
      [{ message: 'Connection error: read ECONNRESET' }, ' (the connection was closed)'],
      [{ name: 'KafkaJSNumberOfRetriesExceeded', message: 'Request Fetch(key: 1) failed' }, ''],
    ];
    for (const [e, because] of cases) {
      assert.equal(
        reconnectReason(describeKafkaError(e, 't', { tls: true, everConnected: true })),
        `Lost the connection to the broker${because}. Reconnecting automatically; check the network or VPN if this persists.`,
      );
    }
  });

  it('an unresolvable broker name is retried, with the likely cause', () => {
    const p = describeKafkaError(
      { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND kafka.service.consul' },
      't',
    );
    assert.equal(p.fatal, false);
    assert.match(p.action, /external bootstrap servers/);
  });
});
