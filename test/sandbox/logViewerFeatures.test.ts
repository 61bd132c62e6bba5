// The log panel's feature view against the real sandbox: a real pipeline session (the built
// dist/inferenceLog.js) reads irisclassifier's topic over mutual TLS, the panel host names the columns from
// the model schema it downloads through the dataset API and measures drift against the training dataset's
// statistics it fetches through provenance and the feature store. The test plays the webview and asserts on
// what the host sends: no feature drifts while the traffic looks like training; after Sandbox.setDrift moves
// sepal_width, sepal_width drifts and the others do not.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildPipelineBundle } from '../support/pipelineBundle';
import { sandboxPanel } from '../support/logPanelPeer';
import type { Sandbox } from '../../sandbox/index';
import type { Deployment, HopsworksClient, ProjectClient } from '../../src/hopsworks/index';
import { projectFeatureSources } from '../../src/panels/logViewer/features/projectFeatureSources';
import type { LogViewerHost } from '../../src/panels/logViewer/logViewerHost';
import type { DriftReply, FeaturePageReply } from '../../src/protocol/logViewerFeatures';
import { sandboxClient, startTestSandbox } from '../support/sandbox';
import { eventually as eventuallyValue } from '../support/wait';

const IRIS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

let sb: Sandbox;
let client: HopsworksClient;
let project: ProjectClient;

before(async () => {
  await buildPipelineBundle();
  sb = await startTestSandbox({ trafficPerSecond: 40, lifecycleStepMs: 50, randomSeed: 10_101 });
  client = sandboxClient(sb, { retries: 0 });
  project = client.project(sb.projectId, sb.project);
});

after(async () => {
  client?.dispose();
  await sb?.stop();
});

/** The panel host over a real session of `deployment`, with the test as its webview. */
async function panel(deployment: Deployment): Promise<{
  host: LogViewerHost;
  request<T>(method: string, params: unknown): Promise<T>;
  close(): Promise<void>;
}> {
  const { session, webview, close } = sandboxPanel(project, deployment, {
    capacity: 20_000,
    startFrom: 'latest',
    log: () => undefined,
    featureSources: projectFeatureSources(() => project, deployment.modelName),
  });
  await webview.host.receive({ type: 'ready' });
  await session.start();
  return {
    host: webview.host,
    request: <T>(method: string, params: unknown): Promise<T> => webview.request<T>(method, params),
    close,
  };
}

/** Waits on the panel with a budget for the sandbox's traffic to fill a window on a loaded machine. */
const eventually = <T>(what: string, check: () => Promise<T | undefined>): Promise<T> =>
  eventuallyValue(what, check, { budgetMs: 90_000, intervalMs: 250 });

const WINDOW = { filter: {}, features: {}, windowMs: 60_000 };

function statuses(d: DriftReply): string[][] {
  return (d.inputs?.features ?? []).map((f) => [f.name, f.status]);
}

describe('feature columns and drift over the sandbox', () => {
  it('irisclassifier: columns from its model schema; drift against training appears for the shifted feature only', async () => {
    const iris = await project.getDeploymentByName('irisclassifier');
    assert.ok(iris);
    const p = await panel(iris);
    try {
      // Columns named from model_schema.json of irisclassifier v3, read through the dataset API.
      const page = await eventually('feature lines named from the schema', async () => {
        const r = await p.request<FeaturePageReply>('featurePage', {
          offset: 0,
          limit: 20,
          filter: {},
          fromEnd: true,
          features: {},
        });
        return r.inputs.source === 'model-schema' && r.lines.length >= 5 ? r : undefined;
      });
      assert.deepEqual(page.inputs.names, IRIS);
      assert.deepEqual(page.outputs.names, ['variety']);
      assert.ok(page.lines.every((l) => l.inputs.length === 4));

      // Undrifted traffic, a window of 300 rows or more: nothing drifts against the training dataset.
      const steady = await eventually('a full window compared with training', async () => {
        const d = await p.request<DriftReply>('drift', WINDOW);
        return d.training.state !== 'loading' && d.rows >= 300 ? d : undefined;
      });
      assert.deepEqual(steady.training, { state: 'ready', label: 'training dataset v2 of iris_features v1' });
      assert.equal(steady.used, 'training');
      assert.deepEqual(
        statuses(steady),
        IRIS.map((n) => [n, 'stable']),
        JSON.stringify(steady.inputs?.features.map((f) => [f.name, f.psi])),
      );

      // The sandbox moves sepal_width: it drifts; the others stay as they were.
      sb.setDrift({ sepal_width: 1.5 });
      const drifted = await eventually('sepal_width to drift', async () => {
        const d = await p.request<DriftReply>('drift', WINDOW);
        return d.inputs?.features.find((f) => f.name === 'sepal_width')?.drifted ? d : undefined;
      });
      assert.deepEqual(
        statuses(drifted),
        [
          ['sepal_length', 'stable'],
          ['sepal_width', 'drift'],
          ['petal_length', 'stable'],
          ['petal_width', 'stable'],
        ],
        JSON.stringify(drifted.inputs?.features.map((f) => [f.name, f.psi])),
      );
    } finally {
      sb.setDrift(null);
      await p.close();
    }
  });

  it('fraudtf (TF Serving, DEFAULT): columns from its pandas schema, training statistics found through provenance', async () => {
    const fraud = await project.getDeploymentByName('fraudtf');
    assert.ok(fraud);
    const p = await panel(fraud);
    // fraudcanary logs to the same topic: the panel's filter carries the deployment's id (deploymentScope.ts).
    const own = { servingId: fraud.id };
    try {
      const page = await eventually('fraudtf feature lines named from its schema', async () => {
        const r = await p.request<FeaturePageReply>('featurePage', {
          offset: 0,
          limit: 10,
          filter: own,
          fromEnd: true,
          features: {},
        });
        return r.inputs.source === 'model-schema' && r.lines.length >= 3 ? r : undefined;
      });
      assert.equal(page.inputs.names.length, 4);
      assert.ok(page.lines.some((l) => l.inputs.every((v) => v !== null)));
      const d = await eventually('the training reference of fraudtf v2', async () => {
        const r = await p.request<DriftReply>('drift', { ...WINDOW, filter: own });
        return r.training.state !== 'loading' ? r : undefined;
      });
      assert.deepEqual(d.training, { state: 'ready', label: 'training dataset v1 of fraud_features v1' });
      assert.deepEqual(
        d.inputs?.features.map((f) => f.name),
        page.inputs.names,
      );
    } finally {
      await p.close();
    }
  });
});
