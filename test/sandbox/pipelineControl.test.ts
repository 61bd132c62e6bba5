// Session controls against the real broker: pause stops fetching and resume carries on from the same
// offsets; earliest vs latest start; mutual TLS with the project CA, and a clear error (without any key
// material) when the CA does not match.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateCa } from '../../sandbox/tls/certs';
import type { InferenceLogSession } from '../../src/inferenceLog';
import { aDefaultRecord, encodeDefault } from '../builders/inferenceRecords';
import { brokerForTests } from '../support/brokerForTests';
import type { SessionOptions } from '../support/brokerForTests';
import { waitFor } from '../support/wait';

function event(seq: number): Buffer {
  return encodeDefault(
    aDefaultRecord({ requestTimestamp: Date.now(), inferenceRequest: `{"inputs": [[${seq}]]}` }),
  );
}

const cluster = brokerForTests();
const session = (opts: SessionOptions): InferenceLogSession => cluster.session(opts);

async function produce(topic: string, from: number, n: number, partitions = 1): Promise<void> {
  await cluster.producer.send({
    topic,
    messages: Array.from({ length: n }, (_, i) => ({
      partition: (from + i) % partitions,
      value: event(from + i),
    })),
  });
}

function requestSeqs(s: InferenceLogSession): number[] {
  return s
    .query({ limit: 10_000 })
    .rows.map((r) => (JSON.parse(r.requestText ?? '{}') as { inputs: number[][] }).inputs[0]?.[0] ?? -1);
}

describe('session controls against the real broker', { concurrency: true }, () => {
  it('pause stops fetching; resume carries on with nothing lost', async () => {
    const topic = 'pause-inf0001';
    await cluster.broker.createTopic(topic, 2);
    const s = session({ topic, startFrom: 'latest' });
    // A second session on the same topic, never paused: what it has read was there to be read.
    const witness = session({ topic, startFrom: 'latest' });
    await Promise.all([s.start(), witness.start()]);
    await waitFor(() => s.state.state === 'live' && witness.state.state === 'live', 'both live');
    await produce(topic, 0, 10, 2);
    await waitFor(() => s.stats().rows === 10, 'the first 10 rows');
    s.pause();
    assert.equal(s.state.state, 'paused');
    await produce(topic, 10, 40, 2);
    // Twice over, so that the witness has fetched after the 40 landed at least once more.
    await waitFor(() => witness.stats().rows === 50, 'the witness to read all 50');
    await produce(topic, 50, 2, 2);
    await waitFor(() => witness.stats().rows === 52, 'the witness to read two more');
    assert.equal(s.stats().rows, 10, 'nothing is fetched while paused');
    assert.ok(
      s.query().rows.every((r) => Number(r.kafka.offset) <= 4),
      'no partition moved past the 5 messages each had when the session paused',
    );
    s.resume();
    await waitFor(() => s.stats().rows === 52, 'the paused-over rows after resume');
    assert.equal(s.state.state, 'live');
    assert.deepEqual(
      requestSeqs(s).sort((a, b) => a - b),
      Array.from({ length: 52 }, (_, i) => i),
    );
  });

  it('earliest replays what the topic holds; latest shows only what comes after the start', async () => {
    const topic = 'start-inf0002';
    await cluster.broker.createTopic(topic, 1);
    await produce(topic, 0, 20);
    const earliest = session({ topic, startFrom: 'earliest' });
    const latest = session({ topic, startFrom: 'latest' });
    await Promise.all([earliest.start(), latest.start()]);
    await waitFor(() => earliest.state.state === 'live' && latest.state.state === 'live', 'both live');
    await produce(topic, 20, 5);
    await waitFor(() => earliest.stats().rows === 25 && latest.stats().rows === 5, 'the new rows in both');
    assert.deepEqual(
      requestSeqs(earliest),
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.deepEqual(requestSeqs(latest), [20, 21, 22, 23, 24]);
    assert.deepEqual(
      latest.query().rows.map((r) => r.kafka.offset),
      ['20', '21', '22', '23', '24'],
    );
  });

  it('mutual TLS: the project CA and client certificate read the topic', async () => {
    const topic = 'tls-inf0003';
    await cluster.broker.createTopic(topic, 1);
    await produce(topic, 0, 3);
    const s = session({
      topic,
      brokers: [cluster.broker.tlsBootstrap],
      ssl: { ca: cluster.tls.ca.certPem, cert: cluster.tls.client.certPem, key: cluster.tls.client.keyPem },
      startFrom: 'earliest',
    });
    await s.start();
    await waitFor(() => s.stats().rows === 3, 'three rows over TLS');
    assert.deepEqual(requestSeqs(s), [0, 1, 2]);
    assert.equal(s.state.state, 'live');
  });

  it('a CA that did not sign the broker: state "error" with what to do, and no key material anywhere', async () => {
    const other = await generateCa('Some Other CA');
    const lines: string[] = [];
    const s = session({
      topic: 'tls-inf0003',
      brokers: [cluster.broker.tlsBootstrap],
      ssl: { ca: other.certPem, cert: cluster.tls.client.certPem, key: cluster.tls.client.keyPem },
      log: (l) => lines.push(l),
    });
    const states: unknown[] = [];
    s.onState((st) => states.push(st));
    await s.start();
    await waitFor(() => s.state.state === 'error', 'the error state');
    const st = s.state;
    assert.ok(st.state === 'error');
    assert.match(st.message, /TLS connection to the broker failed: .*certificate/);
    assert.match(st.action, /credentials/);
    const everything = JSON.stringify(states) + lines.join('\n');
    for (const secret of [cluster.tls.client.keyPem, cluster.tls.client.certPem, other.certPem]) {
      const body = secret.split('\n')[1] ?? '';
      assert.ok(body.length > 20 && !everything.includes(body), 'no PEM body in states or log lines');
    }
    assert.ok(!/PRIVATE KEY/.test(everything));
  });
});
