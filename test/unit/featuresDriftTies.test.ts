// PSI on values logged with few decimals (sepal widths like 2.7, counts like 3): many values sit exactly on a
// bin edge, because edges are percentiles of the same kind of values. Traffic drawn like the training data
// must not look drifted, and a value on an edge belongs to the bin that edge starts, as numpy's
// searchsorted(side="right") and hsfs put it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  TableAccumulator,
  binCounts,
  computeDrift,
  referenceFromTrainingStatistics,
} from '../../src/features';
import { ValueSketch } from '../../src/features/stats/valueSketch';
import { seededRandom } from '../../sandbox/data/random';

/** Normal-ish values around 3.0, rounded to one decimal like the traffic's sepal widths. */
function widths(n: number, seed: number): number[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const z = rnd() + rnd() + rnd() + rnd() - 2;
    return Math.round((3 + 0.6 * z) * 10) / 10;
  });
}

/** Deequ's 100 nearest-rank percentiles. */
function percentiles(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return Array.from(
    { length: 100 },
    (_, i) => sorted[Math.max(1, Math.ceil(((i + 1) / 100) * sorted.length)) - 1]!,
  );
}

function accumulate(values: readonly number[]): TableAccumulator {
  const acc = new TableAccumulator();
  acc.addTable({
    shape: 'v1-instances',
    columns: ['sepal_width'],
    rows: values.map((v) => ({ values: [v] })),
  });
  return acc;
}

describe('PSI with values on the bin edges', () => {
  it('counts a value equal to an edge in the bin that edge starts, whatever the sketch rounds it to', () => {
    const edges = [2.2, 2.6, 2.7, 2.8, 2.9, 3, 3.1, 3.3, 3.4, 3.6, 4.3];
    const sketch = new ValueSketch();
    for (const e of edges) sketch.add(e, 10);
    sketch.add(1.5, 1);
    sketch.add(5, 1);
    assert.deepEqual(binCounts(sketch, edges), [11, 10, 10, 10, 10, 10, 10, 10, 10, 21]);
  });

  it('a window drawn like the training data is stable against the training percentiles', () => {
    const training = widths(1_000, 1);
    const reference = referenceFromTrainingStatistics({
      featureDescriptiveStatistics: [
        {
          featureName: 'sepal_width',
          featureType: 'Fractional',
          count: training.length,
          numNonNullValues: training.length,
          percentiles: percentiles(training),
        },
      ],
    });
    const ref = reference.features[0]!;
    assert.ok(ref.kind === 'numeric');
    // Each bin's share is the training mass from its lower edge (ties included) to the next edge.
    const sorted = [...training].sort((a, b) => a - b);
    const exactShares = ref.edges.slice(0, -1).map((lo, j) => {
      const hi = ref.edges[j + 1]!;
      const last = j === ref.edges.length - 2;
      const inBin = sorted.filter((v) => (j === 0 || v >= lo) && (last || v < hi)).length;
      return inBin / sorted.length;
    });
    ref.shares.forEach((s, j) =>
      assert.ok(Math.abs(s - exactShares[j]!) < 0.02, `bin ${j}: ${s} vs ${exactShares[j]}`),
    );

    const same = computeDrift(reference, accumulate(widths(400, 2))).features[0]!;
    assert.equal(same.status, 'stable');
    assert.ok(same.psi! < 0.1, `psi ${same.psi}`);
    const moved = computeDrift(reference, accumulate(widths(400, 3).map((v) => v + 0.5))).features[0]!;
    assert.equal(moved.status, 'drift');
  });
});
