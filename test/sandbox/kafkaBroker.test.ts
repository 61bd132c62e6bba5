// The sandbox's Kafka broker, driven by the client the extension uses (kafkajs 2.2.4) over loopback:
// the librdkafka mock behind our proxy, plaintext and mutual TLS, topic creation, an outage, shutdown.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { KafkaConfig } from 'kafkajs';
import { KafkaBrokerError, startKafkaBroker } from '../../sandbox/kafka/broker';
import type { KafkaBroker } from '../../sandbox/kafka/broker';
import { FrameSplitter } from '../../sandbox/kafka/frameSplitter';
import { KafkaReader, KafkaWriter } from '../../sandbox/kafka/wire';
import { generateTlsMaterial } from '../../sandbox/tls/certs';
import type { Pem } from '../../sandbox/tls/certs';
import { partitionsPerTopic } from '../support/kafkaAdmin';
import { sleep, waitFor } from '../support/wait';

type Material = { ca: Pem; server: Pem; client: Pem };

function portOf(bootstrap: string): number {
  return Number(bootstrap.split(':')[1]);
}

let unique = 0;
const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${++unique}`;

/** One message "end" on each of the topic's partitions, after everything sent so far. */
async function sendMarkers(client: Kafka, topic: string, partitions: number): Promise<void> {
  const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: partitions }, (_, partition) => ({ partition, value: 'end' })),
  });
  await producer.disconnect();
}

void describe('sandbox Kafka broker (librdkafka mock behind the proxy) with kafkajs', () => {
  let material: Material;
  let other: Material; // a second, unrelated CA with its own certificates
  let broker: KafkaBroker;
  const proxyLog: string[] = [];

  before(async () => {
    [material, other] = await Promise.all([
      generateTlsMaterial('mlops__demo_user'),
      generateTlsMaterial('mlops__demo_user'),
    ]);
    broker = await startKafkaBroker({
      plaintextPort: 0,
      tlsPort: 0,
      controlPort: 0,
      tls: { caPem: material.ca.certPem, certPem: material.server.certPem, keyPem: material.server.keyPem },
      log: (line) => proxyLog.push(line),
    });
  });

  after(async () => {
    await broker.stop();
  });

  function kafka(listener: 'plaintext' | 'tls', extra: Partial<KafkaConfig> = {}): Kafka {
    return new Kafka({
      clientId: 'broker-test',
      brokers: [listener === 'tls' ? broker.tlsBootstrap : broker.plaintextBootstrap],
      logLevel: logLevel.NOTHING,
      ...(listener === 'tls'
        ? {
            // Hopsworks turns host-name checks off but verifies the chain (inference-logs.md §5).
            ssl: {
              ca: material.ca.certPem,
              cert: material.client.certPem,
              key: material.client.keyPem,
              checkServerIdentity: () => undefined,
            },
          }
        : {}),
      ...extra,
    });
  }

  void it('starts on ephemeral loopback ports with one broker', () => {
    for (const b of [broker.plaintextBootstrap, broker.tlsBootstrap]) assert.match(b, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(portOf(broker.plaintextBootstrap), 0);
    assert.notEqual(portOf(broker.plaintextBootstrap), portOf(broker.tlsBootstrap));
    assert.match(broker.controlUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(broker.brokerCount, 1);
  });

  for (const listener of ['plaintext', 'tls'] as const) {
    void it(`admin over ${listener}: metadata points back at the same listener; CreateTopics works and validates`, async () => {
      const admin = kafka(listener).admin();
      await admin.connect();
      try {
        const cluster = await admin.describeCluster();
        const bootstrap = listener === 'tls' ? broker.tlsBootstrap : broker.plaintextBootstrap;
        assert.equal(cluster.brokers.length, 1);
        assert.deepEqual(
          { host: cluster.brokers[0]?.host, port: cluster.brokers[0]?.port },
          { host: '127.0.0.1', port: portOf(bootstrap) },
        );
        assert.equal(cluster.controller, cluster.brokers[0]?.nodeId);

        const topic = uniqueName(`admin-${listener}`);
        assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), true);
        const meta = await admin.fetchTopicMetadata({ topics: [topic] });
        assert.equal(meta.topics[0]?.name, topic);
        assert.deepEqual(meta.topics[0]?.partitions.map((p) => p.partitionId).sort(), [0, 1, 2]);
        assert.ok((await admin.listTopics()).includes(topic));

        // kafkajs reports "already exists" as false, not as an error.
        assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), false);

        await assert.rejects(
          admin.createTopics({
            topics: [{ topic: uniqueName('rf'), numPartitions: 1, replicationFactor: 3 }],
          }),
          (e: { errors?: { code: number; type: string }[] }) => {
            assert.deepEqual(
              e.errors?.map((x) => [x.code, x.type]),
              [[38, 'INVALID_REPLICATION_FACTOR']],
            );
            return true;
          },
        );
        await assert.rejects(
          admin.createTopics({ topics: [{ topic: 'not a legal name!' }] }),
          (e: { errors?: { code: number }[] }) => {
            assert.deepEqual(
              e.errors?.map((x) => x.code),
              [17],
            );
            return true;
          },
        );
        // A request that fails names nothing it did not create.
        assert.ok(!(await admin.listTopics()).some((t) => t.startsWith('rf-') || t.startsWith('not a')));
      } finally {
        await admin.disconnect();
      }
    });
  }

  void it('createTopic() from code honours partitions and reports Kafka error codes', async () => {
    const topic = uniqueName('api');
    await broker.createTopic(topic, 5);
    assert.equal((await partitionsPerTopic(kafka('plaintext'), [topic]))[topic], 5);
    const code = (e: unknown): number => (e instanceof KafkaBrokerError ? e.kafkaErrorCode : -1);
    await assert.rejects(
      broker.createTopic(topic, 1),
      (e) => code(e) === 36 && /already exists/.test(String(e)),
    );
    await assert.rejects(broker.createTopic(uniqueName('rf'), 1, 2), (e) => code(e) === 38);
    await assert.rejects(broker.createTopic(uniqueName('zero'), 0), (e) => code(e) === 37);
  });

  for (const listener of ['plaintext', 'tls'] as const) {
    void it(`produces 1000 messages and consumes them all, in order per partition, over ${listener}`, async () => {
      const client = kafka(listener);
      const topic = uniqueName(`rt-${listener}`);
      const admin = client.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
      await admin.disconnect();

      const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const total = 1000;
      for (let batch = 0; batch < 10; batch++) {
        await producer.send({
          topic,
          messages: Array.from({ length: 100 }, (_, i) => {
            const seq = batch * 100 + i;
            return { key: `k${seq % 17}`, value: String(seq) };
          }),
        });
      }
      await producer.disconnect();

      const consumer = client.consumer({ groupId: uniqueName('g') });
      const byPartition = new Map<number, { offset: bigint; seq: number }[]>();
      const markers = new Set<number>();
      let received = 0;
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: ({ partition, message }) => {
            if (message.value?.toString() === 'end') {
              markers.add(partition);
              return Promise.resolve();
            }
            const list = byPartition.get(partition) ?? [];
            list.push({ offset: BigInt(message.offset), seq: Number(message.value?.toString()) });
            byPartition.set(partition, list);
            received++;
            return Promise.resolve();
          },
        });
        await waitFor(
          () => received >= total,
          () => `${received} of ${total} received`,
        );
        // A marker after the data on every partition: a repeat of the stream would arrive before it.
        await sendMarkers(client, topic, 3);
        await waitFor(
          () => markers.size === 3,
          () => `markers from ${markers.size} of 3 partitions`,
        );
      } finally {
        await consumer.disconnect();
      }

      assert.equal(received, total);
      const seqs = [...byPartition.values()].flat().map((m) => m.seq);
      assert.deepEqual(
        seqs.sort((a, b) => a - b),
        Array.from({ length: total }, (_, i) => i),
      );
      assert.deepEqual([...byPartition.keys()].sort(), [0, 1, 2], 'keys spread over all three partitions');
      for (const [partition, list] of byPartition) {
        for (let i = 1; i < list.length; i++) {
          const prev = list[i - 1];
          const cur = list[i];
          assert.ok(
            prev && cur && cur.offset === prev.offset + 1n,
            `partition ${partition}: offsets consecutive`,
          );
          assert.ok(prev && cur && cur.seq > prev.seq, `partition ${partition}: production order kept`);
        }
      }
    });
  }

  void it('raw protocol: pipelined requests are answered in order, with the fallbacks other clients use', async () => {
    const topic = uniqueName('raw');
    const header = (apiKey: number, version: number, correlationId: number): KafkaWriter =>
      new KafkaWriter().int16(apiKey).int16(version).int32(correlationId).nullableString('raw-test');
    const software = Buffer.from('raw');
    const requests = [
      // ApiVersions v3 (flexible), as librdkafka asks first; the mock only knows v0-v2.
      header(18, 3, 1)
        .uvarint(0)
        .uvarint(software.length + 1)
        .raw(software)
        .uvarint(software.length + 1)
        .raw(software)
        .uvarint(0),
      header(18, 2, 2),
      header(3, 0, 3).int32(0), // Metadata v0, all topics
      // CreateTopics v0, answered by the proxy itself, queued behind the Metadata the mock answers.
      header(19, 0, 4).int32(1).nullableString(topic).int32(2).int16(1).int32(0).int32(0).int32(1000),
      header(3, 1, 5).int32(1).nullableString(topic), // Metadata v1 for that topic
    ];
    const socket = net.connect(portOf(broker.plaintextBootstrap), '127.0.0.1');
    const splitter = new FrameSplitter();
    const frames: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => frames.push(...splitter.push(chunk)));
    await once(socket, 'connect');
    socket.write(Buffer.concat(requests.map((r) => r.toFrame()))); // one write: all five in flight at once
    try {
      await waitFor(
        () => frames.length >= requests.length || socket.destroyed,
        () => `${frames.length} responses`,
      );
    } finally {
      socket.destroy();
    }
    assert.deepEqual(
      frames.map((f) => f.readInt32BE(4)),
      [1, 2, 3, 4, 5],
      'responses in request order',
    );
    const [v3, v2, meta0, created, meta1] = frames.map((f) => new KafkaReader(f, 8));
    assert.ok(v3 && v2 && meta0 && created && meta1);

    assert.equal(v3.int16(), 35, 'UNSUPPORTED_VERSION passed on, so the client falls back');

    assert.equal(v2.int16(), 0);
    const apis = new Map<number, [number, number]>();
    for (let n = v2.int32(); n > 0; n--) apis.set(v2.int16(), [v2.int16(), v2.int16()]);
    assert.deepEqual(apis.get(19), [0, 4], 'CreateTopics advertised');
    assert.ok(
      (apis.get(3)?.[1] ?? 99) <= 8 && (apis.get(10)?.[1] ?? 99) <= 2,
      'only versions the proxy rewrites',
    );

    assert.equal(meta0.int32(), 1);
    meta0.int32();
    assert.deepEqual([meta0.string(), meta0.int32()], ['127.0.0.1', portOf(broker.plaintextBootstrap)]);

    assert.equal(created.int32(), 1);
    assert.deepEqual([created.string(), created.int16()], [topic, 0]);

    assert.equal(meta1.int32(), 1);
    const nodeId = meta1.int32();
    assert.deepEqual([meta1.string(), meta1.int32()], ['127.0.0.1', portOf(broker.plaintextBootstrap)]);
    meta1.nullableString(); // rack
    assert.equal(meta1.int32(), nodeId, 'controller is the broker');
    assert.equal(meta1.int32(), 1);
    assert.deepEqual([meta1.int16(), meta1.string()], [0, topic]);
    meta1.int8(); // is_internal
    assert.equal(meta1.int32(), 2, 'two partitions, as requested');
  });

  void it('a malformed frame closes only that connection, says why, and the broker keeps serving', async () => {
    const before = proxyLog.length;
    for (const garbage of [
      Buffer.from([0xff, 0xff, 0xff, 0xff]), // negative frame size
      Buffer.from([0, 0, 0, 3, 0, 19, 0]), // a frame too short to hold a request header
    ]) {
      const socket = net.connect(portOf(broker.plaintextBootstrap), '127.0.0.1');
      socket.on('error', () => undefined);
      let answered = false;
      socket.on('data', () => (answered = true));
      await once(socket, 'connect');
      socket.write(garbage);
      await once(socket, 'close');
      assert.equal(answered, false);
    }
    const reasons = proxyLog.slice(before).join('\n');
    assert.match(reasons, /invalid Kafka frame size -1/);
    assert.match(reasons, /Kafka frame truncated/);

    const admin = kafka('plaintext').admin();
    await admin.connect();
    try {
      assert.ok(Array.isArray(await admin.listTopics()));
    } finally {
      await admin.disconnect();
    }
  });

  /** What a raw TLS client sees after sending an ApiVersions request: 'answered', or the TLS error code. */
  function rawTlsOutcome(opts: tls.ConnectionOptions): Promise<string> {
    // ApiVersions v0: api_key 18, version 0, correlation id 1, null client id.
    const request = Buffer.from([0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, 0xff, 0xff]);
    return new Promise((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: portOf(broker.tlsBootstrap), ...opts });
      const done = (outcome: string): void => {
        resolve(outcome);
        socket.destroy();
      };
      // With TLS 1.3 the server judges the client certificate after the client's side of the handshake.
      socket.on('secureConnect', () => socket.write(request));
      socket.on('data', () => done('answered'));
      socket.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
      socket.on('close', () => done('closed'));
    });
  }

  void it('mutual TLS: refuses a client without a certificate, one trusting another CA, and one with a foreign certificate', async () => {
    const refusedBy = async (ssl: tls.ConnectionOptions): Promise<string> => {
      const admin = kafka('tls', { ssl, retry: { retries: 0 }, connectionTimeout: 5000 }).admin();
      try {
        await admin.connect();
        await admin.listTopics();
        return 'connected';
      } catch (e) {
        return (e as Error).message;
      } finally {
        await admin.disconnect();
      }
    };
    const noIdentityCheck = { checkServerIdentity: () => undefined };
    /** Trusting the CA `trusted`, presenting the client certificate of `presented`. */
    const withCert = (trusted: Material, presented: Material): tls.ConnectionOptions => ({
      ca: trusted.ca.certPem,
      cert: presented.client.certPem,
      key: presented.client.keyPem,
      ...noIdentityCheck,
    });

    const noCert = { ca: material.ca.certPem, ...noIdentityCheck };
    assert.match(await refusedBy(noCert), /certificate required/);
    assert.equal(await rawTlsOutcome(noCert), 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');

    const otherCa = withCert(other, material);
    assert.match(await refusedBy(otherCa), /self-signed certificate in certificate chain/);
    assert.equal(await rawTlsOutcome(otherCa), 'SELF_SIGNED_CERT_IN_CHAIN');

    const foreignCert = withCert(material, other);
    assert.match(await refusedBy(foreignCert), /Closed connection/);
    // Node's server checks the chain after the handshake and hangs up without an alert: no answer.
    assert.equal(await rawTlsOutcome(foreignCert), 'closed');

    // The right material still gets in, so the refusals above are about the certificates.
    const good = withCert(material, material);
    assert.equal(await refusedBy(good), 'connected');
    assert.equal(await rawTlsOutcome(good), 'answered');
    assert.ok(proxyLog.some((l) => /TLS handshake refused/.test(l)));
  });

  void it('an outage in the middle of a produce/consume run loses nothing and duplicates nothing', async () => {
    const client = kafka('plaintext');
    const topic = uniqueName('outage');
    await broker.createTopic(topic, 3);
    // Idempotent, so a Produce whose response the outage swallowed is not written twice on retry.
    const producer = client.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const consumer = client.consumer({ groupId: uniqueName('g') });
    const received: string[] = [];
    const markers = new Set<number>();
    const crashes: string[] = [];
    consumer.on(consumer.events.CRASH, (e) =>
      crashes.push(`${e.payload.error.message} restart=${e.payload.restart}`),
    );
    await producer.connect();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          const value = message.value?.toString() ?? '';
          if (value === 'end') markers.add(partition);
          else received.push(value);
          return Promise.resolve();
        },
      });

      const total = 3000;
      const batchSize = 20;
      const sent: string[] = [];
      let receivedAtOutage = -1;
      let restored: Promise<void> | undefined;
      for (let i = 0; i < total; i += batchSize) {
        if (i === total / 3) {
          await waitFor(
            () => received.length >= sent.length / 2,
            () => `consumer stalled before the outage at ${received.length}`,
          );
          receivedAtOutage = received.length;
          broker.setOutage(true);
          restored = (async () => {
            // While down, a fresh client cannot get in: the outage is real.
            const probe = kafka('plaintext', { retry: { retries: 0 } }).admin();
            await assert.rejects(probe.connect());
            await probe.disconnect();
            await sleep(2000);
            broker.setOutage(false);
          })();
        }
        const batch = Array.from({ length: batchSize }, (_, j) => `m${i + j}`);
        await producer.send({ topic, messages: batch.map((value) => ({ key: value, value })) });
        sent.push(...batch);
        await sleep(2);
      }
      await restored;
      // A budget, not a timing: after an outage kafkajs backs off (up to 30 s between attempts) and may have to
      // rejoin its group, which on a loaded machine can take longer than the 30 s a plain wait allows.
      await waitFor(
        () => received.length >= total,
        () =>
          `${received.length} of ${total} received after the outage (consumer crashes: ${crashes.join('; ')})`,
        120_000,
      );
      // A marker after the data on every partition: a redelivery after the outage would arrive before it.
      await sendMarkers(client, topic, 3);
      await waitFor(
        () => markers.size === 3,
        () => `markers from ${markers.size} of 3 partitions`,
      );

      assert.ok(
        receivedAtOutage > 0 && receivedAtOutage < total,
        `outage hit mid-stream (${receivedAtOutage})`,
      );
      assert.equal(sent.length, total);
      assert.equal(received.length, total, 'nothing duplicated');
      assert.deepEqual(new Set(received), new Set(sent), 'nothing lost');
      assert.deepEqual(crashes, [], 'the consumer rode the outage out without crashing');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  void it('the control port switches the outage on and off for out-of-process tests', async () => {
    const url = broker.controlUrl ?? assert.fail('no control URL');
    const connects = async (): Promise<boolean> => {
      const admin = kafka('plaintext', { retry: { retries: 0 } }).admin();
      try {
        await admin.connect();
        await admin.listTopics();
        return true;
      } catch {
        return false;
      } finally {
        await admin.disconnect();
      }
    };
    const post = async (p: string): Promise<unknown> => {
      const res = await fetch(`${url}${p}`, { method: 'POST' });
      assert.equal(res.status, 200);
      return res.json();
    };
    assert.equal(await connects(), true);
    assert.deepEqual(await post('/outage'), { down: true });
    assert.deepEqual(await (await fetch(`${url}/status`)).json(), { down: true });
    assert.equal(await connects(), false);
    assert.deepEqual(await post('/restore'), { down: false });
    assert.equal(await connects(), true);
    assert.equal((await fetch(`${url}/outage`)).status, 405, 'GET must not switch anything');
    assert.equal((await fetch(`${url}/nope`, { method: 'POST' })).status, 404);
    assert.deepEqual(await (await fetch(`${url}/status`)).json(), { down: false });
  });

  void it('stop() closes everything: a process that used the broker exits by itself', async () => {
    const brokerModule = path.join(__dirname, '../../sandbox/kafka/broker.ts');
    const certsModule = path.join(__dirname, '../../sandbox/tls/certs.ts');
    // Plain JS for `node -e`; tsx's hooks load the TypeScript modules.
    const script = `
      const net = require('node:net');
      (async () => {
        const { startKafkaBroker } = require(${JSON.stringify(brokerModule)});
        const { generateTlsMaterial } = require(${JSON.stringify(certsModule)});
        const { Kafka, logLevel } = require('kafkajs');
        const m = await generateTlsMaterial('mlops__demo_user');
        const b = await startKafkaBroker({ plaintextPort: 0, tlsPort: 0, controlPort: 0,
          tls: { caPem: m.ca.certPem, certPem: m.server.certPem, keyPem: m.server.keyPem } });
        const k = new Kafka({ brokers: [b.tlsBootstrap], logLevel: logLevel.NOTHING,
          ssl: { ca: m.ca.certPem, cert: m.client.certPem, key: m.client.keyPem, checkServerIdentity: () => undefined } });
        const p = k.producer();
        await p.connect();
        await p.send({ topic: 'exit-test', messages: [{ value: 'x' }] });
        await p.disconnect();
        // A client that never hangs up, and an open control-port connection: stop() must cut both.
        const idle = net.connect(Number(b.plaintextBootstrap.split(':')[1]), '127.0.0.1');
        idle.on('error', () => {});
        await new Promise((r) => idle.once('connect', r));
        await fetch(b.controlUrl + '/status', { keepalive: true });
        await b.stop();
        // Handle closes complete on the next turns of the loop; look after them.
        for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
        console.log('stopped ' + JSON.stringify(process.getActiveResourcesInfo()));
      })().catch((e) => { console.error(e); process.exit(2); });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.join(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const hang = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(hang);
    assert.equal(signal, null, `the process did not exit by itself:\n${out}`);
    assert.equal(code, 0, out);
    const line = /stopped (.*)/.exec(out)?.[1] ?? assert.fail(`no "stopped" line:\n${out}`);
    const resources = JSON.parse(line) as string[];
    assert.deepEqual(
      resources.filter((r) => r !== 'PipeWrap'), // stdout and stderr
      [],
      `handles left after stop(): ${line}`,
    );
  });
});
