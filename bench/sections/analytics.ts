// Analytics cores: how many logged calls per second the health monitor takes in, how many payload rows per
// second become feature rows (JSON.parse included) and feature statistics, how fast a filter runs, what a
// health snapshot and a PSI cost, and the health monitor's heap after a full hour of traffic.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  FeatureStatsWindow,
  TableAccumulator,
  compileFilterExpression,
  computeDrift,
  featureTable,
  parseModelSchema,
  referenceFromWindow,
  resolveColumns,
  rowSubjects,
} from '../../src/features';
import { ManualClock } from '../../src/inferenceLog';
import type { LogRow } from '../../src/inferenceLog';
import { HealthMonitor } from '../../src/inferenceLog/health';
import { HealthFeed } from '../../src/panels/logViewer/health/healthFeed';
import { anIrisSchema } from '../../test/builders/modelFiles';
import type { BenchResults, BenchSection } from '../section';

const T0 = 1_718_007_125_000;

function perSecond(n: number, ms: number): number {
  return (n / Math.max(ms, 1e-3)) * 1000;
}

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** KServe-like rows: pairs with a latency, one in 50 a request that times out, versions 2 and 3. */
function healthRows(n: number, perSecondRate: number): LogRow[] {
  const rows: LogRow[] = [];
  for (let i = 0; i < n; i++) {
    const timeMs = T0 + Math.floor((i / perSecondRate) * 1000);
    const lost = i % 50 === 0;
    rows.push({
      id: i,
      kind: lost ? 'request' : 'pair',
      outcome: lost ? 'pending' : 'ok',
      rev: 0,
      timeMs,
      timeResolutionMs: 1000,
      model: 'fraud',
      modelVersion: i % 3 === 0 ? 3 : 2,
      servingId: 12,
      inferenceId: `id${i}`,
      httpCode: lost ? 0 : 200,
      latencyMs: undefined,
      requestText: undefined,
      responseText: undefined,
      extra: undefined,
      kafka: { partition: i % 4, offset: String(i), timestampMs: timeMs, size: 100 },
      responseKafka: lost
        ? undefined
        : { partition: (i + 1) % 4, offset: String(i), timestampMs: timeMs + 5 + (i % 200), size: 40 },
    });
  }
  return rows;
}

/** Feeds rows the way the session does: added, and the timed-out requests updated later. */
function feedHealth(health: HealthMonitor, clock: ManualClock, rows: LogRow[]): void {
  for (const r of rows) {
    if (r.timeMs > clock.now()) clock.advance(r.timeMs - clock.now());
    health.observe(r, 'added');
    if (r.outcome === 'pending') {
      r.outcome = 'no-response';
      health.observe(r, 'updated');
    }
  }
}

function healthFigures(): BenchResults {
  const N = 400_000;
  // Warm up on a copy, then measure on fresh rows (the pending ones are changed while fed).
  const warm = new ManualClock(T0);
  feedHealth(new HealthMonitor({ clock: warm, servingTool: 'KSERVE' }), warm, healthRows(50_000, 200));
  const rows = healthRows(N, 200);
  const clock = new ManualClock(T0);
  const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
  const ms = timed(() => feedHealth(health, clock, rows));
  let snapshotMs = 0;
  let seriesMs = 0;
  const rounds = 20;
  for (let i = 0; i < rounds; i++) {
    snapshotMs += timed(() => health.snapshot(3_600_000));
    seriesMs += timed(() => health.series(3_600_000));
  }
  return {
    health_events_per_s: perSecond(N, ms),
    health_snapshot_ms: snapshotMs / rounds,
    health_series_60min_ms: seriesMs / rounds,
    ...healthReplyFigures(rows, clock),
  };
}

/**
 * The log panel host's cost per health pull (the webview asks at most once a second): a HealthFeed over
 * the rows held, answering snapshot + chart series + version comparison for a window.
 */
function healthReplyFigures(rows: LogRow[], clock: ManualClock): BenchResults {
  const held = rows.slice(-100_000);
  const none = () => () => undefined;
  const feed = new HealthFeed({
    clock,
    servingTool: 'KSERVE',
    loggingMode: 'ALL',
    rows: {
      query: () => ({ total: held.length, rows: held }),
      stats: () => ({
        capacity: held.length,
        rows: held.length,
        total: held.length,
        errors: 0,
        undecodable: 0,
        dropped: 0,
        pending: 0,
        eventsPerSecond: 0,
      }),
      onRow: none,
      onEvicted: none,
      onRowsReset: none,
    },
  });
  const rounds = 20;
  let w60 = 0;
  let w5 = 0;
  for (let i = 0; i < rounds; i++) {
    w60 += timed(() => feed.reply({ windowMs: 3_600_000, maxPoints: 60 }));
    w5 += timed(() => feed.reply({ windowMs: 300_000, maxPoints: 60 }));
  }
  if (!feed.reply({ windowMs: 300_000, maxPoints: 60 }).comparison) throw new Error('no versions compared');
  feed.dispose();
  return { health_reply_60min_ms: w60 / rounds, health_reply_5min_ms: w5 / rounds };
}

function gc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Memory the monitor holds after an hour at 100 calls/s with widely spread latencies (its bound in
 * practice): measured as what collecting it frees, so the garbage and the compiled code of feeding it
 * are not counted.
 */
function healthHeap(): BenchResults {
  const collect = gc();
  // Typed arrays past 64 bytes keep their contents outside the JS heap: count both.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const clock = new ManualClock(T0);
  let health: HealthMonitor | undefined = new HealthMonitor({ clock, servingTool: 'KSERVE' });
  const chunk = 36_000;
  for (let start = 0; start < 360_000; start += chunk) {
    const rows = healthRows(chunk, 100).map((r, i) => {
      const shift = Math.floor(((start + i) / 100) * 1000) - (r.timeMs - T0);
      r.timeMs += shift;
      r.kafka.timestampMs += shift;
      if (r.responseKafka)
        r.responseKafka.timestampMs = r.kafka.timestampMs + Math.floor(Math.exp((i % 97) / 9));
      return r;
    });
    feedHealth(health, clock, rows);
  }
  if (health.snapshot(3_600_000).all.requests === 0) throw new Error('nothing counted');
  collect();
  const held = used();
  health = undefined;
  collect();
  return { health_heap_mb_60min: (held - used()) / 1024 / 1024 };
}

function requestText(i: number): string {
  return `{"instances": [[${5 + (i % 10) / 10}, ${3 + (i % 7) / 10}, ${1 + (i % 13) / 10}, ${(i % 5) / 10}]]}`;
}

function featureFigures(): BenchResults {
  const N = 100_000;
  const schema = parseModelSchema(anIrisSchema());
  const input = resolveColumns('input', { schema: schema.inputs });
  const texts = Array.from({ length: N }, (_, i) => requestText(i));
  const objects = Array.from(
    { length: N },
    (_, i) =>
      `{"instances": [{"age": ${20 + (i % 60)}, "country": "${['SE', 'NO', 'DK'][i % 3]}", "amount": ${i % 1000}.5}]}`,
  );
  let sink = 0;
  for (let i = 0; i < 20_000; i++)
    sink += featureTable(texts[i], { side: 'input', columns: input }).rows.length;
  const listMs = timed(() => {
    for (const t of texts) sink += featureTable(t, { side: 'input', columns: input }).rows.length;
  });
  const objectMs = timed(() => {
    for (const t of objects) sink += featureTable(t, { side: 'input' }).rows.length;
  });
  const parseMs = timed(() => {
    for (const t of texts) sink += (JSON.parse(t) as { instances: unknown[] }).instances.length;
  });

  // Statistics: the window's whole path per logged row (parse both payloads, extract, accumulate).
  const clock = new ManualClock(T0 + 60_000);
  const rows: LogRow[] = texts.map((t, i) => ({
    id: i,
    kind: 'combined',
    outcome: 'ok',
    rev: 0,
    timeMs: T0 + Math.floor(i / 2),
    timeResolutionMs: 1,
    model: 'iris',
    modelVersion: 1,
    servingId: 1,
    inferenceId: '',
    httpCode: 200,
    requestText: t,
    responseText: `{"predictions": [${i % 3}]}`,
    kafka: { partition: 0, offset: String(i), timestampMs: T0, size: 90 },
  }));
  const statsWindow = new FeatureStatsWindow({
    clock,
    windowMs: 3_600_000,
    columnsFor: () => ({ input, output: resolveColumns('output', { schema: schema.outputs }) }),
  });
  const statsMs = timed(() => {
    for (const r of rows) statsWindow.observe(r, 'added');
  });
  // Accumulating alone, on tables already extracted.
  const tables = texts.map((t) => featureTable(t, { side: 'input', columns: input }));
  const acc = new TableAccumulator();
  const accMs = timed(() => {
    for (const t of tables) acc.addTable(t);
  });
  let snapshotMs = 0;
  for (let i = 0; i < 5; i++) snapshotMs += timed(() => void statsWindow.snapshot());

  // Filter over instances.
  const filter = compileFilterExpression('sepal_length > 5.4 and (petal_width >= 0.2 or version = 3)', {
    features: input.columns.map((c) => c.name),
  });
  const subjects = rows.slice(0, 50_000).flatMap((r, i) => rowSubjects(r, tables[i]));
  const filterMs = timed(() => {
    for (const s of subjects) sink += filter.match(s) ? 1 : 0;
  });

  // PSI of 4 features against a reference window.
  const reference = referenceFromWindow(acc, { label: 'bench' });
  let psiMs = 0;
  for (let i = 0; i < 10; i++) psiMs += timed(() => void computeDrift(reference, acc));
  if (sink === 0) throw new Error('nothing extracted');
  return {
    features_rows_per_s: perSecond(N, listMs),
    features_object_rows_per_s: perSecond(N, objectMs),
    features_json_parse_per_s: perSecond(N, parseMs),
    feature_stats_rows_per_s: perSecond(N, statsMs),
    feature_stats_accumulate_rows_per_s: perSecond(N, accMs),
    feature_stats_snapshot_ms: snapshotMs / 5,
    filter_rows_per_s: perSecond(subjects.length, filterMs),
    psi_4_features_ms: psiMs / 10,
  };
}

const section: BenchSection = {
  name: 'analytics',
  run(ctx) {
    const health = healthFigures();
    ctx.note(`health: ${Math.round(Number(health.health_events_per_s))} calls/s taken in`);
    const features = featureFigures();
    ctx.note(
      `features: ${Math.round(Number(features.features_rows_per_s))} rows/s (JSON.parse alone ${Math.round(Number(features.features_json_parse_per_s))}/s)`,
    );
    return Promise.resolve({ ...health, ...healthHeap(), ...features });
  },
};

export default section;
