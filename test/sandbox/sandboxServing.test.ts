// Deployment lifecycle and server-side validation of the sandbox, over real HTTPS: the states a client polls
// through with the real condition texts, the refusals of each state with the real codes and texts, the
// failing model version, and every documented rejection with its code — and that a rejected request
// changes nothing. Runs on every profile (HOPSWORKS_PROFILE).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { partitionsPerTopic } from '../support/kafkaAdmin';
import { projectRequest, stateHolds } from '../support/sandbox';
import { sandboxForTests, transitionLines } from '../support/sandboxForTests';
import type { TransitionalStatus } from '../support/sandbox';
import type { RestReply } from '../support/sandbox';
import { irisKServeBody } from '../support/servingBodies';

type Json = Record<string, unknown>;

const resources = {
  requests: { cores: 0.2, memory: 32, gpus: 0 },
  limits: { cores: 2, memory: 1024, gpus: 0 },
};

const kserve = (name: string, extra: Json = {}): Json =>
  irisKServeBody({
    name,
    predictorResources: resources,
    batchingConfiguration: { batchingEnabled: false },
    ...extra,
  });

const defaultTf = (name: string, extra: Json = {}): Json => ({
  name,
  modelName: 'fraudtf',
  modelPath: '/Projects/mlops/Models/fraudtf',
  modelVersion: 2,
  modelFramework: 'TENSORFLOW',
  modelServer: 'TENSORFLOW_SERVING',
  servingTool: 'DEFAULT',
  requestedInstances: 1,
  predictorResources: resources,
  ...extra,
});

const defaultPy = (name: string, extra: Json = {}): Json => ({
  name,
  modelName: 'churnpredictor',
  modelPath: '/Projects/mlops/Models/churnpredictor',
  modelVersion: 2,
  modelFramework: 'PYTHON',
  modelServer: 'PYTHON',
  servingTool: 'DEFAULT',
  predictor: '/Projects/mlops/Models/churnpredictor/2/predict_churn.py',
  requestedInstances: 1,
  predictorResources: resources,
  ...extra,
});

const STATE_FIELDS = [
  'status',
  'condition',
  'availableInstances',
  'hopsworksInferencePath',
  'modelServerInferencePath',
];

const withoutKey = (o: Json, key: string): Json =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

void describe('sandbox deployments: lifecycle and validation', () => {
  const sandbox = sandboxForTests({ trafficPerSecond: 0, lifecycleStepMs: 300 }, transitionLines);
  /** The sandbox's transition lines, e.g. "deployment lifecycleone: Creating → Created". */
  const transitions = sandbox.lines;

  const holds = stateHolds(() => sandbox.sb);
  const hold = (status: TransitionalStatus) => holds.hold(status);
  afterEach(() => holds.releaseAll());

  /** The transitions the sandbox made for one deployment, in order: "Creating → Created", … */
  const transitionsOf = (name: string): string[] =>
    transitions
      .filter((l) => l.startsWith(`deployment ${name}: `))
      .map((l) => l.slice(`deployment ${name}: `.length));

  async function get(id: number): Promise<Json> {
    return (await projectRequest(sandbox.sb, 'GET', `/serving/${id}`)).json as Json;
  }

  /** Polls until `status`, returning every status seen on the way. */
  async function waitFor(id: number, status: string): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + 10_000;
    for (;;) {
      const s = (await get(id)).status as string;
      if (seen[seen.length - 1] !== s) seen.push(s);
      if (s === status) return seen;
      if (Date.now() > deadline) throw new Error(`still ${s} (seen ${seen.join(' → ')}), expected ${status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function create(body: Json): Promise<Json> {
    const reply = await projectRequest(sandbox.sb, 'PUT', '/serving', body);
    assert.equal(reply.status, 201, reply.text);
    return reply.json as Json;
  }

  async function action(id: number, act: string): Promise<RestReply> {
    return projectRequest(sandbox.sb, 'POST', `/serving/${id}?action=${act}`);
  }

  function assertRefused(reply: RestReply, status: number, code: number, usrMsg: string): void {
    const body = reply.json as Json;
    assert.deepEqual([reply.status, body.errorCode, body.usrMsg], [status, code, usrMsg], reply.text);
  }

  void it('create → Creating → Created; START → Starting → Running; STOP → Stopping → Stopped, with the real codes', async () => {
    // Each transitional state is held while the test looks at it, so a loaded machine cannot let it pass first.
    const creating = hold('Creating');
    const reply = await projectRequest(sandbox.sb, 'PUT', '/serving', kserve('lifecycleone'));
    assert.equal(reply.status, 201);
    const dto = reply.json as Json;
    const id = dto.id as number;
    assert.match(String(reply.headers.location), new RegExp(`/project/119/serving/${id}$`));
    for (const f of STATE_FIELDS) assert.ok(!(f in dto), `the PUT answer carries no ${f}`);
    assert.equal(dto.name, 'lifecycleone');
    assert.equal(typeof dto.created, 'number');
    assert.deepEqual((await get(id)).condition, { type: 'STOPPED', reason: 'Deployment is being prepared' });
    const startCreating = await action(id, 'START');
    assertRefused(startCreating, 400, 240003, 'Deployment is being prepared. Please, try later.');
    assert.equal((await get(id)).status, 'Creating');
    creating();
    await waitFor(id, 'Created');
    assert.deepEqual((await get(id)).condition, {
      type: 'STOPPED',
      status: true,
      reason: 'Deployment is not running',
    });
    assertRefused(await action(id, 'STOP'), 400, 240003, 'Deployment is already stopped.');

    const held = hold('Starting');
    assert.equal((await action(id, 'START')).status, 200);
    const starting = await get(id);
    assert.equal(starting.status, 'Starting');
    assert.deepEqual(starting.condition, { type: 'SCHEDULED', reason: 'Waiting for being scheduled' });
    assertRefused(await action(id, 'START'), 400, 240003, 'Deployment is already started.');
    assertRefused(await action(id, 'STOP'), 400, 240003, 'Deployment is starting. Please, try later.');
    const updateStarting = await projectRequest(sandbox.sb, 'PUT', '/serving', {
      ...kserve('lifecycleone'),
      id,
      description: 'x',
    });
    assertRefused(updateStarting, 500, 240002, 'Deployment is starting. Please, try later.');
    assertRefused(
      await projectRequest(sandbox.sb, 'DELETE', `/serving/${id}`),
      500,
      240001,
      'Deployment is starting. Please, try later.',
    );
    assert.deepEqual((await get(id)).condition, starting.condition, 'still the first phase while held');
    held();
    await waitFor(id, 'Running');
    const running = await get(id);
    assert.deepEqual(running.condition, { type: 'READY', status: true, reason: 'Deployment is ready' });
    assert.ok((running.availableInstances as number) >= 1);
    assert.equal(typeof running.deployed, 'number');
    assert.equal(running.description, undefined, 'the refused update changed nothing');
    assertRefused(await action(id, 'start'), 400, 240003, 'Deployment is already started.');

    const stopping = hold('Stopping');
    assert.equal((await action(id, 'STOP')).status, 200);
    assert.equal((await get(id)).status, 'Stopping');
    assert.deepEqual((await get(id)).condition, { type: 'STOPPED', reason: 'Stopping deployment' });
    assertRefused(await action(id, 'START'), 400, 240003, 'Deployment is stopping. Please, try later.');
    stopping();
    await waitFor(id, 'Stopped');
    assert.equal((await get(id)).availableInstances, 0);
    assertRefused(await action(id, 'STOP'), 400, 240003, 'Deployment is already stopped.');

    const logs = await projectRequest(sandbox.sb, 'GET', `/serving/${id}/logs?component=predictor&tail=10`);
    assert.deepEqual([logs.status, (logs.json as Json).errorCode], [404, 240027]);
    // `action` is a query parameter JAX-RS converts: absent → the resource's 422, unknown → 404.
    assertRefused(
      await projectRequest(sandbox.sb, 'POST', `/serving/${id}`),
      422,
      120001,
      'Command not provided',
    );
    assert.equal((await action(id, 'RESTART')).status, 404);

    assert.equal((await projectRequest(sandbox.sb, 'DELETE', `/serving/${id}`)).status, 200);
    const gone = await projectRequest(sandbox.sb, 'GET', `/serving/${id}`);
    assert.deepEqual([gone.status, (gone.json as Json).errorCode], [404, 240000]);
    // What the sandbox recorded: every state in order, none skipped, none added by the refused requests.
    assert.deepEqual(transitionsOf('lifecycleone'), [
      'Creating → Created',
      'Created → Starting',
      'Starting → Running',
      'Running → Stopping',
      'Stopping → Stopped',
    ]);
  });

  void it('a held state outlasts its step and ends when released, its due steps then run in order', async () => {
    const a = (await create(kserve('heldone'))).id as number;
    await waitFor(a, 'Created');
    const starting = hold('Starting');
    assert.equal((await action(a, 'START')).status, 200);
    // A marker instead of a sleep: b's step was set after a's and lasts as long, so once b is Created, a's
    // step has fallen due too.
    const b = (await create(kserve('heldtwo'))).id as number;
    await waitFor(b, 'Created');
    const held = await get(a);
    assert.deepEqual(
      [held.status, held.condition],
      ['Starting', { type: 'SCHEDULED', reason: 'Waiting for being scheduled' }],
    );
    starting();
    assert.deepEqual((await get(a)).condition, {
      type: 'READY',
      status: true,
      reason: 'Deployment is ready',
    });
    assert.deepEqual(transitionsOf('heldone'), [
      'Creating → Created',
      'Created → Starting',
      'Starting → Running',
    ]);
  });

  void it('the failing model version ends Failed with the reason in its condition and logs', async () => {
    const dto = await create(
      kserve('churnbroken', {
        modelName: 'churnpredictor',
        modelPath: '/Projects/mlops/Models/churnpredictor',
        modelVersion: 3,
        modelFramework: 'PYTHON',
        predictor: '/Projects/mlops/Models/churnpredictor/3/predict_churn.py',
      }),
    );
    const id = dto.id as number;
    await waitFor(id, 'Created');
    const starting = hold('Starting');
    assert.equal((await action(id, 'START')).status, 200);
    assert.equal((await get(id)).status, 'Starting');
    starting();
    await waitFor(id, 'Failed');
    assert.deepEqual(transitionsOf('churnbroken'), [
      'Creating → Created',
      'Created → Starting',
      'Starting → Failed',
    ]);
    const failed = await get(id);
    assert.deepEqual(failed.condition, {
      type: 'STARTED',
      status: false,
      reason: 'Failed to run: predictor terminated unsuccessfully',
    });
    // The reason is in the pod's log, which a Failed deployment still serves.
    const logs = await projectRequest(sandbox.sb, 'GET', `/serving/${id}/logs?tail=20`);
    assert.equal(logs.status, 200);
    const content = (logs.json as { content: string }[])[0]?.content ?? '';
    assert.match(
      content,
      /Traceback \(most recent call last\):\n(.*\n)*ModuleNotFoundError: No module named 'xgboost'\n$/,
    );
    assertRefused(
      await action(id, 'START'),
      400,
      240003,
      'Deployment is in a failed state and cannot be started.',
    );
    // Predictions are refused while it is not running.
    const predict = await projectRequest(sandbox.sb, 'POST', '/inference/models/churnbroken:predict', {
      instances: [[1, 2, 3]],
    });
    assert.deepEqual([predict.status, (predict.json as Json).errorCode], [400, 250001]);
  });

  void it('an update of a running deployment rolls it (Updating → Running); the model server cannot change', async () => {
    const dto = await create(kserve('rollme'));
    const id = dto.id as number;
    await waitFor(id, 'Created');
    await action(id, 'START');
    await waitFor(id, 'Running');
    const updating = hold('Updating');
    const updated = await projectRequest(sandbox.sb, 'PUT', '/serving', {
      ...kserve('rollme'),
      id,
      description: 'v2 rollout',
    });
    assert.equal(updated.status, 201, updated.text);
    assert.ok(!('status' in (updated.json as Json)), 'the PUT answer carries no state');
    assert.equal((updated.json as Json).description, 'v2 rollout');
    assert.equal((await get(id)).status, 'Updating');
    const duringUpdate = await projectRequest(sandbox.sb, 'PUT', '/serving', {
      ...kserve('rollme'),
      id,
      description: 'y',
    });
    assertRefused(duringUpdate, 500, 240002, 'Deployment is starting. Please, try later.');
    assertRefused(await action(id, 'STOP'), 400, 240003, 'Deployment is updating. Please, try later.');
    updating();
    await waitFor(id, 'Running');
    assert.equal((await get(id)).description, 'v2 rollout');
    assert.deepEqual(transitionsOf('rollme').slice(-2), ['Running → Updating', 'Updating → Running']);

    const serverChange = await projectRequest(sandbox.sb, 'PUT', '/serving', {
      ...kserve('rollme', { modelServer: 'TENSORFLOW_SERVING', modelFramework: 'TENSORFLOW' }),
      id,
    });
    assert.deepEqual([serverChange.status, (serverChange.json as Json).errorCode], [400, 240013]);
    assert.equal((await get(id)).modelServer, 'PYTHON', 'a rejected update changes nothing');
  });

  void it('CREATE makes <name>-inf<4 digits> on the broker with the asked partitions, v4 for KServe, v3 for DEFAULT', async () => {
    const k = await create(
      kserve('topicnew', {
        inferenceLogging: 'ALL',
        kafkaTopicDTO: { name: 'CREATE', numOfPartitions: 3, numOfReplicas: 1 },
      }),
    );
    const kTopic = k.kafkaTopicDTO as Json;
    assert.match(String(kTopic.name), /^topicnew-inf\d{4}$/);
    assert.equal(kTopic.schemaName, 'inferenceschema');
    assert.equal(kTopic.schemaVersion, 4);
    assert.equal(k.inferenceLogging, 'ALL');

    const d = await create(
      defaultTf('topicdefault', {
        inferenceLogging: 'ALL',
        kafkaTopicDTO: { name: 'CREATE', numOfReplicas: 1 },
      }),
    );
    const dTopic = d.kafkaTopicDTO as Json;
    assert.match(String(dTopic.name), /^topicdefault-inf\d{4}$/);
    assert.equal(dTopic.schemaVersion, 3);

    const listed = (await projectRequest(sandbox.sb, 'GET', '/kafka/topics')).json as { items: Json[] };
    const kListed = listed.items.find((t) => t.name === kTopic.name);
    assert.deepEqual([kListed?.numOfPartitions, kListed?.schemaVersion], [3, 4]);
    const dListed = listed.items.find((t) => t.name === dTopic.name);
    assert.deepEqual([dListed?.numOfPartitions, dListed?.schemaVersion], [1, 3]);

    const kafka = new Kafka({
      clientId: 'sandbox-serving-test',
      brokers: [sandbox.sb.kafka.plaintextBootstrap],
      logLevel: logLevel.NOTHING,
    });
    const partitions = await partitionsPerTopic(kafka, [String(kTopic.name), String(dTopic.name)]);
    assert.deepEqual(partitions, { [String(kTopic.name)]: 3, [String(dTopic.name)]: 1 });

    // Update with the same topic name keeps that topic; a full replace without logger fields drops logging.
    const id = k.id as number;
    const topicsBefore = listed.items.length;
    const kept = await projectRequest(sandbox.sb, 'PUT', '/serving', {
      ...kserve('topicnew', { inferenceLogging: 'PREDICTIONS', kafkaTopicDTO: { name: kTopic.name } }),
      id,
    });
    assert.equal(kept.status, 201, kept.text);
    assert.equal(((kept.json as Json).kafkaTopicDTO as Json).name, kTopic.name);
    assert.equal((kept.json as Json).inferenceLogging, 'PREDICTIONS');
    const dropped = await projectRequest(sandbox.sb, 'PUT', '/serving', { ...kserve('topicnew'), id });
    assert.equal(dropped.status, 201, dropped.text);
    assert.ok(
      !('kafkaTopicDTO' in (dropped.json as Json)) && !('inferenceLogging' in (dropped.json as Json)),
    );
    const after = (await projectRequest(sandbox.sb, 'GET', '/kafka/topics')).json as { items: Json[] };
    assert.equal(after.items.length, topicsBefore, 'no topic created or lost by the updates');

    // An existing v4 topic can be chosen by a new KServe deployment.
    const existing = await create(
      kserve('reusetopic', {
        inferenceLogging: 'MODEL_INPUTS',
        kafkaTopicDTO: { name: 'irismonitor-inf2094' },
      }),
    );
    assert.equal((existing.kafkaTopicDTO as Json).name, 'irismonitor-inf2094');
    // "NONE" with no mode is no logging.
    const none = await create(
      defaultTf('nologging', { inferenceLogging: 'NONE', kafkaTopicDTO: { name: 'NONE' } }),
    );
    assert.ok(!('kafkaTopicDTO' in none));
  });

  void it('rejects each invalid definition with the server code and reason, and changes nothing', async () => {
    const servingsBefore = ((await projectRequest(sandbox.sb, 'GET', '/serving')).json as unknown[]).length;
    const topicsBefore = (
      (await projectRequest(sandbox.sb, 'GET', '/kafka/topics')).json as { count: number }
    ).count;

    const cases: [string, Json, number, number, RegExp?][] = [
      ['name regex', defaultTf('fraud-tf'), 422, 120001, /\[a-zA-Z0-9\]\+/],
      ['KServe name lower case', kserve('IrisUpper'), 422, 120001, /lower case/],
      ['duplicate name', defaultTf('fraudtf'), 400, 240011],
      ['unknown model version', defaultTf('fraudx', { modelVersion: 9 }), 400, 240006],
      [
        'TF model on Python server',
        defaultTf('tfpy', { modelServer: 'PYTHON' }),
        422,
        120001,
        /Tensorflow Serving/,
      ],
      [
        'predictor with TF Serving',
        defaultTf('tfpred', { predictor: '/Projects/mlops/Resources/p.py' }),
        400,
        240020,
      ],
      ['DEFAULT Python needs a predictor', withoutKey(defaultPy('pynopred'), 'predictor'), 400, 240018],
      [
        'custom Python needs a predictor',
        kserve('kpy', {
          modelName: 'churnpredictor',
          modelPath: '/Projects/mlops/Models/churnpredictor',
          modelVersion: 2,
          modelFramework: 'PYTHON',
        }),
        422,
        120001,
        /Predictor scripts are required/,
      ],
      [
        'predictor extension',
        defaultPy('pyext', { predictor: '/Projects/mlops/Resources/p.txt' }),
        422,
        120001,
        /\.py/,
      ],
      ['predictor missing', defaultPy('pymissing', { predictor: '/Projects/other/p.py' }), 400, 240016],
      ['scale-to-zero', kserve('kone', { requestedInstances: 1 }), 422, 120001, /Scale-to-zero/],
      ['max instances', defaultTf('tfsix', { requestedInstances: 6 }), 422, 120001, /allowed of 5 instances/],
      [
        'instances missing',
        withoutKey(defaultTf('tfnone'), 'requestedInstances'),
        422,
        120001,
        /not provided/,
      ],
      [
        'cores above the cluster maximum',
        defaultTf('tfcores', {
          predictorResources: { ...resources, limits: { cores: 8, memory: 1024, gpus: 0 } },
        }),
        422,
        120001,
        /allowed of 4\.0 cores/,
      ],
      [
        'mode without topic',
        kserve('kmode', { inferenceLogging: 'ALL' }),
        422,
        120001,
        /without a Kafka topic/,
      ],
      [
        'topic without mode',
        kserve('ktopic', { kafkaTopicDTO: { name: 'CREATE', numOfPartitions: 1, numOfReplicas: 1 } }),
        422,
        120001,
        /must be provided with a Kafka topic/,
      ],
      [
        'fine-grained mode on DEFAULT',
        defaultTf('tfmode', { inferenceLogging: 'MODEL_INPUTS', kafkaTopicDTO: { name: 'CREATE' } }),
        400,
        240024,
      ],
      [
        'transformer on DEFAULT',
        defaultTf('tftrans', {
          transformer: '/Projects/mlops/Resources/t.py',
          requestedTransformerInstances: 1,
        }),
        400,
        240021,
      ],
      [
        'batching on DEFAULT Python',
        defaultPy('pybatch', { batchingConfiguration: { batchingEnabled: true } }),
        400,
        240025,
      ],
      [
        'fine-grained batching on DEFAULT',
        defaultTf('tfbatch', { batchingConfiguration: { batchingEnabled: true, maxBatchSize: 32 } }),
        400,
        240025,
      ],
      [
        'partitions ≤ 0',
        kserve('kparts', { inferenceLogging: 'ALL', kafkaTopicDTO: { name: 'CREATE', numOfPartitions: 0 } }),
        400,
        190015,
      ],
      [
        'replicas above broker count',
        kserve('kreps', { inferenceLogging: 'ALL', kafkaTopicDTO: { name: 'CREATE', numOfReplicas: 2 } }),
        400,
        190005,
      ],
      [
        'unknown topic',
        kserve('kunk', { inferenceLogging: 'ALL', kafkaTopicDTO: { name: 'nosuchtopic' } }),
        400,
        240022,
      ],
      [
        'topic with another subject',
        kserve('ksubj', { inferenceLogging: 'ALL', kafkaTopicDTO: { name: 'transactions' } }),
        400,
        240023,
        /inferenceschema/,
      ],
      [
        'v3 topic for KServe',
        kserve('kv3', { inferenceLogging: 'ALL', kafkaTopicDTO: { name: 'legacyfraud-inf3310' } }),
        400,
        240023,
        /version 4 or greater/,
      ],
      [
        'v4 topic for DEFAULT',
        defaultTf('tfv4', { inferenceLogging: 'ALL', kafkaTopicDTO: { name: 'irismonitor-inf2094' } }),
        400,
        240023,
        /version 3 or lower/,
      ],
    ];
    for (const [label, body, status, code, usrMsg] of cases) {
      const reply = await projectRequest(sandbox.sb, 'PUT', '/serving', body);
      assert.equal(reply.status, status, `${label}: ${reply.text}`);
      const error = reply.json as { errorCode: number; errorMsg: string; usrMsg?: string };
      assert.equal(error.errorCode, code, `${label}: ${reply.text}`);
      assert.ok(error.errorMsg.length > 0, label);
      if (usrMsg) assert.match(error.usrMsg ?? '', usrMsg, label);
    }

    assert.equal(
      ((await projectRequest(sandbox.sb, 'GET', '/serving')).json as unknown[]).length,
      servingsBefore,
    );
    assert.equal(
      ((await projectRequest(sandbox.sb, 'GET', '/kafka/topics')).json as { count: number }).count,
      topicsBefore,
    );
  });
});
