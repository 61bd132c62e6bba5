// Feature columns in the real extension host against the sandbox: the irisclassifier log panel, opened by its
// command, reads model_schema.json of the deployed model version (irisclassifier v3) through the dataset API
// and names the table's feature columns from it; the probe reports the header a feature page carries.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { connectedApi, eventually, seededDeployment } from './helpers';

const DEPLOYMENT = 'irisclassifier';

suite('feature columns', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the irisclassifier panel names its feature columns from the model schema', async () => {
    const api = await connectedApi();
    const deployment = await seededDeployment(api.connection.project!, DEPLOYMENT);
    await vscode.commands.executeCommand('hopsworks.openInferenceLogs', { kind: 'deployment', deployment });
    const panel = await eventually('the panel to read the schema of irisclassifier v3', () => {
      const p = api.logs.panels().find((x) => x.deployment === DEPLOYMENT);
      return Promise.resolve(p?.features.loaded ? p : undefined);
    });
    assert.deepEqual(panel.features.inputs, {
      source: 'model-schema',
      names: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      hidden: 0,
    });
    assert.deepEqual(panel.features.outputs.names, ['variety']);
  });
});
