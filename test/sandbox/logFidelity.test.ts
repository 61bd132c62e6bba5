// The log panel's host against the real sandbox and its Kafka broker (mutual TLS), where the topics look like
// a real cluster's after a while: churnpredictor's topic moved from inferenceschema v4 to v5 (its history is
// v4 bytes followed by v5 bytes), and fraudtf and fraudcanary log to one topic. The test plays the webview:
// it says ready and asks for pages, details and filters the way the panel does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildPipelineBundle } from '../support/pipelineBundle';
import { sandboxPanel } from '../support/logPanelPeer';
import type { Sandbox } from '../../sandbox/index';
import { EVOLVED_HISTORY } from '../../sandbox/traffic/history';
import type { Deployment, ProjectClient } from '../../src/hopsworks/index';
import { resolveLogSource } from '../../src/panels/logViewer/logViewerSource';
import type { QueryReply, RowDetail, RowSummary, StoreStats } from '../../src/protocol/logViewer';
import { sandboxClient, startTestSandbox } from '../support/sandbox';
import { waitFor } from '../support/wait';

let sandbox: Sandbox;
let project: ProjectClient;

before(async () => {
  await buildPipelineBundle();
  sandbox = await startTestSandbox({ trafficPerSecond: 4, lifecycleStepMs: 100 });
  const client = sandboxClient(sandbox);
  const info = await client.getProjectByName(sandbox.project);
  project = client.project(info.projectId, info.projectName);
});

after(async () => {
  await sandbox?.stop();
});

async function deployment(name: string): Promise<Deployment> {
  const d = await project.getDeploymentByName(name);
  assert.ok(d, `the sandbox seeds ${name}`);
  return d;
}

/** A panel as the extension builds it (holder, host), without VS Code; `request` plays the webview. */
async function openPanel(d: Deployment, startFrom: 'earliest' | 'latest') {
  const log: string[] = [];
  const { session, webview, close } = sandboxPanel(project, d, {
    capacity: 10_000,
    startFrom,
    log: (l) => log.push(l),
    info: {
      topic: d.kafkaTopicDTO?.name ?? '',
      loggingMode: d.inferenceLogging ?? 'ALL',
      ...(d.id !== undefined ? { deploymentId: d.id } : {}),
    },
  });
  await webview.host.receive({ type: 'ready' });
  await session.start();
  const request = <T>(method: string, params: unknown): Promise<T> => webview.request<T>(method, params);
  return { session, request, close, log };
}

const page = (filter: object, limit = 500) => ({ offset: 0, limit, filter, fromEnd: false });

describe('a topic whose schema evolved (churnpredictor: v4 history, then v5)', () => {
  it('decodes all of its history, each row saying which version decoded it', async () => {
    const churn = await deployment('churnpredictor');
    const source = await resolveLogSource(project, churn);
    assert.equal(source.schemaVersion, 5);
    assert.deepEqual(
      source.schemaVersions.map((v) => v.version),
      [1, 2, 3, 4, 5],
      'every version of inferenceschema, read over REST',
    );

    const panel = await openPanel(churn, 'earliest');
    try {
      // Every call of the history logged a request (the deployment logged everything then).
      const calls = EVOLVED_HISTORY.v4 + EVOLVED_HISTORY.v5;
      const isCall = (r: Pick<RowSummary, 'kind'>) => r.kind === 'request' || r.kind === 'pair';
      // The store is read synchronously between polls; the webview's own page is pulled once it holds them all.
      const seen = () => panel.session.query({ limit: 10_000 }).rows.filter(isCall).length;
      await waitFor(
        () => seen() >= calls,
        () => `the ${calls} calls of the history; saw ${seen()}`,
      );
      const rows = (await panel.request<QueryReply>('query', page({}))).rows;
      const stats: StoreStats = panel.session.stats();
      assert.equal(stats.undecodable, 0, 'no event of the history is undecodable');
      const byVersion = (v: number) => rows.filter((r) => isCall(r) && r.schemaVersion === v).length;
      assert.equal(byVersion(4), EVOLVED_HISTORY.v4);
      assert.equal(byVersion(5), EVOLVED_HISTORY.v5);
      const newestV4 = Math.max(...rows.filter((r) => r.schemaVersion === 4).map((r) => r.timeMs));
      const oldestV5 = Math.min(...rows.filter((r) => r.schemaVersion === 5).map((r) => r.timeMs));
      assert.ok(newestV4 < oldestV5, 'the v4 events are the older ones');

      const oldRow = rows.find((r) => r.schemaVersion === 4)!;
      const detail = await panel.request<RowDetail>('detail', { id: oldRow.id });
      assert.equal(detail.kafka.schemaVersion, 4);
      assert.ok(detail.request && /[[{]/.test(detail.request.text), 'the v4 request reads as JSON');
      assert.ok(
        panel.log.some((l) => /decodes with versions 1, 2, 3, 4, 5/.test(l)),
        panel.log.join('\n'),
      );
    } finally {
      await panel.close();
    }
  });
});

describe('a topic two deployments log to (fraudtf and fraudcanary)', () => {
  it('the canary’s panel shows only its events, counts fraudtf’s as hidden, and the switch shows both', async () => {
    const canary = await deployment('fraudcanary');
    const tf = await deployment('fraudtf');
    assert.equal(canary.kafkaTopicDTO?.name, tf.kafkaTopicDTO?.name, 'one topic');
    const panel = await openPanel(canary, 'latest');
    try {
      await waitFor(
        () => {
          const s = panel.session.stats();
          return (s.otherDeployments ?? 0) >= 3 && s.rows - (s.otherDeployments ?? 0) >= 3;
        },
        () => `events of both deployments; stats ${JSON.stringify(panel.session.stats())}`,
      );
      // One consistent moment: the store is not changed between these synchronous reads.
      const own = panel.session.query({ limit: 10_000, filter: { servingId: canary.id } });
      const all = panel.session.query({ limit: 10_000 });
      const stats = panel.session.stats();
      assert.equal(all.total - own.total, stats.otherDeployments);
      assert.ok(own.rows.every((r) => r.servingId === canary.id && r.model === 'fraudcanary'));
      assert.deepEqual(
        [...new Set(all.rows.map((r) => r.model))].sort(),
        ['fraudcanary', 'fraudtf'],
        'the switch: every deployment’s events',
      );

      // What crosses to the webview: its filter carries the deployment's id; the stats say what is hidden.
      const shown = await panel.request<QueryReply>('query', page({ servingId: canary.id }));
      assert.ok(shown.rows.length >= 3);
      const details = await Promise.all(
        shown.rows.slice(0, 3).map((r) => panel.request<RowDetail>('detail', { id: r.id })),
      );
      assert.deepEqual(
        details.map((d) => [d.model, d.servingId, d.kafka.schemaVersion]),
        details.map(() => ['fraudcanary', canary.id, 3]),
      );
      const everyone = await panel.request<QueryReply>('query', page({}));
      assert.ok(everyone.total > shown.total);
    } finally {
      await panel.close();
    }
  });
});
