// Per-feature statistics over a sliding window, and PSI drift against training statistics and against a
// watched window, each checked against a reference computed independently here from the raw values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FeatureStatsWindow,
  MAX_SKETCH_BINS,
  PSI_THRESHOLD,
  TableAccumulator,
  ValueSketch,
  computeDrift,
  featureTable,
  parseModelSchema,
  referenceFromTrainingStatistics,
  referenceFromWindow,
  resolveColumns,
} from '../../src/features';
import type { ColumnStats, TrainingStatisticsInput } from '../../src/features';
import { ManualClock } from '../../src/inferenceLog';
import type { LogRow } from '../../src/inferenceLog';
import { seededRandom } from '../../sandbox/data/random';

const T0 = 1_718_007_125_000;

/** Standard normal by Box–Muller. */
function normal(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

/** Instances as a V1 request body's feature table. */
function table(instances: Record<string, unknown>[]) {
  return featureTable({ instances }, { side: 'input' });
}

function accumulate(instances: Record<string, unknown>[]): TableAccumulator {
  const acc = new TableAccumulator();
  acc.addTable(table(instances));
  return acc;
}

// ----- an independent PSI, written from the definition (hsfs distribution_engine + distribution_distance)

/** Edges as hsfs picks them: np.linspace(0, n-1, bins+1).round() into the percentile list, deduplicated. */
function hsfsEdges(percentiles: number[], bins = 10): number[] {
  const n = percentiles.length;
  const idx: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const x = ((n - 1) * b) / bins;
    const floor = Math.floor(x);
    const frac = x - floor;
    // numpy rounds halves to even.
    idx.push(frac > 0.5 || (frac === 0.5 && floor % 2 === 1) ? floor + 1 : floor);
  }
  const edges: number[] = [];
  for (const i of idx)
    if (edges.length === 0 || percentiles[i]! > edges[edges.length - 1]!) edges.push(percentiles[i]!);
  return edges;
}

/** Counts per bin with np.searchsorted(side="right") - 1 clipped to the bins. */
function countInto(edges: number[], values: number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of values) {
    let i = edges.filter((e) => e <= v).length - 1;
    i = Math.min(edges.length - 2, Math.max(0, i));
    counts[i]!++;
  }
  return counts;
}

function independentPsi(refCounts: number[], curCounts: number[], eps = 1e-6): number {
  const norm = (c: number[]) => {
    const total = c.reduce((s, x) => s + x + eps, 0);
    return c.map((x) => (x + eps) / total);
  };
  const r = norm(refCounts);
  const c = norm(curCounts);
  return c.reduce((s, ci, i) => s + (ci - r[i]!) * Math.log(ci / r[i]!), 0);
}

describe('ValueSketch', () => {
  it('gives quantiles within 1% of the nearest-rank values of a sort, negatives and zeros included', () => {
    const rnd = seededRandom(7);
    const values = Array.from({ length: 20_000 }, (_, i) =>
      i % 50 === 0 ? 0 : (rnd() < 0.3 ? -1 : 1) * Math.exp(3 * normal(rnd)),
    );
    const sketch = new ValueSketch();
    for (const v of values) sketch.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) {
      const exact = nearestRank(sorted, q);
      const got = sketch.quantile(q)!;
      assert.ok(Math.abs(got - exact) <= 0.01 * Math.abs(exact) + 1e-9, `q=${q}: ${got} vs ${exact}`);
    }
    assert.equal(sketch.count, values.length);
  });

  it('stays within its bin bound by coarsening, and merges sketches of different resolution', () => {
    const wide = new ValueSketch();
    for (let e = -300; e <= 300; e += 0.05) wide.add(Math.pow(10, e / 10));
    assert.ok(wide.size <= MAX_SKETCH_BINS, `size ${wide.size}`);
    assert.ok(wide.relativeError > 0.01, 'the bound says how much resolution was given up');
    const fine = new ValueSketch();
    for (let i = 1; i <= 1000; i++) fine.add(i);
    const merged = fine.clone();
    merged.merge(wide);
    assert.equal(merged.count, fine.count + wide.count);
    assert.equal(merged.relativeError, wide.relativeError);
    const m = merged.quantile(0.5)!;
    assert.ok(m > 0);
  });
});

describe('feature statistics', () => {
  it('counts, missing, min/max/mean, histogram and top values per column', () => {
    const acc = accumulate([
      { age: 61, country: 'SE', vip: true },
      { age: 45, country: 'NO' },
      { age: null, country: 'SE', vip: false },
      { age: 70, country: 'SE', vip: true },
      { age: 22, country: ['x'] },
    ]);
    const stats = new Map(acc.stats({ histogramBins: 4 }).map((s) => [s.name, s]));
    const age = stats.get('age')!;
    assert.equal(age.kind, 'numeric');
    assert.deepEqual([age.count, age.missing], [5, 1]);
    assert.deepEqual(
      [age.numeric!.count, age.numeric!.min, age.numeric!.max, age.numeric!.mean],
      [4, 22, 70, (61 + 45 + 70 + 22) / 4],
    );
    assert.deepEqual(age.numeric!.histogram, { edges: [22, 34, 46, 58, 70], counts: [1, 1, 0, 2] });
    const country = stats.get('country')!;
    assert.equal(country.kind, 'categorical');
    assert.deepEqual(country.categorical!.top, [
      { value: 'SE', count: 3 },
      { value: 'NO', count: 1 },
    ]);
    assert.equal(country.nested, 1);
    const vip = stats.get('vip')!;
    assert.deepEqual(
      [vip.missing, vip.categorical!.top],
      [
        2,
        [
          { value: 'true', count: 2 },
          { value: 'false', count: 1 },
        ],
      ],
    );
    assert.deepEqual(JSON.parse(JSON.stringify(acc.stats())), acc.stats(), 'JSON-able');
  });

  it('merges accumulators as if the values had been added to one', () => {
    const rnd = seededRandom(3);
    const instances = Array.from({ length: 1_000 }, () => ({ x: normal(rnd), c: rnd() < 0.2 ? 'a' : 'b' }));
    const whole = accumulate(instances);
    const a = accumulate(instances.slice(0, 400));
    a.merge(accumulate(instances.slice(400)));
    const strip = (s: ColumnStats[]) =>
      s.map((c) => ({ ...c, numeric: c.numeric && { ...c.numeric, mean: 0 } }));
    assert.deepEqual(strip(a.stats()), strip(whole.stats()));
    assert.ok(Math.abs(a.stats()[0]!.numeric!.mean - whole.stats()[0]!.numeric!.mean) < 1e-12);
  });
});

describe('FeatureStatsWindow', () => {
  let nextId = 0;
  function row(over: Partial<LogRow> = {}): LogRow {
    return {
      id: nextId++,
      kind: 'combined',
      outcome: 'ok',
      rev: 0,
      timeMs: T0,
      timeResolutionMs: 1,
      model: 'fraud',
      modelVersion: 1,
      servingId: 1,
      inferenceId: '',
      httpCode: 200,
      requestText: '{"instances": [[61, "SE"]]}',
      responseText: '{"predictions": [1]}',
      kafka: { partition: 0, offset: '0', timestampMs: T0, size: 1 },
      ...over,
    };
  }

  it('slides with the clock in bucket steps, and counts requests and predictions', () => {
    const clock = new ManualClock(T0);
    const w = new FeatureStatsWindow({ clock, windowMs: 60_000, buckets: 6 });
    for (let i = 0; i < 3; i++) w.observe(row(), 'added');
    clock.advance(30_000);
    w.observe(row({ timeMs: clock.now(), requestText: '{"instances": [[70, "NO"], [20, "DK"]]}' }), 'added');
    let snap = w.snapshot();
    assert.equal(snap.rows, 4);
    assert.deepEqual(
      snap.inputs.map((c) => [c.name, c.count]),
      [
        ['f0', 5],
        ['f1', 5],
      ],
    );
    assert.equal(snap.outputs[0]!.name, 'prediction');
    assert.equal(snap.outputs[0]!.count, 4);
    clock.advance(30_000);
    snap = w.snapshot();
    assert.equal(snap.rows, 1, 'the first rows left the window');
    assert.equal(snap.inputs[0]!.numeric!.min, 20);
    clock.advance(60_000);
    assert.equal(w.snapshot().rows, 0);
  });

  it('adds the predictions of a KServe request when its response joins, without counting the request twice', () => {
    const clock = new ManualClock(T0);
    const w = new FeatureStatsWindow({ clock, windowMs: 60_000 });
    const r = row({ kind: 'request', outcome: 'pending', responseText: undefined, inferenceId: 'a' });
    w.observe(r, 'added');
    assert.deepEqual([w.snapshot().inputs[0]!.count, w.snapshot().outputs.length], [1, 0]);
    r.kind = 'pair';
    r.outcome = 'ok';
    r.responseText = '{"predictions": [0]}';
    w.observe(r, 'updated');
    const snap = w.snapshot();
    assert.deepEqual([snap.rows, snap.inputs[0]!.count, snap.outputs[0]!.count], [1, 1, 1]);
    w.observe(r, 'updated');
    assert.equal(w.snapshot().inputs[0]!.count, 1, 'a pair is counted once');
  });

  it('names columns from the model schema of the row and counts only accepted rows', () => {
    const clock = new ManualClock(T0);
    const schema = parseModelSchema({
      input_schema: {
        columnar_schema: [
          { name: 'age', type: 'int' },
          { name: 'country', type: 'string' },
        ],
      },
    });
    const w = new FeatureStatsWindow({
      clock,
      windowMs: 60_000,
      columnsFor: () => ({ input: resolveColumns('input', { schema: schema.inputs }) }),
      accept: (r) => r.modelVersion === 2,
    });
    w.observe(row({ modelVersion: 1 }), 'added');
    w.observe(row({ modelVersion: 2, requestText: '<html>' }), 'added');
    w.observe(row({ modelVersion: 2 }), 'added');
    const snap = w.snapshot();
    assert.deepEqual(
      snap.inputs.map((c) => c.name),
      ['age', 'country'],
    );
    assert.equal(snap.inputs[0]!.count, 1);
    assert.deepEqual(snap.unreadable, { inputs: 1, outputs: 0 });
  });
});

describe('PSI drift', () => {
  it('against training-dataset statistics equals a PSI computed independently from the raw values', () => {
    // Training percentiles p1…p99 of a uniform 0–100 feature, as the feature store profiles it.
    const percentiles = Array.from({ length: 99 }, (_, j) => j + 1);
    const stats: TrainingStatisticsInput = {
      featureDescriptiveStatistics: [
        {
          featureName: 'amount',
          featureType: 'Fractional',
          count: 10_000,
          numNonNullValues: 10_000,
          percentiles,
        },
      ],
    };
    const reference = referenceFromTrainingStatistics(stats, { label: 'training dataset 1' });
    const edges = hsfsEdges(percentiles);
    const ref0 = reference.features[0]!;
    assert.ok(ref0.kind === 'numeric');
    assert.deepEqual(ref0.edges, edges);
    assert.deepEqual(edges, [1, 11, 21, 30, 40, 50, 60, 70, 79, 89, 99]);
    // The quantile mass between edges: p1 and below go with p1–p11 (clipped), p89 and above in the last.
    const shares = [0.11, 0.1, 0.09, 0.1, 0.1, 0.1, 0.1, 0.09, 0.1, 0.11];
    shares.forEach((x, i) =>
      assert.ok(Math.abs(ref0.shares[i]! - x) < 1e-12, `share ${i}: ${ref0.shares[i]}`),
    );
    assert.equal(ref0.count, 10_000);
    // Live values shifted to the upper half, none within 1% of an edge (the sketch's resolution).
    const rnd = seededRandom(11);
    const live: number[] = [];
    while (live.length < 2_000) {
      const k = Math.floor(30 + 70 * rnd());
      if (!edges.includes(k) && !edges.includes(k + 1)) live.push(k + 0.5);
    }
    const result = computeDrift(reference, accumulate(live.map((amount) => ({ amount }))));
    const refCounts = shares.map((x) => x * 10_000);
    const expected = independentPsi(refCounts, countInto(edges, live));
    const f = result.features[0]!;
    assert.ok(Math.abs(f.psi! - expected) < 1e-9, `psi ${f.psi} vs ${expected}`);
    assert.equal(f.status, 'drift');
    assert.ok(f.psi! >= PSI_THRESHOLD);
    assert.deepEqual(
      f.bins.map((b) => b.count),
      countInto(edges, live),
    );
    assert.equal(result.threshold, 0.2);
    assert.match(result.definition, /10 equal-frequency bins/);
    assert.match(result.definition, /0\.000001/);
  });

  it('over categories, with a category only one side has', () => {
    const stats = {
      items: [
        {
          splitStatistics: [
            { name: 'test', featureDescriptiveStatistics: [] },
            {
              name: 'train',
              featureDescriptiveStatistics: [
                {
                  featureName: 'country',
                  featureType: 'String',
                  count: 1000,
                  extendedStatistics: JSON.stringify({
                    histogram: [
                      { value: 'SE', count: 600, ratio: 0.6 },
                      { value: 'NO', count: 300, ratio: 0.3 },
                      { value: 'FI', count: 100, ratio: 0.1 },
                    ],
                  }),
                },
              ],
            },
          ],
        },
      ],
    };
    const reference = referenceFromTrainingStatistics(stats);
    const live = [
      ...new Array<string>(50).fill('SE'),
      ...new Array<string>(30).fill('NO'),
      ...new Array<string>(20).fill('DK'),
    ];
    const f = computeDrift(reference, accumulate(live.map((country) => ({ country })))).features[0]!;
    // Bins in label order: DK, FI, NO, SE.
    const expected = independentPsi([0, 100, 300, 600], [20, 0, 30, 50]);
    assert.ok(Math.abs(f.psi! - expected) < 1e-9, `psi ${f.psi} vs ${expected}`);
    assert.deepEqual(
      f.bins.map((b) => [b.label, b.count]),
      [
        ['DK', 20],
        ['FI', 0],
        ['NO', 30],
        ['SE', 50],
      ],
    );
    assert.equal(f.drifted, true, 'a new country and a vanished one');
  });

  it('against a watched window: same distribution is stable, a one-sigma shift is drift', () => {
    const rnd = seededRandom(5);
    const sample = (shift: number, n: number) =>
      Array.from({ length: n }, () => ({ x: normal(rnd) + shift }));
    const watched = sample(0, 5_000);
    const reference = referenceFromWindow(accumulate(watched), { label: 'the first hour I watched' });
    assert.equal(reference.source, 'observed-window');
    const same = computeDrift(reference, accumulate(sample(0, 2_000))).features[0]!;
    assert.equal(same.status, 'stable');
    assert.ok(same.psi! < 0.05, `psi ${same.psi}`);
    const shiftedValues = sample(1, 2_000);
    const shifted = computeDrift(reference, accumulate(shiftedValues)).features[0]!;
    assert.equal(shifted.status, 'drift');
    // Independently: edges from the exact percentiles of the watched values, exact counts on both sides.
    const sorted = watched.map((w) => w.x).sort((a, b) => a - b);
    const pct = Array.from({ length: 99 }, (_, j) => nearestRank(sorted, (j + 1) / 100));
    const edges = hsfsEdges(pct);
    const expected = independentPsi(
      countInto(edges, sorted),
      countInto(
        edges,
        shiftedValues.map((s) => s.x),
      ),
    );
    // The sketch places values within 1% of where they are, so a value next to an edge may switch bins.
    assert.ok(Math.abs(shifted.psi! - expected) < 0.02 * expected, `psi ${shifted.psi} vs ${expected}`);
  });

  it('calls too few values "too few", matches names case-insensitively and lists what it skipped', () => {
    const reference = referenceFromTrainingStatistics({
      featureDescriptiveStatistics: [
        {
          featureName: 'amount',
          featureType: 'Fractional',
          percentiles: { '25%': 10, '50%': 20, '75%': 30 },
        },
        { featureName: 'city', featureType: 'String' },
        { featureName: 'empty', featureType: 'Integral', count: 0 },
        {
          featureName: 'age',
          featureType: 'Integral',
          extendedStatistics: {
            histogram: [
              { value: '0.00 to 50.00', count: 10 },
              { value: '50.00 to 100.00', count: 30 },
            ],
          },
        },
      ],
    });
    assert.deepEqual(
      reference.skipped.map((s) => s.name),
      ['city', 'empty'],
    );
    assert.match(reference.skipped[0]!.reason, /no histogram/);
    const amount = reference.features.find((f) => f.name === 'amount');
    assert.deepEqual(amount, { kind: 'numeric', name: 'amount', edges: [10, 20, 30], shares: [0.5, 0.5] });
    const age = reference.features.find((f) => f.name === 'age');
    assert.deepEqual(age, {
      kind: 'numeric',
      name: 'age',
      edges: [0, 50, 100],
      shares: [0.25, 0.75],
      count: 40,
    });
    const result = computeDrift(reference, accumulate([{ Amount: 15, AGE: 20, other: 1 }]));
    const amountDrift = result.features.find((f) => f.name === 'amount')!;
    assert.deepEqual([amountDrift.status, amountDrift.drifted, amountDrift.count], ['too-few', false, 1]);
    assert.match(amountDrift.note!, /Only 1 values/);
    assert.ok(result.skipped.some((s) => s.name === 'other' && /has no statistics/.test(s.reason)));
    const missing = computeDrift(reference, accumulate([{ x: 1 }])).features[0]!;
    assert.equal(missing.status, 'no-data');
  });
});
