// The filter language: what each operator matches, names of features, predictions and row fields, errors
// that point at the problem, and hostile input (deep nesting, huge input, injection attempts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FilterSyntaxError,
  MAX_FILTER_DEPTH,
  compileFilterExpression,
  featureTable,
  matchesRow,
} from '../../src/features';
import type { FilterSubject, JsonValue } from '../../src/features';
import type { LogRow } from '../../src/inferenceLog';

/** One instance: features and predictions as objects (a key left out is absent), plus row fields. */
function subject(
  features: Record<string, JsonValue>,
  predictions: Record<string, JsonValue> = {},
  row: Record<string, JsonValue> = {},
): FilterSubject {
  const get = (o: Record<string, JsonValue>) => (name: string) =>
    Object.prototype.hasOwnProperty.call(o, name) ? o[name] : undefined;
  return { feature: get(features), prediction: get(predictions), row: get(row) };
}

const PEOPLE: Record<string, JsonValue>[] = [
  { age: 61, country: 'SE', amount: 120.5, vip: true },
  { age: 45, country: 'NO', amount: 80 },
  { age: 70, country: 'DK', amount: null, vip: false },
  { age: '66', country: 'SE' },
];

/** Which of PEOPLE (by index) the filter matches. */
function which(filter: string): number[] {
  const f = compileFilterExpression(filter);
  return PEOPLE.flatMap((p, i) => (f.match(subject(p)) ? [i] : []));
}

/** The error a filter gives: its reason and position. */
function error(filter: string, names?: Parameters<typeof compileFilterExpression>[1]) {
  try {
    compileFilterExpression(filter, names);
  } catch (e) {
    assert.ok(e instanceof FilterSyntaxError, `not a FilterSyntaxError: ${String(e)}`);
    return { reason: e.reason, position: e.position, message: e.message };
  }
  assert.fail(`"${filter.slice(0, 50)}" compiled without error`);
}

describe('filter language', () => {
  it('compares numbers, text and booleans', () => {
    assert.deepEqual(which('age > 60'), [0, 2, 3], '"66" logged as text compares as a number');
    assert.deepEqual(which('age >= 61'), [0, 2, 3]);
    assert.deepEqual(which('age < 61'), [1]);
    assert.deepEqual(which('age <= 61'), [0, 1]);
    assert.deepEqual(which('country = "SE"'), [0, 3]);
    assert.deepEqual(which("country == 'SE'"), [0, 3]);
    assert.deepEqual(which('country != "SE"'), [1, 2]);
    assert.deepEqual(which('country <> "SE"'), [1, 2]);
    assert.deepEqual(which('country < "NO"'), [2], 'text orders as text');
    assert.deepEqual(which('vip = true'), [0]);
    assert.deepEqual(which('amount = 80.0'), [1]);
    assert.deepEqual(which('age > -1e3'), [0, 1, 2, 3]);
  });

  it('combines with and / or / not and parentheses, "and" binding tighter', () => {
    assert.deepEqual(which('country = "SE" and age > 62'), [3]);
    assert.deepEqual(which('country = "NO" or country = "DK" and age > 65'), [1, 2]);
    assert.deepEqual(which('(country = "NO" or country = "DK") and age > 65'), [2]);
    assert.deepEqual(which('not country = "SE"'), [1, 2]);
    assert.deepEqual(which('not (age > 50 and country = "SE")'), [1, 2]);
    assert.deepEqual(which('NOT age > 50 AND country = "NO"'), [1], 'keywords in any case');
  });

  it('matches lists with in / not in, and absent or null values with is missing', () => {
    assert.deepEqual(which('country in ("SE", "DK")'), [0, 2, 3]);
    assert.deepEqual(which('country not in ("SE", "DK")'), [1]);
    assert.deepEqual(which('age in (45, 66)'), [1, 3]);
    assert.deepEqual(which('amount is missing'), [2, 3], 'null and absent are both missing');
    assert.deepEqual(which('amount is not missing'), [0, 1]);
    assert.deepEqual(which('vip is missing'), [1, 3]);
    assert.deepEqual(which('amount > 0 or amount <= 0'), [0, 1], 'a missing value never compares');
    assert.deepEqual(which('amount != 1'), [0, 1]);
    assert.deepEqual(which('amount not in (1)'), [0, 1]);
  });

  it('reads features, predictions and row fields, bare or with a prefix', () => {
    const s = subject(
      { age: 61, 'output-0': 5, 'sepal length (cm)': 5.1 },
      { label: 1, 'prediction[0]': 0.9 },
      {
        version: 3,
        status: 500,
      },
    );
    const m = (f: string) => compileFilterExpression(f).match(s);
    assert.ok(m('input.age = 61'));
    assert.ok(m('feature.age = 61'));
    assert.ok(m('label = 1'));
    assert.ok(m('prediction.label = 1'));
    assert.ok(m('output.label = 1'));
    assert.ok(m('prediction[0] > 0.5'));
    assert.ok(m('`sepal length (cm)` > 5'));
    assert.ok(m('output-0 = 5'), 'dashes belong to names: there is no arithmetic');
    assert.ok(m('version = 3 and row.status >= 500'));
    assert.ok(!m('prediction.age = 61'), 'a prefix keeps to its columns');
  });

  it('with the table columns known, says which name it does not know and what it knows', () => {
    const names = { features: ['age', 'country'], predictions: ['label'] };
    const e = error('agee > 60', names);
    assert.equal(e.position, 0);
    assert.match(
      e.reason,
      /Unknown name "agee" \(features: age, country; predictions: label; row fields: version, model, status/,
    );
    assert.match(error('age = 1 and row.colour = 2', names).reason, /Unknown row field "colour"/);
    assert.equal(error('age = 1 and row.colour = 2', names).position, 12);
    assert.match(error('prediction.age = 1', names).reason, /Unknown prediction "age"/);
    assert.ok(compileFilterExpression('age > 60 and label = 1 and version = 2', names));
  });

  it('points at the problem in bad input', () => {
    assert.deepEqual(error('age >'), {
      reason: 'Expected a value after ">", found the end of the filter',
      position: 5,
      message: 'Expected a value after ">", found the end of the filter (at column 6)',
    });
    assert.equal(
      error('(age > 1').reason,
      'Expected ")" to close the "(" at column 1, found the end of the filter',
    );
    assert.deepEqual(
      [error('age > 1)').reason, error('age > 1)').position],
      ['This ")" has no matching "("', 7],
    );
    assert.match(error('age 61').reason, /Expected a comparison .* after "age", found "61"/);
    assert.equal(error('age = null').reason, 'Use "is missing" to find absent or null values');
    assert.deepEqual(
      [error('country = "SE').reason, error('country = "SE').position],
      ['A string is not closed', 10],
    );
    assert.deepEqual([error('age # 3').reason, error('age # 3').position], ['Unexpected character "#"', 4]);
    assert.match(error('age is there').reason, /Expected "missing" after "is"/);
    assert.match(error('age in 1, 2').reason, /Expected "\(" after "in"/);
    assert.match(error('age in (1 2)').reason, /Expected "," or "\)" in the list/);
    assert.match(error('age in (1, other)').reason, /holds values, not the name "other"/);
    assert.match(
      error('and = 1').reason,
      /found the word "and" \(put a column of that name in `backquotes`\)/,
    );
    assert.equal(error('').reason, 'The filter is empty');
    assert.equal(
      error('age > 1 and').reason,
      'Expected a name or a value to compare, found the end of the filter',
    );
    assert.equal(error('age > 1e999').reason, '"1e999" is not a usable number');
  });

  it('refuses hostile input: deep nesting, long chains, huge text', () => {
    const deep = `${'('.repeat(400)}age > 1${')'.repeat(400)}`;
    const e = error(deep);
    assert.match(e.reason, new RegExp(`nested more than ${MAX_FILTER_DEPTH} levels`));
    assert.equal(e.position, MAX_FILTER_DEPTH, 'points at the first "(" too many');
    assert.match(error(`${'not '.repeat(300)}age > 1`).reason, /nested more than/);
    // Exactly at the limit is fine.
    assert.ok(
      compileFilterExpression(`${'('.repeat(MAX_FILTER_DEPTH)}age > 1${')'.repeat(MAX_FILTER_DEPTH)}`),
    );
    assert.match(error('a=1 or '.repeat(260) + 'a=1').reason, /more than 1000 parts/);
    const huge = error(`country = "${'x'.repeat(5_000_000)}"`);
    assert.equal(huge.reason, 'The filter is longer than 2,000 characters');
    assert.match(error(`age in (${new Array(250).fill(1).join(',')})`).reason, /more than 200 values/);
  });

  it('treats injection attempts as names or syntax errors, never as code', () => {
    const attempts = [
      '__proto__ = 1',
      'constructor = "Object"',
      'toString is missing',
      'row.__proto__ = 1',
      'age > 1; process.exit(1)',
      '${process.exit(1)}',
      '"); process.exit(1); ("',
      'age = `); process.exit(1); (`',
      'require("child_process")',
      "age = '\\u0027) or (1 = 1'",
      'age > 1 /* */',
      'eval("1")',
    ];
    const features = { age: 61 };
    for (const a of attempts) {
      try {
        const f = compileFilterExpression(a);
        // Compiled: a plain test of names, which runs without effects ("toString is missing" holds).
        assert.equal(typeof f.match(subject(features)), 'boolean', a);
        assert.equal(f.match(subject(features)), a === 'toString is missing', a);
      } catch (e) {
        assert.ok(e instanceof FilterSyntaxError, `${a}: ${String(e)}`);
      }
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'age'), false);
    // A feature really named __proto__ is an ordinary column.
    const own = JSON.parse('{"__proto__": 5}') as Record<string, JsonValue>;
    assert.ok(compileFilterExpression('`__proto__` = 5').match(subject(own)));
  });

  it('matches a logged row when any of its instances does, with its row fields', () => {
    const row: LogRow = {
      id: 1,
      kind: 'pair',
      outcome: 'ok',
      rev: 1,
      timeMs: 1_718_007_125_000,
      timeResolutionMs: 1000,
      model: 'fraud',
      modelVersion: 3,
      servingId: 12,
      inferenceId: 'abc',
      httpCode: 200,
      latencyMs: 40,
      kafka: { partition: 0, offset: '17', timestampMs: 1_718_007_125_000, size: 90 },
    };
    const inputs = featureTable(
      '{"instances": [{"age": 30, "country": "NO"}, {"age": 61, "country": "SE"}]}',
      {
        side: 'input',
      },
    );
    const outputs = featureTable('{"predictions": [0, 1]}', { side: 'output' });
    const m = (f: string) => matchesRow(compileFilterExpression(f), row, inputs, outputs);
    assert.ok(m('age > 60'));
    assert.ok(m('age > 60 and prediction = 1'), 'instance 2 and its prediction');
    assert.ok(!m('age > 60 and prediction = 0'), 'predictions pair with their own instance');
    assert.ok(m('version = 3 and latency < 100 and offset = 17 and kind = "pair"'));
    assert.ok(!m('error = true'));
    assert.ok(m('status = 200'));
    assert.ok(matchesRow(compileFilterExpression('version = 3'), row), 'a row without tables has its fields');
  });
});
