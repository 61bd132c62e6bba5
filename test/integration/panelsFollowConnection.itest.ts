// Open log views follow the connection, in the real extension host against the sandbox's broker: after
// Disconnect a log panel holds no Kafka session any more (events the broker still delivers to another
// consumer never reach it) but keeps its rows and says why; an Output tail stops. The panel's session
// keeps its rows readable and exportable while stopped, refuses to restart while cut off, and reads again
// with a new session once allowed.
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HopsworksExtensionApi } from '../../src/extension';
import type { ProjectClient } from '../../src/hopsworks/projectClient';
import type { Deployment } from '../../src/hopsworks/types';
import type { LogPanelProbe } from '../../src/panels/logViewer/logViewerPanel';
import { ConnectionLogSession } from '../../src/panels/logViewer/connectionLogSession';
import { HopsworksClient } from '../../src/hopsworks/client';
import {
  closeEditorsAndReconnect,
  connect,
  connectedApi,
  eventually,
  panelSessions,
  sandbox,
  seededDeployment,
} from './helpers';

const DEPLOYMENT = 'irisclassifier';

async function connected(): Promise<{
  api: HopsworksExtensionApi;
  project: ProjectClient;
  deployment: Deployment;
}> {
  const api = await connectedApi();
  const project = api.connection.project!;
  const deployment = await seededDeployment(project, DEPLOYMENT);
  return { api, project, deployment };
}

/** A REST client of the test's own, for the sandbox the suite runs against. */
async function ownClient(): Promise<HopsworksClient> {
  const s = sandbox();
  return new HopsworksClient({
    host: s.host,
    port: s.port,
    apiKey: s.apiKey,
    caCertPem: await readFile(process.env.HOPSWORKS_CA_FILE!, 'utf8'),
  });
}

function panelOf(api: HopsworksExtensionApi): LogPanelProbe | undefined {
  return api.logs.panels().find((p) => p.deployment === DEPLOYMENT);
}

suite('panels follow the connection', () => {
  suiteTeardown(closeEditorsAndReconnect);

  test('after Disconnect an open log panel stops reading, keeps its rows and says why; the tail stops', async () => {
    const { api, project, deployment } = await connected();
    const node = { kind: 'deployment', deployment };
    await vscode.commands.executeCommand('hopsworks.openInferenceLogs', node);
    await vscode.commands.executeCommand('hopsworks.tailInferenceLogs', node);
    const live = await eventually('the panel to show live rows', () => {
      const p = panelOf(api);
      return Promise.resolve(p && p.state.state === 'live' && p.rows >= 2 ? p : undefined);
    });
    assert.equal(live.reading, true);
    assert.equal(api.logs.tails().length, 1, `tails: ${api.logs.tails().join(', ')}`);

    await vscode.commands.executeCommand('hopsworks.disconnect');
    const stopped = panelOf(api);
    assert.ok(stopped, 'the panel closed on Disconnect');
    assert.equal(stopped.reading, false, 'the panel still holds a Kafka session');
    assert.deepEqual(stopped.state, {
      state: 'error',
      message: 'Disconnected from Hopsworks — connect again to resume.',
      action: 'The rows shown stay readable: export or copy them.',
    });
    assert.ok(stopped.rows >= live.rows, `rows went from ${live.rows} to ${stopped.rows}`);
    assert.deepEqual(api.logs.tails(), [], 'the Output tail still runs');

    // The deployment keeps logging: a consumer started now sees new events, the panel must not. Disconnect
    // disposed the extension's client, so the control consumer uses a client of its own.
    const own = await ownClient();
    const control = await panelSessions(
      own.project(project.projectId, project.projectName),
      deployment,
    )('latest');
    try {
      await control.start();
      await eventually('new events after Disconnect', () =>
        Promise.resolve(control.query({ limit: 0 }).total >= 3 ? true : undefined),
      );
    } finally {
      await control.dispose();
      own.dispose();
    }
    const after = panelOf(api)!;
    assert.equal(after.rows, stopped.rows, 'the panel took in events after Disconnect');
    assert.equal(after.reading, false);

    // Connecting to the same project again offers Restart, and does not throw the rows away by itself.
    assert.equal(await connect(api), true);
    const back = panelOf(api)!;
    assert.equal(back.reading, false);
    assert.equal(back.rows, stopped.rows);
    assert.equal(back.state.state, 'error');
    assert.match(
      back.state.state === 'error' ? `${back.state.message} ${back.state.action}` : '',
      /^Connected to project \S+ on \S+ again\. Press Restart to read the logs again/,
    );
  });

  test('a stopped session keeps rows readable and exportable, refuses Restart while cut off, then reads again', async () => {
    const { project, deployment } = await connected();
    const factory = panelSessions(project, deployment);
    let blocked: string | undefined;
    const session = new ConnectionLogSession({
      create: factory,
      startFrom: 'earliest',
      capacity: 10_000,
      blocked: () => blocked,
    });
    const dir = await mkdtemp(path.join(tmpdir(), 'hopsworks-follow-'));
    try {
      await session.start();
      await eventually('rows from the earliest offset', () =>
        Promise.resolve(
          session.state.state === 'live' && session.query({ limit: 0 }).total >= 2 ? true : undefined,
        ),
      );

      await session.stop({ state: 'error', message: 'Disconnected from Hopsworks.', action: '' });
      assert.equal(session.reading, false);
      const n = session.query({ limit: 0 }).total;
      assert.ok(n >= 2);
      assert.equal(session.stats().rows, n);
      const newest = session.query({ offset: 0, limit: 1, order: 'newest-first' }).rows[0]!;
      assert.equal(session.get(newest.id), newest);
      const pairs = session.query({ filter: { kind: 'pair' }, limit: n }).total;
      assert.ok(pairs >= 1, 'no paired row among the kept rows');
      const h = session.histogram(60);
      assert.equal(
        h.events.reduce((a, b) => a + b, 0),
        n,
      );
      const file = path.join(dir, 'kept.jsonl');
      assert.deepEqual(await session.exportTo(file, 'jsonl', {}), { rows: n });
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      assert.equal(lines.length, n);
      assert.equal((JSON.parse(lines[n - 1]!) as { inferenceId?: string }).inferenceId, newest.inferenceId);

      blocked = 'Disconnected from Hopsworks — connect again to resume.';
      await assert.rejects(
        session.restart('earliest'),
        /^Error: Disconnected from Hopsworks — connect again/,
      );
      assert.equal(session.query({ limit: 0 }).total, n, 'a refused Restart lost rows');
      assert.equal(session.reading, false);

      blocked = undefined;
      await session.restart('earliest');
      assert.equal(session.reading, true);
      await eventually('rows from a new session', () =>
        Promise.resolve(
          session.state.state === 'live' && session.query({ limit: 0 }).total >= 1 ? true : undefined,
        ),
      );
    } finally {
      await session.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
