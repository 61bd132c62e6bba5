// The deployment form's host logic (DeploymentFormController) against the real sandbox over HTTPS with the
// real REST client: what it creates, starts, keeps and refuses, checked on the server, in the REST topic list
// and on the Kafka broker itself.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import type { DeploymentSpec } from '../../src/deployments/spec';
import type { ModelVersion } from '../../src/hopsworks/types';
import { normalizeStatus } from '../../src/hopsworks/types';
import type { FormTarget } from '../../src/panels/deploymentForm/deploymentFormController';
import { DeploymentFormController } from '../../src/panels/deploymentForm/deploymentFormController';
import type { ProgressEvent } from '../../src/protocol/deploymentForm';
import { partitionsPerTopic } from '../support/kafkaAdmin';
import { stateHolds } from '../support/sandbox';
import { connectedToSandbox } from '../support/sandboxForTests';
import { waitFor } from '../support/wait';

/** Every HTTP request the client made: "METHOD path status duration". */
const requests: string[] = [];
const sandbox = connectedToSandbox(
  { lifecycleStepMs: 200, trafficPerSecond: 0 },
  { log: (line) => requests.push(line) },
);

// A transitional state lasts one lifecycle step, which a poll of the form can miss on a loaded machine: the
// tests that expect the form to report one hold it until the form has.
const holds = stateHolds(() => sandbox.sb);
afterEach(() => holds.releaseAll());

/** Submits while deployments are held in `status`, and lets them move on once the form has reported it. */
async function submitSeeing(
  c: DeploymentFormController,
  request: Parameters<DeploymentFormController['submit']>[0],
  status: 'Creating' | 'Starting' | 'Updating',
  events: ProgressEvent[],
): ReturnType<DeploymentFormController['submit']> {
  const release = holds.hold(status);
  const submitting = c.submit(request, (e) => events.push(e));
  const reported = status.toUpperCase();
  await waitFor(
    () => events.some((e) => e.phase === 'waiting' && normalizeStatus(e.status) === reported),
    () => `the form to report ${status}; it reported: ${events.map((e) => e.message).join(' | ')}`,
  );
  release();
  return submitting;
}

function controller(target: FormTarget): DeploymentFormController {
  return new DeploymentFormController(target, {
    project: () => sandbox.project,
    servingVariables: () => sandbox.client.getServingVariables(),
    pollIntervalMs: 100,
    startTimeoutMs: 30_000,
  });
}

async function irisV3(): Promise<ModelVersion> {
  const m = await sandbox.project.getModelVersion('irisclassifier', 3);
  assert.ok(m, 'the sandbox has irisclassifier v3');
  return m;
}

async function createForm(): Promise<{ c: DeploymentFormController; spec: DeploymentSpec }> {
  const c = controller({ kind: 'create', model: await irisV3() });
  const init = await c.load();
  return { c, spec: init.spec };
}

const puts = () => requests.filter((l) => l.startsWith('PUT '));

describe('deployment form controller against the sandbox', () => {
  it('loads the defaults the way the Python client derives them, from the cluster variables', async () => {
    const { spec } = await createForm();
    assert.equal(spec.servingTool, 'KSERVE', 'kube_kserve_installed = true');
    assert.equal(spec.requestedInstances, 0, 'kube_serving_min_num_instances = 0: scale-to-zero required');
    assert.equal(spec.modelServer, 'PYTHON');
    assert.equal(spec.name, 'irisclassifier2', 'the model name is taken by a seeded deployment');
    assert.deepEqual(spec.logger, { topic: { kind: 'CREATE', partitions: 1, replicas: 1 }, mode: 'ALL' });
  });

  it('CREATE with 2 partitions and MODEL_INPUTS makes a 2-partition topic on schema v4 and reports it', async () => {
    const { c, spec } = await createForm();
    spec.name = 'irisinputs';
    spec.logger = { topic: { kind: 'CREATE', partitions: 2, replicas: 1 }, mode: 'MODEL_INPUTS' };
    const events: ProgressEvent[] = [];
    const result = await submitSeeing(c, { action: 'create', spec }, 'Creating', events);
    assert.ok(result.ok, JSON.stringify(result));

    const saved = await sandbox.project.getDeploymentByName('irisinputs');
    assert.ok(saved);
    const topic = saved.kafkaTopicDTO?.name ?? '';
    assert.match(topic, /^irisinputs-inf\d{4}$/);
    assert.equal(saved.inferenceLogging, 'MODEL_INPUTS');
    assert.match(
      result.message,
      new RegExp(`Created deployment irisinputs, logging MODEL_INPUTS to topic ${topic}`),
    );
    // A new deployment is Creating at first; the form follows it until it settles as Created.
    const phases = events.map((e) => e.phase);
    assert.deepEqual([phases[0], phases[1], phases.at(-1)], ['validating', 'saving', 'done']);
    assert.ok(events.some((e) => normalizeStatus(e.status) === 'CREATING'));
    assert.match(result.message, /Its state is Created\.$/);
    assert.equal(result.outcome, 'saved');
    // The panel now edits what it created: the real topic, never CREATE again.
    assert.equal(result.init.context.mode, 'edit');
    assert.deepEqual(result.init.spec.logger, {
      topic: { kind: 'EXISTING', name: topic },
      mode: 'MODEL_INPUTS',
    });
    assert.equal(c.key, `edit:${saved.id}`);

    const listed = (await sandbox.project.listTopics()).find((t) => t.name === topic);
    assert.equal(listed?.schemaName, 'inferenceschema');
    assert.equal(listed?.schemaVersion, 4);
    assert.equal(listed?.numOfPartitions, 2);

    const kafka = new Kafka({
      clientId: 'form-test',
      brokers: [sandbox.sb.kafka.plaintextBootstrap],
      logLevel: logLevel.NOTHING,
    });
    assert.equal((await partitionsPerTopic(kafka, [topic]))[topic], 2);
  });

  it('refuses an existing v3 topic for a KServe deployment before any PUT', async () => {
    const { c, spec } = await createForm();
    spec.name = 'irisv3topic';
    spec.logger = { topic: { kind: 'EXISTING', name: 'fraudtf-inf5510' }, mode: 'ALL' };
    const before = puts().length;
    const result = await c.submit({ action: 'create', spec });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.match(result.fieldErrors['logger.topic'] ?? '', /version 3; KServe deployments need version 4/);
    assert.equal(result.formError, undefined);
    assert.equal(puts().length, before, 'nothing was sent to the server');
    assert.equal(await sandbox.project.getDeploymentByName('irisv3topic'), undefined);
  });

  it('"create and start" follows the deployment to Running, reporting each state', async () => {
    const { c, spec } = await createForm();
    spec.name = 'irisstarted';
    spec.requestedInstances = 0;
    const events: ProgressEvent[] = [];
    const result = await submitSeeing(c, { action: 'createAndStart', spec }, 'Starting', events);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.outcome, 'running');
    const saved = await sandbox.project.getDeploymentByName('irisstarted');
    assert.ok(['RUNNING', 'IDLE'].includes(normalizeStatus(saved?.status)), saved?.status);
    assert.ok(events.some((e) => e.phase === 'starting'));
    const seen = events.filter((e) => e.phase === 'waiting').map((e) => normalizeStatus(e.status));
    assert.ok(seen.includes('STARTING'), `states seen: ${seen.join(', ')}`);
    assert.match(result.message, /Created deployment irisstarted.*Its state is (Running|Idle)/);
  });

  it('saving an edited deployment keeps its topic and everything the form does not show', async () => {
    const seeded = await sandbox.project.getDeploymentByName('churnpredictor');
    assert.ok(seeded?.id !== undefined);
    const topicsBefore = (await sandbox.project.listTopics()).length;
    const c = controller({ kind: 'edit', deploymentId: seeded.id });
    const init = await c.load();
    assert.equal(init.context.mode, 'edit');
    assert.deepEqual(init.spec.logger.topic, { kind: 'EXISTING', name: 'churnpredictor-inf1187' });
    const spec = init.spec;
    spec.description = 'Churn predictor, edited from VS Code';
    spec.logger.mode = 'ALL';

    const result = await c.submit({ action: 'save', spec });
    assert.ok(result.ok, JSON.stringify(result));
    const after = await sandbox.project.getDeployment(seeded.id);
    assert.equal(after?.kafkaTopicDTO?.name, 'churnpredictor-inf1187');
    assert.equal(after?.inferenceLogging, 'ALL');
    assert.equal(after?.description, 'Churn predictor, edited from VS Code');
    assert.equal(after?.predictor, seeded.predictor);
    assert.deepEqual(after?.environmentDTO, seeded.environmentDTO);
    assert.equal(after?.created, seeded.created);
    assert.equal((await sandbox.project.listTopics()).length, topicsBefore, 'no new topic');
    assert.match(
      result.message,
      /^Saved deployment churnpredictor, logging ALL to topic churnpredictor-inf1187\./,
    );
  });

  it('saving a running deployment follows its rollout (Updating) back to Running', async () => {
    const seeded = await sandbox.project.getDeploymentByName('irisnolog');
    assert.equal(normalizeStatus(seeded?.status), 'RUNNING');
    const c = controller({ kind: 'edit', deploymentId: seeded!.id! });
    const { spec } = await c.load();
    assert.deepEqual(spec.logger.topic, { kind: 'NONE' });
    spec.description = 'Iris v2, rolled from VS Code';
    const events: ProgressEvent[] = [];
    const result = await submitSeeing(c, { action: 'save', spec }, 'Updating', events);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.outcome, 'running');
    assert.ok(events.some((e) => normalizeStatus(e.status) === 'UPDATING'));
    assert.match(
      result.message,
      /^Saved deployment irisnolog, without inference logging\. Its state is Running\.$/,
    );
    const after = await sandbox.project.getDeployment(seeded!.id!);
    assert.equal(after?.description, 'Iris v2, rolled from VS Code');
    assert.equal(after?.kafkaTopicDTO ?? undefined, undefined, 'still no logging');
  });

  it('a taken name comes back on the name field: from the form’s own check, and from the server', async () => {
    const own = await createForm();
    own.spec.name = 'irisclassifier';
    const before = puts().length;
    const refused = await own.c.submit({ action: 'create', spec: own.spec });
    assert.ok(!refused.ok);
    assert.match(refused.fieldErrors.name ?? '', /already exists/);
    assert.equal(puts().length, before);

    // Someone else takes the name after the form loaded: only the server can tell.
    const { c, spec } = await createForm();
    const other = await createForm();
    other.spec.name = 'irisrace';
    assert.ok((await other.c.submit({ action: 'create', spec: other.spec })).ok);
    spec.name = 'irisrace';
    const result = await c.submit({ action: 'create', spec });
    assert.ok(!result.ok);
    assert.equal(puts().length, before + 2, 'the second create reached the server');
    assert.match(result.fieldErrors.name ?? '', /already exists in the project: choose another name/);
    assert.equal(result.formError, undefined);
  });

  it('refuses to submit for a model other than the one the form was opened for', async () => {
    const { c, spec } = await createForm();
    spec.model = { ...spec.model!, name: 'fraudtf', path: '/Projects/mlops/Models/fraudtf' };
    const result = await c.submit({ action: 'create', spec });
    assert.ok(!result.ok);
    assert.match(result.fieldErrors.model ?? '', /irisclassifier/);
  });
});
