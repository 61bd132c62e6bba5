// A model version's model_schema.json and input_example.json, read through the extension's REST client from the
// real sandbox (dataset stat + download over HTTPS), and the dataset API's answers on the wire: the real codes
// for a missing file, a path outside the project, a folder, and a key without the DATASET_VIEW scope.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { downloadText } from '../../src/hopsworks/datasets';
import type { ModelSchema } from '../../src/hopsworks/index';
import { readModelJson } from '../../src/hopsworks/modelFiles';
import { Transport } from '../../src/hopsworks/transport';
import { rejection } from '../support/rejection';
import { projectRequest, restRequest, sandboxClient } from '../support/sandbox';
import { connectedToSandbox } from '../support/sandboxForTests';

const sandbox = connectedToSandbox({ lifecycleStepMs: 50, trafficPerSecond: 0 }, { retries: 0 });

const model = (name: string, version: number) => ({ name, version });

void describe('model schema and input example through the REST client', () => {
  void it('a version trained from a training dataset has a columnar schema with the feature names and types', async () => {
    const schema = await sandbox.project.getModelSchema(model('irisclassifier', 3));
    assert.deepEqual(schema, {
      input_schema: {
        columnar_schema: [
          { name: 'sepal_length', type: 'double' },
          { name: 'sepal_width', type: 'double' },
          { name: 'petal_length', type: 'double' },
          { name: 'petal_width', type: 'double' },
        ],
      },
      output_schema: { columnar_schema: [{ name: 'variety', type: 'string' }] },
    } satisfies ModelSchema);
  });

  void it('a schema made from pandas carries dtypes, and Schema(y_train) a single tensor object', async () => {
    const schema = await sandbox.project.getModelSchema(model('fraudtf', 2));
    assert.deepEqual(
      schema?.input_schema?.columnar_schema?.map((c) => `${c.name ?? ''}:${c.type}`),
      ['amount:float64', 'hour:int64', 'foreign_card:int64', 'card_present:int64'],
    );
    assert.deepEqual(schema?.output_schema?.tensor_schema, { shape: '(3200,)', type: 'int64' });
  });

  void it('the input example is the first training row, as hsml writes it', async () => {
    const example = await sandbox.project.getInputExample(model('irisclassifier', 1));
    assert.ok(
      Array.isArray(example) && example.length === 4,
      `a row of 4 features, got ${JSON.stringify(example)}`,
    );
    assert.ok(example.every((v) => typeof v === 'number'));
    // Only an input example, no schema: the two files are independent.
    assert.equal(await sandbox.project.getModelSchema(model('irisclassifier', 1)), undefined);
  });

  void it('a version with neither file gives undefined for both (no error)', async () => {
    assert.equal(await sandbox.project.getModelSchema(model('fraudtf', 1)), undefined);
    assert.equal(await sandbox.project.getInputExample(model('fraudtf', 1)), undefined);
    assert.equal(await sandbox.project.getInputExample(model('churnpredictor', 3)), undefined);
    assert.ok(await sandbox.project.getModelSchema(model('churnpredictor', 3)));
  });

  void it('the model JSON only references the files (InodeDTO href), whether or not they exist', async () => {
    const m = await sandbox.project.getModelVersion('fraudtf', 1);
    const href = (m?.modelSchema as { href?: string } | undefined)?.href ?? '';
    assert.match(href, /\/project\/119\/dataset\/Projects\/mlops\/Models\/fraudtf\/1\/model_schema\.json$/);
  });

  void it('a key without DATASET_VIEW gets a 403 that names the scope, and the key is in no error text', async () => {
    const key = sandbox.sb.keys.noDatasetScope;
    const other = sandboxClient(sandbox.sb, { apiKey: key, retries: 0 });
    try {
      const err = await rejection(
        other.project(sandbox.sb.projectId, sandbox.sb.project).getModelSchema(model('irisclassifier', 3)),
      );
      assert.equal(err.status, 403);
      assert.equal(err.errorCode, 320004);
      assert.equal(err.kind, 'forbidden');
      assert.match(err.message, /DATASET_VIEW scope/);
      const secret = key.slice(key.indexOf('.') + 1);
      for (const text of [err.message, JSON.stringify(err), inspect(err, { depth: Infinity })]) {
        assert.ok(!text.includes(secret), 'key leaked into the error');
      }
    } finally {
      other.dispose();
    }
  });

  void it('reads are bounded: a file over the limit is refused before and while downloading', async () => {
    const t = new Transport({
      host: sandbox.sb.host,
      port: sandbox.sb.port,
      apiKey: sandbox.sb.apiKey,
      caCertPem: sandbox.sb.caCertPem,
      verifyTls: true,
      timeoutMs: 10_000,
      retries: 0,
    });
    try {
      const ref = model('irisclassifier', 3);
      // The stat says the size: nothing is downloaded.
      const before = await rejection(
        readModelJson(t, sandbox.sb.projectId, sandbox.sb.project, ref, 'model_schema.json', 100),
      );
      assert.match(
        before.message,
        /model_schema\.json of model irisclassifier version 3 is \d+ bytes, more than the 100 bytes/,
      );
      // A server that streams more than it said: the download stops at the limit.
      const during = await rejection(
        downloadText(
          t,
          sandbox.sb.projectId,
          sandbox.sb.project,
          '/Projects/mlops/Models/irisclassifier/3/model_schema.json',
          100,
        ),
      );
      assert.equal(during.causeCode, 'ETOOLARGE');
      assert.match(during.message, /larger than 100 bytes; it was not downloaded/);
    } finally {
      t.dispose();
    }
  });

  void it('a path outside the project is an error that says so, not "no file"', async () => {
    const err = await rejection(
      sandbox.project.getModelSchema({ ...model('irisclassifier', 3), projectName: 'otherproject' }),
    );
    assert.equal(err.status, 400);
    assert.equal(err.errorCode, 110011);
    assert.equal(err.kind, 'notFound');
    assert.match(
      err.message,
      /\/Projects\/otherproject\/Models\/irisclassifier\/3\/model_schema\.json is not in a dataset of project "mlops"/,
    );
  });
});

void describe('dataset API on the wire', () => {
  const download = (path: string, auth?: string) =>
    restRequest(
      sandbox.sb,
      'GET',
      `/project/${sandbox.sb.projectId}/dataset/download/with_auth/${path}`,
      auth ? { auth } : {},
    );

  void it('download: the file bytes as an attachment', async () => {
    const r = await download('Projects/mlops/Models/irisclassifier/2/input_example.json?type=DATASET');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-disposition'], 'attachment; filename="input_example.json"');
    assert.match(r.text, /^\[\d+(\.\d+)?(, \d+(\.\d+)?){3}\]$/);
  });

  void it('the path may come as one encoded segment (as furl sends it) or relative to the project', async () => {
    const encoded = await download(
      `${encodeURIComponent('/Projects/mlops/Models/irisclassifier/2/input_example.json')}?type=DATASET`,
    );
    const relative = await download('Models/irisclassifier/2/input_example.json?type=DATASET');
    const plain = await download('Projects/mlops/Models/irisclassifier/2/input_example.json?type=DATASET');
    assert.equal(encoded.status, 200);
    assert.equal(encoded.text, plain.text);
    assert.equal(relative.text, plain.text);
  });

  void it('missing file: 400 110018 "Path not found"', async () => {
    for (const r of [
      await download('Projects/mlops/Models/fraudtf/1/model_schema.json?type=DATASET'),
      await projectRequest(sandbox.sb, 'GET', '/dataset/Projects/mlops/Models/fraudtf/1/input_example.json'),
    ]) {
      assert.equal(r.status, 400);
      assert.deepEqual(r.json, { errorCode: 110018, errorMsg: 'Path not found' });
    }
  });

  void it('outside the project (another project, a dataset that does not exist, or `..` out of it): 400 110011', async () => {
    for (const path of [
      'Projects/otherproject/Models/m/1/model_schema.json',
      'Projects/mlops/NoSuchDataset/file.json',
      // One encoded segment, so no URL parser resolves the `..` before the server does.
      encodeURIComponent('/Projects/mlops/Models/../../otherproject/Models/m/1/model_schema.json'),
    ]) {
      const r = await download(`${path}?type=DATASET`);
      assert.equal(r.status, 400, path);
      assert.equal((r.json as { errorCode: number }).errorCode, 110011, path);
      assert.equal((r.json as { errorMsg: string }).errorMsg, 'DataSet not found.');
    }
  });

  void it('a folder cannot be downloaded: 400 110021', async () => {
    const r = await download('Projects/mlops/Models/irisclassifier/3?type=DATASET');
    assert.equal(r.status, 400);
    assert.equal((r.json as { errorCode: number }).errorCode, 110021);
  });

  void it('no DATASET_VIEW scope: 403 320004 on stat and download', async () => {
    const auth = `ApiKey ${sandbox.sb.keys.noDatasetScope}`;
    for (const r of [
      await download('Projects/mlops/Models/irisclassifier/3/model_schema.json?type=DATASET', auth),
      await restRequest(
        sandbox.sb,
        'GET',
        `/project/${sandbox.sb.projectId}/dataset/Models/irisclassifier/3/model_schema.json`,
        { auth },
      ),
    ]) {
      assert.equal(r.status, 403);
      assert.equal((r.json as { errorCode: number }).errorCode, 320004);
    }
  });

  void it('stat gives the size hsml reads before downloading; listing shows the version folder', async () => {
    const file = await download('Projects/mlops/Models/irisclassifier/3/model_schema.json?type=DATASET');
    const stat = await projectRequest(
      sandbox.sb,
      'GET',
      '/dataset/Projects/mlops/Models/irisclassifier/3/model_schema.json',
    );
    assert.equal(stat.status, 200);
    const attrs = (stat.json as { attributes: { size: number; dir: boolean; path: string } }).attributes;
    assert.equal(attrs.size, Buffer.byteLength(file.text));
    assert.equal(attrs.dir, false);
    assert.equal(attrs.path, '/Projects/mlops/Models/irisclassifier/3/model_schema.json');

    const list = await projectRequest(
      sandbox.sb,
      'GET',
      '/dataset/Projects/mlops/Models/irisclassifier/3?action=listing&offset=0&limit=1000&sort_by=NAME:desc&expand=inodes',
    );
    const body = list.json as { count: number; items: { attributes: { name: string } }[] };
    const names = body.items.map((i) => i.attributes.name);
    assert.deepEqual(names, [...names].sort().reverse());
    assert.ok(names.includes('model_schema.json') && names.includes('input_example.json'), names.join(','));
    assert.equal(body.count, names.length);
  });
});
