// The logs endpoint of the sandbox on every profile: the real rules (component, tail, the states that have no
// pod, 5.0's sources), what the pods print (start-up, one line per request with the inference id the Kafka
// events carry, a traceback per failed call, the transformer's lines), following a running deployment by
// polling its tail without losing or repeating a line, and Idle (scale to zero) and back.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import type { Sandbox } from '../../sandbox/index';
import { followStep, splitLogLines } from '../../src/hopsworks/index';
import type { HopsworksClient, ProjectClient } from '../../src/hopsworks/index';
import { rejection } from '../support/rejection';
import {
  projectRequest,
  sandboxClient,
  startTestSandbox,
  stateHolds,
  untilServingStatus,
} from '../support/sandbox';
import { sandboxForTests, transitionLines } from '../support/sandboxForTests';
import { sleep, waitFor } from '../support/wait';
import { irisKServeBody, SMALL_RESOURCES } from '../support/servingBodies';

type Json = Record<string, unknown>;
type Logs = { instanceName: string; content: string; timestamp?: string; docId?: string }[];

const IRIS = 21;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

const GOOD_CALL = '{"instances": [[5.1, 3.5, 1.4, 0.2]]}';
const BAD_CALL = '{"instances": [[5.1, "n/a", 1.4, 0.2]]}';

const requestIds = (text: string) =>
  new Set([...text.matchAll(new RegExp(`requestId: (${UUID})`, 'g'))].map((m) => m[1]));

async function logs(
  sb: Sandbox,
  id: number,
  query: string,
): Promise<{ status: number; json: unknown; text: string }> {
  return projectRequest(sb, 'GET', `/serving/${id}/logs${query}`);
}

void describe('sandbox server logs', () => {
  let sb: Sandbox;
  let client: HopsworksClient;
  let project: ProjectClient;
  let consumer: Consumer;
  /** request events of irisclassifier's topic, by inference id → payload */
  const kafkaRequests = new Map<string, string>();

  async function status(id: number): Promise<Json> {
    return (await projectRequest(sb, 'GET', `/serving/${id}`)).json as Json;
  }

  const until = (id: number, wanted: string) => untilServingStatus(sb, id, wanted, 20_000);

  before(async () => {
    sb = await startTestSandbox({ trafficPerSecond: 0, lifecycleStepMs: 100 });
    client = sandboxClient(sb);
    project = client.project(sb.projectId, sb.project);
    const subject = (await projectRequest(sb, 'GET', '/kafka/topics/irisclassifier-inf4821/subjects'))
      .json as {
      schema: string;
    };
    const type = avro.Type.forSchema(JSON.parse(subject.schema) as avro.Schema);
    consumer = new Kafka({
      clientId: 'server-logs-test',
      brokers: [sb.kafka.plaintextBootstrap],
      logLevel: logLevel.NOTHING,
    }).consumer({
      groupId: `server-logs-${Date.now()}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: 'irisclassifier-inf4821', fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        const e = type.fromBuffer(message.value as Buffer) as {
          messageType: string;
          inferenceId: string;
          payload: string;
        };
        if (e.messageType === 'request') kafkaRequests.set(e.inferenceId, e.payload);
        return Promise.resolve();
      },
    });
  });

  after(async () => {
    await consumer?.disconnect();
    client?.dispose();
    await sb?.stop();
  });

  // Creating lasts one lifecycle step; the test that reads it holds it until it has.
  const holds = stateHolds(() => sb);
  afterEach(() => holds.releaseAll());

  void it('refuses what the real endpoint refuses, with its codes', async () => {
    const component = await logs(sb, IRIS, '?component=Predictor');
    assert.deepEqual(
      [component.status, (component.json as Json).usrMsg],
      [422, 'component not valid, possible values are predictor or transformer'],
    );
    assert.equal((await logs(sb, IRIS, '?tail=ten')).status, 404, 'a tail JAX-RS cannot convert');
    const transformer = await logs(sb, IRIS, '?component=transformer');
    assert.deepEqual(
      [transformer.status, (transformer.json as Json).usrMsg],
      [422, 'Transformer logs only available in KServe deployments with transformer'],
    );
    const churn = await logs(sb, 23, '');
    assert.deepEqual([churn.status, (churn.json as Json).errorCode], [404, 240027], 'Stopped: no pod');
    const err = await rejection(project.getLogs(23, { component: 'predictor', tail: 10 }));
    assert.equal(err.kind, 'notFound');
    assert.match(err.message, /no running pod to read logs from: start it first/);

    const creating = holds.hold('Creating');
    const created = await projectRequest(sb, 'PUT', '/serving', irisKServeBody({ name: 'logscreated' }));
    const id = (created.json as Json).id as number;
    assert.equal((await status(id)).status, 'Creating');
    assert.deepEqual([(await logs(sb, id, '')).status], [404], 'Creating: no pod');
    creating();
    await until(id, 'Created');
    assert.equal((await logs(sb, id, '')).status, 404, 'Created: no pod');

    // Default tail: 5 lines of each pod.
    const five = (await logs(sb, IRIS, '')).json as Logs;
    assert.equal(five.length, 1);
    assert.equal(splitLogLines(five[0]!.content).length, 5);

    // Parameters a version does not declare are ignored; 5.0 reads them.
    const withSource = await logs(sb, IRIS, '?source=elsewhere&pod=nosuchpod&tail=3');
    if (sb.hopsworks === '5.0') {
      assert.deepEqual([withSource.status, (withSource.json as Json).errorCode], [422, 120001]);
      assert.deepEqual((await logs(sb, IRIS, '?pod=nosuchpod&tail=3')).json, [], 'no such pod');
    } else {
      assert.equal(withSource.status, 200);
      const items = withSource.json as Logs;
      assert.deepEqual(
        [items.length, splitLogLines(items[0]!.content).length, 'timestamp' in items[0]!],
        [1, 3, false],
      );
    }
  });

  void it('what the pods print: start-up, one line per request with the Kafka inference id, a traceback per failed call', async () => {
    const [good, bad] = [GOOD_CALL, BAD_CALL];
    for (const body of [good, bad, good, good, bad, good]) {
      await projectRequest(sb, 'POST', '/inference/models/irisclassifier:predict', body);
    }
    const pods = (await logs(sb, IRIS, '?tail=-1')).json as Logs;
    assert.equal(pods.length, 1, 'scale-to-zero KServe: one pod while it serves');
    const pod = pods[0]!;
    assert.match(pod.instanceName, /^irisclassifier-predictor-\d{5}-deployment-[a-z0-9]{10}-[a-z0-9]{5}$/);
    const lines = splitLogLines(pod.content);
    assert.ok(
      lines.some((l) =>
        / kserve INFO \[model_server\.py:register_model\(\):\d+\] Registering model: irisclassifier$/.test(l),
      ),
    );
    assert.ok(lines.some((l) => l.endsWith('Application startup complete.')));

    const ids = requestIds(pod.content);
    await waitFor(
      () => [...ids].every((i) => kafkaRequests.has(i!)) && kafkaRequests.size === ids.size,
      'the Kafka events of every logged call',
    );
    assert.equal(ids.size, 6);
    assert.deepEqual(new Set(kafkaRequests.keys()), ids, 'the same calls, by inference id');
    const failed = [...kafkaRequests].filter(([, payload]) => payload === bad).map(([i]) => i);
    assert.equal(failed.length, 2);
    for (const i of failed) {
      const at = lines.findIndex((l) =>
        l.includes(`Exception on /v1/models/irisclassifier:predict [POST] requestId: ${i}`),
      );
      assert.ok(at >= 0, `the error line of ${i}`);
      assert.equal(lines[at + 1], 'Traceback (most recent call last):');
      const end = lines.findIndex((l, n) => n > at && /^\w+Error: /.test(l));
      assert.equal(lines[end], "ValueError: could not convert string to float: 'n/a'");
      assert.match(
        lines[end + 1] ?? '',
        /uvicorn\.access INFO: .* "POST \/v1\/models\/irisclassifier%3Apredict HTTP\/1\.1" 500 Internal Server Error$/,
      );
    }
    for (const [i] of [...kafkaRequests].filter(([, payload]) => payload === good)) {
      assert.ok(
        lines.some((l) => new RegExp(`kserve\\.trace requestId: ${i}, preprocess_ms: `).test(l)),
        i,
      );
    }

    // DEFAULT with TensorFlow Serving: one pod per instance, TF Serving's start-up.
    const tf = (await project.getLogs(22, { component: 'predictor', tail: 50 })).map((p) => p.instanceName);
    assert.equal(tf.length, 2);
    for (const p of await project.getLogs(22, { component: 'predictor', tail: 50 })) {
      assert.match(p.content, /Successfully loaded servable version \{name: fraudtf version: 2\}/);
    }
  });

  void it("a transformer has its own pods, whose lines carry the same request ids as the predictor's", async () => {
    const created = await projectRequest(
      sb,
      'PUT',
      '/serving',
      irisKServeBody({
        name: 'iristransformed',
        transformer: '/Projects/mlops/Resources/iris_transformer.py',
        requestedTransformerInstances: 0,
        transformerResources: SMALL_RESOURCES,
      }),
    );
    assert.equal(created.status, 201, created.text);
    const id = (created.json as Json).id as number;
    await until(id, 'Created');
    assert.equal((await projectRequest(sb, 'POST', `/serving/${id}?action=START`)).status, 200);
    const running = await until(id, 'Running');
    assert.deepEqual([running.availableInstances, running.availableTransformerInstances], [1, 1]);
    await projectRequest(sb, 'POST', '/inference/models/iristransformed:predict', {
      instances: [[6.3, 2.9, 5.6, 1.8]],
    });
    const [predictor] = await project.getLogs(id, { component: 'predictor', tail: 10 });
    const [transformer] = await project.getLogs(id, { component: 'transformer', tail: 10 });
    assert.match(transformer!.instanceName, /^iristransformed-transformer-\d{5}-deployment-/);
    const ids = requestIds(predictor!.content);
    assert.equal(ids.size, 1);
    assert.deepEqual(requestIds(transformer!.content), ids);
  });

  void it('follow mode: polling the tail of a running deployment loses and repeats no line', async () => {
    const before = (await project.getLogs(IRIS, { component: 'predictor', tail: -1 }))[0]!;
    const idsBefore = requestIds(before.content);
    const shown: string[] = [];
    let polls = 0;
    const poll = async () => {
      const [pod] = await project.getLogs(IRIS, { component: 'predictor', tail: 120 });
      assert.equal(pod?.instanceName, before.instanceName, 'the same pod throughout');
      const step = followStep(shown.slice(-120), splitLogLines(pod.content));
      assert.equal(step.gap, false, `poll ${polls}: more new lines than one answer holds`);
      shown.push(...step.fresh);
      polls++;
    };
    await poll();
    const call = (body: string) =>
      projectRequest(sb, 'POST', '/inference/models/irisclassifier:predict', body);
    const traced = () => shown.filter((l) => l.includes(' kserve.trace requestId: ')).length;
    const start = traced();
    let calls = 0;
    for (let round = 0; traced() < start + 40; round++) {
      // Calls race each poll, so its answer lands before, between or after them, and one round in four has a
      // failed call (a traceback, whose lines repeat from call to call). The test makes the calls itself, not
      // the sandbox's timed traffic, which after a stall of a loaded machine catches up in a burst of more
      // lines than one answer holds: here no round adds more than a tenth of them, however slow the machine.
      await Promise.all([
        call(round % 4 === 3 ? BAD_CALL : GOOD_CALL),
        call(GOOD_CALL),
        call(GOOD_CALL),
        poll(),
      ]);
      calls += 3;
    }
    // Every call has been answered, and a pod prints a call's lines before the answer leaves: one more poll
    // brings the last of them. The calls are the test's own, so it knows how many request ids must show (the
    // Kafka events, which the sandbox may drop on a slow broker as Hopsworks does, are not needed to count).
    await poll();
    const shownIds = [...requestIds(shown.join('\n'))].filter((i) => !idsBefore.has(i));
    assert.equal(shownIds.length, calls, `one request id per call, after ${polls} polls`);
    // Traceback lines repeat from one failed call to the next; lines with a request id never do.
    const traces = shown.filter((l) => l.includes('requestId: '));
    assert.equal(new Set(traces).size, traces.length, 'no request line repeated');
    const final = splitLogLines(
      (await project.getLogs(IRIS, { component: 'predictor', tail: -1 }))[0]!.content,
    );
    assert.deepEqual(shown, final.slice(final.length - shown.length), 'every line, in order');
    assert.ok(polls > 3);
  });

  void it('5.0 reads the log archive in any state (source=opensearch, since/until/pod); older versions only live pods', async () => {
    const created = await projectRequest(sb, 'PUT', '/serving', irisKServeBody({ name: 'irisarchived' }));
    const id = (created.json as Json).id as number;
    await until(id, 'Created');
    await projectRequest(sb, 'POST', `/serving/${id}?action=START`);
    await until(id, 'Running');
    const pod = (await project.getLogs(id, { component: 'predictor', tail: 1 }))[0]!.instanceName;
    // `since` is the first millisecond after the last start-up line, a marker taken from the archive itself.
    const startup = await project.getLogs(id, { component: 'predictor', tail: 1, source: 'opensearch' });
    const t0 = new Date(sb.hopsworks === '5.0' ? Date.parse(startup[0]!.timestamp!) + 1 : Date.now());
    while (Date.now() < t0.getTime()) await sleep(1);
    for (let i = 0; i < 3; i++) {
      await projectRequest(sb, 'POST', '/inference/models/irisarchived:predict', {
        instances: [[5.1, 3.5, 1.4, 0.2]],
      });
    }
    await projectRequest(sb, 'POST', `/serving/${id}?action=STOP`);
    await until(id, 'Stopped');
    assert.equal((await logs(sb, id, '?source=kubernetes')).status, 404);

    const archived = await logs(
      sb,
      id,
      `?source=opensearch&tail=100&since=${encodeURIComponent(t0.toISOString())}`,
    );
    if (sb.hopsworks !== '5.0') {
      assert.deepEqual(
        [archived.status, (archived.json as Json).errorCode],
        [404, 240027],
        'source is ignored before 5.0',
      );
      return;
    }
    assert.equal(archived.status, 200, archived.text);
    const docs = archived.json as Logs;
    // 3 calls × (trace + access) and the shutdown lines, each its own document with its time.
    assert.equal(docs.filter((d) => d.content.includes('kserve.trace requestId: ')).length, 3);
    assert.ok(docs.some((d) => d.content.endsWith('Application shutdown complete.')));
    assert.ok(docs.every((d) => d.instanceName === pod && Date.parse(d.timestamp!) >= t0.getTime()));
    assert.equal(new Set(docs.map((d) => d.docId)).size, docs.length);
    const times = docs.map((d) => Date.parse(d.timestamp!));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'oldest first',
    );

    const all = (await project.getLogs(id, { component: 'predictor', tail: 1000, source: 'opensearch' }))
      .length;
    assert.ok(all > docs.length, 'without since, the start-up lines too');
    const untilT0 = await project.getLogs(id, {
      component: 'predictor',
      tail: 1000,
      source: 'opensearch',
      until: new Date(t0.getTime() - 1),
    });
    assert.equal(untilT0.length + docs.length, all);
    assert.equal(
      (await project.getLogs(id, { component: 'predictor', tail: 2, source: 'opensearch' })).length,
      2,
    );
    assert.deepEqual(
      await project.getLogs(id, {
        component: 'predictor',
        tail: 10,
        source: 'opensearch',
        pod: 'another-pod',
      }),
      [],
    );
    const badSince = await logs(sb, id, '?source=opensearch&since=yesterday');
    assert.deepEqual([badSince.status, (badSince.json as Json).errorCode], [422, 120001]);
  });
});

void describe('sandbox scale to zero (Idle)', () => {
  const sandbox = sandboxForTests(
    { trafficPerSecond: 0, lifecycleStepMs: 100, idleAfterMs: 300 },
    transitionLines,
  );
  /** The sandbox's transition lines, e.g. "deployment irisnolog: Running → Idle". */
  const transitions = sandbox.lines;

  async function get(id: number): Promise<Json> {
    return (await projectRequest(sandbox.sb, 'GET', `/serving/${id}`)).json as Json;
  }

  const untilIdle = (id: number) => untilServingStatus(sandbox.sb, id, 'Idle', 20_000);

  /** A request wakes it; its pod's log is read right after (again, if it went back to Idle meanwhile). */
  async function wake(): Promise<string> {
    for (;;) {
      const answer = await projectRequest(sandbox.sb, 'POST', '/inference/models/irisnolog:predict', {
        instances: [[5.1, 3.5, 1.4, 0.2]],
      });
      assert.deepEqual(answer.json, { predictions: [0] }, 'the request that wakes it is answered');
      const reply = await logs(sandbox.sb, 24, '?tail=-1');
      if (reply.status === 404) continue;
      const pods = reply.json as Logs;
      assert.equal(pods.length, 1);
      assert.match(pods[0]!.content, /Registering model: irisnolog\n(.*\n)*.* kserve\.trace requestId: /);
      return pods[0]!.instanceName;
    }
  }

  void it('a KServe deployment with minimum 0 goes Idle when unused, has no pod, and a request brings it back', async () => {
    const idle = await untilIdle(24);
    assert.deepEqual(idle.condition, {
      type: 'READY',
      status: true,
      reason: 'Deployment is ready, but idle. Higher latencies are expected in the first predictions',
    });
    assert.equal(idle.availableInstances, 0);
    assert.equal((await get(22)).status, 'Running', 'DEFAULT deployments do not scale to zero');
    const noPod = await logs(sandbox.sb, 24, '');
    assert.deepEqual([noPod.status, (noPod.json as Json).errorCode], [404, 240027], 'no pod to read');
    const start = await projectRequest(sandbox.sb, 'POST', '/serving/24?action=START');
    assert.deepEqual([start.status, (start.json as Json).usrMsg], [400, 'Deployment is already started.']);

    const first = await wake();
    assert.ok(transitions.includes('deployment irisnolog: Idle → Running'), transitions.join('\n'));
    await untilIdle(24);
    const second = await wake();
    assert.notEqual(second, first, 'each scale-up starts a new pod');
    const cycle = transitions.filter((l) => l.startsWith('deployment irisnolog: '));
    assert.deepEqual(cycle.slice(0, 3), [
      'deployment irisnolog: Running → Idle',
      'deployment irisnolog: Idle → Running',
      'deployment irisnolog: Running → Idle',
    ]);
  });
});
