// The deployment form's host logic, run inside the real extension host with the extension's own connection:
// a CREATE logger makes a real topic with the asked partitions, bound to the KServe schema; editing a seeded
// deployment and changing only its description changes only the description on the server.
import * as assert from 'node:assert/strict';
import type { Deployment } from '../../src/hopsworks/types';
import { normalizeStatus } from '../../src/hopsworks/types';
import { DeploymentFormController } from '../../src/panels/deploymentForm/deploymentFormController';
import { connectedApi } from './helpers';
import { withoutServerOnlyFields } from '../builders/serverOnlyFields';

suite('deployment form host', () => {
  test('Create and start with CREATE, 2 partitions, MODEL_INPUTS makes the topic and reaches Running', async () => {
    const api = await connectedApi();
    const project = api.connection.project!;
    const model = await project.getModelVersion('irisclassifier', 3);
    assert.ok(model, 'seeded model irisclassifier v3 is missing');

    const controller = new DeploymentFormController(
      { kind: 'create', model },
      {
        project: () => api.connection.project!,
        servingVariables: () => api.connection.servingVariables(),
        pollIntervalMs: 250,
      },
    );
    const init = await controller.load();
    const spec = {
      ...init.spec,
      name: 'irisitest',
      logger: {
        topic: { kind: 'CREATE' as const, partitions: 2, replicas: 1 },
        mode: 'MODEL_INPUTS' as const,
      },
    };
    const phases: string[] = [];
    const result = await controller.submit({ action: 'createAndStart', spec }, (e) => phases.push(e.phase));
    assert.ok(result.ok, `submit failed: ${JSON.stringify(result)}`);
    assert.equal(result.outcome, 'running');
    assert.ok(phases.includes('starting'), `no start phase in ${phases.join(',')}`);

    const saved = await project.getDeploymentByName('irisitest');
    assert.equal(saved?.inferenceLogging, 'MODEL_INPUTS');
    assert.match(saved?.kafkaTopicDTO?.name ?? '', /^irisitest-inf\d{4}$/);
    const topic = (await project.listTopics()).find((t) => t.name === saved?.kafkaTopicDTO?.name);
    assert.equal(topic?.numOfPartitions, 2);
    assert.equal(topic?.schemaName, 'inferenceschema');
    assert.equal(topic?.schemaVersion, 4);
  });

  test('Edit a seeded deployment, change only the description, Save: the server stores only that change', async () => {
    const api = await connectedApi();
    const project = api.connection.project!;
    const seeded = await project.getDeploymentByName('fraudcanary');
    assert.ok(seeded?.id !== undefined, 'seeded deployment fraudcanary is missing');
    const before = (await project.getDeployment(seeded.id))!;

    const controller = new DeploymentFormController(
      { kind: 'edit', deploymentId: seeded.id },
      {
        project: () => api.connection.project!,
        servingVariables: () => api.connection.servingVariables(),
        hopsworksVersion: () => api.connection.client!.getBackendVersion(),
        pollIntervalMs: 250,
      },
    );
    const init = await controller.load();
    const version = await api.connection.client!.getBackendVersion();
    assert.equal(init.context.hopsworksVersion, version);
    const spec = { ...init.spec, description: 'Canary, described from VS Code' };
    const result = await controller.submit({ action: 'save', spec });
    assert.ok(result.ok, `save failed: ${JSON.stringify(result)}`);
    // A running deployment rolls out the change; the form follows it back to Running, read from GET.
    assert.equal(result.outcome, 'running', result.message);
    assert.equal(normalizeStatus(result.init.context.existing?.status), 'RUNNING');

    const after = (await project.getDeployment(seeded.id))!;
    const changed = differences(definition(before), definition(after));
    // 4.6+ servers count the change in the deployment's version.
    const expected = before.version !== undefined ? ['description', 'version'] : ['description'];
    assert.deepEqual(changed, expected);
    assert.equal(after.description, 'Canary, described from VS Code');
    if (before.version !== undefined) assert.equal(after.version, before.version + 1);
  });
});

/** What the server stores, without the state it reads from Kubernetes and the inference paths. */
function definition(d: Deployment): Record<string, unknown> {
  return withoutServerOnlyFields(d);
}

function differences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
