// The deployment form's host (DeploymentFormController with the real REST client) against the sandbox of the
// run's Hopsworks version (HOPSWORKS_PROFILE; scripts/test.mjs runs this file on every version). What a save
// sends is recorded as it goes on the wire, and what the server stored is read back over raw HTTPS:
// - every seeded deployment, opened and saved untouched, sends back exactly what GET showed less the state
//   and paths only the server writes, and the server stores nothing (no new version, no rollout);
// - every field the form shows survives a save on the server;
// - ≤ 4.5 script names get their artifact path when the model version changes, never a bare name with a new
//   artifact (240016); deployments without a model (4.6+) are edited without model fields;
// - roles, quotas and the replicas the server refuses come back with their cause, where they belong;
// - a real change to a running deployment is followed through Updating to Running, read from GET.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { DeploymentSpec } from '../../src/deployments/index';
import { followArtifact } from '../../src/deployments/index';
import type { HopsworksClient } from '../../src/hopsworks/client';
import type { ProjectClient } from '../../src/hopsworks/projectClient';
import type { Deployment } from '../../src/hopsworks/types';
import { normalizeStatus } from '../../src/hopsworks/types';
import type { FormProjectApi, FormTarget } from '../../src/panels/deploymentForm/deploymentFormController';
import { DeploymentFormController } from '../../src/panels/deploymentForm/deploymentFormController';
import type { ProgressEvent } from '../../src/protocol/deploymentForm';
import { TEST_PROFILE, projectRequest, sandboxClient, stateHolds } from '../support/sandbox';
import { connectedToSandbox } from '../support/sandboxForTests';
import { ASSISTANT_VLLM } from '../support/servingBodies';
import { waitFor } from '../support/wait';
import { withoutServerOnlyFields } from '../builders/serverOnlyFields';

type Json = Record<string, unknown>;

/** What an untouched save must send for a GET answer: all of it but the server-only fields; the topic by name. */
function noOpBody(get: Json): Json {
  const out = withoutServerOnlyFields(get);
  const topic = get.kafkaTopicDTO as { name: string } | undefined;
  if (topic) out.kafkaTopicDTO = { name: topic.name, numOfReplicas: null, numOfPartitions: null };
  return out;
}

/** The definition the server stores, as GET shows it (without the state, which moves by itself). */
function definition(get: Json): Json {
  const {
    status: _s,
    condition: _c,
    availableInstances: _a,
    availableTransformerInstances: _t,
    ...rest
  } = get;
  return rest;
}

const atLeast = (v: '4.6' | '4.8') => Number(TEST_PROFILE) >= Number(v);

const sandbox = connectedToSandbox({ lifecycleStepMs: 150, trafficPerSecond: 0 }, {});
/** Every PUT body, exactly as it is serialised onto the wire. */
const sent: Json[] = [];

// Updating lasts one lifecycle step; the test that expects the form to report it holds it until the form has.
const holds = stateHolds(() => sandbox.sb);
afterEach(() => holds.releaseAll());

/** The project as the form uses it, recording what each save puts on the wire. */
function recording(p: ProjectClient): FormProjectApi {
  return {
    projectName: p.projectName,
    listDeployments: () => p.listDeployments(),
    getDeployment: (id) => p.getDeployment(id),
    listModelVersions: (name) => p.listModelVersions(name),
    getModelVersion: (name, version) => p.getModelVersion(name, version),
    listTopics: () => p.listTopics(),
    saveDeployment: (d) => {
      sent.push(JSON.parse(JSON.stringify(d)) as Json);
      return p.saveDeployment(d);
    },
    startDeployment: (id) => p.startDeployment(id),
  };
}

function controller(
  target: FormTarget,
  on: { client: HopsworksClient; project: ProjectClient } = sandbox,
): DeploymentFormController {
  const p = recording(on.project);
  return new DeploymentFormController(target, {
    project: () => p,
    servingVariables: () => on.client.getServingVariables(),
    hopsworksVersion: () => on.client.getBackendVersion(),
    pollIntervalMs: 50,
    startTimeoutMs: 30_000,
  });
}

async function getRaw(id: number): Promise<Json> {
  const reply = await projectRequest(sandbox.sb, 'GET', `/serving/${id}`);
  assert.equal(reply.status, 200, reply.text);
  return reply.json as Json;
}

async function idOf(name: string): Promise<number> {
  const d = await sandbox.project.getDeploymentByName(name);
  assert.ok(d?.id !== undefined, `deployment ${name}`);
  return d.id;
}

async function untilSettled(id: number): Promise<Json> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await getRaw(id);
    const s = normalizeStatus(d.status as string);
    if (!['CREATING', 'STARTING', 'UPDATING', 'STOPPING'].includes(s)) return d;
    assert.ok(Date.now() < deadline, `deployment ${id} still ${s}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

void describe(`deployment form on Hopsworks ${TEST_PROFILE}`, () => {
  void it('a save with no change sends back what GET showed, for every seeded deployment, and stores nothing', async () => {
    if (atLeast('4.8')) {
      // A vLLM deployment with what 4.8 adds: env vars, variant and image tag.
      const created = await projectRequest(sandbox.sb, 'PUT', '/serving', {
        ...ASSISTANT_VLLM,
        configFile: '/Projects/mlops/Resources/vllm.yml',
        predictorScalingConfig: { minInstances: 0, maxInstances: 1 },
        predictorResources: {
          requests: { cores: 1, memory: 2048, gpus: 0 },
          limits: { cores: 2, memory: 4096, gpus: 0 },
        },
        predictorEnvVars: ['HF_HOME=/tmp/hf', 'VLLM_LOGGING_LEVEL=DEBUG'],
        vllmVariant: 'VLLM_OMNI',
        vllmImageTag: 'v0.8.5',
      });
      assert.equal(created.status, 201, created.text);
    }
    const all = await sandbox.project.listDeployments();
    const names = all.map((d) => d.name).sort();
    const expected = ['churnpredictor', 'fraudcanary', 'fraudtf', 'irisclassifier', 'irisnolog'];
    if (atLeast('4.6')) expected.push('fraudrules');
    if (atLeast('4.8')) expected.push('assistant');
    assert.deepEqual(names, expected.sort());

    for (const d of all) {
      const before = await getRaw(d.id!);
      const c = controller({ kind: 'edit', deploymentId: d.id! });
      const init = await c.load();
      assert.equal(init.context.features.scalingConfig, atLeast('4.6'), d.name);
      assert.equal(init.context.features.envVars, atLeast('4.8'), d.name);
      const puts = sent.length;
      const result = await c.submit({ action: 'save', spec: init.spec });
      assert.ok(result.ok, `${d.name}: ${JSON.stringify(result)}`);
      assert.equal(sent.length, puts + 1, `${d.name}: one PUT`);
      assert.deepStrictEqual(sent.at(-1), noOpBody(before), `${d.name}: the PUT body`);

      const after = await getRaw(d.id!);
      assert.deepStrictEqual(definition(after), definition(before), `${d.name}: what the server stores`);
      assert.equal(after.status, before.status, `${d.name}: no rollout`);
    }
    // The cases by name: 2 instances stay 2; scale-to-zero stays on.
    const fraudtf = sent.find((b) => b.name === 'fraudtf')!;
    assert.equal(fraudtf.requestedInstances, 2);
    const iris = sent.find((b) => b.name === 'irisclassifier')!;
    if (atLeast('4.6')) assert.equal((iris.predictorScalingConfig as Json).minInstances, 0);
    if (atLeast('4.8')) assert.deepEqual(iris.predictorEnvVars, ['LOG_LEVEL=INFO', 'FEATURE_VIEW_VERSION=2']);
  });

  void it('every field the form shows is stored as the form sent it', async () => {
    const model = await sandbox.project.getModelVersion('irisclassifier', 3);
    assert.ok(model);
    const create = controller({ kind: 'create', model });
    const { spec: fresh } = await create.load();
    fresh.name = 'irisroundtrip';
    fresh.logger = { topic: { kind: 'NONE' }, mode: 'ALL' };
    const created = await create.submit({ action: 'create', spec: fresh });
    assert.ok(created.ok, JSON.stringify(created));
    const id = await idOf('irisroundtrip');
    const before = await untilSettled(id);

    const c = controller({ kind: 'edit', deploymentId: id });
    const { spec, context } = await c.load();
    spec.description = 'every field';
    spec.model = { ...spec.model!, version: 2 };
    spec.predictor = '/Projects/mlops/Resources/predict_iris.py';
    spec.environment = 'python-feature-pipeline';
    spec.resources = {
      requests: { cores: 0.5, memory: 512, gpus: 0 },
      limits: { cores: 2, memory: 2048, gpus: 0 },
    };
    spec.logger = { topic: { kind: 'EXISTING', name: 'irismonitor-inf2094' }, mode: 'MODEL_INPUTS' };
    spec.batching = { enabled: true, maxBatchSize: 16, maxLatency: 50, timeout: 2 };
    spec.transformer.script = '/Projects/mlops/Resources/iris_transformer.py';
    spec.transformer.resources.requests.memory = 256;
    if (spec.scaling) {
      spec.scaling = {
        minInstances: 0,
        maxInstances: 3,
        scaleMetric: 'RPS',
        target: 20,
        panicWindowPercentage: 15,
        panicThresholdPercentage: 150,
        stableWindowSeconds: 90,
        scaleToZeroRetentionSeconds: 30,
      };
      spec.transformer.scaling = { minInstances: 0, maxInstances: 2 };
    }
    if (spec.envVars) {
      spec.envVars = ['A=1', 'B=two words'];
      spec.transformer.envVars = ['T=1'];
    }
    const result = await c.submit({ action: 'save', spec });
    assert.ok(result.ok, JSON.stringify(result));

    const stored = await getRaw(id);
    const shown: DeploymentSpec = result.init.spec;
    const expected = structuredClone(spec);
    if (context.features.artifacts) {
      // ≤ 4.5 copies the scripts into a new artifact and shows their file names from then on.
      expected.predictor = 'predict_iris.py';
      expected.transformer.script = 'iris_transformer.py';
      assert.equal(stored.artifactVersion, 1);
    }
    assert.deepStrictEqual(shown, expected, 'the form reloaded from GET shows what was sent');
    assert.equal(stored.modelVersion, 2);
    if (atLeast('4.6')) assert.equal(stored.version, (before.version as number) + 1);
  });

  void it('≤ 4.5: another model version gets the script’s full path, never its bare name (240016)', async () => {
    const id = await idOf('churnpredictor');
    const c = controller({ kind: 'edit', deploymentId: id });
    const { spec, context } = await c.load();
    assert.equal(spec.model?.version, 2);
    spec.model = { ...spec.model, version: 3 };
    if (context.features.artifacts) {
      assert.equal(spec.predictor, 'predict_churn.py');
      // Left as the bare name, the form refuses before any PUT and says what to do.
      const puts = sent.length;
      const refused = await c.submit({ action: 'save', spec });
      assert.ok(!refused.ok);
      assert.match(refused.fieldErrors.predictor ?? '', /full path.*240016/);
      assert.equal(sent.length, puts, 'nothing sent');
    } else {
      assert.equal(spec.predictor, '/Projects/mlops/Models/churnpredictor/2/predict_churn.py');
    }
    // What the form does when the version is picked.
    followArtifact(spec, context.existing);
    const result = await c.submit({ action: 'save', spec });
    assert.ok(result.ok, JSON.stringify(result));
    const body = sent.at(-1)!;
    if (context.features.artifacts) {
      assert.deepEqual(
        [body.artifactVersion, body.predictor],
        [-1, '/Projects/mlops/Models/churnpredictor/2/Artifacts/1/predictor-predict_churn.py'],
      );
    } else {
      assert.equal(body.predictor, '/Projects/mlops/Models/churnpredictor/2/predict_churn.py');
    }
    assert.equal((await getRaw(id)).modelVersion, 3);
  });

  void it('4.6+: a deployment without a model is edited without model fields', async () => {
    const rules = await sandbox.project.getDeploymentByName('fraudrules');
    assert.equal(rules !== undefined, atLeast('4.6'), 'seeded from 4.6');
    if (!rules) return;
    const c = controller({ kind: 'edit', deploymentId: rules.id! });
    const { spec, context } = await c.load();
    assert.equal(spec.model, undefined);
    assert.deepEqual(context.versions, []);
    spec.predictor = '';
    const refused = await c.submit({ action: 'save', spec });
    assert.ok(!refused.ok);
    assert.match(refused.fieldErrors.predictor ?? '', /without a model runs its predictor script/);

    spec.predictor = '/Projects/mlops/Resources/fraud_rules_server_v2.py';
    spec.description = 'Rules v2';
    const result = await c.submit({ action: 'save', spec });
    assert.ok(result.ok, JSON.stringify(result));
    const body = sent.at(-1)!;
    for (const key of ['modelName', 'modelPath', 'modelVersion', 'modelFramework']) {
      assert.ok(!(key in body), `${key} not sent`);
    }
    const stored = await getRaw(rules.id!);
    assert.deepEqual(
      [stored.predictor, stored.description, stored.modelName],
      ['/Projects/mlops/Resources/fraud_rules_server_v2.py', 'Rules v2', undefined],
    );
  });

  void it('an emptied description is kept by the server, and the form says so', async () => {
    const id = await idOf('fraudcanary');
    const c = controller({ kind: 'edit', deploymentId: id });
    const { spec } = await c.load();
    const saved = spec.description;
    assert.ok(saved);
    spec.description = '';
    const result = await c.submit({ action: 'save', spec });
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.message, /Hopsworks kept the saved description: an update cannot remove it\./);
    assert.equal((await getRaw(id)).description, saved);
    assert.equal(result.init.spec.description, saved);
  });

  void it('a real change to a running deployment is followed through Updating to Running, from GET', async () => {
    const id = await idOf('irisnolog');
    const c = controller({ kind: 'edit', deploymentId: id });
    const { spec } = await c.load();
    if (spec.scaling) spec.scaling.maxInstances = 3;
    else spec.resources.limits.memory = 2048;
    const events: ProgressEvent[] = [];
    const updating = holds.hold('Updating');
    const submitting = c.submit({ action: 'save', spec }, (e) => events.push(e));
    await waitFor(
      () => events.some((e) => e.phase === 'waiting' && normalizeStatus(e.status) === 'UPDATING'),
      () => `the form to report Updating; it reported: ${events.map((e) => e.message).join(' | ')}`,
    );
    updating();
    const result = await submitting;
    assert.ok(result.ok, JSON.stringify(result));
    const states = events.filter((e) => e.phase === 'waiting').map((e) => normalizeStatus(e.status));
    assert.ok(states.includes('UPDATING'), `states seen: ${states.join(', ')}`);
    assert.equal(result.outcome, 'running');
    assert.equal(normalizeStatus(result.init.context.existing?.status), 'RUNNING');
    assert.equal(normalizeStatus((await getRaw(id)).status as string), 'RUNNING');
  });

  void it('replicas are not capped by the broker addresses: the server judges, and its answer lands on the field', async () => {
    const model = await sandbox.project.getModelVersion('irisclassifier', 2);
    assert.ok(model);
    const c = controller({ kind: 'create', model });
    const { spec, context } = await c.load();
    assert.equal(context.brokerCount, undefined, 'the count is not guessed from the addresses');
    spec.name = 'irisreplicas';
    spec.logger = { topic: { kind: 'CREATE', partitions: 1, replicas: 3 }, mode: 'ALL' };
    const result = await c.submit({ action: 'create', spec });
    assert.ok(!result.ok);
    assert.equal(sent.at(-1)?.name, 'irisreplicas', 'the form let it through to the server');
    assert.match(result.fieldErrors['logger.replicas'] ?? '', /larger than the number of Kafka brokers/);
  });

  void it('a Data scientist’s save says the role and what to do, at the top; nothing changes', async () => {
    const ds = sandboxClient(sandbox.sb, { apiKey: sandbox.sb.dataScientistApiKey });
    try {
      const dsProject = ds.project(sandbox.sb.projectId, sandbox.sb.project);
      const id = await idOf('irisclassifier');
      const before = await getRaw(id);
      const c = controller({ kind: 'edit', deploymentId: id }, { client: ds, project: dsProject });
      const { spec } = await c.load();
      spec.description = 'not allowed';
      const result = await c.submit({ action: 'save', spec });
      assert.ok(!result.ok);
      assert.deepEqual(result.fieldErrors, {});
      assert.match(
        result.formError ?? '',
        /^Your role in project mlops is Data scientist; changing a deployment needs Data owner\. Ask a Data owner/,
      );
      assert.deepStrictEqual(definition(await getRaw(id)), definition(before));
    } finally {
      ds.dispose();
    }
  });
});

void describe(`deployment form quotas on Hopsworks ${TEST_PROFILE}`, () => {
  // Fewer topics than the seed has (a new one is refused) and no room for another deployment.
  const tight = connectedToSandbox(
    {
      lifecycleStepMs: 150,
      trafficPerSecond: 0,
      quotas: { topics: 5, deployments: 1, runningDeployments: -1 },
    },
    {},
  );

  void it('the deployment quota is said at the top; the topic quota on the logger’s topic', async () => {
    const on = { client: tight.client, project: tight.project };
    const model = await tight.project.getModelVersion('irisclassifier', 2);
    assert.ok(model);
    const create = controller({ kind: 'create', model }, on);
    const { spec } = await create.load();
    spec.name = 'irisquota';
    const refused = await create.submit({ action: 'create', spec });
    assert.ok(!refused.ok);
    assert.deepEqual(refused.fieldErrors, {});
    assert.match(refused.formError ?? '', /quota of deployments \(\d+ of 1\): delete a deployment/);

    const d: Deployment | undefined = await tight.project.getDeploymentByName('irisnolog');
    assert.ok(d?.id !== undefined);
    const edit = controller({ kind: 'edit', deploymentId: d.id }, on);
    const loaded = await edit.load();
    loaded.spec.logger = { topic: { kind: 'CREATE', partitions: 1, replicas: 1 }, mode: 'ALL' };
    const noTopic = await edit.submit({ action: 'save', spec: loaded.spec });
    assert.ok(!noTopic.ok);
    assert.equal(noTopic.formError, undefined);
    assert.match(
      noTopic.fieldErrors['logger.topic'] ?? '',
      /quota of Kafka topics.*existing inference topic/,
    );
  });
});
