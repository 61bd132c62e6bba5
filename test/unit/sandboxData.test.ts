// The sandbox's data generators under plain Node: drift is an exact, seeded shift of the named features only;
// the statistics it reports agree with an independent computation over the same rows; bad drift settings are
// refused with the reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FEATURE_VIEWS, modelSchemaText, trainingStatistics } from '../../sandbox/data/catalog';
import { DEFAULT_DRIFT, DriftSwitch, checkDrift, parseDrift } from '../../sandbox/data/drift';
import { familyData } from '../../sandbox/data/features';
import { seededRandom } from '../../sandbox/data/random';
import { describeColumn, percentiles } from '../../sandbox/data/statistics';
import { requestBody } from '../../sandbox/traffic/requests';

const IRIS = { modelName: 'irisclassifier', modelServer: 'PYTHON', servingTool: 'KSERVE' } as const;
const FRAUD = { modelName: 'fraudtf', modelServer: 'TENSORFLOW_SERVING', servingTool: 'DEFAULT' } as const;

function rowsOf(body: string): number[][] {
  const o = JSON.parse(body) as { instances?: number[][]; inputs?: number[][] };
  return o.instances ?? o.inputs ?? [];
}

void describe('drift: an exact shift of the named features, from the same seeded draws', () => {
  void it('same seed with and without drift: the named feature differs by the shift, the others not at all', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const plain = rowsOf(requestBody(IRIS, seededRandom(seed)));
      const drifted = rowsOf(requestBody(IRIS, seededRandom(seed), false, { sepal_width: 1.5 }));
      assert.equal(drifted.length, plain.length);
      plain.forEach((row, r) => {
        row.forEach((v, i) => {
          const got = drifted[r]?.[i] as number;
          if (i === 1) assert.ok(Math.abs(got - v - 1.5) < 1e-9, `seed ${seed}: ${got} = ${v} + 1.5`);
          else assert.equal(got, v);
        });
      });
    }
  });

  void it('whole-number features stay whole; the DEFAULT body keeps its TF Serving shape', () => {
    const plain = rowsOf(requestBody(FRAUD, seededRandom(3)));
    const body = requestBody(FRAUD, seededRandom(3), false, { hour: 2.4, amount: -0.25 });
    assert.match(body, /^\{"signature_name": "serving_default", "instances": \[\[/);
    const drifted = rowsOf(body);
    assert.equal(drifted[0]?.[1], (plain[0]?.[1] as number) + 2);
    assert.ok(Math.abs((drifted[0]?.[0] as number) - ((plain[0]?.[0] as number) - 0.25)) < 1e-9);
  });

  void it('a feature of another model is ignored by this one', () => {
    assert.equal(
      requestBody(IRIS, seededRandom(9), false, { amount: 5 }),
      requestBody(IRIS, seededRandom(9)),
    );
  });

  void it('bad settings are refused with the reason; the switch keeps what it had', () => {
    const sw = new DriftSwitch(DEFAULT_DRIFT);
    assert.throws(
      () => sw.set({ sepal_widht: 1 }),
      /unknown feature "sepal_widht"; known features: sepal_length/,
    );
    assert.throws(() => sw.set({ sepal_width: Infinity }), /finite number/);
    assert.throws(() => checkDrift([1]), /must be an object/);
    assert.deepEqual(sw.shifts, DEFAULT_DRIFT);
    sw.set(null);
    assert.equal(sw.shifts, undefined);
    assert.deepEqual(parseDrift('sepal_width=1.5, amount=-0.4'), { sepal_width: 1.5, amount: -0.4 });
    assert.throws(() => parseDrift('sepal_width'), /is not name=shift/);
    assert.throws(() => parseDrift('sepal_width='), /finite number/);
  });
});

void describe('training statistics agree with an independent computation', () => {
  void it('mean, population stddev, percentiles and histogram of the rows they describe', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const s = describeColumn(1, { name: 'x', statsType: 'Fractional' }, values);
    assert.equal(s.mean, 3.9);
    // population variance: Σ(x − 3.9)² / 10 = 54.9 / 10
    assert.ok(Math.abs((s.stddev ?? 0) - Math.sqrt(5.49)) < 1e-12);
    assert.equal(s.min, 1);
    assert.equal(s.max, 9);
    assert.equal(s.approxNumDistinctValues, 7);
    // nearest rank: the 10th percentile of 10 values is the 1st, the 55th the 6th
    assert.equal(s.percentiles?.[9], 1);
    assert.equal(s.percentiles?.[54], 4);
    assert.equal(s.percentiles?.[99], 9);
    const histogram = (
      JSON.parse(s.extendedStatistics ?? '{}') as { histogram: { value: string; count: number }[] }
    ).histogram;
    assert.equal(histogram[0]?.value, '1.00 to 1.40');
    assert.equal(histogram[0]?.count, 2);
    assert.equal(histogram[19]?.value, '8.60 to 9.00');
    assert.equal(histogram[19]?.count, 1, 'the maximum falls in the last bin');
    assert.deepEqual(percentiles([7]), new Array<number>(100).fill(7));
  });

  void it("a training dataset's statistics are those of its seeded rows (train split = first 80 %)", () => {
    const fv = FEATURE_VIEWS.find((f) => f.name === 'iris_features');
    const td = fv?.trainingDatasets.find((t) => t.version === 2);
    assert.ok(fv && td);
    const rnd = seededRandom(td.seed);
    const data = familyData('iris');
    const rows = Array.from({ length: td.rows }, () => data.sample(rnd)).slice(0, 960);
    const widths = rows.map((r) => r.features[1] as number);
    const mean = widths.reduce((a, b) => a + b, 0) / widths.length;
    const train = trainingStatistics(fv, td).splits?.find((s) => s.name === 'train')?.statistics;
    const sw = train?.find((s) => s.featureName === 'sepal_width');
    assert.ok(Math.abs((sw?.mean ?? NaN) - mean) < 1e-9);
    assert.equal(sw?.count, 960);
  });

  void it('model_schema.json is written as hsml writes it: keys sorted, two-space indent', () => {
    const text = modelSchemaText(familyData('churn'), 'spark');
    assert.ok(
      text.startsWith(
        '{\n  "input_schema": {\n    "columnar_schema": [\n      {\n        "name": "tenure_months",\n        "type": "bigint"\n      },',
      ),
    );
    assert.match(
      text,
      /"output_schema": \{\n {4}"columnar_schema": \[\n {6}\{\n {8}"name": "churned",\n {8}"type": "bigint"/,
    );
  });
});
