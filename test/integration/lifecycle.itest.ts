// Start and Stop through the commands move a sandbox deployment through its states, and the tree follows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { artifactScriptPath } from '../../src/deployments/artifactScripts';
import { normalizeStatus } from '../../src/hopsworks/types';
import { child, children, connectedApi, sandbox, seededDeployment } from './helpers';

suite('deployment lifecycle', () => {
  test('Start takes a stopped deployment to Running, Stop takes it back to Stopped', async () => {
    const api = await connectedApi();
    const project = api.connection.project!;
    const target = await seededDeployment(project, 'churnpredictor');
    assert.equal(normalizeStatus(target.status), 'STOPPED');

    await vscode.commands.executeCommand('hopsworks.startDeployment', target);
    assert.equal(normalizeStatus((await project.getDeployment(target.id!))?.status), 'RUNNING');

    const root = await child(api, undefined, sandbox().project);
    const deployments = await child(api, root, 'Deployments');
    const node = (await children(api, deployments)).find((n) => n.d.label === 'churnpredictor');
    assert.match(node?.d.description ?? '', /^Running/);

    await vscode.commands.executeCommand('hopsworks.stopDeployment', target, { confirmed: true });
    assert.equal(normalizeStatus((await project.getDeployment(target.id!))?.status), 'STOPPED');
  });

  test('a model version that cannot start ends Failed with the reason in the tree', async () => {
    const api = await connectedApi();
    const project = api.connection.project!;
    const base = (await project.getDeploymentByName('churnpredictor'))!;
    const { id: _id, status: _s, condition: _c, kafkaTopicDTO: _k, inferenceLogging: _l, ...rest } = base;
    const created = await project.saveDeployment({
      ...rest,
      name: 'churnv3broken',
      modelVersion: 3,
      // ≤ 4.5 shows the script by its name in the model artifact; another version needs a full path and a new
      // artifact (-1), as the form sends.
      predictor: artifactScriptPath(base, 'predictor') ?? base.predictor?.replace('/2/', '/3/'),
      ...(base.artifactVersion !== undefined ? { artifactVersion: -1 } : {}),
    });
    await vscode.commands.executeCommand('hopsworks.startDeployment', created);
    const after = await project.getDeployment(created.id!);
    assert.equal(normalizeStatus(after?.status), 'FAILED');
    assert.ok(after?.condition?.reason, 'no condition reason');
    const root = await child(api, undefined, sandbox().project);
    const deployments = await child(api, root, 'Deployments');
    const node = (await children(api, deployments)).find((n) => n.d.label === 'churnv3broken');
    assert.equal(node?.d.icon?.id, 'error');
    assert.ok(node?.d.tooltip?.includes(after.condition.reason), 'the tooltip lacks the condition reason');
  });
});
