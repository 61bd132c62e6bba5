// The words a person reads about a deployment: its state (one wording everywhere), its model (or that it has
// none), and what the delete dialog says is kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteQuestion } from '../../src/commands/lifecycleTexts';
import { deploymentModel, modelLabel } from '../../src/deployments/deploymentModel';
import { stateLabel, stateName, stateSentence } from '../../src/deployments/stateWords';
import { aDeployment, aModelLessDeployment } from '../builders/deployment';

describe('state words', () => {
  it('one sentence for a state, whatever the case the server wrote it in', () => {
    assert.equal(stateSentence('Created'), 'Its state is Created.');
    assert.equal(stateSentence('RUNNING'), 'Its state is Running.');
    assert.equal(stateSentence('Idle'), 'Its state is Idle (scaled to zero).');
    assert.equal(stateSentence('Starting', true), 'Its state is still Starting.');
  });

  it('a state the extension does not know is named as the server wrote it', () => {
    assert.equal(stateName('Transforming'), 'Transforming');
    assert.equal(stateName(undefined), 'unknown');
    assert.equal(stateLabel('UNKNOWN'), 'Unknown state');
  });

  it('the tree marks transitional states with an ellipsis and uses the same names', () => {
    assert.equal(stateLabel('STARTING'), 'Starting…');
    assert.equal(stateLabel('IDLE'), 'Idle (scaled to zero)');
  });
});

describe('the model of a deployment', () => {
  it('names the model version, and the registry project when the model path is another project’s', () => {
    assert.deepEqual(deploymentModel(aDeployment()), { name: 'fraud', version: 2, projectName: 'mlops' });
    assert.equal(modelLabel(aDeployment()), 'fraud v2');
    assert.equal(
      deploymentModel(aDeployment({ modelPath: '/Projects/shared_models/Models/fraud' }))?.projectName,
      'shared_models',
    );
  });

  it('a deployment without a model has none, and is labelled so', () => {
    assert.equal(deploymentModel(aModelLessDeployment()), undefined);
    assert.equal(modelLabel(aModelLessDeployment()), 'no model');
    assert.equal(modelLabel({ modelName: '', modelVersion: 1 }), 'no model');
  });
});

describe('delete dialog', () => {
  it('says the topic is kept only for a deployment that logs, and names it', () => {
    const logs = aDeployment({ kafkaTopicDTO: { name: 'fraud-inf1234' }, inferenceLogging: 'ALL' });
    assert.equal(
      deleteQuestion(logs),
      'Delete deployment fraud? This cannot be undone. Its inference-log topic fraud-inf1234 is kept.',
    );
    for (const quiet of [
      aDeployment(),
      aDeployment({ kafkaTopicDTO: { name: 'NONE' } }),
      aDeployment({ kafkaTopicDTO: null, inferenceLogging: null }),
    ]) {
      assert.equal(deleteQuestion(quiet), 'Delete deployment fraud? This cannot be undone.');
    }
  });
});
