// The drift switch end to end: the sandbox's traffic, decoded from the real Kafka topic over mutual TLS, has
// feature means that match the training statistics (fetched through the REST client); switched on through the
// control endpoint, the named feature's mean moves by the configured amount and the others stay; switched off
// (Sandbox.setDrift(null)), it comes back. Windows are told apart by the events' own timestamps, never by sleeps.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Consumer } from 'kafkajs';
import type { Sandbox } from '../../sandbox/index';
import { trainingFeatureStatistics } from '../../src/hopsworks/index';
import type { HopsworksClient } from '../../src/hopsworks/index';
import { restRequest, sandboxClient, startTestSandbox } from '../support/sandbox';
import { kafkaConnector, mutualTlsKafka, projectCredentials, topicSchemaType } from '../support/projectKafka';
import { waitFor } from '../support/wait';

const TOPIC = 'irisclassifier-inf4821';
const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const SHIFT = 1.5;
// Rows per window. With N = 300 the standard error of a window mean of sepal_width (σ ≈ 0.43) is ≈ 0.025, and
// of the training mean (960 rows) ≈ 0.014: the tolerance below is more than five of their combined errors.
const N = 300;
const TOLERANCE = 0.15;

interface Row {
  /** requestTimestamp of the event: epoch seconds (KServe) */
  second: number;
  values: unknown[];
}

let sb: Sandbox;
let client: HopsworksClient;
let consumer: Consumer | undefined;
const rows: Row[] = [];
let trainingMean: Record<string, number> = {};

function between(from: number, to: number): Row[] {
  return rows.filter((r) => r.second > from && r.second < to);
}

function meanOf(window: Row[], feature: string): number {
  const i = FEATURES.indexOf(feature);
  // A few generated requests carry a bad value ("n/a") on purpose; they are not feature values.
  const values = window.map((r) => r.values[i]).filter((v): v is number => typeof v === 'number');
  assert.ok(values.length >= N * 0.9, `enough ${feature} values (${values.length})`);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

const nowSecond = () => Math.floor(Date.now() / 1000);

async function windowOf(from: number, what: string): Promise<void> {
  // Only whole seconds after `from` that are over: an event of the current second may still be on its way.
  await waitFor(
    () => between(from, nowSecond()).length >= N,
    () => `${N} rows ${what} (have ${between(from, nowSecond()).length})`,
    90_000,
  );
}

before(async () => {
  sb = await startTestSandbox({ lifecycleStepMs: 50, trafficPerSecond: 40, randomSeed: 20_261 });
  client = sandboxClient(sb, { retries: 0 });
  const project = client.project(sb.projectId, sb.project);
  const model = await project.getModelVersion('irisclassifier', 3);
  assert.ok(model);
  const link = await project.getTrainingDatasetLink(model);
  assert.ok(link);
  const stats = await project.getTrainingDatasetStatistics(link);
  assert.ok(stats);
  trainingMean = Object.fromEntries(
    (trainingFeatureStatistics(stats) ?? []).map((s) => [s.featureName, s.mean ?? NaN]),
  );

  const connector = await kafkaConnector(sb);
  const creds = await projectCredentials(sb);
  const type = await topicSchemaType(sb, TOPIC);

  const kafka = mutualTlsKafka('sandbox-drift-test', connector, creds);
  consumer = kafka.consumer({ groupId: `drift-test-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const e = type.fromBuffer(message.value as Buffer) as {
        messageType: string;
        requestTimestamp: number;
        payload: string;
      };
      if (e.messageType === 'request') {
        const body = JSON.parse(e.payload) as { instances: unknown[][] };
        for (const values of body.instances) rows.push({ second: e.requestTimestamp, values });
      }
      return Promise.resolve();
    },
  });
});

after(async () => {
  await consumer?.disconnect();
  client?.dispose();
  await sb?.stop();
});

void describe('traffic drift', () => {
  void it('traffic follows the training statistics; drift moves only the named feature, by the amount; off restores', async () => {
    assert.ok(Number.isFinite(trainingMean.sepal_width) && Number.isFinite(trainingMean.sepal_length));

    // 1. Drift off (the default): a window of traffic.
    await windowOf(0, 'before drift');
    const onFrom = Date.now();
    const on = await restRequest(sb, 'PUT', '/sandbox/drift', { body: { shifts: { sepal_width: SHIFT } } });
    const onSince = nowSecond();
    assert.equal(on.status, 200, on.text);
    assert.deepEqual((on.json as { enabled: boolean; shifts: object }).shifts, { sepal_width: SHIFT });
    const before = between(0, Math.floor(onFrom / 1000));

    // 2. Drift on: only seconds that began after the switch returned.
    await windowOf(onSince, 'with drift');
    const offFrom = Date.now();
    sb.setDrift(null);
    const offSince = nowSecond();
    const drifted = between(onSince, Math.floor(offFrom / 1000));

    // 3. Drift off again.
    await windowOf(offSince, 'after drift');
    const restored = between(offSince, Number.MAX_SAFE_INTEGER);

    const mu = trainingMean.sepal_width as number;
    const report = (label: string, window: Row[], f: string) =>
      `${label} ${f} mean ${meanOf(window, f).toFixed(3)}`;
    const seen = [
      report('before', before, 'sepal_width'),
      report('drifted', drifted, 'sepal_width'),
      report('restored', restored, 'sepal_width'),
      `training ${mu.toFixed(3)}`,
    ].join('; ');
    assert.ok(
      Math.abs(meanOf(before, 'sepal_width') - mu) < TOLERANCE,
      `undrifted traffic ≈ training: ${seen}`,
    );
    assert.ok(
      Math.abs(meanOf(drifted, 'sepal_width') - (mu + SHIFT)) < TOLERANCE,
      `moved by ${SHIFT}: ${seen}`,
    );
    assert.ok(Math.abs(meanOf(restored, 'sepal_width') - mu) < TOLERANCE, `back after off: ${seen}`);
    // The feature that was not named did not move (σ ≈ 0.83: a wider tolerance for the same confidence).
    const sl = trainingMean.sepal_length as number;
    assert.ok(
      Math.abs(meanOf(drifted, 'sepal_length') - sl) < 2 * TOLERANCE,
      `${report('drifted', drifted, 'sepal_length')}; training ${sl.toFixed(3)}`,
    );
  });

  void it('the control endpoint says what is on, and refuses what it cannot do with the reason', async () => {
    const state = await restRequest(sb, 'GET', '/sandbox/drift');
    assert.equal(state.status, 200);
    assert.deepEqual((state.json as { features: { iris: string[] } }).features.iris, FEATURES);

    for (const [body, reason] of [
      [{ shifts: { nope: 1 } }, /unknown feature "nope"/],
      [{ shifts: { sepal_width: 'far' } }, /must be a finite number/],
      [{ shifts: {} }, /names no feature/],
      [{}, /must be an object/],
    ] as const) {
      const r = await restRequest(sb, 'PUT', '/sandbox/drift', { body });
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.match((r.json as { usrMsg: string }).usrMsg, reason);
    }
    const noKey = await restRequest(sb, 'DELETE', '/sandbox/drift', { auth: null });
    assert.equal(noKey.status, 401);
    const off = await restRequest(sb, 'DELETE', '/sandbox/drift');
    assert.deepEqual(off.json, { ...(state.json as object), enabled: false, shifts: {} });
  });
});
