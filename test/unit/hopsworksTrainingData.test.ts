// The client's feature-store and model-file calls against a real HTTPS server on 127.0.0.1:0 that answers as
// servers the sandbox does not imitate would: no provenance endpoint, deleted or unexpanded provenance nodes,
// statistics "not found" as older servers say it, malformed answers, a body longer than its stat said.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { HopsworksClient } from '../../src/hopsworks/index';
import type { ProjectClient } from '../../src/hopsworks/index';
import { rejection } from '../support/rejection';
import { startRouteServer } from '../support/routeServer';
import type { Reply, RouteServer } from '../support/routeServer';

const BASE = '/hopsworks-api/api/project/119';

let server: RouteServer;
let client: HopsworksClient;
let project: ProjectClient;

function route(method: string, path: string, reply: Reply): void {
  server.route(method, `${BASE}${path}`, reply);
}

/** Each request as `METHOD path?query`. */
function seen(): string[] {
  return server.seen.map((s) => {
    const url = new URL(s.url, 'https://x');
    return `${s.method} ${url.pathname}${url.search}`;
  });
}

before(async () => {
  server = await startRouteServer();
  client = new HopsworksClient({
    host: '127.0.0.1',
    port: server.port,
    apiKey: 'Kx3prefix.S3cr3tValue',
    caCertPem: server.caPem,
    retries: 0,
  });
  project = client.project(119, 'mlops');
});

after(async () => {
  client.dispose();
  await server.close();
});

beforeEach(() => server.reset());

const LINKS = '/modelregistries/119/models/iris_3/provenance/links';
const node = (artifactType: string, artifact: object, extra: object = {}) => ({
  node: {
    artifactType,
    artifact,
    accessible: true,
    deleted: false,
    shared: false,
    traversed: true,
    ...extra,
  },
  upstream: [] as unknown[],
  downstream: [],
});

void describe('training-dataset link', () => {
  void it('asks provenance the way hsml does', async () => {
    route('GET', LINKS, { status: 200, body: node('MODEL', { name: 'iris', version: 3 }) });
    assert.equal(await project.getTrainingDatasetLink({ name: 'iris', version: 3 }), undefined);
    assert.deepEqual(seen(), [
      `GET ${BASE}${LINKS}?expand=provenance_artifacts&upstreamLvls=2&downstreamLvls=0`,
    ]);
  });

  void it('unexpanded nodes: the store id from the href, the feature view from the node above', async () => {
    const td = node('TRAINING_DATASET', {
      href: `https://h${BASE}/featurestores/71/featureview/fv/version/2/trainingdatasets/version/5`,
      name: 'fv_2',
      version: 5,
      id: '9',
      project: 'mlops',
    });
    td.upstream.push(node('FEATURE_VIEW', { name: 'fv', version: 2, id: '4', project: 'mlops' }));
    route('GET', LINKS, { status: 200, body: { ...node('MODEL', {}), upstream: [td] } });
    assert.deepEqual(await project.getTrainingDatasetLink({ name: 'iris', version: 3 }), {
      featureStoreId: 71,
      featureViewName: 'fv',
      featureViewVersion: 2,
      trainingDatasetVersion: 5,
      source: 'provenance',
    });
  });

  void it('a deleted training dataset is skipped; without a feature view node, the name `<fv>_<version>` tells it', async () => {
    const deleted = node('TRAINING_DATASET', { name: 'old_1', version: 1 }, { deleted: true });
    const kept = node('TRAINING_DATASET', { name: 'my_view_3', version: 7 });
    route('GET', LINKS, { status: 200, body: { ...node('MODEL', {}), upstream: [deleted, kept] } });
    route('GET', '/featurestores', {
      status: 200,
      body: [{ featurestoreId: 67, featurestoreName: 'mlops_featurestore' }],
    });
    assert.deepEqual(await project.getTrainingDatasetLink({ name: 'iris', version: 3 }), {
      featureStoreId: 67,
      featureViewName: 'my_view',
      featureViewVersion: 3,
      trainingDatasetVersion: 7,
      source: 'provenance',
    });
  });

  void it('a server without the provenance endpoint: the model JSON fields, when it has them', async () => {
    // No route: the web container's HTML 404.
    const model = {
      name: 'iris',
      version: 3,
      featureView: { name: 'fv', version: 1, featurestoreId: 67 },
      trainingDatasetVersion: 2,
    };
    assert.deepEqual(await project.getTrainingDatasetLink(model), {
      featureStoreId: 67,
      featureViewName: 'fv',
      featureViewVersion: 1,
      trainingDatasetVersion: 2,
      source: 'model',
    });
    // What a public server's GET writes: no featureView, trainingDatasetVersion 0.
    assert.equal(
      await project.getTrainingDatasetLink({ name: 'iris', version: 3, trainingDatasetVersion: 0 }),
      undefined,
    );
  });

  void it('any other failure is an error, not "no link"', async () => {
    route('GET', LINKS, { status: 500, body: { errorCode: 120000, errorMsg: 'A generic error occurred.' } });
    const err = await rejection(project.getTrainingDatasetLink({ name: 'iris', version: 3 }));
    assert.equal(err.kind, 'server');
  });
});

void describe('training-dataset statistics', () => {
  const link = {
    featureStoreId: 67,
    featureViewName: 'fv',
    featureViewVersion: 1,
    trainingDatasetVersion: 2,
  };
  const STATS = '/featurestores/67/featureview/fv/version/1/trainingdatasets/version/2/statistics';

  void it('sends hsfs parameters; an empty list and 270228 both mean "none computed"', async () => {
    route('GET', STATS, { status: 200, body: { count: 0 } });
    assert.equal(await project.getTrainingDatasetStatistics(link, { featureNames: ['a', 'b'] }), undefined);
    assert.deepEqual(seen(), [
      `GET ${BASE}${STATS}?offset=0&limit=1&fields=content&sort_by=computation_time%3Adesc` +
        '&filter_by=before_transformation_eq%3Afalse&training_dataset_version=2&feature_names=a&feature_names=b',
    ]);
    route('GET', STATS, { status: 404, body: { errorCode: 270228, errorMsg: "Statistics wasn't found." } });
    assert.equal(await project.getTrainingDatasetStatistics(link), undefined);
  });

  void it('the 5.x spelling stdDev is kept as sent', async () => {
    route('GET', STATS, {
      status: 200,
      body: { count: 1, items: [{ featureDescriptiveStatistics: [{ featureName: 'a', stdDev: 0.5 }] }] },
    });
    const stats = await project.getTrainingDatasetStatistics(link);
    assert.equal(stats?.featureDescriptiveStatistics?.[0]?.stdDev, 0.5);
  });

  void it('statistics of another shape are a badResponse error', async () => {
    route('GET', STATS, {
      status: 200,
      body: { count: 1, items: [{ featureDescriptiveStatistics: [{ name: 'a' }] }] },
    });
    const err = await rejection(project.getTrainingDatasetStatistics(link));
    assert.equal(err.kind, 'badResponse');
    assert.match(err.message, /feature statistics with "featureName"/);
  });
});

void describe('model files', () => {
  const FILE = '/Projects/mlops/Models/iris/3/input_example.json';

  void it('a file that is not JSON says which file', async () => {
    route('GET', `/dataset${FILE}`, { status: 200, body: { attributes: { size: 5, dir: false } } });
    route('GET', `/dataset/download/with_auth${FILE}`, {
      status: 200,
      raw: 'a,b\n',
      contentType: 'application/octet-stream',
    });
    const err = await rejection(project.getInputExample({ name: 'iris', version: 3 }));
    assert.match(err.message, /input_example\.json of model iris version 3 is not valid JSON/);
  });

  void it('a body longer than the limit is cut off even when the stat said less', async () => {
    route('GET', `/dataset${FILE}`, { status: 200, body: { attributes: { size: 10, dir: false } } });
    route('GET', `/dataset/download/with_auth${FILE}`, {
      status: 200,
      raw: `[${'1, '.repeat(400_000)}1]`,
      contentType: 'application/octet-stream',
    });
    const err = await rejection(project.getInputExample({ name: 'iris', version: 3 }));
    assert.equal(err.causeCode, 'ETOOLARGE');
    assert.match(err.message, /input_example\.json is larger than 1048576 bytes; it was not downloaded/);
  });

  void it('downloads turned off on the cluster (403 110048) is not mistaken for a missing scope', async () => {
    route('GET', `/dataset${FILE}`, { status: 200, body: { attributes: { size: 10, dir: false } } });
    route('GET', `/dataset/download/with_auth${FILE}`, {
      status: 403,
      body: { errorCode: 110048, errorMsg: 'Downloading files is not allowed.' },
    });
    const err = await rejection(project.getInputExample({ name: 'iris', version: 3 }));
    assert.equal(err.kind, 'forbidden');
    assert.match(err.message, /Downloading files is turned off on this Hopsworks cluster/);
  });
});
