// The log panel's vscode-free host parts against the real sandbox: the log source (brokers, project
// certificates, schema) resolved over HTTPS for the seeded KServe deployment, then the panel host fed by a
// real pipeline session (the built dist/inferenceLog.js, loaded the way the panel loads it) reading the
// broker's mutual-TLS listener. The test plays the webview: it says ready and pulls rows as signals arrive.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildPipelineBundle } from '../support/pipelineBundle';
import { sandboxPanel } from '../support/logPanelPeer';
import type { Sandbox } from '../../sandbox/index';
import type { Deployment, ProjectClient } from '../../src/hopsworks/index';
import { describeSessionFailure, loadInferenceLog } from '../../src/panels/logViewer/logViewerLoader';
import { LogSourceError, resolveLogSource } from '../../src/panels/logViewer/logViewerSource';
import type { QueryReply, RowDetail } from '../../src/protocol/logViewer';
import { sandboxClient, startTestSandbox } from '../support/sandbox';
import { eventually } from '../support/wait';

const ROOT = path.resolve(import.meta.dirname, '../..');

let sandbox: Sandbox;
let project: ProjectClient;
let iris: Deployment;
let credentials: { caChain: string; clientCert: string; clientKey: string };

before(async () => {
  await buildPipelineBundle();
  sandbox = await startTestSandbox({ trafficPerSecond: 5, lifecycleStepMs: 100 });
  const client = sandboxClient(sandbox);
  const info = await client.getProjectByName(sandbox.project);
  project = client.project(info.projectId, info.projectName);
  const found = await project.getDeploymentByName('irisclassifier');
  assert.ok(found, 'the sandbox seeds the KServe deployment irisclassifier');
  iris = found;
  credentials = await project.getCredentials();
});

after(async () => {
  await sandbox?.stop();
});

describe('log viewer host against the sandbox', () => {
  it('resolves topic, schema, brokers and the project certificates for the KServe deployment', async () => {
    const source = await resolveLogSource(project, iris);
    assert.equal(source.topic, 'irisclassifier-inf4821');
    assert.equal(source.servingTool, 'KSERVE');
    assert.equal(source.loggingMode, 'ALL');
    assert.equal(source.schemaVersion, 4);
    const schema = JSON.parse(source.schema) as { fields: { name: string }[] };
    assert.ok(
      schema.fields.some((f) => f.name === 'messageType'),
      'the v4 (KServe) schema',
    );
    assert.deepEqual(source.brokers, [sandbox.kafka.tlsBootstrap]);
    assert.equal(source.brokersOverridden, false);
    assert.deepEqual(source.ssl, {
      ca: credentials.caChain,
      cert: credentials.clientCert,
      key: credentials.clientKey,
    });
  });

  it('takes the bootstrap servers from the setting when given, and rejects a malformed one saying how to fix it', async () => {
    const source = await resolveLogSource(project, iris, {
      bootstrapServers: ` ${sandbox.kafka.tlsBootstrap} `,
    });
    assert.deepEqual(source.brokers, [sandbox.kafka.tlsBootstrap]);
    assert.equal(source.brokersOverridden, true);

    await assert.rejects(
      resolveLogSource(project, iris, { bootstrapServers: 'no-port-here' }),
      (e: unknown) => {
        assert.ok(e instanceof LogSourceError);
        assert.match(e.message, /"no-port-here", which is not host:port/);
        assert.match(e.action, /comma-separated/);
        return true;
      },
    );
  });

  it('says what to do for a deployment without a logger', async () => {
    const nolog = await project.getDeploymentByName('irisnolog');
    assert.ok(nolog);
    await assert.rejects(resolveLogSource(project, nolog), (e: unknown) => {
      assert.ok(e instanceof LogSourceError);
      assert.equal(e.message, 'Deployment "irisnolog" does not log its inferences to Kafka.');
      assert.match(e.action, /turn on the inference logger/);
      const { message, action } = describeSessionFailure(e);
      assert.equal(message, e.message);
      assert.equal(action, e.action);
      return true;
    });
  });

  it('pulls decoded, paired rows through the mutual-TLS listener; a test request shows up; export streams to a file', async () => {
    const logLines: string[] = [];
    const exportDir = await mkdtemp(path.join(tmpdir(), 'log-export-'));
    const exportFile = path.join(exportDir, 'iris.jsonl');
    const { session, webview } = sandboxPanel(project, iris, {
      capacity: 10_000,
      startFrom: 'latest',
      log: (line) => logLines.push(line),
      info: { servingTool: 'KSERVE', topic: 'irisclassifier-inf4821' },
      exportPath: exportFile,
    });
    try {
      await webview.host.receive({ type: 'ready' });
      assert.equal(webview.events('init').length, 1);
      await session.start();

      const live = await eventually('the live state', () =>
        Promise.resolve(webview.events('state').find((s) => (s as { state: string }).state === 'live')),
      );
      assert.deepEqual(live, { state: 'live' });

      // The sandbox's own traffic: KServe request + response joined into one row per call.
      const pairs = await eventually('paired rows', async () => {
        if (webview.events('changed').length === 0) return undefined;
        const page = await webview.request<QueryReply>('query', {
          offset: 0,
          limit: 50,
          filter: { kind: 'pair' },
          fromEnd: true,
        });
        return page.rows.length >= 3 ? page : undefined;
      });
      for (const r of pairs.rows) {
        assert.equal(r.kind, 'pair');
        assert.match(r.inferenceId, /^[0-9a-f-]{36}$/);
        assert.equal(r.modelVersion, 3);
        assert.equal(r.timeResolutionMs, 1000, 'KServe logs whole seconds');
        assert.ok(r.preview.includes('instances') && r.preview.includes('predictions'), r.preview);
      }
      const detail = await webview.request<RowDetail>('detail', { id: pairs.rows[0]!.id });
      assert.equal(detail.kafka.framing, 'bare', 'the sandbox writes bare Avro, as Hopsworks does');
      assert.ok(detail.request && detail.response);
      assert.equal(detail.request.format, 'v1');
      assert.ok(detail.request.text.startsWith('{\n  "instances": ['), detail.request.text);
      assert.ok(detail.response.text.startsWith('{\n  "predictions": ['), detail.response.text);

      // "Send test request": through Hopsworks' inference route; its logged call then appears in the store.
      const answer = await webview.request<{ response: string }>('sendTestRequest', {
        body: '{"instances": [[6.54321, 2.9, 4.7, 1.4]]}',
      });
      assert.match(answer.response, /"predictions"/);
      const mine = await eventually('the test request in the panel', async () => {
        const page = await webview.request<QueryReply>('query', {
          offset: 0,
          limit: 10,
          filter: { text: '6.54321' },
          fromEnd: false,
        });
        return page.rows.find((r) => r.kind === 'pair');
      });
      assert.match(mine.preview, /6\.54321/);

      const exported = await webview.request<{ path?: string; rows: number }>('export', {
        format: 'jsonl',
        filter: { text: '6.54321' },
      });
      assert.equal(exported.path, exportFile);
      assert.ok(exported.rows >= 1);
      const lines = (await readFile(exportFile, 'utf8')).trim().split('\n');
      assert.equal(lines.length, exported.rows);
      const first = JSON.parse(lines[0]!) as { inferenceId?: string; request?: { json?: unknown } };
      assert.equal(first.inferenceId, mine.inferenceId);
      assert.deepEqual(first.request?.json, { instances: [[6.54321, 2.9, 4.7, 1.4]] });

      // Nothing that crossed to the webview or went to the log carries the project's private key or API key.
      const crossed = JSON.stringify(webview.posted) + logLines.join('\n');
      const keyBody = credentials.clientKey.split('\n')[1] ?? credentials.clientKey;
      assert.ok(!crossed.includes(keyBody), 'client key leaked');
      assert.ok(!crossed.includes(sandbox.apiKey), 'API key leaked');
      assert.ok(
        logLines.some((l) => l.includes('irisclassifier-inf4821') && l.includes(sandbox.kafka.tlsBootstrap)),
      );
    } finally {
      webview.host.dispose();
      await session.dispose();
      await rm(exportDir, { recursive: true, force: true });
    }
  });

  it('loads the pipeline from dist/inferenceLog.js once', () => {
    const a = loadInferenceLog(ROOT);
    const b = loadInferenceLog(ROOT);
    assert.equal(a, b);
    assert.equal(typeof a.createInferenceLogSession, 'function');
  });
});
