// Model version → feature view + training-dataset version → that training dataset's statistics, through the
// extension's REST client against the real sandbox, and the feature store's answers on the wire.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extendedStatisticsOf, stdDevOf, trainingFeatureStatistics } from '../../src/hopsworks/index';
import type { FeatureDescriptiveStatistics, TrainingDatasetLink } from '../../src/hopsworks/index';
import { rejection } from '../support/rejection';
import { projectRequest } from '../support/sandbox';
import { connectedToSandbox } from '../support/sandboxForTests';

const sandbox = connectedToSandbox({ lifecycleStepMs: 50, trafficPerSecond: 0 }, { retries: 0 });

async function linkOf(name: string, version: number): Promise<TrainingDatasetLink> {
  const m = await sandbox.project.getModelVersion(name, version);
  assert.ok(m, `${name} v${version} exists`);
  const link = await sandbox.project.getTrainingDatasetLink(m);
  assert.ok(link, `${name} v${version} has a training-dataset link`);
  return link;
}

/** Checks that one feature's statistics hang together the way a computed profile does. */
function assertCoherent(s: FeatureDescriptiveStatistics, rows: number): void {
  assert.equal(s.count, rows, s.featureName);
  assert.equal(s.numNullValues, 0);
  assert.equal(s.completeness, 1);
  const histogram = extendedStatisticsOf(s)?.histogram ?? [];
  assert.ok(histogram.length > 0, `${s.featureName} has a histogram`);
  assert.equal(
    histogram.reduce((n, b) => n + b.count, 0),
    rows,
    `${s.featureName}: histogram counts add up to the row count`,
  );
  if (s.featureType === 'String') return;
  const { min = NaN, max = NaN, mean = NaN, sum = NaN } = s;
  assert.ok(min <= mean && mean <= max, `${s.featureName}: min ≤ mean ≤ max`);
  assert.ok(Math.abs(sum / rows - mean) < 1e-9, `${s.featureName}: mean = sum / count`);
  assert.ok((stdDevOf(s) ?? -1) >= 0);
  const p = s.percentiles ?? [];
  assert.equal(p.length, 100, 'Deequ approxPercentiles: 100 values');
  assert.ok(
    p.every((v, i) => i === 0 || v >= (p[i - 1] as number)),
    'percentiles ascend',
  );
  assert.equal(p[99], max, 'the 100th percentile is the maximum');
  // Numeric histograms: 20 equal-width bins "low to high" from min to max.
  assert.equal(histogram.length, 20);
  assert.equal(histogram[0]?.value.split(' to ')[0], min.toFixed(2));
}

void describe('model version → training dataset → statistics, through the REST client', () => {
  void it('explicit provenance links a model version to its feature view and training-dataset version', async () => {
    assert.deepEqual(await linkOf('irisclassifier', 3), {
      featureStoreId: 67,
      featureViewName: 'iris_features',
      featureViewVersion: 1,
      trainingDatasetVersion: 2,
      source: 'provenance',
    });
    assert.deepEqual(await linkOf('fraudtf', 2), {
      featureStoreId: 67,
      featureViewName: 'fraud_features',
      featureViewVersion: 1,
      trainingDatasetVersion: 1,
      source: 'provenance',
    });
  });

  void it('a version without a link, and a version that does not exist, give undefined', async () => {
    const m = await sandbox.project.getModelVersion('irisclassifier', 1);
    assert.ok(m);
    assert.equal(await sandbox.project.getTrainingDatasetLink(m), undefined);
    assert.equal(
      await sandbox.project.getTrainingDatasetLink({ name: 'irisclassifier', version: 99 }),
      undefined,
    );
  });

  void it('the feature view lists the features, the label flagged, in the schema order', async () => {
    const link = await linkOf('irisclassifier', 3);
    const fv = await sandbox.project.getFeatureView(link);
    assert.equal(fv?.name, 'iris_features');
    assert.deepEqual(
      fv?.features?.map((f) => `${f.name}:${f.type ?? ''}${f.label ? ':label' : ''}`),
      [
        'sepal_length:double',
        'sepal_width:double',
        'petal_length:double',
        'petal_width:double',
        'variety:string:label',
      ],
    );
    const schema = await sandbox.project.getModelSchema({ name: 'irisclassifier', version: 3 });
    assert.deepEqual(
      schema?.input_schema?.columnar_schema?.map((c) => c.name),
      fv?.features?.filter((f) => !f.label).map((f) => f.name),
      'the model schema was made from this training dataset',
    );
  });

  void it('a training dataset with splits: per-split statistics, and the train split is what the model saw', async () => {
    const link = await linkOf('irisclassifier', 3);
    const td = await sandbox.project.getTrainingDataset(link);
    assert.deepEqual(
      td?.splits?.map((s) => [s.name, s.percentage]),
      [
        ['train', 0.8],
        ['test', 0.2],
      ],
    );
    const stats = await sandbox.project.getTrainingDatasetStatistics(link);
    assert.ok(stats);
    assert.equal(stats.trainingDatasetVersion, 2);
    assert.equal(stats.featureViewName, 'iris_features');
    assert.equal(stats.beforeTransformation, false);
    assert.equal(typeof stats.computationTime, 'number');
    assert.equal(stats.featureDescriptiveStatistics, undefined, 'with splits, statistics come per split');
    assert.deepEqual(
      stats.splitStatistics?.map((s) => s.name),
      ['train', 'test'],
    );
    const train = trainingFeatureStatistics(stats);
    assert.deepEqual(
      train?.map((s) => `${s.featureName}:${s.featureType ?? ''}`),
      [
        'sepal_length:Fractional',
        'sepal_width:Fractional',
        'petal_length:Fractional',
        'petal_width:Fractional',
        'variety:String',
      ],
    );
    for (const s of train ?? []) assertCoherent(s, 960);
    for (const s of stats.splitStatistics?.[1]?.featureDescriptiveStatistics ?? []) assertCoherent(s, 240);
    const species = extendedStatisticsOf(train?.[4] as FeatureDescriptiveStatistics)?.histogram?.map(
      (b) => b.value,
    );
    assert.deepEqual([...(species ?? [])].sort(), ['setosa', 'versicolor', 'virginica']);
  });

  void it('a training dataset without splits: one list of statistics', async () => {
    const stats = await sandbox.project.getTrainingDatasetStatistics(await linkOf('fraudtf', 2));
    assert.ok(stats?.featureDescriptiveStatistics);
    assert.equal(stats.splitStatistics, undefined);
    assert.deepEqual(
      stats.featureDescriptiveStatistics.map((s) => `${s.featureName}:${s.featureType ?? ''}`),
      [
        'amount:Fractional',
        'hour:Integral',
        'foreign_card:Integral',
        'card_present:Integral',
        'is_fraud:Integral',
      ],
    );
    for (const s of stats.featureDescriptiveStatistics) assertCoherent(s, 4000);
  });

  void it('only the features asked for; none computed before transformations gives undefined', async () => {
    const link = await linkOf('fraudtf', 2);
    const some = await sandbox.project.getTrainingDatasetStatistics(link, {
      featureNames: ['amount', 'hour'],
    });
    assert.deepEqual(
      some?.featureDescriptiveStatistics?.map((s) => s.featureName),
      ['amount', 'hour'],
    );
    assert.equal(
      await sandbox.project.getTrainingDatasetStatistics(link, { beforeTransformation: true }),
      undefined,
    );
  });

  void it('a training-dataset version that does not exist is an error that names it', async () => {
    const link = await linkOf('fraudtf', 2);
    const err = await rejection(
      sandbox.project.getTrainingDatasetStatistics({ ...link, trainingDatasetVersion: 9 }),
    );
    assert.equal(err.status, 404);
    assert.equal(err.errorCode, 270012);
    assert.match(err.message, /Training dataset version 9 of feature view "fraud_features"/);
    assert.equal(await sandbox.project.getTrainingDataset({ ...link, trainingDatasetVersion: 9 }), undefined);
    assert.equal(await sandbox.project.getFeatureView({ ...link, featureViewName: 'nope' }), undefined);
  });
});

void describe('feature store on the wire', () => {
  const base = '/featurestores/67/featureview';

  void it('hsfs query parameters: content, newest first, before_transformation_eq as Python writes it', async () => {
    const r = await projectRequest(
      sandbox.sb,
      'GET',
      `${base}/fraud_features/version/1/trainingdatasets/version/1/statistics` +
        '?offset=0&limit=1&fields=content&sort_by=computation_time:desc&filter_by=before_transformation_eq:False' +
        '&training_dataset_version=1',
    );
    assert.equal(r.status, 200);
    const body = r.json as { count: number; items: { featureDescriptiveStatistics: { stddev: number }[] }[] };
    assert.equal(body.count, 1);
    // Hopsworks ≤ 4.x writes `stddev` (FeatureDescriptiveStatisticsDTO) and the histogram as a JSON string.
    const first = body.items[0]?.featureDescriptiveStatistics[0] as Record<string, unknown>;
    assert.equal(typeof first.stddev, 'number');
    assert.equal(typeof first.extendedStatistics, 'string');
  });

  void it('without fields=content: the computation without the per-feature statistics', async () => {
    const r = await projectRequest(
      sandbox.sb,
      'GET',
      `${base}/iris_features/version/1/trainingdatasets/version/1/statistics`,
    );
    const item = (r.json as { items: Record<string, unknown>[] }).items[0];
    assert.equal(item?.trainingDatasetVersion, 1);
    assert.equal(item?.featureDescriptiveStatistics, undefined);
  });

  void it('not found and refused: 404 270181 / 270012, 422 for a filter a training dataset has no use for', async () => {
    const fv = await projectRequest(sandbox.sb, 'GET', `${base}/nope/version/1`);
    assert.equal(fv.status, 404);
    assert.equal((fv.json as { errorCode: number }).errorCode, 270181);
    const td = await projectRequest(
      sandbox.sb,
      'GET',
      `${base}/iris_features/version/1/trainingdatasets/version/7`,
    );
    assert.equal(td.status, 404);
    assert.equal((td.json as { errorCode: number }).errorCode, 270012);
    const filter = await projectRequest(
      sandbox.sb,
      'GET',
      `${base}/iris_features/version/1/trainingdatasets/version/1/statistics?filter_by=row_percentage_eq:0.5`,
    );
    assert.equal(filter.status, 422);
    assert.equal((filter.json as { errorCode: number }).errorCode, 120001);
  });

  void it('provenance links without expanded artifacts carry only names and versions', async () => {
    const r = await projectRequest(
      sandbox.sb,
      'GET',
      '/modelregistries/119/models/irisclassifier_3/provenance/links?upstreamLvls=2&downstreamLvls=0',
    );
    assert.equal(r.status, 200);
    const root = r.json as {
      node: { artifactType: string };
      upstream: {
        node: { artifactType: string; artifact: Record<string, unknown> };
        upstream: { node: { artifactType: string } }[];
      }[];
    };
    assert.equal(root.node.artifactType, 'MODEL');
    assert.equal(root.upstream[0]?.node.artifactType, 'TRAINING_DATASET');
    assert.deepEqual(Object.keys(root.upstream[0]?.node.artifact ?? {}).sort(), [
      'href',
      'id',
      'name',
      'project',
      'version',
    ]);
    assert.equal(root.upstream[0]?.upstream[0]?.node.artifactType, 'FEATURE_VIEW');
  });
});
