// The deployment form's host logic, run inside the real extension host with the extension's own connection:
// a CREATE logger makes a real topic with the asked partitions, bound to the KServe schema.
import * as assert from 'node:assert/strict';
import { DeploymentFormController } from '../../src/panels/deploymentForm/deploymentFormController';
import { connect, extensionApi } from './helpers';

suite('deployment form host', () => {
  test('Create and start with CREATE, 2 partitions, MODEL_INPUTS makes the topic and reaches Running', async () => {
    const api = await extensionApi();
    if (api.connection.state.kind !== 'connected') assert.equal(await connect(api), true);
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
});
