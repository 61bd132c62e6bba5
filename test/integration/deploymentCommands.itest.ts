// The deployment item commands as a person meets them in the real VS Code: what Copy Inference URL and Copy as
// curl put on the clipboard and say, and what the delete dialog asks for a deployment with and without a topic.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FRESH } from '../../src/hopsworks/readShare';
import type { Deployment } from '../../src/hopsworks/types';
import { normalizeStatus } from '../../src/hopsworks/types';
import {
  answeringMessages,
  answeringWarnings,
  child,
  children,
  connectedApi,
  eventually,
  extensionApi,
  sandbox,
} from './helpers';

/** Runs `action` while the extension's information messages are recorded (and answered with nothing). */
async function recordingInfo<T>(action: () => Thenable<T>): Promise<{ result: T; said: string[] }> {
  const { result, asked } = await answeringMessages('showInformationMessage', undefined, action);
  return { result, said: asked };
}

async function connected() {
  const api = await connectedApi();
  return api.connection.project!;
}

suite('deployment commands', () => {
  test('Copy Inference URL copies the full URL a person can POST to, from the path the server reports', async () => {
    const project = await connected();
    const d = await project.getDeploymentByName('irisclassifier');
    assert.ok(d?.hopsworksInferencePath);
    const s = sandbox();
    const { result, said } = await recordingInfo(() =>
      vscode.commands.executeCommand<string>('hopsworks.copyInferencePath', d),
    );
    const url = `https://${s.host}:${s.port}/hopsworks-api/api/project/${s.projectId}/inference/models/irisclassifier:predict`;
    assert.equal(result, url);
    assert.deepEqual(said, [`Copied ${url}`]);
    assert.equal(await vscode.env.clipboard.readText(), url);
  });

  test('Copy as curl: the key stays in $HOPSWORKS_API_KEY, the body is the model’s input example', async () => {
    const project = await connected();
    const d = await project.getDeploymentByName('irisclassifier');
    const s = sandbox();
    const { result, said } = await recordingInfo(() =>
      vscode.commands.executeCommand<string>('hopsworks.copyInferenceCurl', d),
    );
    assert.ok(result);
    assert.equal(await vscode.env.clipboard.readText(), result);
    assert.ok(!result.includes(s.apiKey) && !result.includes(s.apiKey.split('.')[1]!), 'no key in the text');
    assert.match(result, /-H "Authorization: ApiKey \$HOPSWORKS_API_KEY"/);
    assert.match(result, /--cacert '[^']+'/, 'trusts the CA file the connection trusts');
    const body = JSON.parse(/-d '(.*)'$/.exec(result)![1]!) as { instances: number[][] };
    assert.equal(body.instances[0]?.length, 4, 'one iris row from input_example.json');
    assert.equal(said.length, 1);
    assert.match(said[0]!, /body from the input example of irisclassifier v3/);
    assert.match(said[0]!, /\$HOPSWORKS_API_KEY/);
  });

  test('Delete names the topic it keeps only for a deployment that logs; dismissed, nothing is deleted', async () => {
    const project = await connected();
    const base = (await project.getDeploymentByName('irisnolog'))!;
    const { id: _id, status: _s, condition: _c, kafkaTopicDTO: _k, inferenceLogging: _l, ...rest } = base;
    const quiet = await project.saveDeployment({ ...rest, name: 'irisdeleteask', description: 'no logger' });
    await eventually('irisdeleteask to be Created', async () => {
      const d = await project.getDeployment(quiet.id!, FRESH);
      return normalizeStatus(d?.status) === 'CREATED' ? d : undefined;
    });
    const logs = (await project.getDeploymentByName('churnpredictor'))!;
    assert.equal(normalizeStatus(logs.status), 'STOPPED');

    const ask = async (d: Deployment) =>
      (
        await answeringWarnings(undefined, () =>
          vscode.commands.executeCommand('hopsworks.deleteDeployment', d),
        )
      ).asked;
    assert.deepEqual(await ask(quiet), ['Delete deployment irisdeleteask? This cannot be undone.']);
    assert.deepEqual(await ask(logs), [
      `Delete deployment churnpredictor? This cannot be undone. Its inference-log topic ${logs.kafkaTopicDTO!.name} is kept.`,
    ]);
    assert.ok(await project.getDeployment(quiet.id!, FRESH));
    assert.ok(await project.getDeployment(logs.id!, FRESH));
    await project.deleteDeployment(quiet.id!);
  });

  test('a deployment without a model reads "no model" in the tree; Edit opens its form', async () => {
    const api = await extensionApi();
    await connected();
    const root = await child(api, undefined, sandbox().project);
    const deployments = await children(api, await child(api, root, 'Deployments'));
    if (sandbox().hopsworks === '4.2') {
      // Deployments without a model came with 4.6: on older servers every deployment names its model.
      assert.deepEqual(
        deployments.filter((n) => /no model/.test(n.d.description ?? '')).map((n) => n.d.label),
        [],
      );
      return;
    }
    const node = deployments.find((n) => n.d.label === 'fraudrules');
    assert.ok(node && node.kind === 'deployment', 'the sandbox (4.6+) seeds fraudrules');
    // A KServe deployment that may scale to zero rests Idle when unused.
    assert.match(node.d.description ?? '', /^(Running|Idle \(scaled to zero\)) · no model$/);
    assert.match(node.d.contextValue ?? '', /;nomodel;/);
    assert.match(node.d.tooltip ?? '', /^Model: none \(a Python deployment/m);
    // The form edits a model-less deployment too (it shows no model section): no refusal, a form tab opens.
    const { said } = await recordingInfo(() =>
      vscode.commands.executeCommand('hopsworks.editDeployment', node),
    );
    assert.deepEqual(said, []);
    const tab = await eventually('the edit form of fraudrules to open', () =>
      Promise.resolve(
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Edit fraudrules'),
      ),
    );
    await vscode.window.tabGroups.close(tab);
  });
});
