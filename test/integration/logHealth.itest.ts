// Live health in the log panel, in the real extension host against the sandbox: the panel's webview asks
// its host for the health figures (nobody else does), and once the running KServe deployment's traffic
// arrives over mutual TLS, what the host answered it has calls per second and latency percentiles measured
// between the request and response events. The probe reports the last answer sent to the webview.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { connectedApi, eventually, seededDeployment } from './helpers';

const DEPLOYMENT = 'irisclassifier';

suite('live health in the log panel', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an open panel on irisclassifier shows calls per second and latency percentiles once traffic arrives', async () => {
    const api = await connectedApi();
    const deployment = await seededDeployment(api.connection.project!, DEPLOYMENT);
    await vscode.commands.executeCommand('hopsworks.openInferenceLogs', { kind: 'deployment', deployment });

    const health = await eventually(
      'health figures with measured calls, asked for by the webview',
      () => {
        const h = api.logs.panels().find((p) => p.deployment === DEPLOYMENT)?.health;
        return Promise.resolve(h && h.snapshot.all.latency.count > 0 ? h : undefined);
      },
      50_000,
    );
    const all = health.snapshot.all;
    assert.ok(all.requests > 0 && all.requestsPerSecond > 0, `${all.requestsPerSecond} calls/s`);
    for (const p of [all.latency.p50, all.latency.p95, all.latency.p99])
      assert.ok(p !== null && p >= 0, `percentiles ${all.latency.p50}/${all.latency.p95}/${all.latency.p99}`);
    assert.equal(all.latency.source, 'kafka-events');
    assert.match(all.latency.note, /^Measured between the two logged events/);
    assert.equal(health.servingTool, 'KSERVE');
    assert.deepEqual(
      health.snapshot.versions.map((v) => v.key),
      [`${DEPLOYMENT}@${deployment.modelVersion}`],
    );
    assert.ok(
      health.series.lines[0]!.rate.some((r) => r > 0),
      'the chart has a rate above zero',
    );
  });
});
