// The sandbox's REST contract over real HTTPS (verified against the sandbox CA): authentication codes,
// projects, variables, model registry, Kafka topics and subjects, credentials and broker endpoints.
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import type { Sandbox } from '../../sandbox/index';
import { partitionsPerTopic } from '../support/kafkaAdmin';
import { restRequest, startTestSandbox } from '../support/sandbox';
import type { RestReply } from '../support/sandbox';

function assertError(reply: RestReply, status: number, errorCode: number): void {
  assert.equal(reply.status, status, reply.text);
  const body = reply.json as { errorCode: number; errorMsg: string };
  assert.equal(body.errorCode, errorCode, reply.text);
  assert.equal(typeof body.errorMsg, 'string');
}

function hasNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(hasNull);
  if (typeof value === 'object') return Object.values(value).some(hasNull);
  return false;
}

void describe('sandbox REST contract', () => {
  let sb: Sandbox;
  let pid: number;

  before(async () => {
    sb = await startTestSandbox({ trafficPerSecond: 0, lifecycleStepMs: 50 });
    pid = sb.projectId;
  });

  after(async () => {
    await sb?.stop();
  });

  void describe('TLS and authentication', () => {
    void it('serves HTTPS with a certificate from the sandbox CA, which is also in caFile', async () => {
      assert.equal(await readFile(sb.caFile, 'utf8'), sb.caCertPem);
      assert.equal((await restRequest(sb, 'GET', '/project')).status, 200);
      // Without the CA the certificate is not trusted.
      await assert.rejects(
        restRequest(sb, 'GET', '/project', { ca: null }),
        /self[- ]signed|unable to verify/i,
      );
    });

    void it('answers the documented 401/403 codes, never echoing the key', async () => {
      const none = await restRequest(sb, 'GET', '/project', { auth: null });
      assertError(none, 401, 200003);
      assert.ok(none.headers['www-authenticate']);
      assertError(await restRequest(sb, 'GET', '/project', { auth: `Bearer ${sb.apiKey}` }), 401, 200003);
      assertError(await restRequest(sb, 'GET', '/project', { auth: 'ApiKey nodotinthiskey' }), 401, 320012);
      const prefix = sb.apiKey.split('.')[0] as string;
      const wrongSecret = await restRequest(sb, 'GET', '/project', { auth: `ApiKey ${prefix}.wrongsecret` });
      assertError(wrongSecret, 401, 320012);
      assert.ok(!wrongSecret.text.includes(prefix));
      assertError(
        await restRequest(sb, 'GET', '/project', { auth: `ApiKey ${sb.keys.unknown}` }),
        401,
        320013,
      );
      const noScope = await restRequest(sb, 'GET', `/project/${pid}/serving`, {
        auth: `ApiKey ${sb.keys.noServingScope}`,
      });
      assertError(noScope, 403, 320004);
      assert.ok(!noScope.text.includes(sb.keys.noServingScope.split('.')[1] as string));
      // The same key works where its scopes suffice.
      const topics = await restRequest(sb, 'GET', `/project/${pid}/kafka/topics`, {
        auth: `ApiKey ${sb.keys.noServingScope}`,
      });
      assert.equal(topics.status, 200);
    });
  });

  void describe('project and variables', () => {
    void it("lists the caller's membership and resolves the name to id 119; unknown projects are 150004", async () => {
      const list = (await restRequest(sb, 'GET', '/project')).json as {
        project: { id: number; name: string };
        user: { username: string };
        teamRole: string;
      }[];
      assert.ok(Array.isArray(list));
      assert.equal(list[0]?.project.name, 'mlops');
      assert.equal(list[0]?.user.username, 'demo_user');
      const info = (await restRequest(sb, 'GET', '/project/getProjectInfo/mlops')).json as {
        projectId: number;
      };
      assert.equal(info.projectId, 119);
      assertError(await restRequest(sb, 'GET', '/project/getProjectInfo/nope'), 400, 150004);
      // Under /project/{id}/… it is ProjectAuthFilter that answers, with 404.
      assertError(await restRequest(sb, 'GET', '/project/7/serving'), 404, 150004);
      const ds = (await restRequest(sb, 'GET', '/project', { auth: `ApiKey ${sb.dataScientistApiKey}` }))
        .json as {
        project: { id: number };
        user: { username: string };
        teamRole: string;
      }[];
      assert.deepEqual(
        ds.map((m) => [m.project.id, m.user.username, m.teamRole]),
        [[119, 'ds_user', 'Data scientist']],
      );
      assert.equal(list[0]?.teamRole, 'Data owner');
    });

    void it('serves cluster variables as successMessage, 404 100050 when unset, versions without auth', async () => {
      const expected: Record<string, string> = {
        kube_kserve_installed: 'true',
        kube_serving_min_num_instances: '0',
        kube_serving_max_num_instances: '5',
        kube_serving_max_cores_allocation: '4',
      };
      for (const [name, value] of Object.entries(expected)) {
        assert.deepEqual((await restRequest(sb, 'GET', `/variables/${name}`)).json, {
          successMessage: value,
        });
      }
      const domain = (await restRequest(sb, 'GET', '/variables/kube_knative_domain_name')).json as {
        successMessage: string;
      };
      assert.ok(domain.successMessage.length > 0);
      assertError(await restRequest(sb, 'GET', '/variables/not_a_variable'), 404, 100050);
      const versions = await restRequest(sb, 'GET', '/variables/versions', { auth: null });
      assert.equal(versions.status, 200);
      assert.equal(
        (versions.json as { software: string; version: string }[]).find((v) => v.software === 'hopsworks')
          ?.version,
        { '4.2': '4.2.2', '4.6': '4.6.1', '4.8': '4.8.0', '5.0': '5.0.0' }[sb.hopsworks],
      );
      assert.deepEqual((await restRequest(sb, 'GET', '/servingconf', { auth: null })).json, {
        kafkaTopicSchema: 'inferenceschema',
        kafkaTopicSchemaVersion: 3,
      });
    });
  });

  void describe('model registry', () => {
    const models = `/project/119/modelregistries/119/models`;
    type Model = {
      id: string;
      name: string;
      version: number;
      framework: string;
      metrics: Record<string, number>;
    };
    type Models = { count: number; items?: Model[] };

    void it('lists the project registry', async () => {
      const regs = (await restRequest(sb, 'GET', `/project/${pid}/modelregistries`)).json as {
        items: { id: number; name: string }[];
      };
      assert.deepEqual(
        regs.items.map((r) => [r.id, r.name]),
        [[119, 'mlops']],
      );
    });

    void it('filters latest_version, name_eq, name_like, version; sorts by name or metric; pages', async () => {
      const latest = (await restRequest(sb, 'GET', `${models}?filter_by=latest_version`)).json as Models;
      const frameworks = new Set(latest.items?.map((m) => m.framework));
      for (const f of ['SKLEARN', 'TENSORFLOW', 'PYTHON']) assert.ok(frameworks.has(f), f);
      const all = (await restRequest(sb, 'GET', models)).json as Models;
      for (const m of latest.items ?? []) {
        const max = Math.max(...(all.items ?? []).filter((x) => x.name === m.name).map((x) => x.version));
        assert.equal(m.version, max);
        assert.ok(max >= 2, `${m.name} has several versions`);
      }

      const iris = (await restRequest(sb, 'GET', `${models}?filter_by=name_eq:irisclassifier`))
        .json as Models;
      assert.deepEqual(iris.items?.map((m) => m.version).sort(), [1, 2, 3]);
      assert.ok(
        iris.items?.every((m) => m.id === `irisclassifier_${m.version}` && (m.metrics.accuracy ?? 0) > 0),
      );

      const like = (await restRequest(sb, 'GET', `${models}?filter_by=name_like:IRIS`)).json as Models;
      assert.equal(like.count, 3);
      const v2 = (await restRequest(sb, 'GET', `${models}?filter_by=name_eq:fraudtf&filter_by=version:2`))
        .json as Models;
      assert.deepEqual(
        v2.items?.map((m) => m.id),
        ['fraudtf_2'],
      );

      const best = (
        await restRequest(
          sb,
          'GET',
          `${models}?filter_by=name_eq:irisclassifier&sort_by=accuracy:desc&limit=1`,
        )
      ).json as Models;
      assert.equal(best.count, 3);
      assert.deepEqual(
        best.items?.map((m) => m.version),
        [3],
      );

      const byName = (await restRequest(sb, 'GET', `${models}?filter_by=latest_version&sort_by=name:desc`))
        .json as Models;
      const names = byName.items?.map((m) => m.name) ?? [];
      assert.deepEqual(names, [...names].sort().reverse());

      const page = (await restRequest(sb, 'GET', `${models}?sort_by=name:asc&offset=2&limit=2`))
        .json as Models;
      assert.equal(page.count, all.count);
      assert.equal(page.items?.length, 2);

      const none = (await restRequest(sb, 'GET', `${models}?filter_by=name_eq:nothing`)).json as Record<
        string,
        unknown
      >;
      assert.equal(none.count, 0);
      assert.ok(!('items' in none), 'items omitted when empty');
    });

    void it('gets one version; an unknown one is 404 360000', async () => {
      const one = (await restRequest(sb, 'GET', `${models}/fraudtf_1?expand=trainingdatasets`))
        .json as Model & {
        created: number;
      };
      assert.equal(one.name, 'fraudtf');
      assert.equal(one.version, 1);
      assert.equal(one.framework, 'TENSORFLOW');
      assert.equal(typeof one.created, 'number');
      assertError(await restRequest(sb, 'GET', `${models}/fraudtf_9`), 404, 360000);
    });
  });

  void describe('deployments (read)', () => {
    void it('lists a bare array without null fields; ?name= and /{id} find one; unknown is 404 240000', async () => {
      const list = await restRequest(sb, 'GET', `/project/${pid}/serving`);
      assert.ok(Array.isArray(list.json));
      assert.ok(!hasNull(list.json), 'null fields are omitted');
      const byName = new Map((list.json as { name: string; id: number }[]).map((d) => [d.name, d]));
      for (const n of ['irisclassifier', 'fraudtf', 'churnpredictor', 'irisnolog'])
        assert.ok(byName.has(n), n);

      const iris = (await restRequest(sb, 'GET', `/project/${pid}/serving?name=irisclassifier`))
        .json as Record<string, unknown>;
      assert.equal(iris.servingTool, 'KSERVE');
      assert.equal(iris.status, 'Running');
      assert.equal(iris.inferenceLogging, 'ALL');
      assert.deepEqual(
        [(iris.kafkaTopicDTO as { schemaVersion: number }).schemaVersion, typeof iris.created],
        [4, 'number'],
      );
      const fraud = (await restRequest(sb, 'GET', `/project/${pid}/serving/${byName.get('fraudtf')?.id}`))
        .json as Record<string, unknown>;
      assert.deepEqual([fraud.servingTool, fraud.modelServer], ['DEFAULT', 'TENSORFLOW_SERVING']);
      assert.equal((fraud.kafkaTopicDTO as { schemaVersion: number }).schemaVersion, 3);
      const stopped = (await restRequest(sb, 'GET', `/project/${pid}/serving?name=churnpredictor`))
        .json as Record<string, unknown>;
      assert.equal(stopped.status, 'Stopped');
      const nolog = (await restRequest(sb, 'GET', `/project/${pid}/serving?name=irisnolog`)).json as Record<
        string,
        unknown
      >;
      assert.ok(!('kafkaTopicDTO' in nolog) && !('inferenceLogging' in nolog));

      const running = (await restRequest(sb, 'GET', `/project/${pid}/serving?status=running`)).json as {
        status: string;
      }[];
      assert.equal(
        running.length,
        (list.json as { status: string }[]).filter((d) => d.status === 'Running').length,
      );
      assert.ok(running.length >= 4 && running.every((d) => d.status === 'Running'));
      assertError(await restRequest(sb, 'GET', `/project/${pid}/serving?name=nothere`), 404, 240000);
      assertError(await restRequest(sb, 'GET', `/project/${pid}/serving/99999`), 404, 240000);
    });

    void it('inference: 400 250001 when not running, 400 250005 without a verb', async () => {
      assertError(
        await restRequest(sb, 'POST', `/project/${pid}/inference/models/churnpredictor:predict`, {
          body: { instances: [[12, 50, 1]] },
        }),
        400,
        250001,
      );
      assertError(
        await restRequest(sb, 'POST', `/project/${pid}/inference/models/irisclassifier`, {
          body: { instances: [] },
        }),
        400,
        250005,
      );
      const ok = await restRequest(sb, 'POST', `/project/${pid}/inference/models/irisnolog:predict`, {
        body: { instances: [[5.0, 3.4, 1.5, 0.2]] },
      });
      assert.deepEqual(ok.json, { predictions: [0] });
    });
  });

  void describe('kafka', () => {
    void it('lists topics of both schema generations and another subject', async () => {
      const topics = (await restRequest(sb, 'GET', `/project/${pid}/kafka/topics`)).json as {
        count: number;
        items: { name: string; schemaName: string; schemaVersion: number; numOfPartitions: number }[];
      };
      const inference = topics.items.filter((t) => t.schemaName === 'inferenceschema');
      assert.ok(inference.some((t) => t.schemaVersion === 4 && t.name === 'irismonitor-inf2094'));
      assert.ok(inference.some((t) => t.schemaVersion === 3 && t.name === 'legacyfraud-inf3310'));
      assert.ok(topics.items.some((t) => t.schemaName !== 'inferenceschema'));
      const sorted = (await restRequest(sb, 'GET', `/project/${pid}/kafka/topics?sort_by=name:desc`))
        .json as {
        items: { name: string }[];
      };
      const names = sorted.items.map((t) => t.name);
      assert.deepEqual(names, [...names].sort().reverse());
    });

    void it('creates a topic on the broker with the asked partitions; refuses duplicates and bad input', async () => {
      const body = {
        name: 'clicks',
        schemaName: 'transactions',
        schemaVersion: 1,
        numOfReplicas: 1,
        numOfPartitions: 3,
      };
      const created = await restRequest(sb, 'POST', `/project/${pid}/kafka/topics`, { body });
      assert.equal(created.status, 201, created.text);
      assert.match(String(created.headers.location), /\/kafka\/topics\/clicks$/);
      assert.equal((created.json as { numOfPartitions: number }).numOfPartitions, 3);

      const kafka = new Kafka({
        clientId: 'sandbox-rest-test',
        brokers: [sb.kafka.plaintextBootstrap],
        logLevel: logLevel.NOTHING,
      });
      assert.equal((await partitionsPerTopic(kafka, ['clicks'])).clicks, 3);

      assertError(await restRequest(sb, 'POST', `/project/${pid}/kafka/topics`, { body }), 409, 190002);
      assertError(
        await restRequest(sb, 'POST', `/project/${pid}/kafka/topics`, {
          body: { ...body, name: 'fraudtf-inf5510' },
        }),
        409,
        190002,
      );
      assertError(
        await restRequest(sb, 'POST', `/project/${pid}/kafka/topics`, {
          body: { ...body, name: 'other', schemaName: 'nosuchsubject' },
        }),
        404,
        190006,
      );
      assertError(
        await restRequest(sb, 'POST', `/project/${pid}/kafka/topics`, {
          body: { ...body, name: 'other', numOfReplicas: 2 },
        }),
        400,
        190005,
      );
      const topics = (await restRequest(sb, 'GET', `/project/${pid}/kafka/topics`)).json as {
        items: { name: string }[];
      };
      assert.ok(!topics.items.some((t) => t.name === 'other'), 'rejected topics are not created');

      const details = (await restRequest(sb, 'GET', `/project/${pid}/kafka/topics/clicks`)).json as {
        items: { id: number; leader: string }[];
      };
      assert.deepEqual(
        details.items.map((p) => p.id),
        [0, 1, 2],
      );
      assertError(await restRequest(sb, 'GET', `/project/${pid}/kafka/topics/nope`), 404, 190000);
      assert.equal((await restRequest(sb, 'DELETE', `/project/${pid}/kafka/topics/clicks`)).status, 204);
      assertError(await restRequest(sb, 'GET', `/project/${pid}/kafka/topics/clicks`), 404, 190000);
    });

    void it('serves subjects: versions as text/plain JSON, one version, latest, raw schema, registry errors', async () => {
      const versions = await restRequest(
        sb,
        'GET',
        `/project/${pid}/kafka/subjects/inferenceschema/versions`,
      );
      assert.match(String(versions.headers['content-type']), /^text\/plain/);
      assert.deepEqual(versions.json, [1, 2, 3, 4, 5]);

      const v4 = (await restRequest(sb, 'GET', `/project/${pid}/kafka/subjects/inferenceschema/versions/4`))
        .json as {
        subject: string;
        version: number;
        schema: string;
      };
      assert.equal(v4.subject, 'inferenceschema');
      const schema = JSON.parse(v4.schema) as { name: string; fields: { name: string }[] };
      assert.equal(schema.name, 'inferencelog');
      assert.deepEqual(
        schema.fields.map((f) => f.name),
        [
          'servingId',
          'modelName',
          'modelVersion',
          'requestTimestamp',
          'responseHttpCode',
          'inferenceId',
          'messageType',
          'payload',
        ],
      );
      assert.ok(!v4.schema.includes(' '), 'compact Avro JSON');
      const latest = (
        await restRequest(sb, 'GET', `/project/${pid}/kafka/subjects/inferenceschema/versions/latest`)
      ).json as { version: number };
      assert.equal(latest.version, 5);
      const raw = await restRequest(
        sb,
        'GET',
        `/project/${pid}/kafka/subjects/inferenceschema/versions/3/schema`,
      );
      assert.deepEqual((raw.json as { fields: { name: string }[] }).fields.map((f) => f.name).slice(-2), [
        'modelServer',
        'servingTool',
      ]);
      const bound = (await restRequest(sb, 'GET', `/project/${pid}/kafka/topics/fraudtf-inf5510/subjects`))
        .json as {
        subject: string;
        version: number;
      };
      assert.deepEqual([bound.subject, bound.version], ['inferenceschema', 3]);

      const subjects = await restRequest(sb, 'GET', `/project/${pid}/kafka/subjects`);
      assert.match(subjects.text, /^\[.*inferenceschema.*\]$/);

      const unknown = await restRequest(sb, 'GET', `/project/${pid}/kafka/subjects/nosuch/versions/1`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.json, { error_code: 40401, message: 'Subject not found' });
      const noVersion = await restRequest(
        sb,
        'GET',
        `/project/${pid}/kafka/subjects/inferenceschema/versions/9`,
      );
      assert.deepEqual(
        [noVersion.status, (noVersion.json as { error_code: number }).error_code],
        [404, 40402],
      );
      const badVersion = await restRequest(
        sb,
        'GET',
        `/project/${pid}/kafka/subjects/inferenceschema/versions/abc`,
      );
      assert.deepEqual(
        [badVersion.status, (badVersion.json as { error_code: number }).error_code],
        [422, 42202],
      );
    });

    void it('gives the mTLS listener as broker address and PEM credentials for <project>__<user>', async () => {
      const info = (await restRequest(sb, 'GET', `/project/${pid}/kafka/clusterinfo?external=true`)).json as {
        brokers: string[];
      };
      assert.deepEqual(info.brokers, [sb.kafka.tlsBootstrap]);
      const stores = (await restRequest(sb, 'GET', `/project/${pid}/featurestores`)).json as {
        featurestoreId: number;
      }[];
      const fsId = stores[0]?.featurestoreId;
      const connector = (
        await restRequest(
          sb,
          'GET',
          `/project/${pid}/featurestores/${fsId}/storageconnectors/kafka_connector/byok?external=true`,
        )
      ).json as Record<string, unknown>;
      assert.equal(connector.bootstrapServers, sb.kafka.tlsBootstrap);
      assert.equal(connector.securityProtocol, 'SSL');
      assert.equal(connector.sslEndpointIdentificationAlgorithm, '');

      const creds = (await restRequest(sb, 'GET', `/project/${pid}/credentials`)).json as {
        caChain: string;
        clientCert: string;
        clientKey: string;
      };
      assert.equal(creds.caChain, sb.caCertPem);
      const cert = new X509Certificate(creds.clientCert);
      assert.equal(cert.subject, 'CN=mlops__demo_user');
      assert.ok(cert.checkIssued(new X509Certificate(creds.caChain)));
      assert.match(creds.clientKey, /^-----BEGIN PRIVATE KEY-----/);
      assert.ok(cert.checkPrivateKey(createPrivateKey(creds.clientKey)));
    });
  });
});
