import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deploymentContextValue,
  deploymentDetailNodes,
  deploymentNode,
  isTransitional,
  loggingSummary,
  modelNode,
  modelVersionNode,
  sortVersions,
} from '../../src/views/treeModel';
import { aDeployment, aModelLessDeployment, aModelVersion } from '../builders/deployment';

describe('tree model: deployments', () => {
  it('shows status, model and version, and a themed status icon', () => {
    const n = deploymentNode(aDeployment({ status: 'Running' }));
    assert.equal(n.label, 'fraud');
    assert.equal(n.description, 'Running · fraud v2');
    assert.deepEqual(n.icon, { id: 'pass-filled', color: 'testing.iconPassed' });
  });

  it('normalises status strings of any case; unknown ones are shown as such with the raw value', () => {
    assert.equal(deploymentNode(aDeployment({ status: 'STOPPED' })).description, 'Stopped · fraud v2');
    const weird = deploymentNode(aDeployment({ status: 'Transforming' }));
    assert.equal(weird.icon?.id, 'question');
    assert.match(weird.tooltip ?? '', /Unknown state \(Transforming\)/);
  });

  it('spins while transitional and says so', () => {
    for (const status of ['Creating', 'Starting', 'Updating', 'Stopping']) {
      const d = aDeployment({ status });
      assert.equal(deploymentNode(d).icon?.id, 'loading~spin', status);
      assert.equal(isTransitional(d), true, status);
    }
    assert.equal(isTransitional(aDeployment({ status: 'Failed' })), false);
  });

  it('puts the condition reason, serving tool and logging topic + mode in the tooltip', () => {
    const d = aDeployment({
      status: 'Failed',
      condition: { type: 'STARTED', status: false, reason: 'predictor crashed: ModuleNotFoundError' },
      inferenceLogging: 'MODEL_INPUTS',
      kafkaTopicDTO: { name: 'fraud-inf1234', schemaName: 'inferenceschema', schemaVersion: 4 },
    });
    const tip = deploymentNode(d).tooltip ?? '';
    assert.match(tip, /Condition: predictor crashed: ModuleNotFoundError/);
    assert.match(tip, /Serving: KServe · PYTHON/);
    assert.match(tip, /Logging: fraud-inf1234 \(MODEL_INPUTS\)/);
    assert.equal(deploymentNode(d).icon?.color, 'testing.iconFailed');
  });

  it('says logging is off without a topic, or with the NONE topic', () => {
    assert.equal(loggingSummary(aDeployment()), undefined);
    assert.equal(loggingSummary(aDeployment({ kafkaTopicDTO: { name: 'NONE' } })), undefined);
    assert.match(deploymentNode(aDeployment({ servingTool: 'DEFAULT' })).tooltip ?? '', /Logging: off/);
    assert.match(deploymentNode(aDeployment({ servingTool: 'DEFAULT' })).tooltip ?? '', /Docker\/Kubernetes/);
  });

  it('encodes status, model and logging in the context value the menus match on', () => {
    assert.equal(
      deploymentContextValue(aDeployment({ status: 'Stopped' })),
      'deployment;status=STOPPED;model;nologging',
    );
    assert.equal(
      deploymentContextValue(
        aDeployment({ status: 'Running', kafkaTopicDTO: { name: 't' }, inferenceLogging: 'ALL' }),
      ),
      'deployment;status=RUNNING;model;logging',
    );
    assert.equal(
      deploymentContextValue(aModelLessDeployment({ status: 'Transforming' })),
      'deployment;status=UNKNOWN;nomodel;nologging',
    );
  });

  it('a deployment without a model says so in its description, tooltip and rows, never "undefined"', () => {
    const d = aModelLessDeployment();
    const n = deploymentNode(d);
    assert.equal(n.label, 'scorer');
    assert.equal(n.description, 'Running · no model');
    assert.match(
      n.tooltip ?? '',
      /^Model: none \(a Python deployment: it runs its script \/Projects\/mlops\/Resources\/scorer\/predictor\.py only\)$/m,
    );
    const rows = deploymentDetailNodes(d);
    assert.equal(rows.find((r) => r.label === 'Model')?.description, 'none (runs its script only)');
    for (const text of [n.description, n.tooltip, ...rows.map((r) => r.description)]) {
      assert.doesNotMatch(text ?? '', /undefined|NaN/);
    }
  });

  it('states running instances beside what the deployment asks for, never "1 of 0"', () => {
    const line = (d: Parameters<typeof deploymentNode>[0]) =>
      /^Instances: (.*)$/m.exec(deploymentNode(d).tooltip ?? '')?.[1];
    // KServe with scale to zero: requestedInstances 0 is the least, not the most.
    assert.equal(
      line(aDeployment({ availableInstances: 1, requestedInstances: 0 })),
      '1 running, scales to zero when unused',
    );
    assert.equal(
      line(aDeployment({ availableInstances: 2, requestedInstances: 3 })),
      '2 running, 3 requested',
    );
    // 4.6+: the scaling config says min and max.
    assert.equal(
      line(
        aDeployment({
          availableInstances: 1,
          requestedInstances: undefined,
          predictorScalingConfig: { minInstances: 0, maxInstances: 4 },
        }),
      ),
      '1 running, scales from 0 to 4',
    );
    assert.equal(
      line(aDeployment({ availableInstances: undefined, requestedInstances: undefined })),
      undefined,
    );
  });

  it('lists model, serving, logging and (when present) the condition under a deployment', () => {
    const rows = deploymentDetailNodes(
      aDeployment({ condition: { reason: 'Deployment is ready' }, kafkaTopicDTO: { name: 'x-inf0001' } }),
    );
    assert.deepEqual(
      rows.map((r) => `${r.label}: ${r.description}`),
      [
        'Model: fraud v2',
        'Serving: KServe · PYTHON',
        'Logging: x-inf0001 (ALL)',
        'Condition: Deployment is ready',
      ],
    );
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
  });
});

describe('tree model: models', () => {
  it('shows the latest version and framework on the model node', () => {
    const n = modelNode(aModelVersion({ version: 7 }));
    assert.equal(n.label, 'fraud');
    assert.equal(n.description, 'v7 · SKLEARN');
    assert.equal(n.collapsible, 'collapsed');
  });

  it('puts framework, creation date, creator and metrics in a version tooltip', () => {
    const n = modelVersionNode(aModelVersion({ metrics: { accuracy: 0.93, auc: 0.88123456 } }));
    assert.equal(n.label, 'v2');
    assert.equal(n.contextValue, 'modelVersion');
    assert.match(n.tooltip ?? '', /Created: 2026-01-15 10:30 UTC by Ada Lovelace/);
    assert.match(n.tooltip ?? '', /accuracy: 0\.9300/);
    assert.match(n.tooltip ?? '', /auc: 0\.8812/);
  });

  it('sorts versions newest first (the server cannot sort by version)', () => {
    const sorted = sortVersions([1, 3, 2].map((version) => aModelVersion({ version })));
    assert.deepEqual(
      sorted.map((v) => v.version),
      [3, 2, 1],
    );
  });
});
