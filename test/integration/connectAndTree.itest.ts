// Connecting through the real command, the key's storage, and the tree filled from the sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answeringWarnings, child, children, connect, extensionApi, sandbox } from './helpers';

suite('connect and tree', () => {
  test('every command the manifest contributes is registered', async () => {
    await extensionApi();
    const contributed = (
      vscode.extensions.getExtension('hopsworks-community.hopsworks-vscode')!.packageJSON as {
        contributes: { commands: { command: string }[] };
      }
    ).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
  });

  test('Disconnect empties the tree; Connect with the sandbox key fills it with models and deployments', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('hopsworks.disconnect');
    assert.equal(api.connection.state.kind, 'disconnected');
    assert.deepEqual(await children(api), []);

    assert.equal(await connect(api), true, 'connect failed');
    const s = sandbox();
    const project = await child(api, undefined, s.project);
    const models = await child(api, project, 'Models');
    const modelNames = (await children(api, models)).map((n) => n.d.label);
    for (const m of ['irisclassifier', 'fraudtf', 'churnpredictor'])
      assert.ok(modelNames.includes(m), `model ${m}`);
    const iris = await child(api, models, 'irisclassifier');
    assert.deepEqual(
      (await children(api, iris)).map((n) => n.d.label),
      ['v3', 'v2', 'v1'],
    );

    const deployments = await child(api, project, 'Deployments');
    const byName = new Map((await children(api, deployments)).map((n) => [n.d.label, n.d]));
    assert.match(byName.get('irisclassifier')?.description ?? '', /^Running · irisclassifier v3$/);
    assert.match(byName.get('irisclassifier')?.tooltip ?? '', /Logging: irisclassifier-inf4821 \(ALL\)/);
    assert.match(byName.get('churnpredictor')?.description ?? '', /^Stopped/);
    assert.match(byName.get('irisnolog')?.tooltip ?? '', /Logging: off/);
  });

  test('the API key is kept out of the settings', () => {
    const s = sandbox();
    const cfg = vscode.workspace.getConfiguration('hopsworks');
    const everything = JSON.stringify(['host', 'port', 'project', 'tls'].map((k) => cfg.inspect(k)));
    assert.ok(!everything.includes(s.apiKey), 'the key leaked into settings');
    assert.ok(!everything.includes(s.apiKey.split('.')[1]!), 'the secret half leaked into settings');
  });

  test('a wrong key ends in an error state that says the key was rejected, without the key', async () => {
    const api = await extensionApi();
    const s = sandbox();
    assert.equal(await connect(api, s.keys.unknown), false);
    const state = api.connection.state;
    assert.equal(state.kind, 'error');
    assert.match(state.kind === 'error' ? state.message : '', /API key/i);
    assert.ok(state.kind === 'error' && !state.message.includes(s.keys.unknown));
    assert.deepEqual(await children(api), []);
    assert.equal(await connect(api), true, 'reconnecting with the good key failed');
  });

  test('an unknown project is named in the error', async () => {
    const api = await extensionApi();
    const s = sandbox();
    const ok = await connect(api, s.apiKey, 'nosuchproject');
    assert.equal(ok, false);
    const state = api.connection.state;
    assert.match(state.kind === 'error' ? state.message : '', /nosuchproject|project/i);
    assert.equal(await connect(api), true);
  });

  test("a connect request from another extension or a link needs the person's yes: declined, nothing changes", async () => {
    const api = await extensionApi();
    const s = sandbox();
    if (api.connection.state.kind !== 'connected') assert.equal(await connect(api), true);
    const cfg = () => vscode.workspace.getConfiguration('hopsworks');
    const before = { host: cfg().get('host'), port: cfg().get('port'), project: cfg().get('project') };
    const { result, asked } = await answeringWarnings(undefined, () =>
      vscode.commands.executeCommand<boolean>('hopsworks.connect', {
        host: 'attacker.example.com',
        port: 443,
        project: 'x',
        apiKey: 'evil.key0123456789',
      }),
    );
    assert.equal(result, false);
    assert.match(asked.join('\n'), /x on attacker\.example\.com with an API key provided by the caller/);
    assert.deepEqual(
      { host: cfg().get('host'), port: cfg().get('port'), project: cfg().get('project') },
      before,
    );
    assert.equal(api.connection.state.kind, 'connected', 'a declined request must not touch the connection');
    assert.equal(api.connection.state.kind === 'connected' && api.connection.state.target.host, s.host);
  });

  test('Disconnect ends the old connection: what still holds its client can send nothing more', async () => {
    const api = await extensionApi();
    if (api.connection.state.kind !== 'connected') assert.equal(await connect(api), true);
    const old = api.connection.project!;
    await vscode.commands.executeCommand('hopsworks.disconnect');
    assert.equal(api.connection.state.kind, 'disconnected');
    // A start/stop poller or a pending test request holds this very object.
    await assert.rejects(old.listDeployments(), /was closed \(disconnected, or connected elsewhere\)/);
    assert.equal(await connect(api), true);
  });
});
