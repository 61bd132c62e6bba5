// The sandbox is as strict as a real Hopsworks server, on every profile (HOPSWORKS_PROFILE): a body type a
// method does not consume is 415, a Data scientist is refused every write, an update is a merge, saving back
// what GET returned changes nothing — over real HTTPS, checking what the server then holds.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Sandbox } from '../../sandbox/index';
import {
  projectRequest,
  restRequest,
  startTestSandbox,
  stateHolds,
  untilServingStatus,
} from '../support/sandbox';
import type { RestReply } from '../support/sandbox';
import { withoutServerOnlyFields } from '../builders/serverOnlyFields';

type Json = Record<string, unknown>;

void describe('sandbox: as strict as the real server', () => {
  let sb: Sandbox;

  before(async () => {
    sb = await startTestSandbox({ trafficPerSecond: 0, lifecycleStepMs: 150 });
  });

  after(async () => {
    await sb?.stop();
  });

  // Updating lasts one lifecycle step; the test that reads it holds it until it has.
  const holds = stateHolds(() => sb);
  afterEach(() => holds.releaseAll());

  const get = async (id: number) => (await projectRequest(sb, 'GET', `/serving/${id}`)).json as Json;
  const servings = async () => (await projectRequest(sb, 'GET', '/serving')).json as Json[];
  const topicNames = async () =>
    ((await projectRequest(sb, 'GET', '/kafka/topics')).json as { items: { name: string }[] }).items.map(
      (t) => t.name,
    );

  const waitForStatus = (id: number, status: string) => untilServingStatus(sb, id, status);

  function assert415(reply: RestReply, what: string): void {
    assert.equal(reply.status, 415, `${what}: ${reply.text}`);
    assert.deepEqual(reply.json, {
      errorCode: 120004,
      errorMsg: 'Web application exception occurred',
      usrMsg: 'HTTP 415 Unsupported Media Type',
    });
  }

  void it('415 for a Content-Type a method does not consume (as JAX-RS @Consumes); none, and charset, are fine', async () => {
    const form = { contentType: 'application/x-www-form-urlencoded' };
    const text = { contentType: 'text/plain' };
    const before = await servings();
    const iris = before.find((d) => d.name === 'irisclassifier') as Json;

    assert415(
      await projectRequest(sb, 'POST', `/serving/${iris.id as number}?action=STOP`, undefined, form),
      'STOP as a form',
    );
    assert415(
      await projectRequest(
        sb,
        'PUT',
        '/serving',
        { ...withoutServerOnlyFields(iris), id: undefined, name: 'viatext' },
        text,
      ),
      'PUT',
    );
    assert415(
      await projectRequest(
        sb,
        'POST',
        '/kafka/topics',
        {
          name: 'viaform',
          schemaName: 'inferenceschema',
          schemaVersion: 4,
          numOfReplicas: 1,
          numOfPartitions: 1,
        },
        form,
      ),
      'POST topic',
    );
    assert415(
      await projectRequest(
        sb,
        'POST',
        '/inference/models/irisnolog:predict',
        { instances: [[5, 3, 1.5, 0.2]] },
        text,
      ),
      'predict',
    );
    assert415(
      await projectRequest(sb, 'GET', '/kafka/subjects/inferenceschema/versions/4', undefined, text),
      'subject read',
    );
    // The refusals came before anything ran: the same deployments, states and topics.
    assert.deepEqual(
      (await servings()).map((d) => [d.name, d.status]),
      before.map((d) => [d.name, d.status]),
    );
    assert.ok(!(await topicNames()).includes('viaform'));

    // No Content-Type at all is what the Python client sends for START/STOP; a charset parameter is fine.
    const stop = await projectRequest(sb, 'POST', `/serving/${iris.id as number}?action=STOP`, undefined, {
      contentType: null,
    });
    assert.equal(stop.status, 200, stop.text);
    await waitForStatus(iris.id as number, 'Stopped');
    const start = await projectRequest(sb, 'POST', `/serving/${iris.id as number}?action=START`, undefined, {
      contentType: 'application/json; charset=utf-8',
    });
    assert.equal(start.status, 200, start.text);
    await waitForStatus(iris.id as number, 'Running');
    // Body-less reads are matched whatever their (absent) Content-Type.
    assert.equal(
      (
        await projectRequest(sb, 'GET', '/kafka/subjects/inferenceschema/versions/4', undefined, {
          contentType: null,
        })
      ).status,
      200,
    );
  });

  void it('a Data scientist reads everything and gets 403 150068 on every write; nothing changes', async () => {
    const ds = (method: string, path: string, body?: object) =>
      restRequest(sb, method, `/project/${sb.projectId}${path}`, {
        body,
        auth: `ApiKey ${sb.dataScientistApiKey}`,
      });
    const before = await servings();
    const topicsBefore = await topicNames();
    const byName = (n: string) => before.find((d) => d.name === n) as Json;
    const running = byName('irisnolog');
    const stopped = byName('churnpredictor');

    for (const path of [
      '/serving',
      `/serving/${running.id as number}`,
      '/kafka/topics',
      `/serving/${running.id as number}/logs`,
    ]) {
      assert.equal((await ds('GET', path)).status, 200, path);
    }
    const predict = await ds('POST', '/inference/models/irisnolog:predict', {
      instances: [[5.1, 3.5, 1.4, 0.2]],
    });
    assert.deepEqual(predict.json, { predictions: [0] }, 'predicting is a read');

    const writes: [string, string, object?][] = [
      ['PUT', '/serving', { ...withoutServerOnlyFields(running), id: undefined, name: 'dscreate' }],
      [
        'PUT',
        '/serving',
        { ...withoutServerOnlyFields(running), description: 'changed by a data scientist' },
      ],
      ['POST', `/serving/${stopped.id as number}?action=START`],
      ['POST', `/serving/${running.id as number}?action=STOP`],
      ['DELETE', `/serving/${running.id as number}`],
      [
        'POST',
        '/kafka/topics',
        {
          name: 'dstopic',
          schemaName: 'inferenceschema',
          schemaVersion: 4,
          numOfReplicas: 1,
          numOfPartitions: 1,
        },
      ],
      ['DELETE', '/kafka/topics/irismonitor-inf2094'],
    ];
    for (const [method, path, body] of writes) {
      const reply = await ds(method, path, body);
      assert.equal(reply.status, 403, `${method} ${path}: ${reply.text}`);
      assert.deepEqual(reply.json, {
        errorCode: 150068,
        errorMsg: 'Your project role does not allow to perform this action.',
      });
    }
    assert.deepEqual(
      await servings(),
      before.map((d) => ({ ...d })),
      'the same deployments, unchanged',
    );
    assert.deepEqual(await topicNames(), topicsBefore);
  });

  void it('saving back what GET returned changes nothing, for every seeded deployment (the no-op save)', async () => {
    for (const d of await servings()) {
      const id = d.id as number;
      const reply = await projectRequest(sb, 'PUT', '/serving', withoutServerOnlyFields(d));
      assert.equal(reply.status, 201, `${d.name as string}: ${reply.text}`);
      for (const f of ['status', 'condition', 'availableInstances'])
        assert.ok(!(f in (reply.json as Json)), f);
      const after = await get(id);
      assert.deepEqual(
        withoutServerOnlyFields(after),
        withoutServerOnlyFields(d),
        `${d.name as string} is stored unchanged`,
      );
      assert.equal(after.status, d.status, `${d.name as string} did not roll`);
    }
  });

  void it('an update is a merge: an empty description keeps the stored one; a change rolls a running deployment', async () => {
    const fraud = (await servings()).find((d) => d.name === 'fraudtf') as Json;
    const id = fraud.id as number;
    const kept = await projectRequest(sb, 'PUT', '/serving', {
      ...withoutServerOnlyFields(fraud),
      description: '',
    });
    assert.equal(kept.status, 201, kept.text);
    assert.equal((kept.json as Json).description, fraud.description, 'what a merge cannot clear stays');
    assert.equal((await get(id)).status, 'Running', 'nothing changed, nothing rolls');

    const updating = holds.hold('Updating');
    const changed = await projectRequest(sb, 'PUT', '/serving', {
      ...withoutServerOnlyFields(fraud),
      description: 'Fraud scoring, two replicas',
    });
    assert.equal(changed.status, 201, changed.text);
    const rolling = await get(id);
    updating();
    assert.equal(rolling.status, 'Updating');
    assert.equal(rolling.description, 'Fraud scoring, two replicas');
    if (sb.hopsworks !== '4.2') assert.equal(rolling.version, (fraud.version as number) + 1);
    else assert.ok(!('version' in rolling), '≤4.5 has no deployment version');
    await waitForStatus(id, 'Running');

    // Topic and logging mode are replaced, not merged: leaving them out turns logging off.
    const {
      kafkaTopicDTO: _topic,
      inferenceLogging: _mode,
      ...withoutLogging
    } = withoutServerOnlyFields(await get(id));
    const dropped = await projectRequest(sb, 'PUT', '/serving', withoutLogging);
    assert.equal(dropped.status, 201, dropped.text);
    const after = await get(id);
    assert.ok(!('kafkaTopicDTO' in after) && !('inferenceLogging' in after));
    assert.ok((await topicNames()).includes('fraudtf-inf5510'), 'the topic itself stays');
  });
});
