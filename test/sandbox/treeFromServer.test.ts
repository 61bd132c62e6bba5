// What the tree shows for every deployment the sandbox lists on the Hopsworks version it stands for, built from
// the server's own answers: nothing reads "undefined", and a deployment without a model (4.6+) says so, keeps
// its menus, starts its test request from the template without asking the model registry, and can be called
// with the URL and curl command the extension copies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profile } from '../../sandbox/profiles';
import { curlCommand } from '../../src/commands/curlCommand';
import { inferenceUrl } from '../../src/hopsworks/inferenceUrl';
import { startingBody } from '../../src/panels/logViewer/startingBody';
import { deploymentDetailNodes, deploymentNode } from '../../src/views/treeModel';
import { TEST_PROFILE } from '../support/sandbox';
import { connectedToSandbox, requestLines } from '../support/sandboxForTests';
import { runCopiedCommand } from '../support/shell';

const sandbox = connectedToSandbox(
  { lifecycleStepMs: 50, trafficPerSecond: 0 },
  { retries: 0 },
  requestLines,
);
const served = sandbox.lines;

describe(`the tree of the deployments a Hopsworks ${TEST_PROFILE} server lists`, () => {
  it('reads sensibly for every deployment; those without a model are the ones this version has', async () => {
    const all = await sandbox.project.listDeployments();
    const modelLess: string[] = [];
    for (const d of all) {
      const node = deploymentNode(d);
      const rows = deploymentDetailNodes(d);
      for (const text of [node.label, node.description, node.tooltip, ...rows.map((r) => r.description)]) {
        assert.doesNotMatch(text ?? '', /undefined|NaN|\bnull\b/, `${d.name}: ${text}`);
      }
      if (node.contextValue?.includes(';nomodel;')) {
        modelLess.push(d.name);
        assert.match(node.description ?? '', / · no model$/);
        assert.match(
          node.tooltip ?? '',
          /^Model: none \(a Python deployment: it runs its script .+ only\)$/m,
        );
      }
    }
    // 4.6 brought deployments without a model; the sandbox seeds one from then on.
    assert.deepEqual(modelLess, profile(TEST_PROFILE).scalingConfig ? ['fraudrules'] : []);
  });

  it('a deployment without a model: template body without asking the registry; its curl command, filled in, is answered', async (t) => {
    const d = (await sandbox.project.listDeployments()).find((x) => x.name === 'fraudrules');
    if (!profile(TEST_PROFILE).scalingConfig) {
      // Before 4.6 the server has no such deployment: the list the tree shows proves it.
      assert.equal(d, undefined);
      t.diagnostic(`Hopsworks ${TEST_PROFILE} has no deployment without a model`);
      return;
    }
    assert.ok(d);
    const before = served.length;
    const start = await startingBody(sandbox.project, d);
    assert.deepEqual(start, { body: { instances: [[0.0]] }, source: 'template' });
    assert.deepEqual(served.slice(before), [], 'nothing asked of the model registry or the datasets');

    // The template is what a person fills in: here with the four values the rules read.
    const text = curlCommand({
      url: inferenceUrl(sandbox.client.origin, sandbox.sb.projectId, d),
      body: { instances: [[0.4, 3, 1, 0]] },
      caFile: sandbox.sb.caFile,
    });
    const stdout = await runCopiedCommand(`${text} -w '\\n%{http_code}'`, sandbox.sb.apiKey);
    const lines = stdout.trim().split('\n');
    t.diagnostic(`fraudrules answered ${lines.join(' ')}`);
    assert.equal(lines.at(-1), '200');
  });
});
