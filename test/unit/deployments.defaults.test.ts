import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultDeploymentName, defaultSpec, validateSpec } from '../../src/deployments/index';
import type { ServingVariables } from '../../src/hopsworks/types';
import { aBareModelVersion } from '../builders/deployment';
import { servingVariables } from '../builders/servingVariables';

const ctx = (v: Partial<ServingVariables> = {}, existingNames?: string[]) => ({
  projectName: 'mlops',
  variables: servingVariables(v),
  ...(existingNames ? { existingNames } : {}),
});

void describe('defaultSpec', () => {
  void it('gives a KServe sklearn deployment the Python client defaults', () => {
    assert.deepStrictEqual(defaultSpec(aBareModelVersion(), ctx()), {
      name: 'fraud',
      model: { name: 'fraud', version: 2, framework: 'SKLEARN', path: '/Projects/mlops/Models/fraud' },
      servingTool: 'KSERVE',
      modelServer: 'PYTHON',
      requestedInstances: 1,
      resources: {
        requests: { cores: 0.2, memory: 32, gpus: 0 },
        limits: { cores: 2, memory: 1024, gpus: 0 },
      },
      logger: { topic: { kind: 'CREATE', partitions: 1, replicas: 1 }, mode: 'ALL' },
      batching: { enabled: false },
      transformer: {
        instances: 1,
        resources: {
          requests: { cores: 0.2, memory: 32, gpus: 0 },
          limits: { cores: 2, memory: 1024, gpus: 0 },
        },
      },
      apiProtocol: 'REST',
    });
  });

  for (const [framework, server] of [
    ['TENSORFLOW', 'TENSORFLOW_SERVING'],
    ['SKLEARN', 'PYTHON'],
    ['PYTHON', 'PYTHON'],
    ['TORCH', 'PYTHON'],
    ['LLM', 'VLLM'],
  ] as const) {
    void it(`picks ${server} for ${framework} models`, () => {
      assert.equal(defaultSpec(aBareModelVersion({ framework }), ctx()).modelServer, server);
    });
  }

  void it('starts vLLM deployments without inference logging (vLLM cannot log)', () => {
    assert.deepStrictEqual(defaultSpec(aBareModelVersion({ framework: 'LLM' }), ctx()).logger.topic, {
      kind: 'NONE',
    });
  });

  void it('uses the default serving tool when KServe is not installed', () => {
    const spec = defaultSpec(aBareModelVersion(), ctx({ kserveInstalled: false }));
    assert.equal(spec.servingTool, 'DEFAULT');
    assert.equal(spec.requestedInstances, 1);
  });

  void it('asks for 0 instances when the cluster requires scale-to-zero on KServe', () => {
    const spec = defaultSpec(aBareModelVersion(), ctx({ scaleToZeroRequired: true }));
    assert.equal(spec.requestedInstances, 0);
    assert.equal(spec.transformer.instances, 0);
  });

  void it('keeps 1 instance without KServe even when scale-to-zero is required for KServe', () => {
    const spec = defaultSpec(aBareModelVersion(), ctx({ kserveInstalled: false, scaleToZeroRequired: true }));
    assert.equal(spec.requestedInstances, 1);
  });

  void it('caps the default limits at the cluster maximum when it is lower', () => {
    const spec = defaultSpec(aBareModelVersion(), ctx({ maxCores: 1, maxMemory: 512, maxGpus: 0 }));
    assert.deepStrictEqual(spec.resources.limits, { cores: 1, memory: 512, gpus: 0 });
    assert.deepStrictEqual(spec.resources.requests, { cores: 0.2, memory: 32, gpus: 0 });
  });

  void it('keeps the SDK limits when the cluster maximum is higher', () => {
    const spec = defaultSpec(aBareModelVersion(), ctx({ maxCores: 8, maxMemory: 4096 }));
    assert.deepStrictEqual(spec.resources.limits, { cores: 2, memory: 1024, gpus: 0 });
  });

  void it('uses the model framework PYTHON when the model version has none', () => {
    const { framework: _omit, ...noFramework } = aBareModelVersion();
    assert.equal(defaultSpec(noFramework, ctx()).model?.framework, 'PYTHON');
  });

  for (const framework of ['SKLEARN', 'TENSORFLOW', 'LLM']) {
    for (const kserveInstalled of [true, false]) {
      for (const scaleToZeroRequired of [true, false]) {
        void it(`is valid as is: ${framework}, kserve=${kserveInstalled}, scaleToZero=${scaleToZeroRequired}`, () => {
          const c = ctx({ kserveInstalled, scaleToZeroRequired, maxCores: 4, maxMemory: 2048, maxGpus: 1 });
          const spec = defaultSpec(aBareModelVersion({ framework }), c);
          // SKLEARN without KServe must name a predictor script; everything else is valid untouched.
          const expected = framework === 'SKLEARN' && !kserveInstalled ? ['predictor'] : [];
          assert.deepStrictEqual(Object.keys(validateSpec(spec, { variables: c.variables })), expected);
        });
      }
    }
  }

  for (const framework of ['PYTHON', 'TORCH']) {
    void it(`leaves only the predictor script to fill in for ${framework} models`, () => {
      const spec = defaultSpec(aBareModelVersion({ framework }), ctx());
      assert.deepStrictEqual(Object.keys(validateSpec(spec, { variables: servingVariables() })), [
        'predictor',
      ]);
      spec.predictor = '/Projects/mlops/Models/fraud/2/predict.py';
      assert.deepStrictEqual(validateSpec(spec, { variables: servingVariables() }), {});
    });
  }
});

void describe('defaultDeploymentName', () => {
  void it('strips non-alphanumerics like the Python client and lower-cases for KServe', () => {
    assert.equal(defaultDeploymentName('Fraud_Model-v2.1', 'KSERVE'), 'fraudmodelv21');
    assert.equal(defaultDeploymentName('Fraud_Model-v2.1', 'DEFAULT'), 'FraudModelv21');
  });

  void it('appends a counter when the name is taken', () => {
    assert.equal(defaultDeploymentName('fraud', 'KSERVE', ['fraud', 'fraud2']), 'fraud3');
    assert.equal(defaultSpec(aBareModelVersion(), ctx({}, ['fraud'])).name, 'fraud2');
  });

  void it('falls back to a valid name when the model name has no letters or digits', () => {
    assert.equal(defaultDeploymentName('__--', 'KSERVE'), 'deployment');
  });
});
