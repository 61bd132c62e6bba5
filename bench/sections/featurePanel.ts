// The log panel with feature columns on, over a full store (100,000 KServe pairs, one in five a batch of
// three instances): what the host holds for it beyond the rows themselves (the per-row facts cache, the
// statistics window of the last hour), and how long a page of feature lines takes cold (every payload
// parsed once) and warm (facts cached), with and without a feature filter.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LogStore, ManualClock } from '../../src/inferenceLog';
import type { LogRow, RowChange } from '../../src/inferenceLog';
import { createFeatureHost } from '../../src/panels/logViewer/features/featureHost';
import type { FeatureSources } from '../../src/panels/logViewer/features/featureSources';
import type { FeaturePageReply, FeatureQueryParams } from '../../src/protocol/logViewerFeatures';
import type { BenchSection } from '../section';

const T0 = 1_718_007_125_000;
const N = 100_000;

const SCHEMA = {
  input_schema: {
    columnar_schema: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name) => ({
      name,
      type: 'double',
    })),
  },
  output_schema: { columnar_schema: [{ name: 'variety', type: 'bigint' }] },
};

const sources: FeatureSources = {
  modelSchema: () => Promise.resolve(SCHEMA),
  inputExample: () => Promise.resolve(undefined),
  trainingStatistics: () => Promise.resolve({ none: 'bench' }),
};

function instance(i: number): number[] {
  return [5 + (i % 30) / 10, 2.5 + (i % 17) / 10, 1 + (i % 53) / 10, (i % 25) / 10];
}

let appended = 0;
function fill(store: LogStore, n = N): void {
  for (let j = 0; j < n; j++) {
    const i = appended++;
    const batch = i % 5 === 0 ? 3 : 1;
    const instances = Array.from({ length: batch }, (_, k) => instance(i + k));
    store.append({
      kind: 'pair',
      outcome: 'ok',
      timeMs: T0 + Math.floor((i / N) * 3_000_000),
      timeResolutionMs: 1000,
      model: 'irisclassifier',
      modelVersion: 3,
      servingId: 12,
      inferenceId: `id-${i}`,
      httpCode: 200,
      latencyMs: 0,
      requestText: JSON.stringify({ instances }),
      responseText: JSON.stringify({ predictions: instances.map((_, k) => (i + k) % 3) }),
      kafka: { partition: 0, offset: String(i), timestampMs: T0, size: 120 },
    });
  }
}

function gc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise<void>((r) => setImmediate(r));
}

/** The median of 11 runs: the machine is shared, a single run measures the neighbours. */
async function medianMs(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 11; i++) times.push((await timedAsync(fn))[1]);
  return times.sort((a, b) => a - b)[5]!;
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const v = await fn();
  return [v, Number(process.hrtime.bigint() - t) / 1e6];
}

const section: BenchSection = {
  name: 'featurePanel',
  async run(ctx) {
    const collect = gc();
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const clock = new ManualClock(T0 + 3_000_000);
    const store = new LogStore({ capacity: N, clock });
    fill(store);
    const rows = {
      query: (req: Parameters<LogStore['query']>[0]) => store.query(req),
      get: (id: number) => store.get(id),
      stats: () => store.stats(),
      onRow: (_: (row: LogRow, change: RowChange) => void) => () => undefined,
    };
    collect();
    const base = used();
    const host = createFeatureHost({ rows, version: () => 3, sources, clock });
    // The schema is read before the first page, as the panel does on opening.
    await waitUntil(() => host.columns().loaded);
    const page = (features: FeatureQueryParams['features'], fromEnd = true): Promise<FeaturePageReply> =>
      host.handlers.featurePage({ offset: 0, limit: 60, filter: {}, fromEnd, features });
    const filter = { expression: 'sepal_length > 6 and variety = 1' };

    const [cold, coldMs] = await timedAsync(() => page({}));
    const warmMs = await medianMs(() => page({}));
    const [, filterColdMs] = await timedAsync(() => page(filter));
    const filterWarmMs = await medianMs(() => page(filter));
    // What a "changed" signal costs: 10 rows arrived since the last page.
    const afterNewMs = await medianMs(() => {
      fill(store, 10);
      return page({});
    });
    if (cold.total !== N + 2 * (N / 5)) throw new Error(`counted ${cold.total} lines`);
    // Leave the index holding the facts of the unfiltered table, as a panel showing it does.
    await page({});
    collect();
    const withIndex = used();
    const statsParams = { filter: {}, features: {}, windowMs: 3_600_000 as const };
    const [, statsColdMs] = await timedAsync(() => host.handlers.featureStats(statsParams));
    const statsWarmMs = await medianMs(() => host.handlers.featureStats(statsParams));
    collect();
    const withStats = used();
    ctx.note(
      `feature page over ${N} rows: cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(1)} ms; index ${((withIndex - base) / 1048576).toFixed(1)} MB`,
    );
    host.dispose();
    return {
      feature_page_cold_ms_100k: coldMs,
      feature_page_warm_ms_100k: warmMs,
      feature_filter_page_cold_ms_100k: filterColdMs,
      feature_filter_page_warm_ms_100k: filterWarmMs,
      feature_page_after_10_new_rows_ms_100k: afterNewMs,
      feature_index_heap_mb_100k: (withIndex - base) / 1048576,
      feature_stats_cold_ms_100k: statsColdMs,
      feature_stats_warm_ms_100k: statsWarmMs,
      feature_stats_heap_mb_100k: (withStats - withIndex) / 1048576,
      feature_panel_heap_mb_100k: (withStats - base) / 1048576,
    };
  },
};

export default section;
