// The REST client against the real sandbox (HTTPS REST + Kafka broker with a mutual-TLS listener), on the
// Hopsworks version of the run (HOPSWORKS_PROFILE): the strict server refuses a form-encoded start (415), sends
// no state with a save, and refuses a Data scientist's writes — the client must get all of it right.
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { once } from 'node:events';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import avro from 'avsc';
import type { Sandbox } from '../../sandbox/index';
import { FRESH } from '../../src/hopsworks/readShare';
import { normalizeStatus } from '../../src/hopsworks/index';
import type {
  Deployment,
  DeploymentStatus,
  HopsworksClient,
  HopsworksError,
  ProjectClient,
} from '../../src/hopsworks/index';
import { rejection } from '../support/rejection';
import { sandboxClient, startTestSandbox } from '../support/sandbox';

let sandbox: Sandbox;
let client: HopsworksClient;
let project: ProjectClient;
const logLines: string[] = [];

function clientWith(apiKey: string): HopsworksClient {
  return sandboxClient(sandbox, { apiKey, retries: 0 });
}

function assertKeyAbsent(err: HopsworksError, key: string): void {
  const secret = key.slice(key.indexOf('.') + 1);
  for (const text of [
    err.message,
    JSON.stringify(err),
    inspect(err, { depth: Infinity, showHidden: true }),
  ]) {
    assert.ok(!text.includes(key) && !text.includes(secret), `key leaked: ${text}`);
  }
}

/** Polls the deployment until its status is one of `wanted` (a wait budget, not a timing assertion). */
async function waitForStatus(id: number, wanted: DeploymentStatus[]): Promise<Deployment> {
  const deadline = Date.now() + 20_000;
  let last: Deployment | undefined;
  while (Date.now() < deadline) {
    // A poll reads the server each round (FRESH), as the extension's pollers do, not an answer shared for 2 s.
    last = await project.getDeployment(id, FRESH);
    assert.ok(last, `deployment ${id} disappeared`);
    if (wanted.includes(normalizeStatus(last.status))) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`deployment ${id} never reached ${wanted.join('/')}; last status ${String(last?.status)}`);
}

before(async () => {
  sandbox = await startTestSandbox({ lifecycleStepMs: 200, trafficPerSecond: 0 });
  client = sandboxClient(sandbox, { log: (l) => logLines.push(l) });
  project = client.project(sandbox.projectId, sandbox.project);
});

after(async () => {
  client.dispose();
  await sandbox.stop();
});

void describe('HopsworksClient against the sandbox', () => {
  void it('reads the backend version, variables and serving variables', async () => {
    assert.match((await client.getBackendVersion()) ?? '', /^\d+\.\d+/);
    assert.equal(await client.getVariable('kube_kserve_installed'), 'true');
    assert.equal(await client.getVariable('no_such_variable'), undefined);
    const vars = await client.getServingVariables();
    assert.equal(vars.kserveInstalled, true);
    assert.equal(vars.scaleToZeroRequired, true);
    assert.equal(vars.maxInstances, 5);
    assert.equal(vars.maxMemory, 8192);
    assert.equal(vars.knativeDomain, 'hopsworks.sandbox');
  });

  void it('finds the project by name and in the membership list; an unknown name is notFound', async () => {
    const info = await client.getProjectByName(sandbox.project);
    assert.equal(info.projectId, sandbox.projectId);
    assert.equal(info.projectName, sandbox.project);
    const memberships = await client.listProjects();
    assert.ok(
      memberships.some((m) => m.project.id === sandbox.projectId && m.project.name === sandbox.project),
    );

    const err = await rejection(client.getProjectByName('nosuchproject'));
    assert.equal(err.kind, 'notFound');
    assert.equal(err.errorCode, 150004);
    assert.match(err.message, /^Project "nosuchproject" was not found on https:\/\/127\.0\.0\.1:\d+/);
  });

  void it('lists latest models, versions newest first, and one version (absent → undefined)', async () => {
    const latest = await project.listLatestModels();
    assert.ok(latest.length > 0);
    assert.equal(new Set(latest.map((m) => m.name)).size, latest.length, 'one entry per model');
    const name = latest[0]?.name ?? '';
    const versions = await project.listModelVersions(name);
    assert.ok(versions.length > 0 && versions.every((v) => v.name === name));
    for (let i = 1; i < versions.length; i++)
      assert.ok((versions[i - 1]?.version ?? 0) > (versions[i]?.version ?? 0));
    assert.equal(versions[0]?.version, latest[0]?.version, 'latest_version is the newest');
    const one = await project.getModelVersion(name, versions[0]?.version ?? 0);
    assert.equal(one?.name, name);
    assert.equal(await project.getModelVersion(name, 9999), undefined);
  });

  void it('lists deployments whose status normalises, and fetches one by id and by name', async () => {
    const list = await project.listDeployments();
    assert.ok(list.length > 0);
    for (const d of list)
      assert.notEqual(normalizeStatus(d.status), 'UNKNOWN', `${d.name}: ${String(d.status)}`);
    const first = list[0];
    assert.ok(first?.id !== undefined);
    assert.equal((await project.getDeployment(first.id))?.name, first.name);
    assert.equal((await project.getDeploymentByName(first.name))?.id, first.id);
    assert.equal(await project.getDeployment(987654), undefined);
    assert.equal(await project.getDeploymentByName('nosuchdeployment'), undefined);
  });

  void it('creates, starts, stops and deletes a deployment; a duplicate name is a conflict', async () => {
    const template = (await project.listDeployments()).find(
      (d) => !d.kafkaTopicDTO && d.servingTool === 'KSERVE',
    );
    assert.ok(template, 'the sandbox has a KServe deployment without logging to copy');
    const { id: _id, status: _s, condition: _c, ...spec } = template;
    const name = `clienttest${process.pid}`;

    const created = await project.saveDeployment({ ...spec, name });
    assert.equal(created.name, name);
    assert.equal(typeof created.id, 'number');
    // The state is read back after the PUT (whose answer has none).
    assert.deepEqual(
      [created.status, created.condition?.reason],
      ['Creating', 'Deployment is being prepared'],
    );
    const id = created.id ?? -1;
    assert.equal((await project.getDeploymentByName(name))?.id, id);

    await waitForStatus(id, ['CREATED', 'STOPPED']);
    await project.startDeployment(id);
    await waitForStatus(id, ['RUNNING', 'IDLE']);

    const dup = await rejection(project.saveDeployment({ ...spec, name }));
    assert.equal(dup.kind, 'conflict');
    assert.equal(dup.errorCode, 240011);
    assert.match(dup.message, /already exists/);

    const updated = await project.saveDeployment({ ...created, description: 'updated by the client test' });
    assert.equal(updated.id, id);
    assert.equal(updated.description, 'updated by the client test');
    assert.equal(updated.status, 'Updating', 'a running deployment rolls; the state says so');
    await waitForStatus(id, ['RUNNING', 'IDLE']);

    await project.stopDeployment(id);
    await waitForStatus(id, ['STOPPED']);
    await project.deleteDeployment(id);
    assert.equal(await project.getDeployment(id), undefined);
    assert.equal(await project.getDeploymentByName(name), undefined);
  });

  void it('sends a prediction to a running deployment; a stopped one answers with a lifecycle error', async () => {
    const list = await project.listDeployments();
    const running = list.find(
      (d) => normalizeStatus(d.status) === 'RUNNING' && (d.modelName ?? '').startsWith('iris'),
    );
    assert.ok(running);
    const answer = (await project.predict(running.name, { instances: [[5.1, 3.5, 1.4, 0.2]] })) as {
      predictions?: unknown[];
    };
    assert.equal(answer.predictions?.length, 1);
    const stopped = list.find((d) => normalizeStatus(d.status) === 'STOPPED');
    assert.ok(stopped);
    const err = await rejection(project.predict(stopped.name, { instances: [[1, 2, 3]] }));
    assert.equal(err.kind, 'lifecycle');
  });

  void it('lists topics, creates one, and reads a topic schema that parses as Avro', async () => {
    const topics = await project.listTopics();
    const inference = topics.find((t) => t.schemaName === 'inferenceschema');
    assert.ok(inference);
    const subject = await project.getTopicSubject(inference.name);
    assert.equal(subject.subject, 'inferenceschema');
    assert.equal(subject.version, inference.schemaVersion);
    const type = avro.Type.forSchema(JSON.parse(subject.schema) as avro.Schema);
    assert.equal(type.typeName, 'record');

    const latest = await project.getSubject('inferenceschema', 'latest');
    assert.ok(latest.version >= subject.version);
    assert.equal((await project.getSubject('inferenceschema', subject.version)).schema, subject.schema);

    const name = `clienttest-topic-${process.pid}`;
    const made = await project.createTopic({
      name,
      schemaName: 'inferenceschema',
      schemaVersion: subject.version,
      numOfReplicas: 1,
      numOfPartitions: 2,
    });
    assert.equal(made.name, name);
    assert.ok((await project.listTopics()).some((t) => t.name === name));
    const again = await rejection(
      project.createTopic({
        name,
        schemaName: 'inferenceschema',
        schemaVersion: 4,
        numOfReplicas: 1,
        numOfPartitions: 1,
      }),
    );
    assert.equal(again.kind, 'conflict');
    const noTopic = await rejection(project.getTopicSubject('no-such-topic'));
    assert.equal(noTopic.kind, 'notFound');
  });

  void it('returns PEM credentials and the mutual-TLS broker endpoint, which accept each other', async () => {
    const creds = await project.getCredentials();
    const clientCert = new X509Certificate(creds.clientCert);
    const ca = new X509Certificate(creds.caChain);
    assert.equal(clientCert.checkIssued(ca), true);
    assert.equal(createPrivateKey(creds.clientKey).asymmetricKeyType !== undefined, true);
    assert.equal(clientCert.checkPrivateKey(createPrivateKey(creds.clientKey)), true);

    const brokers = await project.getBrokerEndpoints();
    assert.deepEqual(brokers, [sandbox.kafka.tlsBootstrap]);
    const [host = '', port = ''] = (brokers[0] ?? '').split(':');
    const socket = tls.connect({
      host,
      port: Number(port),
      ca: creds.caChain,
      cert: creds.clientCert,
      key: creds.clientKey,
      // Hopsworks disables broker host-name checks (hopsworks-rest.md §6.3); the CA is still verified.
      checkServerIdentity: () => undefined,
    });
    await once(socket, 'secureConnect');
    assert.equal(socket.authorized, true);
    socket.destroy();
  });

  void it('rejects a wrong key and an unknown key as unauthorized, without leaking them', async () => {
    const wrongSecret = `${sandbox.apiKey.slice(0, sandbox.apiKey.indexOf('.'))}.wrongSecretValue123`;
    for (const key of [sandbox.keys.unknown, wrongSecret]) {
      const c = clientWith(key);
      const err = await rejection(c.listProjects());
      assert.equal(err.kind, 'unauthorized');
      assert.equal(err.status, 401);
      assert.match(
        err.message,
        /API key was rejected.*create a new one in Hopsworks > Account settings > API keys/,
      );
      assertKeyAbsent(err, key);
      c.dispose();
    }
  });

  void it('names the missing SERVING scope, while calls of other scopes still work', async () => {
    const c = clientWith(sandbox.keys.noServingScope);
    const p = c.project(sandbox.projectId, sandbox.project);
    const err = await rejection(p.listDeployments());
    assert.equal(err.kind, 'forbidden');
    assert.equal(err.status, 403);
    assert.match(err.message, /lacks the SERVING scope/);
    assertKeyAbsent(err, sandbox.keys.noServingScope);
    assert.ok((await p.listTopics()).length > 0);
    c.dispose();
  });

  void it('a Data scientist is told their role and the one needed; the refused write changed nothing', async () => {
    const c = clientWith(sandbox.dataScientistApiKey);
    const p = c.project(sandbox.projectId, sandbox.project);
    const target = (await p.listDeployments()).find((d) => normalizeStatus(d.status) === 'RUNNING');
    assert.ok(target?.id !== undefined, 'reads work');
    const err = await rejection(p.stopDeployment(target.id));
    assert.deepEqual([err.kind, err.status, err.errorCode], ['forbidden', 403, 150068]);
    assert.equal(
      err.message,
      'Your role in project mlops is Data scientist; stopping a deployment needs Data owner. ' +
        'Ask a Data owner of project mlops to do it, or to make you a Data owner.',
    );
    assert.deepEqual(err.refusal, {
      kind: 'role',
      needs: 'Data owner',
      action: 'stopping a deployment',
      role: 'Data scientist',
    });
    assertKeyAbsent(err, sandbox.dataScientistApiKey);
    assert.equal((await project.getDeployment(target.id))?.status, 'Running');
    c.dispose();
  });

  void it('a key without the FEATURESTORE scope still finds the brokers, through clusterinfo', async () => {
    const c = clientWith(sandbox.keys.noFeatureStoreScope);
    assert.deepEqual(await c.project(sandbox.projectId, sandbox.project).getBrokerEndpoints(), [
      sandbox.kafka.tlsBootstrap,
    ]);
    c.dispose();
  });

  void it('reads the server logs of a running deployment, one entry per pod', async () => {
    const iris = await project.getDeploymentByName('irisclassifier');
    assert.ok(iris?.id !== undefined);
    await project.predict('irisclassifier', { instances: [[5.1, 3.5, 1.4, 0.2]] });
    const logs = await project.getLogs(iris.id, { component: 'predictor', tail: 4 });
    assert.equal(logs.length, 1);
    assert.match(logs[0]?.instanceName ?? '', /^irisclassifier-predictor-/);
    assert.match(logs[0]?.content ?? '', /kserve\.trace requestId: [0-9a-f-]{36}, /);
  });

  void it('logged one line per request, with no key in any of them', () => {
    assert.ok(logLines.length > 10);
    const secret = sandbox.apiKey.slice(sandbox.apiKey.indexOf('.') + 1);
    for (const l of logLines) {
      assert.match(l, /^(GET|PUT|POST|DELETE) \/\S+ \w+ \d+ms/);
      assert.ok(!l.includes(sandbox.apiKey) && !l.includes(secret));
    }
  });
});
