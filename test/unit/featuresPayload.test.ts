// Payloads → feature rows: every request and response shape KServe and Hopsworks use, names from the model
// schema / input example / position, and the reasons an instance does not fit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_INSTANCES,
  ModelSchemaError,
  featureTable,
  fitOf,
  parseModelSchema,
  resolveColumns,
} from '../../src/features';
import type { ColumnSet, FeatureTable } from '../../src/features';

const IRIS_SCHEMA = JSON.stringify({
  input_schema: {
    columnar_schema: [
      { name: 'sepal_length', type: 'float64' },
      { name: 'sepal_width', type: 'float64' },
      { name: 'petal_length', type: 'float64' },
      { name: 'petal_width', type: 'float64' },
    ],
  },
  output_schema: { columnar_schema: [{ name: 'variety', type: 'int64' }] },
});

const FRAUD_SCHEMA = {
  input_schema: {
    columnar_schema: [
      { name: 'age', type: 'bigint' },
      { name: 'country', type: 'string' },
      { name: 'amount', type: 'double' },
    ],
  },
};

/** The table as rows of plain values, absent cells as the string "<absent>", for readable asserts. */
function grid(t: FeatureTable): unknown[][] {
  return t.rows.map((r) => r.values.map((v, i) => (r.absent?.includes(i) ? '<absent>' : v)));
}

const inputs = (body: unknown, columns?: ColumnSet) => featureTable(body, { side: 'input', columns });
const outputs = (body: unknown, columns?: ColumnSet) => featureTable(body, { side: 'output', columns });

describe('payload → feature rows', () => {
  it('V1 instances as lists: one row per instance, f0, f1, … without a schema', () => {
    const t = inputs('{"instances": [[5.1, 3.5, 1.4, 0.2], [6.2, 2.9, 4.3, 1.3]]}');
    assert.equal(t.shape, 'v1-instances');
    assert.deepEqual(t.columns, ['f0', 'f1', 'f2', 'f3']);
    assert.deepEqual(grid(t), [
      [5.1, 3.5, 1.4, 0.2],
      [6.2, 2.9, 4.3, 1.3],
    ]);
    assert.equal(t.problem, undefined);
  });

  it('V1 instances as objects: a column per key, keys missing from an instance are absent', () => {
    const t = inputs({
      instances: [
        { age: 61, country: 'SE' },
        { age: 45, amount: 12.5 },
      ],
    });
    assert.deepEqual(t.columns, ['age', 'country', 'amount']);
    assert.deepEqual(grid(t), [
      [61, 'SE', '<absent>'],
      [45, '<absent>', 12.5],
    ]);
  });

  it('TF Serving signature_name + instances', () => {
    const t = inputs('{"signature_name": "serving_default", "instances": [[0.12, 4.0, 1.0, 0.0]]}');
    assert.equal(t.shape, 'v1-instances');
    assert.deepEqual(grid(t), [[0.12, 4.0, 1.0, 0.0]]);
  });

  it('V1 inputs as rows (the Python server) and as columns (TF columnar form)', () => {
    const rows = inputs('{"inputs": [[5.1, 3.5, 1.4, 0.2]]}');
    assert.equal(rows.shape, 'v1-inputs-rows');
    assert.deepEqual(grid(rows), [[5.1, 3.5, 1.4, 0.2]]);
    const cols = inputs({ inputs: { age: [61, 45], country: ['SE', 'NO'] } });
    assert.equal(cols.shape, 'v1-inputs-columns');
    assert.deepEqual(cols.columns, ['age', 'country']);
    assert.deepEqual(grid(cols), [
      [61, 'SE'],
      [45, 'NO'],
    ]);
    const one = inputs({ inputs: { age: 61, country: 'SE' } });
    assert.deepEqual(grid(one), [[61, 'SE']], 'an object of scalars is one instance');
  });

  it('V2 inputs: data cut row-major along the first dimension, flat or nested', () => {
    const flat = inputs({
      inputs: [{ name: 'input-0', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6, 7, 8] }],
    });
    assert.equal(flat.shape, 'v2-inputs');
    assert.deepEqual(flat.columns, ['f0', 'f1', 'f2', 'f3']);
    assert.deepEqual(grid(flat), [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const nested = inputs({
      inputs: [
        {
          name: 'input-0',
          shape: [2, 2],
          datatype: 'FP32',
          data: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    });
    assert.deepEqual(grid(nested), [
      [1, 2],
      [3, 4],
    ]);
  });

  it('V2 with several named inputs: a column per input, name[j] for an input of several values', () => {
    const t = inputs({
      inputs: [
        { name: 'age', shape: [2], datatype: 'INT64', data: [61, 45] },
        { name: 'country', shape: [2, 1], datatype: 'BYTES', data: ['SE', 'NO'] },
        { name: 'emb', shape: [2, 2], datatype: 'FP32', data: [0.1, 0.2, 0.3, 0.4] },
      ],
    });
    assert.deepEqual(t.columns, ['age', 'country', 'emb[0]', 'emb[1]']);
    assert.deepEqual(grid(t), [
      [61, 'SE', 0.1, 0.2],
      [45, 'NO', 0.3, 0.4],
    ]);
  });

  it('predictions: scalars, lists and objects; V2 outputs by name', () => {
    assert.deepEqual(outputs('{"predictions": [0, 2]}').columns, ['prediction']);
    assert.deepEqual(grid(outputs('{"predictions": [0, 2]}')), [[0], [2]]);
    const probs = outputs('{"predictions": [[0.1, 0.9], [0.8, 0.2]]}');
    assert.deepEqual(probs.columns, ['prediction[0]', 'prediction[1]']);
    assert.deepEqual(grid(probs), [
      [0.1, 0.9],
      [0.8, 0.2],
    ]);
    const objs = outputs({ predictions: [{ label: 'fraud', score: 0.93 }] });
    assert.deepEqual(objs.columns, ['label', 'score']);
    const v2 = outputs({
      model_name: 'iris',
      outputs: [{ name: 'output-0', shape: [3], datatype: 'INT64', data: [0, 1, 2] }],
    });
    assert.equal(v2.shape, 'v2-outputs');
    assert.deepEqual(v2.columns, ['output-0']);
    assert.deepEqual(grid(v2), [[0], [1], [2]]);
    assert.deepEqual(grid(outputs('{"predictions": 3}')), [[3]], 'a bare prediction is one row');
  });

  it('names predictions from the output schema', () => {
    const schema = parseModelSchema(IRIS_SCHEMA);
    const t = outputs('{"predictions": [0, 2]}', resolveColumns('output', { schema: schema.outputs }));
    assert.deepEqual(t.columns, ['variety']);
    assert.deepEqual(grid(t), [[0], [2]]);
  });

  it('says why a body gives no rows', () => {
    const problem = (body: unknown, side: 'input' | 'output' = 'input') =>
      featureTable(body, { side }).problem;
    assert.equal(problem('<!doctype html><title>500</title>'), 'The body is not JSON.');
    assert.equal(problem(''), 'Nothing was logged.');
    assert.match(problem('[[1, 2]]')!, /is a list, not a KServe payload/);
    assert.match(problem('{"data": [1]}')!, /no "instances" or "inputs"/);
    assert.match(problem('{"result": 1}', 'output')!, /no "predictions" or "outputs"/);
    assert.match(problem('{"instances": {"a": 1}}')!, /"instances" is not a list/);
    assert.match(
      problem({ inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3] }] })!,
      /Tensor "x" has 3 values; its shape \[2, 4\] needs 8/,
    );
    assert.match(
      problem({
        inputs: [
          { name: 'a', shape: [2], datatype: 'FP32', data: [1, 2] },
          { name: 'b', shape: [3], datatype: 'FP32', data: [1, 2, 3] },
        ],
      })!,
      /disagree on the batch size \(2 and 3/,
    );
  });

  it('keeps at most MAX_INSTANCES rows and says the table was cut', () => {
    const body = { instances: Array.from({ length: MAX_INSTANCES + 5 }, (_, i) => [i]) };
    const t = inputs(body);
    assert.equal(t.rows.length, MAX_INSTANCES);
    assert.equal(t.truncated, true);
  });

  it('survives hostile nesting without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const t = inputs({ inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: deep }] });
    assert.deepEqual(grid(t), [[1]]);
    const wide = inputs({
      instances: [Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))],
    });
    assert.equal(wide.columns.length, 1_000);
    assert.equal(wide.truncated, true);
  });
});

describe('model schema and input example', () => {
  it('reads a columnar schema: names, types and kinds', () => {
    const s = parseModelSchema(FRAUD_SCHEMA);
    assert.equal(s.inputs?.form, 'columnar');
    assert.deepEqual(
      s.inputs?.columns.map((c) => [c.name, c.type, c.kind]),
      [
        ['age', 'bigint', 'integer'],
        ['country', 'string', 'string'],
        ['amount', 'double', 'number'],
      ],
    );
    assert.equal(s.outputs, undefined);
  });

  it('reads a tensor schema as hsml writes an ndarray: per-instance size from the shape', () => {
    const s = parseModelSchema({
      input_schema: { tensor_schema: { type: 'float32', shape: '(?, 4)' } },
      output_schema: { tensor_schema: { type: 'int64', shape: '(150,)' } },
    });
    assert.deepEqual(
      s.inputs?.columns.map((c) => [c.name, c.kind]),
      [
        ['f0', 'number'],
        ['f1', 'number'],
        ['f2', 'number'],
        ['f3', 'number'],
      ],
    );
    assert.equal(s.inputs?.fixedCount, true);
    assert.deepEqual(s.outputs?.columns, [], 'a rank-1 shape does not say how many values an instance has');
    assert.equal(s.outputs?.valueKind, 'integer');
    const multi = parseModelSchema({
      input_schema: {
        tensor_schema: [
          { name: 'ids', type: 'int32', shape: '(None, 2)' },
          { name: 'mask', type: 'bool', shape: '[-1, 1]' },
        ],
      },
    });
    assert.deepEqual(
      multi.inputs?.columns.map((c) => c.name),
      ['ids[0]', 'ids[1]', 'mask'],
    );
  });

  it('refuses a file that is not a model schema, saying where', () => {
    assert.throws(() => parseModelSchema('{nope'), /not JSON/);
    assert.throws(() => parseModelSchema('[]'), ModelSchemaError);
    assert.throws(() => parseModelSchema({}), /neither "input_schema" nor "output_schema"/);
    assert.throws(
      () => parseModelSchema({ input_schema: { columnar_schema: [{ name: 'a' }] } }),
      /"input_schema.columnar_schema\[0\]" must be an object with a "type"/,
    );
    assert.throws(
      () => parseModelSchema({ input_schema: {} }),
      /neither "columnar_schema" nor "tensor_schema"/,
    );
  });

  it('prefers the schema, then the input example, then position', () => {
    const schema = parseModelSchema(FRAUD_SCHEMA).inputs;
    assert.equal(resolveColumns('input', { schema, inputExample: { x: 1 } }).source, 'model-schema');
    const fromDict = resolveColumns('input', { inputExample: { age: 61, country: 'SE' } });
    assert.equal(fromDict.source, 'input-example');
    assert.deepEqual(
      fromDict.columns.map((c) => [c.name, c.kind]),
      [
        ['age', 'number'],
        ['country', 'string'],
      ],
    );
    const fromRow = resolveColumns('input', { inputExample: [5.1, 3.5, 1.4, 0.2] });
    assert.deepEqual(
      fromRow.columns.map((c) => c.name),
      ['f0', 'f1', 'f2', 'f3'],
    );
    const fromNdarray = resolveColumns('input', { inputExample: [[5.1, 3.5, 1.4]] });
    assert.equal(fromNdarray.columns.length, 3);
    assert.equal(resolveColumns('input').source, 'positional');
    assert.equal(resolveColumns('output', { inputExample: { a: 1 } }).source, 'positional');
  });
});

describe('schema fit', () => {
  const fraud = resolveColumns('input', { schema: parseModelSchema(FRAUD_SCHEMA).inputs });

  it('accepts instances that fit, by position or by name', () => {
    assert.deepEqual(fitOf(inputs('{"instances": [[61, "SE", 12.5]]}', fraud)), { fits: true, reasons: [] });
    const byName = inputs({ instances: [{ age: 61, country: 'SE', amount: 3 }] }, fraud);
    assert.deepEqual(fitOf(byName), { fits: true, reasons: [] });
  });

  it('gives a reason for a wrong count, a wrong type, a missing value, a null and an unknown feature', () => {
    const count = fitOf(inputs('{"instances": [[61, "SE"]]}', fraud));
    assert.deepEqual(count.reasons, ["has 2 values; the model's schema has 3 (age, country, amount)"]);
    const type = fitOf(inputs('{"instances": [["61", "SE", 12.5]]}', fraud));
    assert.deepEqual(type.reasons, ['"age" is "61" (text); the model\'s schema says bigint']);
    const fractional = fitOf(inputs('{"instances": [[61.5, "SE", 12]]}', fraud));
    assert.deepEqual(fractional.reasons, ['"age" is 61.5 (a number); the model\'s schema says bigint']);
    const missing = fitOf(inputs({ instances: [{ age: 61, amount: 1 }] }, fraud));
    assert.deepEqual(missing.reasons, ['"country" is missing']);
    const nul = fitOf(inputs({ instances: [{ age: 61, country: null, amount: 1 }] }, fraud));
    assert.deepEqual(nul.reasons, ['"country" is null']);
    const unknown = fitOf(inputs({ instances: [{ age: 61, country: 'SE', amount: 1, coupon: 'X' }] }, fraud));
    assert.deepEqual(unknown.reasons, ['"coupon" is not in the model\'s schema']);
    const scalar = fitOf(inputs('{"instances": [61]}', fraud));
    assert.match(scalar.reasons[0]!, /^is a single value; the model's schema has 3/);
  });

  it('numbers the instance when a payload holds several, and flags a body that is no payload', () => {
    const fit = fitOf(inputs('{"instances": [[61, "SE", 1.0], [null, "NO", 2.0]]}', fraud));
    assert.deepEqual(fit, { fits: false, reasons: ['instance 2: "age" is null'] });
    assert.deepEqual(fitOf(inputs('<html>', fraud)), { fits: false, reasons: ['The body is not JSON.'] });
  });

  it('checks against an input example in its own words, and checks nothing without either', () => {
    const example = resolveColumns('input', { inputExample: { age: 61, country: 'SE' } });
    const fit = fitOf(inputs({ instances: [{ age: 'old', country: 'SE' }] }, example));
    assert.deepEqual(fit.reasons, ['"age" is "old" (text); the input example says number']);
    assert.equal(fitOf(inputs('{"instances": [["x", null]]}', resolveColumns('input'))).fits, true);
  });

  it('checks every value of a tensor schema whose instance size is unknown', () => {
    const s = resolveColumns('output', {
      schema: parseModelSchema({ output_schema: { tensor_schema: { type: 'int64', shape: '(150,)' } } })
        .outputs,
    });
    const fit = fitOf(outputs('{"predictions": [0, 1.5]}', s));
    assert.deepEqual(fit.reasons, [
      'instance 2: "prediction" is 1.5 (a number); the model\'s schema says integer',
    ]);
  });
});
