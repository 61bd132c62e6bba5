// Project quotas of the sandbox with the real codes and texts, on every profile: deployments (400 240026 on
// create), running deployments (400 240003 on START) and Kafka topics (412 190004, for a topic of its own and
// for a deployment's CREATE) — raw over HTTPS, and as the extension's client reports them to a person.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../sandbox/index';
import type { Deployment, HopsworksClient, ProjectClient } from '../../src/hopsworks/index';
import { rejection } from '../support/rejection';
import { projectRequest, sandboxClient, startTestSandbox, untilServingStatus } from '../support/sandbox';
import { irisKServeBody } from '../support/servingBodies';

type Json = Record<string, unknown>;

const kserve = (name: string, extra: Json = {}): Json => irisKServeBody({ name, modelVersion: 1, ...extra });

void describe('sandbox quotas', () => {
  let sb: Sandbox;
  let client: HopsworksClient;
  let project: ProjectClient;
  let seeded: Json[];
  let topics: number;

  before(async () => {
    // Size the quotas on what the profile seeds: room for exactly one more of each.
    const probe = await startTestSandbox({ trafficPerSecond: 0, lifecycleStepMs: 50 });
    seeded = (await projectRequest(probe, 'GET', '/serving')).json as Json[];
    topics = ((await projectRequest(probe, 'GET', '/kafka/topics')).json as { count: number }).count;
    await probe.stop();
    const running = seeded.filter((d) => d.status === 'Running').length;
    sb = await startTestSandbox({
      trafficPerSecond: 0,
      lifecycleStepMs: 50,
      // The topic quota is checked as the server checks it: refused once the project has more than the quota.
      quotas: { deployments: seeded.length + 1, runningDeployments: running + 1, topics: topics },
    });
    client = sandboxClient(sb, { retries: 0 });
    project = client.project(sb.projectId, sb.project);
  });

  after(async () => {
    client?.dispose();
    await sb?.stop();
  });

  const waitForStatus = (id: number, status: string) => untilServingStatus(sb, id, status);

  void it('deployments: one more fits, the next create is 400 240026 with the counts; an update still works', async () => {
    const first = await projectRequest(sb, 'PUT', '/serving', kserve('quotaone'));
    assert.equal(first.status, 201, first.text);
    const n = seeded.length + 1;
    const refused = await projectRequest(sb, 'PUT', '/serving', kserve('quotatwo'));
    assert.deepEqual(refused.json, {
      errorCode: 240026,
      errorMsg: 'Serving instance could not be created',
      usrMsg: `Model deployments quota reached for Project: mlops. Current: ${n} Max: ${n}`,
    });
    assert.equal(refused.status, 400);
    assert.equal(((await projectRequest(sb, 'GET', '/serving')).json as unknown[]).length, n);
    const update = await projectRequest(sb, 'PUT', '/serving', {
      ...kserve('quotaone'),
      id: (first.json as Json).id,
      description: 'an update is not a new deployment',
    });
    assert.equal(update.status, 201, update.text);

    const err = await rejection(project.saveDeployment(kserve('quotathree') as unknown as Deployment));
    assert.equal(err.kind, 'conflict');
    assert.deepEqual(err.refusal, { kind: 'quota', quota: 'deployments', current: n, max: n });
    assert.match(
      err.message,
      new RegExp(`^The project has reached its quota of deployments \\(${n} of ${n}\\)`),
    );
  });

  void it('running deployments: one more starts, the next START is 400 240003 with the counts', async () => {
    const churn = seeded.find((d) => d.name === 'churnpredictor') as Json;
    assert.equal(churn.status, 'Stopped');
    assert.equal(
      (await projectRequest(sb, 'POST', `/serving/${churn.id as number}?action=START`)).status,
      200,
    );
    const created = ((await projectRequest(sb, 'GET', '/serving?name=quotaone')).json as Json).id as number;
    await waitForStatus(created, 'Created');
    const r = seeded.filter((d) => d.status === 'Running').length + 1;
    const refused = await projectRequest(sb, 'POST', `/serving/${created}?action=START`);
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json, {
      errorCode: 240003,
      errorMsg: 'Serving instance could not be started/stopped',
      usrMsg: `Running model deployments quota reached for Project: mlops. Current: ${r} Max: ${r}`,
    });
    assert.equal(((await projectRequest(sb, 'GET', `/serving/${created}`)).json as Json).status, 'Created');

    const err = await rejection(project.startDeployment(created));
    assert.equal(err.kind, 'lifecycle');
    assert.deepEqual(err.refusal, { kind: 'quota', quota: 'runningDeployments', current: r, max: r });
    assert.match(
      err.message,
      /stop a deployment it does not need, or ask a Hopsworks administrator to raise the quota/,
    );
  });

  void it('topics: over the quota a topic and a deployment CREATE are 412 190004, and nothing is made', async () => {
    const body = { schemaName: 'inferenceschema', schemaVersion: 4, numOfReplicas: 1, numOfPartitions: 1 };
    // `topics > quota` refuses, so with as many topics as the quota one more is still made.
    const one = await projectRequest(sb, 'POST', '/kafka/topics', { ...body, name: 'quotatopic1' });
    assert.equal(one.status, 201, one.text);
    const refused = await projectRequest(sb, 'POST', '/kafka/topics', { ...body, name: 'quotatopic2' });
    assert.equal(refused.status, 412);
    assert.equal((refused.json as Json).errorCode, 190004);
    assert.match(
      String((refused.json as Json).errorMsg),
      /^Topic limit reached\. Contact your administrator/,
    );

    // Deleting a deployment makes room under the deployment quota, so only the topic quota can refuse.
    const quotaone = ((await projectRequest(sb, 'GET', '/serving?name=quotaone')).json as Json).id as number;
    assert.equal((await projectRequest(sb, 'DELETE', `/serving/${quotaone}`)).status, 200);
    const viaServing = await projectRequest(
      sb,
      'PUT',
      '/serving',
      kserve('quotalogged', {
        inferenceLogging: 'ALL',
        kafkaTopicDTO: { name: 'CREATE', numOfPartitions: 1, numOfReplicas: 1 },
      }),
    );
    assert.deepEqual(
      [viaServing.status, (viaServing.json as Json).errorCode],
      [412, 190004],
      viaServing.text,
    );
    assert.equal((await projectRequest(sb, 'GET', '/serving?name=quotalogged')).status, 404);
    assert.equal(
      ((await projectRequest(sb, 'GET', '/kafka/topics')).json as { count: number }).count,
      topics + 1,
    );

    const err = await rejection(project.createTopic({ ...body, name: 'quotatopic3' }));
    assert.equal(err.kind, 'conflict');
    assert.deepEqual(err.refusal, { kind: 'quota', quota: 'topics' });
  });
});
