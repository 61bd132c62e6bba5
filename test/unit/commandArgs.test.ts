// What a command acts on, from what VS Code (a tree item), a script (the object itself) or the palette
// (nothing) hands it: one reading for every command group.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentOf, modelVersionOf } from '../../src/commands/commandArgs';
import type { Deployment, ModelVersion } from '../../src/hopsworks/types';

const deployment: Deployment = {
  id: 12,
  name: 'irisclassifier',
  modelName: 'irisclassifier',
  modelPath: '/Projects/demo/Models/irisclassifier',
  modelVersion: 3,
};
const model: ModelVersion = { name: 'irisclassifier', version: 3 };
const d = { id: 'n', label: 'x' };

describe('command arguments', () => {
  it('a deployment item, or a deployment passed by a script, is that deployment', () => {
    assert.equal(deploymentOf({ d, kind: 'deployment', deployment }), deployment);
    assert.equal(deploymentOf({ kind: 'deployment', deployment }), deployment);
    assert.equal(deploymentOf(deployment), deployment);
  });

  it('another item, the palette (nothing) or a stray value is no deployment, so the command asks', () => {
    assert.equal(deploymentOf({ d, kind: 'modelVersion', model }), undefined);
    assert.equal(deploymentOf({ d, kind: 'deploymentsSection' }), undefined);
    assert.equal(deploymentOf(undefined), undefined);
    assert.equal(deploymentOf('irisclassifier'), undefined);
    assert.equal(deploymentOf({ confirmed: true }), undefined);
  });

  it('a model-version item is that version; nothing else is', () => {
    assert.equal(modelVersionOf({ d, kind: 'modelVersion', model }), model);
    assert.equal(modelVersionOf({ d, kind: 'model', model }), undefined);
    assert.equal(modelVersionOf({ d, kind: 'deployment', deployment }), undefined);
    assert.equal(modelVersionOf(undefined), undefined);
  });
});
