// The sandbox's inference logging, read the way the extension reads it: broker address and TLS material from
// the REST API, a kafkajs consumer over mutual TLS, each topic's schema fetched from the subjects endpoint —
// plus the two topics a reader must not take at face value: one shared by two deployments, and one whose
// schema moved from v4 to v5 while older events stayed v4 bytes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import type { Sandbox } from '../../sandbox/index';
import { projectRequest, startTestSandbox } from '../support/sandbox';
import type { RestReply } from '../support/sandbox';
import { kafkaConnector, mutualTlsKafka, projectCredentials, topicSchemaType } from '../support/projectKafka';
import { waitFor } from '../support/wait';

type Event = Record<string, string | number>;

const IRIS_TOPIC = 'irisclassifier-inf4821';
const FRAUD_TOPIC = 'fraudtf-inf5510';
const EVOLVED_TOPIC = 'churnpredictor-inf1187';

void describe('sandbox inference-log traffic (consumed over mutual TLS)', () => {
  let sb: Sandbox;
  let consumer: Consumer | undefined;
  const events = new Map<string, Event[]>();
  const topics: Record<string, string> = {};
  // Bodies sent through :predict, with formatting a re-serialiser would change.
  const irisBody = '{"instances":[[6.3,  2.9, 5.6,1.8]], "note": "predict-path"}';
  const irisBadBody = '{"instances": [[5.1, "n/a", 1.4, 0.2]], "note": "predict-path-bad"}';
  const fraudBody = '{"signature_name": "serving_default",  "instances": [[2.75, 3, 1, 0]]}';
  const answers: Record<string, RestReply> = {};
  const inferenceTypes = new Map<number, avro.Type>();
  /** "topic/partition" → the offset after the last message consumed there. */
  const consumedTo = new Map<string, number>();
  /** Raw values of the topic whose schema moved to v5, with their Kafka timestamps. */
  const evolved: { value: Buffer; timestamp: number }[] = [];

  before(async () => {
    sb = await startTestSandbox({ trafficPerSecond: 25, lifecycleStepMs: 50 });

    // Two KServe deployments with the other two logger modes, each on a topic the server creates.
    for (const [name, mode] of [
      ['irisinputs', 'MODEL_INPUTS'],
      ['irispreds', 'PREDICTIONS'],
    ] as const) {
      const created = await projectRequest(sb, 'PUT', '/serving', {
        name,
        modelName: 'irisclassifier',
        modelPath: `/Projects/${sb.project}/Models/irisclassifier`,
        modelVersion: 3,
        modelFramework: 'SKLEARN',
        modelServer: 'PYTHON',
        servingTool: 'KSERVE',
        requestedInstances: 0,
        predictorResources: {
          requests: { cores: 0.2, memory: 32, gpus: 0 },
          limits: { cores: 1, memory: 1024, gpus: 0 },
        },
        inferenceLogging: mode,
        kafkaTopicDTO: { name: 'CREATE', numOfPartitions: 2, numOfReplicas: 1 },
      });
      assert.equal(created.status, 201, created.text);
      const dto = created.json as { id: number; kafkaTopicDTO: { name: string } };
      topics[mode] = dto.kafkaTopicDTO.name;
      await waitForStatus(sb, dto.id, 'Created');
      const started = await projectRequest(sb, 'POST', `/serving/${dto.id}?action=START`);
      assert.equal(started.status, 200, started.text);
      await waitForStatus(sb, dto.id, 'Running');
    }

    answers.iris = await projectRequest(sb, 'POST', '/inference/models/irisclassifier:predict', irisBody);
    answers.irisBad = await projectRequest(
      sb,
      'POST',
      '/inference/models/irisclassifier:predict',
      irisBadBody,
    );
    answers.fraud = await projectRequest(
      sb,
      'POST',
      '/inference/models/fraudtf/versions/2:predict',
      fraudBody,
    );

    // Everything the extension would use comes from the REST API.
    const connector = await kafkaConnector(sb);
    assert.equal(connector.securityProtocol, 'SSL');
    const creds = await projectCredentials(sb);

    const wanted = [IRIS_TOPIC, FRAUD_TOPIC, topics.MODEL_INPUTS as string, topics.PREDICTIONS as string];
    const types = new Map<string, avro.Type>();
    for (const v of [4, 5]) {
      const subject = (await projectRequest(sb, 'GET', `/kafka/subjects/inferenceschema/versions/${v}`))
        .json as {
        schema: string;
      };
      inferenceTypes.set(v, avro.Type.forSchema(JSON.parse(subject.schema) as avro.Schema));
    }
    for (const topic of wanted) {
      types.set(topic, await topicSchemaType(sb, topic));
      events.set(topic, []);
    }

    const kafka = mutualTlsKafka('sandbox-traffic-test', connector, creds);
    consumer = kafka.consumer({ groupId: `traffic-test-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [...wanted, EVOLVED_TOPIC], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        consumedTo.set(`${topic}/${partition}`, Number(message.offset) + 1);
        if (topic === EVOLVED_TOPIC) {
          evolved.push({ value: message.value as Buffer, timestamp: Number(message.timestamp) });
          return Promise.resolve();
        }
        const type = types.get(topic) as avro.Type;
        // fromBuffer throws on trailing or missing bytes: a wrong schema or framing cannot pass.
        events.get(topic)?.push(type.fromBuffer(message.value as Buffer) as Event);
        return Promise.resolve();
      },
    });

    const enough = () =>
      (events.get(FRAUD_TOPIC)?.length ?? 0) >= 30 &&
      (events.get(IRIS_TOPIC)?.filter((e) => e.messageType === 'request').length ?? 0) >= 30 &&
      (events.get(topics.MODEL_INPUTS as string)?.length ?? 0) >= 10 &&
      (events.get(topics.PREDICTIONS as string)?.length ?? 0) >= 10 &&
      [irisBody, irisBadBody].every((b) => events.get(IRIS_TOPIC)?.some((e) => e.payload === b)) &&
      events.get(FRAUD_TOPIC)?.some((e) => e.inferenceRequest === fraudBody) &&
      evolved.length >= 30;
    const deadline = Date.now() + 40_000;
    while (!enough()) {
      if (Date.now() > deadline) {
        const counts = [...events].map(([t, list]) => `${t}=${list.length}`).join(', ');
        throw new Error(`not enough events within 40 s: ${counts}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    // Quiet the traffic and read to the end of every partition once every call's events are on the broker, so
    // no call is caught half-consumed (a quiet second proves nothing on a loaded machine).
    sb.setTrafficRate(0);
    await sb.inferenceLogsWritten();
    const ends = new Map<string, number>();
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of [...wanted, EVOLVED_TOPIC]) {
        for (const p of await admin.fetchTopicOffsets(topic))
          ends.set(`${topic}/${p.partition}`, Number(p.high));
      }
    } finally {
      await admin.disconnect();
    }
    await waitFor(
      () => [...ends].every(([at, end]) => (consumedTo.get(at) ?? 0) >= end),
      () =>
        `the end of every partition; read ${[...ends].map(([at, end]) => `${at} ${consumedTo.get(at) ?? 0}/${end}`).join(', ')}`,
    );
  });

  after(async () => {
    await consumer?.disconnect();
    await sb?.stop();
  });

  void it('KServe (v4): requests and responses are separate events sharing an inferenceId, in epoch seconds', () => {
    const list = events.get(IRIS_TOPIC) as Event[];
    const requests = list.filter((e) => e.messageType === 'request');
    const responses = list.filter((e) => e.messageType === 'response');
    assert.ok(responses.length > 0);
    for (const e of list) {
      assert.equal(e.modelName, 'irisclassifier');
      assert.equal(e.servingId, 21);
      assert.equal(e.modelVersion, 3);
      assert.ok((e.requestTimestamp as number) < 1e11, `seconds, got ${e.requestTimestamp}`);
      assert.ok(Math.abs((e.requestTimestamp as number) - Date.now() / 1000) < 600);
      assert.match(
        e.inferenceId as string,
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    for (const r of requests) assert.equal(r.responseHttpCode, 0);
    const requestIds = new Map(requests.map((r) => [r.inferenceId, r]));
    for (const res of responses) {
      assert.equal(res.responseHttpCode, 200);
      const req = requestIds.get(res.inferenceId);
      assert.ok(req, `response ${res.inferenceId} has a request`);
      const rows = (JSON.parse(req.payload as string) as { instances: unknown[] }).instances;
      const predictions = (JSON.parse(res.payload as string) as { predictions: unknown[] }).predictions;
      assert.equal(predictions.length, rows.length);
      for (const p of predictions) assert.ok([0, 1, 2].includes(p as number));
    }
  });

  void it('KServe: a failed call leaves a request with no response', () => {
    const list = events.get(IRIS_TOPIC) as Event[];
    const responded = new Set(list.filter((e) => e.messageType === 'response').map((e) => e.inferenceId));
    const failed = list.filter((e) => e.messageType === 'request' && (e.payload as string).includes('"n/a"'));
    assert.ok(failed.length >= 2, `some failed calls in the traffic, got ${failed.length}`);
    for (const f of failed) assert.ok(!responded.has(f.inferenceId), 'no response for a failed call');
    const ok = list.filter((e) => e.messageType === 'request' && !(e.payload as string).includes('"n/a"'));
    assert.ok(
      ok.every((r) => responded.has(r.inferenceId)),
      'every successful call has its response',
    );
  });

  void it('KServe: logger mode MODEL_INPUTS writes only requests, PREDICTIONS only responses', () => {
    const inputs = events.get(topics.MODEL_INPUTS as string) as Event[];
    const preds = events.get(topics.PREDICTIONS as string) as Event[];
    assert.ok(inputs.length >= 10 && preds.length >= 10);
    assert.deepEqual([...new Set(inputs.map((e) => e.messageType))], ['request']);
    assert.deepEqual([...new Set(preds.map((e) => e.messageType))], ['response']);
    assert.ok(inputs.every((e) => e.modelName === 'irisinputs'));
    assert.ok(preds.every((e) => e.modelName === 'irispreds' && e.responseHttpCode === 200));
  });

  void it("DEFAULT (v3): one event per call with request and response, epoch ms; errors are the model server's own", () => {
    const list = events.get(FRAUD_TOPIC) as Event[];
    for (const e of list) {
      assert.equal(e.modelServer, 'TENSORFLOW_SERVING');
      assert.equal(e.servingTool, 'DEFAULT');
      assert.ok((e.requestTimestamp as number) > 1e11, `milliseconds, got ${e.requestTimestamp}`);
      assert.ok(Math.abs((e.requestTimestamp as number) - Date.now()) < 600_000);
      JSON.parse(e.inferenceRequest as string);
    }
    const ok = list.filter((e) => e.responseHttpCode === 200);
    assert.ok(ok.length > 0);
    for (const e of ok) {
      const predictions = (JSON.parse(e.inferenceResponse as string) as { predictions: number[][] })
        .predictions;
      const p = predictions[0]?.[0] as number;
      assert.ok(p >= 0 && p <= 1, `a probability, got ${p}`);
    }
    const errors = list.filter((e) => (e.responseHttpCode as number) >= 400);
    assert.ok(errors.length > 0, 'some failed calls');
    // A call that never reached the model is logged by no Hopsworks logger: no gateway pages (§10.2 #5).
    for (const e of errors) {
      assert.equal(e.responseHttpCode, 400);
      assert.match(
        (JSON.parse(e.inferenceResponse as string) as { error: string }).error,
        /Failed to process element/,
      );
    }
  });

  void it('a topic shared by two deployments: each event names its own (modelId and modelName, v1–v3)', () => {
    const list = events.get(FRAUD_TOPIC) as Event[];
    const byDeployment = new Map<string, number>();
    for (const e of list) {
      const key = `${e.modelId}:${e.modelName}:${e.modelVersion}`;
      byDeployment.set(key, (byDeployment.get(key) ?? 0) + 1);
    }
    assert.deepEqual([...byDeployment.keys()].sort(), ['22:fraudtf:2', '25:fraudcanary:1']);
    assert.ok(
      [...byDeployment.values()].every((n) => n >= 5),
      JSON.stringify([...byDeployment]),
    );
  });

  void it('a topic whose schema moved from v4 to v5: each value decodes with exactly the version that wrote it', async () => {
    const bound = (await projectRequest(sb, 'GET', `/kafka/topics/${EVOLVED_TOPIC}/subjects`)).json as {
      version: number;
    };
    assert.equal(bound.version, 5, 'the topic is bound to v5 now');
    const v4 = inferenceTypes.get(4) as avro.Type;
    const v5 = inferenceTypes.get(5) as avro.Type;
    const decodes = (type: avro.Type, value: Buffer) => {
      try {
        type.fromBuffer(value);
        return true;
      } catch {
        return false;
      }
    };
    const versions = evolved.map(({ value }) => {
      const [as4, as5] = [decodes(v4, value), decodes(v5, value)];
      assert.ok(as4 !== as5, 'one version consumes the bytes exactly, the other does not');
      return as4 ? 4 : 5;
    });
    // Seeded history: 12 calls written as v4 (three weeks ago), then 8 as v5 (four days ago).
    const firstV5 = versions.indexOf(5);
    assert.ok(firstV5 > 0 && versions.slice(0, firstV5).every((v) => v === 4), versions.join(''));
    assert.ok(
      versions.slice(firstV5).every((v) => v === 5),
      versions.join(''),
    );
    const old = v4.fromBuffer(evolved[0]!.value) as Event;
    const recent = v5.fromBuffer(evolved[firstV5]!.value) as Event & { metadata: string | null };
    assert.deepEqual([old.servingId, old.modelName, recent.servingId], [23, 'churnpredictor', 23]);
    assert.deepEqual(JSON.parse(recent.metadata ?? 'null'), { 'user-agent': ['python-requests/2.31.0'] });
    const days = (t: number) => (Date.now() - t) / 86_400_000;
    assert.ok(
      days(evolved[0]!.timestamp) > 20 && days(evolved[firstV5]!.timestamp) < 5,
      'written in the past',
    );
    // The topic is bound to v5: that is what its subject says.
  });

  void it(':predict answers the model prediction and logs the exact request body and response', () => {
    assert.equal(answers.iris?.status, 200);
    assert.deepEqual(answers.iris?.json, { predictions: [2] });
    const iris = events.get(IRIS_TOPIC) as Event[];
    const req = iris.find((e) => e.payload === irisBody && e.messageType === 'request');
    assert.ok(req);
    const res = iris.find((e) => e.inferenceId === req.inferenceId && e.messageType === 'response');
    assert.equal(res?.payload, answers.iris?.text);

    assert.equal(answers.irisBad?.status, 500);
    assert.equal((answers.irisBad?.json as { errorCode: number }).errorCode, 250007);
    const bad = iris.find((e) => e.payload === irisBadBody);
    assert.ok(bad);
    assert.ok(!iris.some((e) => e.inferenceId === bad.inferenceId && e.messageType === 'response'));

    assert.equal(answers.fraud?.status, 200);
    const fraud = (events.get(FRAUD_TOPIC) as Event[]).find((e) => e.inferenceRequest === fraudBody);
    assert.ok(fraud);
    assert.equal(fraud.responseHttpCode, 200);
    assert.equal(fraud.inferenceResponse, answers.fraud?.text);
  });

  void it('the mutual-TLS listener refuses a client without a certificate from the project CA', async () => {
    const kafka = new Kafka({
      clientId: 'sandbox-traffic-test-nocert',
      brokers: [sb.kafka.tlsBootstrap],
      ssl: { ca: [sb.caCertPem] },
      retry: { retries: 0 },
      connectionTimeout: 3000,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await assert.rejects(async () => {
      await admin.connect();
      await admin.listTopics();
    });
    await admin.disconnect();
  });
});

async function waitForStatus(sb: Sandbox, id: number, status: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const s = (await projectRequest(sb, 'GET', `/serving/${id}`)).json as { status: string };
    if (s.status === status) return;
    if (Date.now() > deadline) throw new Error(`deployment ${id} is ${s.status}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
