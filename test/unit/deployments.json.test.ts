import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultSpec, editableJson, specFromDeployment, toDeploymentJson } from '../../src/deployments/index';
import type { DeploymentSpec } from '../../src/deployments/index';
import type { Deployment, ServingTool } from '../../src/hopsworks/types';
import { aBareModelVersion } from '../builders/deployment';
import { servingVariables } from '../builders/servingVariables';

const PREDICTOR = '/Projects/mlops/Models/fraud/2/predict_example.py';

/** The form after picking the sklearn model, a predictor script and a description (hopsworks-rest.md §4.4 example). */
function aSpec(tool: ServingTool, edit: (s: DeploymentSpec) => void = () => {}): DeploymentSpec {
  const s = defaultSpec(aBareModelVersion(), {
    projectName: 'mlops',
    variables: servingVariables({ kserveInstalled: tool === 'KSERVE' }),
  });
  s.description = 'fraud v2';
  s.predictor = PREDICTOR;
  edit(s);
  return s;
}

/** The create body the Python client sends for that form, before the logger part. */
function pythonClientBody(tool: ServingTool): Deployment {
  return {
    name: 'fraud',
    description: 'fraud v2',
    modelName: 'fraud',
    modelPath: '/Projects/mlops/Models/fraud',
    modelVersion: 2,
    modelFramework: 'SKLEARN',
    modelServer: 'PYTHON',
    servingTool: tool,
    predictor: PREDICTOR,
    apiProtocol: 'REST',
    requestedInstances: 1,
    predictorResources: {
      requests: { cores: 0.2, memory: 32, gpus: 0 },
      limits: { cores: 2, memory: 1024, gpus: 0 },
    },
    batchingConfiguration: { batchingEnabled: false },
  };
}

/** A deployment as GET /serving/{id} returns it on 4.x, including fields the form never shows. */
function aSavedDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 42,
    version: 3,
    name: 'fraud',
    description: 'fraud v2',
    modelName: 'fraud',
    modelPath: '/Projects/mlops/Models/fraud',
    modelVersion: 2,
    modelFramework: 'SKLEARN',
    modelServer: 'PYTHON',
    servingTool: 'KSERVE',
    predictor: PREDICTOR,
    apiProtocol: 'REST',
    environmentDTO: { name: 'pandas-inference-pipeline' },
    projectNamespace: 'mlops',
    requestedInstances: 1,
    predictorResources: {
      requests: { cores: 0.2, memory: 32, gpus: 0 },
      limits: { cores: 2, memory: 1024, gpus: 0 },
    },
    batchingConfiguration: { batchingEnabled: false },
    inferenceLogging: 'PREDICTIONS',
    kafkaTopicDTO: {
      name: 'fraud-inf1234',
      schemaName: 'inferenceschema',
      schemaVersion: 4,
      schemaContent: '{"name":"inferencelog","type":"record","fields":[]}',
    },
    predictorScalingConfig: { minInstances: 1, maxInstances: 4, scaleMetric: 'CONCURRENCY', target: 100 },
    predictorEnvVars: ['LOG_LEVEL=debug'],
    created: 1716000000000,
    creator: 'Ada Lovelace',
    status: 'Running',
    condition: { type: 'READY', status: true, reason: 'Deployment is ready' },
    availableInstances: 1,
    hopsworksInferencePath: '/project/119/inference/models/fraud',
    modelServerInferencePath: '/v1/models/fraud:predict',
    deployed: 1716000100000,
    revision: '1716000100',
    ...overrides,
  };
}

/** The topic part of an update for an unchanged existing topic: its real name, counts left to the server. */
const KEEP_TOPIC = { name: 'fraud-inf1234', numOfReplicas: null, numOfPartitions: null };

for (const tool of ['KSERVE', 'DEFAULT'] as const) {
  void describe(`toDeploymentJson: create, ${tool}`, () => {
    void it('new topic with the defaults', () => {
      assert.deepStrictEqual(toDeploymentJson(aSpec(tool)), {
        ...pythonClientBody(tool),
        inferenceLogging: 'ALL',
        kafkaTopicDTO: { name: 'CREATE', numOfReplicas: 1, numOfPartitions: 1 },
      });
    });

    void it('new topic with custom partitions and replicas', () => {
      const mode = tool === 'KSERVE' ? 'MODEL_INPUTS' : 'ALL';
      const spec = aSpec(tool, (s) => {
        s.logger = { topic: { kind: 'CREATE', partitions: 6, replicas: 3 }, mode };
      });
      assert.deepStrictEqual(toDeploymentJson(spec), {
        ...pythonClientBody(tool),
        inferenceLogging: mode,
        kafkaTopicDTO: { name: 'CREATE', numOfReplicas: 3, numOfPartitions: 6 },
      });
    });

    void it('existing topic, with null counts on the wire', () => {
      const mode = tool === 'KSERVE' ? 'PREDICTIONS' : 'ALL';
      const topic = tool === 'KSERVE' ? 'fraud-inf1234' : 'fraud-inf5678';
      const spec = aSpec(tool, (s) => {
        s.logger = { topic: { kind: 'EXISTING', name: topic }, mode };
      });
      const body = toDeploymentJson(spec);
      assert.deepStrictEqual(body, {
        ...pythonClientBody(tool),
        inferenceLogging: mode,
        kafkaTopicDTO: { name: topic, numOfReplicas: null, numOfPartitions: null },
      });
      assert.equal(
        JSON.stringify(body.kafkaTopicDTO),
        `{"name":"${topic}","numOfReplicas":null,"numOfPartitions":null}`,
      );
    });

    void it('no logging: NONE and no topic at all, whatever mode the form held', () => {
      const spec = aSpec(tool, (s) => {
        s.logger = { topic: { kind: 'NONE' }, mode: 'PREDICTIONS' };
      });
      const body = toDeploymentJson(spec);
      assert.deepStrictEqual(body, { ...pythonClientBody(tool), inferenceLogging: 'NONE' });
      assert.ok(!JSON.stringify(body).includes('kafkaTopicDTO'));
    });
  });
}

void describe('toDeploymentJson: create, other sections', () => {
  void it('sends transformer, batching, gRPC, environment and config file as the Python client names them', () => {
    const spec = aSpec('KSERVE', (s) => {
      s.apiProtocol = 'GRPC';
      s.environment = 'pandas-inference-pipeline';
      s.configFile = '/Projects/mlops/Resources/config.yml';
      s.batching = { enabled: true, maxBatchSize: 32, maxLatency: 5000, timeout: 5 };
      s.transformer.script = '/Projects/mlops/Resources/transformer.py';
      s.transformer.instances = 2;
      s.transformer.resources.requests.cores = 0.5;
      s.logger.topic = { kind: 'NONE' };
    });
    assert.deepStrictEqual(toDeploymentJson(spec), {
      ...pythonClientBody('KSERVE'),
      apiProtocol: 'GRPC',
      environmentDTO: { name: 'pandas-inference-pipeline' },
      configFile: '/Projects/mlops/Resources/config.yml',
      batchingConfiguration: { batchingEnabled: true, maxBatchSize: 32, maxLatency: 5000, timeout: 5 },
      transformer: '/Projects/mlops/Resources/transformer.py',
      requestedTransformerInstances: 2,
      transformerResources: {
        requests: { cores: 0.5, memory: 32, gpus: 0 },
        limits: { cores: 2, memory: 1024, gpus: 0 },
      },
      inferenceLogging: 'NONE',
    });
  });

  void it('leaves out blank optional texts and fine-grained batching values while batching is off', () => {
    const spec = aSpec('KSERVE', (s) => {
      s.description = '';
      s.predictor = '  ';
      s.environment = '';
      s.batching = { enabled: false, maxBatchSize: 32 };
    });
    const { description: _d, predictor: _p, ...rest } = pythonClientBody('KSERVE');
    assert.deepStrictEqual(toDeploymentJson(spec), {
      ...rest,
      inferenceLogging: 'ALL',
      kafkaTopicDTO: { name: 'CREATE', numOfReplicas: 1, numOfPartitions: 1 },
    });
  });
});

/** What an update sends back of `aSavedDeployment()`: everything but the state and paths only the server writes. */
function sentBack(d: Deployment): Deployment {
  const {
    status: _s,
    condition: _c,
    availableInstances: _a,
    hopsworksInferencePath: _h,
    modelServerInferencePath: _m,
    deployed: _d,
    revision: _r,
    ...rest
  } = d;
  return { ...rest, ...(d.kafkaTopicDTO ? { kafkaTopicDTO: KEEP_TOPIC } : {}) };
}

void describe('toDeploymentJson: update', () => {
  void it('sends back what GET showed, less what only the server writes, keeping the topic by name', () => {
    const saved = { ...aSavedDeployment(), tracing: { enabled: true } };
    const body = toDeploymentJson(specFromDeployment(saved), saved);
    assert.deepStrictEqual(body, sentBack(saved));
    assert.deepStrictEqual(body, editableJson(saved));
    assert.deepStrictEqual(
      saved,
      { ...aSavedDeployment(), tracing: { enabled: true } },
      'input not modified',
    );
  });

  void it('overwrites only what the form changed and keeps id, version and unknown fields', () => {
    const saved = aSavedDeployment();
    const spec = specFromDeployment(saved);
    spec.description = 'fraud v3';
    spec.model!.version = 3;
    spec.resources.limits.memory = 2048;
    spec.logger.mode = 'ALL';
    assert.deepStrictEqual(toDeploymentJson(spec, saved), {
      ...sentBack(saved),
      description: 'fraud v3',
      modelVersion: 3,
      predictorResources: {
        requests: { cores: 0.2, memory: 32, gpus: 0 },
        limits: { cores: 2, memory: 2048, gpus: 0 },
      },
      inferenceLogging: 'ALL',
    });
  });

  void it('4.6+: a new minimum goes into the saved scaling config, and the deprecated count follows it', () => {
    const saved = aSavedDeployment({
      predictorScalingConfig: { minInstances: 1, maxInstances: 4, scaleMetric: 'CONCURRENCY', target: 100 },
    });
    const spec = specFromDeployment(saved);
    assert.ok(spec.scaling);
    spec.scaling.minInstances = 2;
    spec.scaling.target = 50;
    delete spec.scaling.maxInstances;
    const body = toDeploymentJson(spec, saved);
    assert.equal(body.requestedInstances, 2);
    assert.deepStrictEqual(body.predictorScalingConfig, {
      minInstances: 2,
      scaleMetric: 'CONCURRENCY',
      target: 50,
    });
  });

  void it('4.6+: the instance count of the form is not what sizes the deployment', () => {
    const saved = aSavedDeployment({ requestedInstances: 0, predictorScalingConfig: { minInstances: 0 } });
    const spec = specFromDeployment(saved);
    spec.requestedInstances = 1;
    assert.deepStrictEqual(toDeploymentJson(spec, saved), sentBack(saved), 'scale-to-zero does not end');
  });

  void it('keeps fields of a saved scaling config that this code does not know', () => {
    const config = { minInstances: 1, autoscaler: 'KEDA' } as Deployment['predictorScalingConfig'];
    const saved = aSavedDeployment({ predictorScalingConfig: config });
    const spec = specFromDeployment(saved);
    spec.scaling!.maxInstances = 3;
    assert.deepStrictEqual(toDeploymentJson(spec, saved).predictorScalingConfig, {
      minInstances: 1,
      autoscaler: 'KEDA',
      maxInstances: 3,
    });
  });

  void it('an emptied description, configuration file or environment is sent as saved (the server keeps them)', () => {
    const saved = aSavedDeployment({ configFile: '/Projects/mlops/Resources/vllm.yml' });
    const spec = specFromDeployment(saved);
    spec.description = '';
    spec.configFile = '';
    spec.environment = ' ';
    assert.deepStrictEqual(toDeploymentJson(spec, saved), sentBack(saved));
  });

  void it('4.8+: emptied environment variables are sent as [] (null would keep them)', () => {
    const saved = aSavedDeployment();
    const spec = specFromDeployment(saved);
    assert.deepStrictEqual(spec.envVars, ['LOG_LEVEL=debug']);
    spec.envVars = [];
    assert.deepStrictEqual(toDeploymentJson(spec, saved).predictorEnvVars, []);
  });

  void it('turning logging off removes the topic; choosing CREATE asks for a new one', () => {
    const saved = aSavedDeployment();
    const off = specFromDeployment(saved);
    off.logger.topic = { kind: 'NONE' };
    const { kafkaTopicDTO: _t, ...withoutTopic } = sentBack(saved);
    assert.deepStrictEqual(toDeploymentJson(off, saved), { ...withoutTopic, inferenceLogging: 'NONE' });

    const fresh = specFromDeployment(saved);
    fresh.logger.topic = { kind: 'CREATE', partitions: 2, replicas: 1 };
    assert.deepStrictEqual(toDeploymentJson(fresh, saved).kafkaTopicDTO, {
      name: 'CREATE',
      numOfReplicas: 1,
      numOfPartitions: 2,
    });
  });

  void it('a deployment without logging stays without: no "NONE" is added to an unchanged save', () => {
    const { kafkaTopicDTO: _t, inferenceLogging: _l, ...saved } = aSavedDeployment();
    assert.deepStrictEqual(toDeploymentJson(specFromDeployment(saved), saved), sentBack(saved));
  });

  void it('removing the transformer removes all of its fields', () => {
    const saved = aSavedDeployment({
      transformer: '/Projects/mlops/Resources/transformer.py',
      requestedTransformerInstances: 1,
      transformerResources: {
        requests: { cores: 0.2, memory: 32, gpus: 0 },
        limits: { cores: 2, memory: 1024, gpus: 0 },
      },
      transformerScalingConfig: { minInstances: 1 },
      transformerEnvVars: ['A=1'],
    });
    const spec = specFromDeployment(saved);
    assert.equal(spec.transformer.script, '/Projects/mlops/Resources/transformer.py');
    spec.transformer.script = '';
    assert.deepStrictEqual(toDeploymentJson(spec, saved), sentBack(aSavedDeployment()));
  });

  void it('turning batching off drops the saved fine-grained values', () => {
    const saved = aSavedDeployment({ batchingConfiguration: { batchingEnabled: true, maxBatchSize: 8 } });
    const spec = specFromDeployment(saved);
    assert.deepStrictEqual(spec.batching, { enabled: true, maxBatchSize: 8 });
    spec.batching.enabled = false;
    assert.deepStrictEqual(toDeploymentJson(spec, saved).batchingConfiguration, { batchingEnabled: false });
  });

  void it('asks a ≤4.5 server for a new artifact only when a script or the model version changes', () => {
    const saved = aSavedDeployment({ artifactVersion: 2, predictor: 'predictor-predict_example.py' });
    const same = specFromDeployment(saved);
    assert.equal(toDeploymentJson(same, saved).artifactVersion, 2);
    const newScript = specFromDeployment(saved);
    newScript.predictor = '/Projects/mlops/Resources/predict_v2.py';
    assert.equal(toDeploymentJson(newScript, saved).artifactVersion, -1);
    const newVersion = specFromDeployment(saved);
    newVersion.model!.version = 3;
    assert.equal(toDeploymentJson(newVersion, saved).artifactVersion, -1);
  });

  void it('a deployment without a model (4.6+) stays without one', () => {
    const {
      modelName: _n,
      modelPath: _p,
      modelVersion: _v,
      modelFramework: _f,
      ...saved
    } = aSavedDeployment() as Partial<Deployment>;
    const d = saved as Deployment;
    const spec = specFromDeployment(d);
    assert.equal(spec.model, undefined);
    spec.description = 'rules v2';
    const body = toDeploymentJson(spec, d);
    assert.deepStrictEqual(body, { ...sentBack(d), description: 'rules v2' });
    assert.ok(!('modelName' in body) && !('modelVersion' in body) && !('modelFramework' in body));
  });
});

void describe('specFromDeployment', () => {
  void it('reads every field the form shows', () => {
    assert.deepStrictEqual(
      specFromDeployment(aSavedDeployment(), undefined, { scalingConfig: false, envVars: false }),
      {
        name: 'fraud',
        description: 'fraud v2',
        model: { name: 'fraud', version: 2, framework: 'SKLEARN', path: '/Projects/mlops/Models/fraud' },
        servingTool: 'KSERVE',
        modelServer: 'PYTHON',
        predictor: PREDICTOR,
        requestedInstances: 1,
        resources: {
          requests: { cores: 0.2, memory: 32, gpus: 0 },
          limits: { cores: 2, memory: 1024, gpus: 0 },
        },
        logger: { topic: { kind: 'EXISTING', name: 'fraud-inf1234' }, mode: 'PREDICTIONS' },
        batching: { enabled: false },
        transformer: {
          instances: 1,
          resources: {
            requests: { cores: 0.2, memory: 32, gpus: 0 },
            limits: { cores: 2, memory: 1024, gpus: 0 },
          },
        },
        apiProtocol: 'REST',
        environment: 'pandas-inference-pipeline',
      },
    );
  });

  void it('reads the 4.6+ scaling configs and the 4.8+ environment variables and vLLM options', () => {
    const spec = specFromDeployment(
      aSavedDeployment({
        modelServer: 'VLLM',
        vllmVariant: 'VLLM_OMNI',
        vllmImageTag: '0.9.2',
        transformer: '/Projects/mlops/Resources/t.py',
        transformerEnvVars: ['A=1'],
      }),
    );
    assert.deepStrictEqual(spec.scaling, {
      minInstances: 1,
      maxInstances: 4,
      scaleMetric: 'CONCURRENCY',
      target: 100,
    });
    assert.deepStrictEqual(spec.transformer.scaling, { minInstances: 1 }, 'sized by the deprecated count');
    assert.deepStrictEqual(spec.envVars, ['LOG_LEVEL=debug']);
    assert.deepStrictEqual(spec.transformer.envVars, ['A=1']);
    assert.deepStrictEqual(spec.vllm, { variant: 'VLLM_OMNI', imageTag: '0.9.2' });
  });

  void it('leaves out what the version does not have', () => {
    const spec = specFromDeployment(aSavedDeployment(), undefined, { scalingConfig: false, envVars: false });
    assert.equal(spec.scaling, undefined);
    assert.equal(spec.envVars, undefined);
    assert.equal(spec.vllm, undefined);
  });

  void it('reads no logging when the server omits the topic, and keeps -1 limits', () => {
    const {
      kafkaTopicDTO: _t,
      inferenceLogging: _l,
      ...saved
    } = aSavedDeployment({
      predictorResources: {
        requests: { cores: 1, memory: 256, gpus: 0 },
        limits: { cores: -1, memory: -1, gpus: 0 },
      },
    });
    const spec = specFromDeployment(saved);
    assert.deepStrictEqual(spec.logger, { topic: { kind: 'NONE' }, mode: 'ALL' });
    assert.deepStrictEqual(spec.resources.limits, { cores: -1, memory: -1, gpus: 0 });
  });

  void it('takes the framework from the model when the deployment has none, else SKLEARN like the Python client', () => {
    const { modelFramework: _f, ...saved } = aSavedDeployment();
    assert.equal(
      specFromDeployment(saved, aBareModelVersion({ framework: 'TORCH' })).model?.framework,
      'TORCH',
    );
    assert.equal(specFromDeployment(saved).model?.framework, 'SKLEARN');
  });

  void it('fills missing resources as the Python client does', () => {
    const { predictorResources: _r, ...saved } = aSavedDeployment();
    assert.deepStrictEqual(specFromDeployment(saved).resources, {
      requests: { cores: 0.2, memory: 32, gpus: 0 },
      limits: { cores: 2, memory: 1024, gpus: 0 },
    });
  });
});
