// The REST client against a real HTTPS server on 127.0.0.1:0 that answers as a scripted Hopsworks would.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { HopsworksClient, normalizeStatus } from '../../src/hopsworks/index';
import type { Deployment, HopsworksError } from '../../src/hopsworks/index';
import { rejection } from '../support/rejection';
import { startRouteServer } from '../support/routeServer';
import type { Reply, Route, RouteServer, SeenRequest } from '../support/routeServer';
import { isClosedConnectionError } from '../../src/hopsworks/errors';

const API_KEY = 'Kx3prefix.S3cr3tS3cr3tValue9f8e7d';
const SECRET_HALF = 'S3cr3tS3cr3tValue9f8e7d';
const BASE = '/hopsworks-api/api';

let server: RouteServer;
let port: number;
let caPem: string;
let seen: SeenRequest[] = [];

function route(method: string, path: string, r: Route | Reply): void {
  server.route(method, `${BASE}${path}`, r);
}

// These tests are about what crosses the wire for each call, so a settled read is never handed out again
// (test/unit/readShare.test.ts covers the sharing).
function client(extra: Partial<ConstructorParameters<typeof HopsworksClient>[0]> = {}): HopsworksClient {
  return new HopsworksClient({
    host: '127.0.0.1',
    port,
    apiKey: API_KEY,
    caCertPem: caPem,
    sharedReads: { maxAgeMs: 0 },
    ...extra,
  });
}

function assertNoSecret(text: string, where: string): void {
  assert.ok(!text.includes(API_KEY), `API key found in ${where}: ${text}`);
  assert.ok(!text.includes(SECRET_HALF), `API key secret found in ${where}: ${text}`);
}

function assertErrorSafe(err: HopsworksError): void {
  assertNoSecret(err.message, 'message');
  assertNoSecret(JSON.stringify(err), 'JSON.stringify');
  assertNoSecret(inspect(err, { depth: Infinity, showHidden: true }), 'util.inspect');
  assertNoSecret(String(err.stack), 'stack');
}

before(async () => {
  server = await startRouteServer();
  ({ port, caPem, seen } = server);
});

after(() => server.close());

beforeEach(() => server.reset());

void describe('HopsworksClient wire format', () => {
  void it('sends every call to its documented path with the ApiKey header and parses the answers', async () => {
    const c = client();
    const dep: Deployment = {
      id: 7,
      name: 'fraud',
      modelName: 'fraud',
      modelPath: '/Projects/demo/Models/fraud',
      modelVersion: 2,
      status: 'Running',
    };
    route('GET', '/variables/versions', { status: 200, body: [{ software: 'hopsworks', version: '4.2.1' }] });
    route('GET', '/variables/kube_kserve_installed', { status: 200, body: { successMessage: 'true' } });
    route('GET', '/project/getProjectInfo/my project', {
      status: 200,
      body: { projectId: 119, projectName: 'my project' },
    });
    route('GET', '/project', {
      status: 200,
      body: [{ project: { id: 119, name: 'demo' }, user: { username: 'ada' }, teamRole: 'Data owner' }],
    });
    route('GET', '/project/119/modelregistries/119/models', (s) =>
      s.url.includes('latest_version')
        ? { status: 200, body: { count: 1, items: [{ name: 'fraud', version: 3 }] } }
        : {
            status: 200,
            body: {
              items: [
                { name: 'fraud', version: 1 },
                { name: 'fraud', version: 3 },
                { name: 'fraud', version: 2 },
              ],
            },
          },
    );
    route('GET', '/project/119/modelregistries/119/models/fraud_2', {
      status: 200,
      body: { name: 'fraud', version: 2 },
    });
    route('GET', '/project/119/serving', (s) =>
      s.url.includes('name=') ? { status: 200, body: dep } : { status: 200, body: [dep] },
    );
    route('GET', '/project/119/serving/7', { status: 200, body: dep });
    // As a real server: the PUT answer has no state; the client reads the saved deployment back.
    route('PUT', '/project/119/serving', (s) => ({
      status: 201,
      body: { ...(JSON.parse(s.body) as object), id: 8 },
    }));
    route('GET', '/project/119/serving/8', { status: 200, body: { ...dep, id: 8, status: 'Creating' } });
    route('POST', '/project/119/serving/7', { status: 200 });
    route('DELETE', '/project/119/serving/7', { status: 200 });
    route('GET', '/project/119/kafka/topics', {
      status: 200,
      body: { count: 1, items: [{ name: 'fraud-inf1', schemaName: 'inferenceschema', schemaVersion: 4 }] },
    });
    route('POST', '/project/119/kafka/topics', (s) => ({ status: 201, body: JSON.parse(s.body) as object }));
    route('GET', '/project/119/kafka/topics/a/b c/subjects', { status: 404, body: { errorCode: 190000 } });
    route('GET', '/project/119/kafka/topics/fraud-inf1/subjects', {
      status: 200,
      body: {
        id: 1,
        subject: 'inferenceschema',
        version: 4,
        schema: '{"type":"record","name":"inferencelog","fields":[]}',
      },
    });
    route('GET', '/project/119/kafka/subjects/inferenceschema/versions/latest', {
      status: 200,
      body: { id: 1, subject: 'inferenceschema', version: 4, schema: '{"type":"string"}' },
    });
    route('GET', '/project/119/credentials', {
      status: 200,
      body: {
        caChain: '-----BEGIN CERTIFICATE-----',
        clientCert: '-----BEGIN CERTIFICATE-----',
        clientKey: 'k',
      },
    });
    route('POST', '/project/119/inference/models/fraud:predict', (s) => ({
      status: 200,
      body: { predictions: [(JSON.parse(s.body) as { instances: number[][] }).instances.length] },
    }));

    assert.equal(await c.getBackendVersion(), '4.2.1');
    assert.equal(await c.getVariable('kube_kserve_installed'), 'true');
    assert.deepEqual(await c.getProjectByName('my project'), { projectId: 119, projectName: 'my project' });
    assert.equal((await c.listProjects())[0]?.project.name, 'demo');
    const p = c.project(119, 'demo');
    assert.deepEqual(
      (await p.listLatestModels()).map((m) => m.version),
      [3],
    );
    assert.deepEqual(
      (await p.listModelVersions('fraud')).map((m) => m.version),
      [3, 2, 1],
    );
    assert.equal((await p.getModelVersion('fraud', 2))?.version, 2);
    assert.equal((await p.listDeployments())[0]?.name, 'fraud');
    assert.equal((await p.getDeployment(7))?.id, 7);
    assert.equal((await p.getDeploymentByName('fraud'))?.id, 7);
    const { id: _id, ...newDep } = dep;
    const saved = await p.saveDeployment(newDep);
    assert.deepEqual([saved.id, saved.status], [8, 'Creating'], 'the state comes from GET, after the PUT');
    await p.startDeployment(7);
    await p.stopDeployment(7);
    await p.deleteDeployment(7);
    assert.equal((await p.listTopics())[0]?.name, 'fraud-inf1');
    const created = await p.createTopic({
      name: 'events',
      schemaName: 'events',
      schemaVersion: 1,
      numOfReplicas: 1,
      numOfPartitions: 2,
    });
    assert.equal(created.numOfPartitions, 2);
    assert.equal((await p.getTopicSubject('fraud-inf1')).version, 4);
    assert.equal((await p.getSubject('inferenceschema', 'latest')).schema, '{"type":"string"}');
    assert.equal((await p.getCredentials()).clientKey, 'k');
    assert.deepEqual(await p.predict('fraud', { instances: [[1], [2]] }), { predictions: [2] });
    const topicErr = await rejection(p.getTopicSubject('a/b c'));
    assert.equal(topicErr.kind, 'notFound');
    assert.match(topicErr.message, /Kafka topic "a\/b c" was not found/);

    const lines = seen.map((s) => `${s.method} ${s.url}`);
    assert.deepEqual(lines, [
      `GET ${BASE}/variables/versions`,
      `GET ${BASE}/variables/kube_kserve_installed`,
      `GET ${BASE}/project/getProjectInfo/my%20project`,
      `GET ${BASE}/project`,
      `GET ${BASE}/project/119/modelregistries/119/models?filter_by=latest_version`,
      `GET ${BASE}/project/119/modelregistries/119/models?filter_by=name_eq%3Afraud`,
      `GET ${BASE}/project/119/modelregistries/119/models/fraud_2`,
      `GET ${BASE}/project/119/serving`,
      `GET ${BASE}/project/119/serving/7`,
      `GET ${BASE}/project/119/serving?name=fraud`,
      `PUT ${BASE}/project/119/serving`,
      `GET ${BASE}/project/119/serving/8`,
      `POST ${BASE}/project/119/serving/7?action=START`,
      `POST ${BASE}/project/119/serving/7?action=STOP`,
      `DELETE ${BASE}/project/119/serving/7`,
      `GET ${BASE}/project/119/kafka/topics`,
      `POST ${BASE}/project/119/kafka/topics`,
      `GET ${BASE}/project/119/kafka/topics/fraud-inf1/subjects`,
      `GET ${BASE}/project/119/kafka/subjects/inferenceschema/versions/latest`,
      `GET ${BASE}/project/119/credentials`,
      `POST ${BASE}/project/119/inference/models/fraud:predict`,
      `GET ${BASE}/project/119/kafka/topics/a%2Fb%20c/subjects`,
    ]);
    assert.equal(seen[0]?.authorization, undefined, '/variables/versions is called without auth');
    for (const s of seen.slice(1)) assert.equal(s.authorization, `ApiKey ${API_KEY}`);
    const put = seen.find((s) => s.method === 'PUT');
    assert.equal(put?.contentType, 'application/json');
    // Start, stop and delete have no body and so no Content-Type: a JAX-RS method that @Consumes JSON
    // refuses a form-encoded request (axios' default for a body-less POST) with 415.
    for (const s of seen.filter(
      (x) => (x.method === 'POST' && x.url.includes('?action=')) || x.method === 'DELETE',
    )) {
      assert.equal(s.contentType, undefined, `${s.method} ${s.url}`);
    }
    assert.equal((JSON.parse(put?.body ?? '{}') as Deployment).id, undefined, 'create sends no id');
    c.dispose();
  });

  void it('accepts deployments as a bare array, as {items}, and as {count: 0} without items', async () => {
    const c = client();
    const p = c.project(5, 'demo');
    const d = { name: 'a', modelName: 'm', modelPath: '/x/m', modelVersion: 1, status: 'Stopped' };
    route('GET', '/project/5/serving', (_s, n) =>
      n === 1
        ? { status: 200, body: [d] }
        : n === 2
          ? { status: 200, body: { count: 1, items: [d] } }
          : { status: 200, body: { count: 0 } },
    );
    assert.deepEqual(
      (await p.listDeployments()).map((x) => x.name),
      ['a'],
    );
    assert.deepEqual(
      (await p.listDeployments()).map((x) => x.name),
      ['a'],
    );
    assert.deepEqual(await p.listDeployments(), []);
    route('GET', '/project/5/kafka/topics', { status: 200, body: { href: 'x', count: 0 } });
    assert.deepEqual(await p.listTopics(), []);
    route('GET', '/project/5/serving', { status: 200, body: { unexpected: true, items: 'nope' } });
    const bad = await rejection(p.listDeployments());
    assert.equal(bad.kind, 'badResponse');
    c.dispose();
  });

  void it('returns deployments whose status normalises, unknown and odd values becoming UNKNOWN', async () => {
    const c = client();
    const base = { modelName: 'm', modelPath: '/x/m', modelVersion: 1 };
    route('GET', '/project/5/serving', {
      status: 200,
      body: [
        { ...base, name: 'a', status: 'Running' },
        { ...base, name: 'b', status: 'Idle' },
        { ...base, name: 'c', status: 'Transforming' },
        { ...base, name: 'd', status: 3 },
        { ...base, name: 'e' },
      ],
    });
    const list = await c.project(5, 'demo').listDeployments();
    assert.deepEqual(
      list.map((d) => [d.name, normalizeStatus(d.status)]),
      [
        ['a', 'RUNNING'],
        ['b', 'IDLE'],
        ['c', 'UNKNOWN'],
        ['d', 'UNKNOWN'],
        ['e', 'UNKNOWN'],
      ],
    );
    assert.equal(list[0]?.status, 'Running', 'the raw string is kept');
    c.dispose();
  });

  void it('treats 240000 and 360000 as absent (undefined) on get-one calls', async () => {
    const c = client();
    const p = c.project(5, 'demo');
    route('GET', '/project/5/serving/9', {
      status: 404,
      body: { errorCode: 240000, errorMsg: 'Serving instance not found' },
    });
    route('GET', '/project/5/serving', {
      status: 400,
      body: { errorCode: 240000, errorMsg: 'Serving instance not found' },
    });
    route('GET', '/project/5/modelregistries/5/models/nope_1', { status: 404, body: { errorCode: 360000 } });
    route('GET', '/variables/unset_var', {
      status: 404,
      body: { errorCode: 100050, errorMsg: 'Variable not found' },
    });
    assert.equal(await p.getDeployment(9), undefined);
    assert.equal(await p.getDeploymentByName('nope'), undefined);
    assert.equal(await p.getModelVersion('nope', 1), undefined);
    assert.equal(await c.getVariable('unset_var'), undefined);
    c.dispose();
  });

  void it('reads serving variables, falling back to defaults for unset and admin-only ones', async () => {
    const c = client();
    route('GET', '/variables/kube_kserve_installed', { status: 200, body: { successMessage: 'true' } });
    route('GET', '/variables/kube_serving_min_num_instances', { status: 200, body: { successMessage: '0' } });
    route('GET', '/variables/kube_serving_max_num_instances', { status: 200, body: { successMessage: '5' } });
    route('GET', '/variables/kube_serving_max_cores_allocation', {
      status: 403,
      body: { errorCode: 200014 },
    });
    route('GET', '/variables/kube_serving_max_memory_allocation', {
      status: 200,
      body: { successMessage: '2048' },
    });
    route('GET', '/variables/kube_serving_max_gpus_allocation', { status: 404, body: { errorCode: 100050 } });
    route('GET', '/variables/kube_knative_domain_name', {
      status: 200,
      body: { successMessage: 'serving.example.com' },
    });
    assert.deepEqual(await c.getServingVariables(), {
      kserveInstalled: true,
      scaleToZeroRequired: true,
      maxInstances: 5,
      maxCores: -1,
      maxMemory: 2048,
      maxGpus: -1,
      knativeDomain: 'serving.example.com',
    });
    route('GET', '/variables/kube_serving_max_num_instances', { status: 401, body: { errorCode: 320013 } });
    assert.equal(
      await c.getServingVariables().catch((e: HopsworksError) => e.kind),
      'unauthorized',
      'a rejected key is reported, not hidden behind defaults',
    );
    c.dispose();
  });

  void it('finds brokers through the Kafka connector, falling back to clusterinfo on 404, 403 or an empty answer', async () => {
    const c = client();
    const p = c.project(5, 'demo');
    route('GET', '/project/5/featurestores', {
      status: 200,
      body: [{ featurestoreId: 67, featurestoreName: 'demo_featurestore' }],
    });
    route('GET', '/project/5/featurestores/67/storageconnectors/kafka_connector/byok', {
      status: 200,
      body: { bootstrapServers: 'broker1:9092, EXTERNAL://broker2:9092', securityProtocol: 'SSL' },
    });
    route('GET', '/project/5/kafka/clusterinfo', { status: 200, body: { brokers: ['10.0.0.1:9091'] } });
    assert.deepEqual(await p.getBrokerEndpoints(), ['broker1:9092', 'broker2:9092']);
    assert.ok(seen.some((s) => s.url.endsWith('/kafka_connector/byok?external=true')));

    route('GET', '/project/5/featurestores/67/storageconnectors/kafka_connector/byok', {
      status: 404,
      body: { errorCode: 270042 },
    });
    assert.deepEqual(await p.getBrokerEndpoints(), ['10.0.0.1:9091']);
    assert.ok(seen.some((s) => s.url.endsWith('/kafka/clusterinfo?external=true')));

    route('GET', '/project/5/featurestores', { status: 200, body: [] });
    assert.deepEqual(await p.getBrokerEndpoints(), ['10.0.0.1:9091']);

    // A key without the FEATURESTORE scope gets 403 there: clusterinfo (scope KAFKA) answers instead.
    route('GET', '/project/5/featurestores', { status: 403, body: { errorCode: 320004 } });
    assert.deepEqual(await p.getBrokerEndpoints(), ['10.0.0.1:9091']);
    route('GET', '/project/5/kafka/clusterinfo', { status: 403, body: { errorCode: 320004 } });
    const err = await rejection(p.getBrokerEndpoints());
    assert.equal(err.kind, 'forbidden');
    assert.match(err.message, /KAFKA scope/);
    c.dispose();
  });

  void it('rejects a bad schema version before sending anything', async () => {
    const c = client();
    const err = await rejection(c.project(5, 'demo').getSubject('s', 0));
    assert.equal(err.kind, 'validation');
    assert.equal(seen.length, 0);
    c.dispose();
  });

  void it('refuses unusable connection settings with a clear message', () => {
    assert.throws(() => client({ host: 'https://host' }), /bare host name/);
    assert.throws(() => client({ port: 0 }), /port must be/);
    assert.throws(() => client({ apiKey: '' }), /API key is empty/);
    assert.throws(() => client({ caCertPem: 'not a pem' }), /not a PEM certificate/);
  });
});

void describe('HopsworksClient retries and timeouts', () => {
  void it('retries a GET after 503 and succeeds', async () => {
    const c = client();
    route('GET', '/project/5/serving', (_s, n) =>
      n < 3 ? { status: 503, raw: 'busy', contentType: 'text/plain' } : { status: 200, body: [] },
    );
    assert.deepEqual(await c.project(5, 'demo').listDeployments(), []);
    assert.equal(seen.length, 3);
    c.dispose();
  });

  void it('gives up after the configured retries with a server error', async () => {
    const c = client({ retries: 2 });
    route('GET', '/project/5/serving', {
      status: 500,
      body: { errorCode: 240005, errorMsg: 'Generic error' },
    });
    const err = await rejection(c.project(5, 'demo').listDeployments());
    assert.equal(seen.length, 3);
    assert.equal(err.kind, 'server');
    assert.equal(err.status, 500);
    assert.equal(err.errorCode, 240005);
    assert.match(err.message, /Generic error/);
    c.dispose();
  });

  void it('retries a GET whose connection was dropped', async () => {
    const c = client();
    route('GET', '/project/5/kafka/topics', (_s, n) =>
      n === 1 ? 'drop' : { status: 200, body: { count: 0 } },
    );
    assert.deepEqual(await c.project(5, 'demo').listTopics(), []);
    assert.equal(seen.length, 2);
    c.dispose();
  });

  void it('never retries 4xx, nor PUT/POST/DELETE even on 5xx or a dropped connection', async () => {
    const c = client();
    const p = c.project(5, 'demo');
    route('GET', '/project/5/serving/1', { status: 400, body: { errorCode: 240003 } });
    route('PUT', '/project/5/serving', { status: 503, raw: '' });
    route('POST', '/project/5/serving/1', 'drop');
    route('DELETE', '/project/5/serving/1', {
      status: 502,
      raw: '<html>bad gateway</html>',
      contentType: 'text/html',
    });
    assert.equal((await rejection(p.getDeployment(1))).kind, 'lifecycle');
    assert.equal(
      (await rejection(p.saveDeployment({ name: 'x', modelName: 'm', modelPath: '/m', modelVersion: 1 })))
        .kind,
      'server',
    );
    assert.equal((await rejection(p.startDeployment(1))).kind, 'unreachable');
    assert.equal((await rejection(p.deleteDeployment(1))).kind, 'server');
    assert.deepEqual(
      seen.map((s) => s.method),
      ['GET', 'PUT', 'POST', 'DELETE'],
    );
    c.dispose();
  });

  void it('times out a request that gets no answer', async () => {
    const c = client({ timeoutMs: 300 });
    route('GET', '/project/5/serving', 'hang');
    const err = await rejection(c.project(5, 'demo').listDeployments());
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /did not answer GET \/project\/5\/serving within 0\.3 s/);
    assertErrorSafe(err);
    c.dispose();
  });

  void it('dispose() aborts a request in flight without retrying it, and refuses later calls', async () => {
    const c = client();
    route('GET', '/project/5/serving', 'hang');
    const pending = rejection(c.project(5, 'demo').listDeployments());
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    c.dispose();
    const err = await pending;
    assert.equal(err.kind, 'unreachable');
    assert.match(
      err.message,
      /was closed \(disconnected, or connected elsewhere\) before GET \/project\/5\/serving finished/,
    );
    assert.ok(
      isClosedConnectionError(err),
      'a pending call cut off by dispose() reads as closed, not as a failure',
    );
    assert.equal((await rejection(c.listProjects())).kind, 'unreachable');
    assert.equal(seen.length, 1);
  });

  void it('logs one line per request with method, path, status and duration, never the key', async () => {
    const lines: string[] = [];
    const c = client({ log: (l) => lines.push(l) });
    route('GET', '/project/5/serving', (_s, n) =>
      n === 1 ? { status: 503, raw: '' } : { status: 200, body: [] },
    );
    route('GET', `/project/getProjectInfo/${API_KEY}`, { status: 400, body: { errorCode: 150004 } });
    await c.project(5, 'demo').listDeployments();
    const err = await rejection(c.getProjectByName(API_KEY));
    assertErrorSafe(err);
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^GET \/project\/5\/serving 503 \d+ms$/);
    assert.match(lines[1] ?? '', /^GET \/project\/5\/serving 200 \d+ms \(retry 1\)$/);
    for (const l of lines) assertNoSecret(l, 'log line');
    c.dispose();
  });
});

interface Case {
  name: string;
  status: number;
  body?: unknown;
  raw?: string;
  contentType?: string;
  call: (c: HopsworksClient) => Promise<unknown>;
  path: string;
  method?: string;
  kind: HopsworksError['kind'];
  message: RegExp;
  errorCode?: number;
}

const project = (c: HopsworksClient) => c.project(5, 'demo');
/** The topic-creation cases differ only in the replication factor asked for. */
const topicRequest = (numOfReplicas: number) => ({
  name: 't',
  schemaName: 's',
  schemaVersion: 1,
  numOfReplicas,
  numOfPartitions: 1,
});
const CASES: Case[] = [
  {
    name: 'wrong key secret (401 320012)',
    status: 401,
    body: { errorCode: 320012, errorMsg: 'Invalid API key' },
    path: '/project/5/serving',
    call: (c) => project(c).listDeployments(),
    kind: 'unauthorized',
    message:
      /^The API key was rejected by Hopsworks at https:\/\/127\.0\.0\.1:\d+: create a new one in Hopsworks > Account settings > API keys/,
    errorCode: 320012,
  },
  {
    name: 'unknown key (401 320013)',
    status: 401,
    body: { errorCode: 320013, errorMsg: 'Key not found' },
    path: '/project',
    call: (c) => c.listProjects(),
    kind: 'unauthorized',
    message: /API key was rejected/,
  },
  {
    name: 'no auth header (401 200003)',
    status: 401,
    body: { errorCode: 200003, errorMsg: 'Authorization header not set.' },
    path: '/project',
    call: (c) => c.listProjects(),
    kind: 'unauthorized',
    message: /API key was rejected/,
  },
  {
    name: 'key missing SERVING scope (403 320004)',
    status: 403,
    body: { errorCode: 320004, errorMsg: 'Api key scope not allowed' },
    path: '/project/5/serving',
    call: (c) => project(c).listDeployments(),
    kind: 'forbidden',
    message:
      /lacks the SERVING scope needed for GET \/project\/5\/serving: create a key with the SERVING scope/,
  },
  {
    name: 'key missing MODELREGISTRY scope',
    status: 403,
    body: { errorCode: 320004 },
    path: '/project/5/modelregistries/5/models',
    call: (c) => project(c).listLatestModels(),
    kind: 'forbidden',
    message: /MODELREGISTRY scope/,
  },
  {
    name: 'key missing KAFKA scope',
    status: 403,
    body: { errorCode: 320004 },
    path: '/project/5/kafka/topics',
    call: (c) => project(c).listTopics(),
    kind: 'forbidden',
    message: /KAFKA scope/,
  },
  {
    name: 'key missing PROJECT scope, role not allowed (403 320003)',
    status: 403,
    body: { errorCode: 320003 },
    path: '/project/5/credentials',
    call: (c) => project(c).getCredentials(),
    kind: 'forbidden',
    message: /needs the PROJECT scope.*Data owner role/,
  },
  {
    name: 'project not found (400 150004)',
    status: 400,
    body: { errorCode: 150004, errorMsg: "Project wasn't found." },
    path: '/project/getProjectInfo/nope',
    call: (c) => c.getProjectByName('nope'),
    kind: 'notFound',
    message:
      /^Project "nope" was not found on https:\/\/127\.0\.0\.1:\d+, or your user is not a member of it\.$/,
  },
  {
    name: 'model not found outside a get-one call (404 360000)',
    status: 404,
    body: { errorCode: 360000, errorMsg: 'Model not found' },
    path: '/project/5/modelregistries/5/models',
    call: (c) => project(c).listModelVersions('gone'),
    kind: 'notFound',
    message: /model was not found in the model registry/,
  },
  {
    name: 'deployment not found on start (404 240000)',
    status: 404,
    body: { errorCode: 240000, errorMsg: 'Serving instance not found' },
    path: '/project/5/serving/3',
    method: 'POST',
    call: (c) => project(c).startDeployment(3),
    kind: 'notFound',
    message: /^Deployment 3 was not found; it may have been deleted\.$/,
  },
  {
    name: 'server validation (422 120001) shows usrMsg',
    status: 422,
    body: { errorCode: 120001, errorMsg: 'Illegal argument', usrMsg: 'Serving name must be lower case' },
    path: '/project/5/serving',
    method: 'PUT',
    call: (c) => project(c).saveDeployment({ name: 'X', modelName: 'm', modelPath: '/m', modelVersion: 1 }),
    kind: 'validation',
    message: /^Hopsworks rejected the request: Serving name must be lower case$/,
  },
  {
    name: 'duplicate deployment name (400 240011)',
    status: 400,
    body: { errorCode: 240011, errorMsg: 'An entry with the same name already exists' },
    path: '/project/5/serving',
    method: 'PUT',
    call: (c) => project(c).saveDeployment({ name: 'x', modelName: 'm', modelPath: '/m', modelVersion: 1 }),
    kind: 'conflict',
    message: /deployment with this name already exists/,
  },
  {
    name: 'lifecycle error (400 240003)',
    status: 400,
    body: {
      errorCode: 240003,
      errorMsg: 'Lifecycle error',
      usrMsg: 'Deployment is starting. Please, try later.',
    },
    path: '/project/5/serving/3',
    method: 'POST',
    call: (c) => project(c).stopDeployment(3),
    kind: 'lifecycle',
    message:
      /^Deployment 3 could not be stopped: Deployment is starting\. Please, try later\. Wait until it has settled/,
  },
  {
    name: 'deployment not running on predict (400 250001)',
    status: 400,
    body: { errorCode: 250001 },
    path: '/project/5/inference/models/fraud:predict',
    method: 'POST',
    call: (c) => project(c).predict('fraud', { instances: [[1]] }),
    kind: 'lifecycle',
    message: /not running: start it/,
  },
  {
    name: 'topic name taken (409 190003)',
    status: 409,
    body: { errorCode: 190003, errorMsg: 'Kafka topic already exists in database' },
    path: '/project/5/kafka/topics',
    method: 'POST',
    call: (c) => project(c).createTopic(topicRequest(1)),
    kind: 'conflict',
    message: /unique across the whole cluster/,
  },
  {
    name: 'replication too high (400 190005)',
    status: 400,
    body: { errorCode: 190005 },
    path: '/project/5/kafka/topics',
    method: 'POST',
    call: (c) => project(c).createTopic(topicRequest(3)),
    kind: 'validation',
    message: /replication factor is larger than the number of Kafka brokers/,
  },
  {
    name: 'logger topic of wrong schema (400 240023)',
    status: 400,
    body: { errorCode: 240023 },
    path: '/project/5/serving',
    method: 'PUT',
    call: (c) => project(c).saveDeployment({ name: 'x', modelName: 'm', modelPath: '/m', modelVersion: 1 }),
    kind: 'validation',
    message: /"inferenceschema" subject/,
  },
  {
    name: 'schema registry shape (404 40401)',
    status: 404,
    body: { error_code: 40401, message: 'Subject not found' },
    path: '/project/5/kafka/subjects/nope/versions/1',
    call: (c) => project(c).getSubject('nope', 1),
    kind: 'notFound',
    message: /^Schema subject "nope" was not found in the schema registry\.$/,
    errorCode: 40401,
  },
  {
    name: 'body that is a bare JSON string',
    status: 400,
    raw: '"Something went wrong on the server side"',
    path: '/project/5/kafka/topics',
    call: (c) => project(c).listTopics(),
    kind: 'validation',
    message: /Something went wrong on the server side/,
  },
  {
    name: 'HTML 404 (not a Hopsworks server)',
    status: 404,
    raw: '<html><body>Not Found</body></html>',
    contentType: 'text/html',
    path: '/project',
    call: (c) => c.listProjects(),
    kind: 'notFound',
    message: /answered 404 to GET \/project: is this the address of a Hopsworks server/,
  },
  {
    name: 'HTML 504 from a proxy',
    status: 504,
    raw: '<html>Gateway Timeout</html>',
    contentType: 'text/html',
    path: '/project/5/serving/1',
    method: 'DELETE',
    call: (c) => project(c).deleteDeployment(1),
    kind: 'server',
    message: /is not answering properly \(504 Gateway Timeout/,
  },
  {
    name: 'empty 403 body',
    status: 403,
    raw: '',
    path: '/project',
    call: (c) => c.listProjects(),
    kind: 'forbidden',
    message: /lacks the PROJECT scope/,
  },
  {
    name: 'HTML page with 200 where JSON was expected',
    status: 200,
    raw: '<!doctype html><html>login</html>',
    contentType: 'text/html',
    path: '/project',
    call: (c) => c.listProjects(),
    kind: 'badResponse',
    message: /with an HTML page: is this the address of the Hopsworks REST API/,
  },
  {
    name: 'server echoes the key in its error text',
    status: 500,
    body: { errorCode: 120000, errorMsg: `bad header ApiKey ${API_KEY}`, usrMsg: `secret ${SECRET_HALF}` },
    path: '/project/5/serving/1',
    method: 'DELETE',
    call: (c) => project(c).deleteDeployment(1),
    kind: 'server',
    message: /\[redacted\]/,
  },
];

void describe('HopsworksClient error mapping', () => {
  for (const k of CASES) {
    void it(`${k.name} → ${k.kind}`, async () => {
      const c = client({ retries: 0 });
      route(k.method ?? 'GET', k.path, {
        status: k.status,
        ...(k.body !== undefined ? { body: k.body } : {}),
        ...(k.raw !== undefined ? { raw: k.raw } : {}),
        ...(k.contentType ? { contentType: k.contentType } : {}),
      });
      const err = await rejection(k.call(c));
      assert.equal(err.kind, k.kind);
      assert.match(err.message, k.message);
      assert.equal(err.status, k.status);
      assert.equal(err.method, k.method ?? 'GET');
      assert.equal(err.path, k.path);
      if (k.errorCode !== undefined) assert.equal(err.errorCode, k.errorCode);
      assertErrorSafe(err);
      c.dispose();
    });
  }

  void it('reports a closed port as unreachable, in words', async () => {
    const probe = https.createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const closedPort = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, 'close');
    const c = new HopsworksClient({ host: '127.0.0.1', port: closedPort, apiKey: API_KEY, retries: 1 });
    const err = await rejection(c.listProjects());
    assert.equal(err.kind, 'unreachable');
    assert.equal(err.causeCode, 'ECONNREFUSED');
    assert.equal(
      err.message,
      `Cannot reach https://127.0.0.1:${closedPort} — is the host right and the cluster up? (ECONNREFUSED)`,
    );
    assertErrorSafe(err);
    c.dispose();
  });

  void it('reports an unknown host name as unreachable', async () => {
    const c = new HopsworksClient({ host: 'no-such-host.invalid', port: 443, apiKey: API_KEY, retries: 0 });
    const err = await rejection(c.getBackendVersion());
    assert.equal(err.kind, 'unreachable');
    assert.match(
      err.message,
      /^Cannot reach https:\/\/no-such-host\.invalid:443 — is the host right and the cluster up\?/,
    );
    c.dispose();
  });
});

void describe('HopsworksClient refusals: role, quota, busy', () => {
  void it('a write refused for the project role names the role the user has and the one it needs', async () => {
    const c = client({ retries: 0 });
    route('POST', '/project/5/serving/3', {
      status: 403,
      body: { errorCode: 150068, errorMsg: 'Your project role does not allow to perform this action.' },
    });
    route('GET', '/project', {
      status: 200,
      body: [{ project: { id: 5, name: 'demo' }, user: { username: 'ds' }, teamRole: 'Data scientist' }],
    });
    const err = await rejection(project(c).startDeployment(3));
    assert.equal(err.kind, 'forbidden');
    assert.equal(err.errorCode, 150068);
    assert.equal(
      err.message,
      'Your role in project demo is Data scientist; starting a deployment needs Data owner. ' +
        'Ask a Data owner of project demo to do it, or to make you a Data owner.',
    );
    assert.deepEqual(err.refusal, {
      kind: 'role',
      needs: 'Data owner',
      action: 'starting a deployment',
      role: 'Data scientist',
    });
    assertErrorSafe(err);

    // When the role cannot be read, the message still says what is needed.
    route('GET', '/project', { status: 500, raw: 'down', contentType: 'text/plain' });
    route('PUT', '/project/5/serving', {
      status: 403,
      body: { errorCode: 150068, errorMsg: 'Your project role does not allow to perform this action.' },
    });
    const put = await rejection(
      project(c).saveDeployment({ name: 'x', modelName: 'm', modelPath: '/p', modelVersion: 1 }),
    );
    assert.equal(
      put.message,
      'Creating a deployment needs the Data owner role in project demo, which you do not have. ' +
        'Ask a Data owner of project demo to do it, or to make you a Data owner.',
    );
    c.dispose();
  });

  void it('quotas say which quota, how full, and what to do', async () => {
    const c = client({ retries: 0 });
    route('PUT', '/project/5/serving', {
      status: 400,
      body: {
        errorCode: 240026,
        errorMsg: 'Serving instance could not be created',
        usrMsg: 'Model deployments quota reached for Project: demo. Current: 4 Max: 4',
      },
    });
    const deployments = await rejection(
      project(c).saveDeployment({ name: 'x', modelName: 'm', modelPath: '/p', modelVersion: 1 }),
    );
    assert.equal(deployments.kind, 'conflict');
    assert.match(deployments.message, /^The project has reached its quota of deployments \(4 of 4\): delete/);
    assert.deepEqual(deployments.refusal, { kind: 'quota', quota: 'deployments', current: 4, max: 4 });

    route('POST', '/project/5/serving/3', {
      status: 400,
      body: {
        errorCode: 240003,
        errorMsg: 'Serving instance could not be started/stopped',
        usrMsg: 'Running model deployments quota reached for Project: demo. Current: 2 Max: 2',
      },
    });
    const running = await rejection(project(c).startDeployment(3));
    assert.equal(running.kind, 'lifecycle');
    assert.match(
      running.message,
      /^The project has reached its quota of running deployments \(2 of 2\): stop/,
    );
    assert.deepEqual(running.refusal, { kind: 'quota', quota: 'runningDeployments', current: 2, max: 2 });

    route('POST', '/project/5/kafka/topics', {
      status: 412,
      body: { errorCode: 190004, errorMsg: 'Topic limit reached.', usrMsg: 'topic name: t, project: demo' },
    });
    const topics = await rejection(project(c).createTopic(topicRequest(1)));
    assert.equal(topics.kind, 'conflict');
    assert.match(topics.message, /quota of Kafka topics/);
    assert.deepEqual(topics.refusal, { kind: 'quota', quota: 'topics' });
    c.dispose();
  });

  void it('a deployment between two states: update 500 240002 and delete 500 240001 are refusals, not server faults', async () => {
    const c = client({ retries: 0 });
    route('PUT', '/project/5/serving', {
      status: 500,
      body: {
        errorCode: 240002,
        errorMsg: 'Serving instance could not be updated',
        usrMsg: 'Deployment is starting. Please, try later.',
      },
    });
    const update = await rejection(
      project(c).saveDeployment({ id: 3, name: 'x', modelName: 'm', modelPath: '/p', modelVersion: 1 }),
    );
    assert.equal(update.kind, 'lifecycle');
    assert.match(
      update.message,
      /^Deployment "x" is starting or updating and cannot be changed now\. Save again/,
    );
    assert.deepEqual(update.refusal, { kind: 'busy' });
    route('DELETE', '/project/5/serving/3', {
      status: 500,
      body: {
        errorCode: 240001,
        errorMsg: 'Serving instance could not be deleted',
        usrMsg: 'Deployment is starting. Please, try later.',
      },
    });
    const del = await rejection(project(c).deleteDeployment(3));
    assert.equal(del.kind, 'lifecycle');
    assert.match(del.message, /^Deployment 3 is starting or updating and cannot be deleted now/);
    assert.equal(seen.filter((s) => s.method === 'DELETE').length, 1, 'a refusal is not retried');
    c.dispose();
  });
});

void describe('HopsworksClient server logs', () => {
  void it('asks for the component and tail, and only the 5.x parameters it was given', async () => {
    const c = client();
    route('GET', '/project/5/serving/3/logs', (s) =>
      s.url.includes('source=opensearch')
        ? {
            status: 200,
            body: [
              { instanceName: 'p-1', content: 'a line', timestamp: '2025-01-31T10:00:00.000Z', docId: '3-9' },
            ],
          }
        : { status: 200, body: [{ instanceName: 'p-1', content: 'one\ntwo\n' }, { instanceName: 'p-2' }] },
    );
    assert.deepEqual(await project(c).getLogs(3, { component: 'predictor', tail: 20 }), [
      { instanceName: 'p-1', content: 'one\ntwo\n' },
      { instanceName: 'p-2', content: '' },
    ]);
    const archived = await project(c).getLogs(3, {
      component: 'transformer',
      tail: 5,
      source: 'opensearch',
      since: new Date(Date.UTC(2025, 0, 31, 9)),
      until: '2025-01-31T11:00:00Z',
      pod: 'p-1',
    });
    assert.equal(archived[0]?.docId, '3-9');
    assert.deepEqual(
      seen.map((s) => s.url.slice(s.url.indexOf('?'))),
      [
        '?component=predictor&tail=20',
        '?component=transformer&tail=5&source=opensearch&since=2025-01-31T09%3A00%3A00.000Z&until=2025-01-31T11%3A00%3A00Z&pod=p-1',
      ],
    );
    const bad = await rejection(project(c).getLogs(3, { component: 'predictor', tail: 1.5 }));
    assert.equal(bad.kind, 'validation');
    assert.equal(seen.length, 2, 'nothing sent for a bad tail');
    c.dispose();
  });

  void it('a deployment without a pod to read (404 240027) says to start it, or to wake it', async () => {
    const c = client();
    route('GET', '/project/5/serving/3/logs', {
      status: 404,
      body: { errorCode: 240027, errorMsg: 'Server logs not available' },
    });
    const err = await rejection(project(c).getLogs(3, { component: 'predictor', tail: 5 }));
    assert.equal(err.kind, 'notFound');
    assert.match(err.message, /^Deployment 3 has no running pod to read logs from: start it first; .*Idle/);
    c.dispose();
  });
});
