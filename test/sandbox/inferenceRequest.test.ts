// The test request's starting body and "Copy as curl", against the real sandbox: the body is the served model
// version's input_example.json (downloaded from its folder), and the copied command, run by a real shell with
// the key only in the environment, reaches the deployment through the URL the server reported and is answered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curlCommand } from '../../src/commands/curlCommand';
import { inferenceUrl } from '../../src/hopsworks/inferenceUrl';
import { startingBody } from '../../src/panels/logViewer/startingBody';
import { aModelLessDeployment } from '../builders/deployment';
import { sandboxClient } from '../support/sandbox';
import { connectedToSandbox, requestLines } from '../support/sandboxForTests';
import { runCopiedCommand } from '../support/shell';

const sandbox = connectedToSandbox(
  { lifecycleStepMs: 50, trafficPerSecond: 0 },
  { retries: 0 },
  requestLines,
);
const served = sandbox.lines;

async function deployment(name: string) {
  const d = await sandbox.project.getDeploymentByName(name);
  assert.ok(d, `seeded deployment ${name}`);
  return d;
}

describe('starting body of a test request', () => {
  it('is the served version’s input example, wrapped as one V1 instance', async () => {
    const start = await startingBody(sandbox.project, await deployment('irisclassifier'));
    assert.equal(start.source, 'inputExample');
    const rows = (start.body as { instances: unknown[][] }).instances;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.length, 4, 'the four iris features of the first training row');
    assert.ok(rows[0]!.every((x) => typeof x === 'number'));
  });

  it('is the template for a deployment without a model, and nothing is asked of the registry', async () => {
    const before = served.length;
    const start = await startingBody(sandbox.project, aModelLessDeployment());
    assert.deepEqual(start, { body: { instances: [[0.0]] }, source: 'template' });
    assert.deepEqual(served.slice(before), []);
  });

  it('is the template, with the reason for the log, when the key cannot read the model’s files', async () => {
    const other = sandboxClient(sandbox.sb, { apiKey: sandbox.sb.keys.noDatasetScope, retries: 0 });
    try {
      const start = await startingBody(
        other.project(sandbox.sb.projectId, sandbox.sb.project),
        await deployment('irisclassifier'),
      );
      assert.equal(start.source, 'template');
      assert.match(
        start.problem ?? '',
        /input example of irisclassifier v3 could not be read: .*DATASET_VIEW/,
      );
      assert.ok(!start.problem?.includes(sandbox.sb.keys.noDatasetScope.split('.')[1]!));
    } finally {
      other.dispose();
    }
  });
});

describe('Copy as curl', () => {
  it('a shell runs the copied command with the key from the environment, and the deployment answers', async () => {
    const d = await deployment('irisclassifier');
    assert.ok(d.hopsworksInferencePath, 'the sandbox reports the path, as the server does');
    const url = inferenceUrl(sandbox.client.origin, sandbox.sb.projectId, d);
    assert.equal(
      url,
      `${sandbox.sb.baseUrl}/hopsworks-api/api/project/${sandbox.sb.projectId}/inference/models/irisclassifier:predict`,
    );
    const text = curlCommand({
      url,
      body: (await startingBody(sandbox.project, d)).body,
      caFile: sandbox.sb.caFile,
    });
    assert.ok(
      !text.includes(sandbox.sb.apiKey) && !text.includes(sandbox.sb.apiKey.split('.')[1]!),
      'the key is not in it',
    );

    const before = served.length;
    const stdout = await runCopiedCommand(text, sandbox.sb.apiKey);
    const answer = JSON.parse(stdout) as { predictions?: unknown[] };
    assert.equal(answer.predictions?.length, 1, stdout);
    assert.deepEqual(
      served.slice(before).filter((l) => l.startsWith('POST ')),
      [
        `POST /hopsworks-api/api/project/${sandbox.sb.projectId}/inference/models/irisclassifier:predict → 200`,
      ],
    );
  });

  it('without the variable set, the same command is refused by the server: nothing else carries a key', async () => {
    const d = await deployment('irisclassifier');
    const text = curlCommand({
      url: inferenceUrl(sandbox.client.origin, sandbox.sb.projectId, d),
      body: { instances: [[1, 1, 1, 1]] },
      caFile: sandbox.sb.caFile,
    });
    const stdout = await runCopiedCommand(`${text} -w '\\n%{http_code}'`);
    assert.equal(stdout.trim().split('\n').at(-1), '401');
  });
});
