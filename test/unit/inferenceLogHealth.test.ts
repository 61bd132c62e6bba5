// Live health by model version: percentiles against a sort, the window sliding with a hand-driven clock,
// versions kept apart, rows that change after they were counted, and the real pipeline feeding it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AvroDecoder,
  LogStore,
  ManualClock,
  Pairer,
  avroTypeFor,
  normalizeRecord,
} from '../../src/inferenceLog';
import type { LogRow } from '../../src/inferenceLog';
import {
  HEALTH_WINDOWS_MS,
  HealthMonitor,
  LATENCY_RELATIVE_ERROR,
  latencyBin,
  binValue,
} from '../../src/inferenceLog/health';
import type { HealthWindowMs } from '../../src/inferenceLog/health';
import { seededRandom } from '../../sandbox/data/random';

const T0 = 1_718_007_125_000;
const MIN = 60_000;
const W5 = 300_000;
const W15 = 900_000;
const W60 = 3_600_000;

let nextId = 0;
/** A stored row as the pipeline makes it; `latencyMs` gives a pair whose two Kafka events are that far apart. */
function row(over: Partial<LogRow> & { latency?: number } = {}): LogRow {
  const { latency, ...rest } = over;
  const timeMs = rest.timeMs ?? T0;
  const base: LogRow = {
    id: nextId++,
    kind: latency === undefined ? 'combined' : 'pair',
    outcome: 'ok',
    rev: 0,
    timeMs,
    timeResolutionMs: 1,
    model: 'fraud',
    modelVersion: 1,
    servingId: 7,
    inferenceId: '',
    httpCode: 200,
    kafka: { partition: 0, offset: '0', timestampMs: timeMs, size: 90 },
  };
  if (latency !== undefined)
    base.responseKafka = { partition: 1, offset: '0', timestampMs: timeMs + latency, size: 90 };
  return { ...base, ...rest };
}

/** A percentile read back from the latency bins: within the stated 2% of `ms`. */
function near(ms: number): (v: number | null) => boolean {
  return (v) => v !== null && Math.abs(v - ms) <= LATENCY_RELATIVE_ERROR * ms;
}

/** Replaces the latency figures of a list of rows by whether they are near the expected ones. */
function withNear<T extends unknown[]>(rows: T[], col: number, expected: number[]): T[] {
  return rows.map((r, i) => {
    const copy = [...r] as T;
    copy[col] = near(expected[i]!)(r[col] as number | null) ? expected[i] : r[col];
    return copy;
  });
}

/** Nearest-rank percentile by sorting: the reference the histogram must match within its bound. */
function exactPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('latency bins', () => {
  it('give back every whole millisecond up to 3,600,000 within the stated relative error', () => {
    for (let ms = 1; ms < 3_600_000; ms = ms < 100 ? ms + 1 : Math.ceil(ms * 1.013)) {
      const v = binValue(latencyBin(ms));
      assert.ok(Math.abs(v - ms) <= LATENCY_RELATIVE_ERROR * ms + 1e-9, `${ms} ms reads back as ${v} ms`);
    }
    assert.equal(binValue(latencyBin(0)), 0);
    assert.equal(binValue(latencyBin(7)), 7, 'small latencies come back exact');
  });
});

describe('HealthMonitor', () => {
  it('reports p50/p95/p99 within 2% of the percentiles computed by sorting', () => {
    const clock = new ManualClock(T0 + 30_000);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
    const rnd = seededRandom(42);
    for (const n of [1, 7, 100, 5_000]) {
      health.reset();
      const latencies: number[] = [];
      for (let i = 0; i < n; i++) {
        // Log-normal-ish with a long tail, whole milliseconds as Kafka timestamps give them.
        const ms = Math.round(Math.exp(3 + 1.5 * (rnd() + rnd() + rnd() - 1.5)) * (rnd() < 0.02 ? 40 : 1));
        latencies.push(ms);
        health.observe(row({ timeMs: T0 + (i % 30) * 1000, latency: ms, kind: 'pair' }), 'added');
      }
      const lat = health.snapshot(MIN).all.latency;
      assert.equal(lat.count, n);
      for (const [q, got] of [
        [0.5, lat.p50],
        [0.95, lat.p95],
        [0.99, lat.p99],
      ] as const) {
        const exact = exactPercentile(latencies, q);
        assert.ok(got !== null);
        assert.ok(
          Math.abs(got - exact) <= LATENCY_RELATIVE_ERROR * exact + 1e-9,
          `n=${n} p${q * 100}: ${got} vs exact ${exact}`,
        );
      }
      assert.equal(lat.relativeError, 0.02);
      assert.equal(lat.source, 'kafka-events');
      assert.match(lat.note, /measured between the two logged events/i);
    }
  });

  it('slides every window with the clock and forgets what left it', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock });
    // 10 calls in the current second, 5 of them HTTP 500.
    for (let i = 0; i < 10; i++)
      health.observe(
        row({ timeMs: T0, httpCode: i < 5 ? 500 : 200, outcome: i < 5 ? 'http-error' : 'ok' }),
        'added',
      );
    const at = (w: HealthWindowMs) => health.snapshot(w).all;
    assert.equal(at(MIN).requests, 10);
    assert.equal(at(MIN).errorRate, 0.5);
    clock.advance(59_000);
    assert.equal(at(MIN).requests, 10, 'still inside the last minute');
    clock.advance(1_000);
    assert.equal(at(MIN).requests, 0, 'a minute later they left the 1-minute window');
    assert.equal(at(MIN).errorRate, null);
    assert.equal(at(W5).requests, 10);
    clock.advance(4 * MIN);
    assert.equal(at(W5).requests, 0);
    assert.equal(at(W15).requests, 10);
    clock.advance(10 * MIN);
    assert.equal(at(W15).requests, 0);
    assert.equal(at(W60).requests, 10);
    clock.advance(45 * MIN);
    assert.equal(at(W60).requests, 0, 'after an hour nothing is left');
    // New calls after a long quiet spell count again.
    health.observe(row({ timeMs: clock.now() }), 'added');
    assert.equal(at(MIN).requests, 1);
    for (const w of HEALTH_WINDOWS_MS) assert.equal(at(w).requests, 1);
  });

  it('divides the rate by the time it has watched, not by the whole window', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock });
    clock.advance(10_000);
    for (let i = 0; i < 20; i++) health.observe(row({ timeMs: T0 + 5_000 }), 'added');
    const snap = health.snapshot(W5);
    assert.equal(snap.coveredMs, 10_000);
    assert.equal(snap.all.requestsPerSecond, 2);
  });

  it('keeps model versions apart, newest first, with their own errors and latency', () => {
    const clock = new ManualClock(T0 + 10_000);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
    for (let i = 0; i < 40; i++) health.observe(row({ modelVersion: 2, latency: 20 }), 'added');
    for (let i = 0; i < 10; i++) health.observe(row({ modelVersion: 3, latency: 200 }), 'added');
    for (let i = 0; i < 10; i++)
      health.observe(row({ modelVersion: 3, kind: 'request', outcome: 'no-response', httpCode: 0 }), 'added');
    const snap = health.snapshot(MIN);
    assert.deepEqual(
      withNear(
        snap.versions.map((v) => [v.version, v.requests, v.errorRate, v.noResponse, v.latency.p95]),
        4,
        [200, 20],
      ),
      [
        [3, 20, 0.5, 10, 200],
        [2, 40, 0, 0, 20],
      ],
    );
    assert.equal(snap.all.requests, 60);
    assert.equal(snap.all.errorRate, 10 / 60);
    assert.equal(snap.versions[0]!.key, 'fraud@3');
  });

  it('counts a pending request once, and again in its new state when its response arrives', () => {
    const clock = new ManualClock(T0 + 2_000);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
    const r = row({ kind: 'request', outcome: 'pending', httpCode: 0, inferenceId: 'a' });
    health.observe(r, 'added');
    let v = health.snapshot(MIN).all;
    assert.deepEqual([v.requests, v.pending, v.ok, v.errorRate], [1, 1, 0, null]);
    // The pipeline joins the response into the same row object.
    r.kind = 'pair';
    r.outcome = 'ok';
    r.responseKafka = { partition: 1, offset: '9', timestampMs: r.kafka.timestampMs + 35, size: 20 };
    health.observe(r, 'updated');
    v = health.snapshot(MIN).all;
    assert.deepEqual([v.requests, v.pending, v.ok, v.errorRate], [1, 0, 1, 0]);
    assert.ok(near(35)(v.latency.p50), `p50 ${v.latency.p50}`);
    assert.equal(health.trackedRows, 0, 'a pair is final and no longer followed');
  });

  it('moves a lone response to its request time when the request joins it late', () => {
    const clock = new ManualClock(T0 + 120_000);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
    // The response (Kafka time T0+100 s) arrives first; its request was logged at T0+30 s.
    const r = row({ kind: 'response', timeMs: T0 + 100_000, inferenceId: 'b' });
    health.observe(r, 'added');
    assert.equal(health.snapshot(MIN).all.requests, 1);
    r.kind = 'pair';
    r.responseKafka = r.kafka;
    r.kafka = { partition: 0, offset: '3', timestampMs: T0 + 30_000, size: 90 };
    r.timeMs = T0 + 30_000;
    health.observe(r, 'updated');
    assert.equal(health.snapshot(MIN).all.requests, 0, 'the call happened 90 s ago');
    const five = health.snapshot(W5).all;
    assert.equal(five.requests, 1, 'counted once, at its request time');
    assert.ok(near(70_000)(five.latency.p50), `p50 ${five.latency.p50}`);
  });

  it('turns a request that timed out into a "no response" error', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
    const r = row({ kind: 'request', outcome: 'pending', httpCode: 0, inferenceId: 'c' });
    health.observe(r, 'added');
    health.observe(row({ latency: 10 }), 'added');
    r.outcome = 'no-response';
    health.observe(r, 'updated');
    const v = health.snapshot(MIN).all;
    assert.deepEqual([v.requests, v.noResponse, v.pending, v.errorRate], [2, 1, 0, 0.5]);
    assert.match(health.snapshot(MIN).notes.join(' '), /no response/);
  });

  it('counts late rows in their own second and leaves out rows older than an hour', () => {
    const clock = new ManualClock(T0 + 10 * MIN);
    const health = new HealthMonitor({ clock });
    health.observe(row({ timeMs: T0 + 10 * MIN - 2 * MIN }), 'added'); // 2 min ago, arrives now
    health.observe(row({ timeMs: T0 + 10 * MIN - 30_000 }), 'added');
    health.observe(row({ timeMs: T0 - 2 * 60 * MIN }), 'added'); // two hours old
    const snap = (w: HealthWindowMs) => health.snapshot(w);
    assert.equal(snap(MIN).all.requests, 1);
    assert.equal(snap(W5).all.requests, 2);
    assert.equal(snap(W60).all.requests, 2);
    assert.equal(snap(MIN).olderThanWindow, 1);
    assert.match(snap(MIN).notes.join(' '), /older than the longest window/);
    // A producer clock 3 s ahead counts now, not in the future.
    health.observe(row({ timeMs: clock.now() + 3_000 }), 'added');
    assert.equal(snap(MIN).all.requests, 2);
  });

  it('says latency is not logged for DEFAULT rows, which carry one time', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock, servingTool: 'DEFAULT' });
    health.observe(row(), 'added');
    const lat = health.snapshot(MIN).all.latency;
    assert.equal(lat.source, 'not-logged');
    assert.equal(lat.p95, null);
    assert.match(lat.note, /not logged.*DEFAULT/);
    assert.equal(health.series(MIN).latencySource, 'not-logged');
  });

  it('shows no error rate in PREDICTIONS mode, where failures are never logged', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE', loggingMode: 'PREDICTIONS' });
    health.observe(row({ kind: 'response' }), 'added');
    const snap = health.snapshot(MIN);
    assert.equal(snap.all.errorRate, null);
    assert.equal(snap.all.latency.source, 'not-logged');
    assert.match(snap.notes.join(' '), /successful responses only/);
  });

  it('does not count a row twice when it changes after being forgotten', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock });
    const r = row({ kind: 'request', outcome: 'pending', httpCode: 0, inferenceId: 'd' });
    health.observe(r, 'added');
    health.forget(r.id); // evicted from the store
    r.outcome = 'no-response';
    health.observe(r, 'updated');
    const v = health.snapshot(MIN).all;
    assert.deepEqual([v.requests, v.pending, v.noResponse], [1, 1, 0]);
  });

  it('starts from the rows a store already holds', () => {
    const clock = new ManualClock(T0 + 5_000);
    const health = new HealthMonitor({ clock });
    const held = [row({ timeMs: T0 }), row({ timeMs: T0 + 1_000, modelVersion: 2 })];
    health.seed(held);
    assert.equal(health.snapshot(MIN).all.requests, 2);
    assert.equal(health.snapshot(MIN).coveredMs, 5_000, 'covered from the oldest row');
  });

  it('follows a bounded number of changing rows', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock, maxTracked: 100 });
    for (let i = 0; i < 1_000; i++)
      health.observe(
        row({ kind: 'request', outcome: 'pending', httpCode: 0, inferenceId: `r${i}` }),
        'added',
      );
    assert.equal(health.trackedRows, 100);
    clock.advance(61 * MIN);
    health.snapshot(MIN);
    assert.equal(health.trackedRows, 0, 'rows older than the longest window are no longer followed');
  });

  it('sums the rest into "other" past the series limit', () => {
    const clock = new ManualClock(T0);
    const health = new HealthMonitor({ clock, maxSeries: 2 });
    for (let v = 1; v <= 5; v++) health.observe(row({ modelVersion: v }), 'added');
    const snap = health.snapshot(MIN);
    assert.deepEqual(
      snap.versions.map((v) => [v.key, v.requests]),
      [
        ['fraud@2', 1],
        ['fraud@1', 1],
        ['other', 3],
      ],
    );
  });

  it('refuses a window it does not keep, with the ones it does', () => {
    const health = new HealthMonitor({ clock: new ManualClock(T0) });
    assert.throws(() => health.snapshot(120_000 as HealthWindowMs), /1 min, 5 min, 15 min, 60 min/);
  });

  it('gives the chart one line per version with rate, errors and p95 per round bucket', () => {
    const clock = new ManualClock(T0 + 59_999);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
    // v1: 2 calls every second for the last minute, 10 ms each; v2: from second 30, 1 call/s of 100 ms,
    // failing (HTTP 500) in second 45.
    for (let s = 0; s < 60; s++) {
      for (let k = 0; k < 2; k++) health.observe(row({ timeMs: T0 + s * 1000, latency: 10 }), 'added');
      if (s >= 30)
        health.observe(
          row({
            timeMs: T0 + s * 1000,
            modelVersion: 2,
            latency: 100,
            httpCode: s === 45 ? 500 : 200,
            outcome: s === 45 ? 'http-error' : 'ok',
          }),
          'added',
        );
    }
    const series = health.series(MIN, 12);
    assert.equal(series.bucketMs, 5_000);
    assert.equal(series.startMs, T0);
    assert.equal(series.points, 12);
    assert.equal(series.latencySource, 'kafka-events');
    assert.deepEqual(
      series.lines.map((l) => l.key),
      ['fraud@2', 'fraud@1'],
    );
    const [v2, v1] = series.lines;
    assert.deepEqual(v1!.rate, new Array(12).fill(2));
    assert.deepEqual(v1!.p95, new Array(12).fill(10));
    assert.deepEqual(v2!.rate, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(v2!.errors, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    assert.deepEqual(
      v2!.p95.map((v) => (v === null ? null : near(100)(v))),
      [null, null, null, null, null, null, true, true, true, true, true, true],
    );
    for (const l of series.lines)
      for (const k of ['rate', 'errors', 'p95'] as const) assert.equal(l[k].length, 12);
    // JSON-able as it is: what the webview receives is what the host computed.
    assert.deepEqual(JSON.parse(JSON.stringify(series)), series);
    assert.deepEqual(JSON.parse(JSON.stringify(health.snapshot(MIN))), health.snapshot(MIN));
  });
});

describe('HealthMonitor fed by the real pipeline', () => {
  const V4 =
    '{"type":"record","name":"inferencelog","fields":[{"name":"servingId","type":"int"},{"name":"modelName","type":"string"},{"name":"modelVersion","type":"int"},{"name":"requestTimestamp","type":"long"},{"name":"responseHttpCode","type":"int"},{"name":"inferenceId","type":"string"},{"name":"messageType","type":"string"},{"name":"payload","type":"string"}]}';

  it('pairs, times out and splits versions the way the pipeline decides', () => {
    const clock = new ManualClock(T0);
    // The session's own stages, wired the way the session wires them (its pairer runs while live).
    const store = new LogStore({ clock, capacity: 100 });
    const pairer = new Pairer({ store, clock, noResponseTimeoutMs: 30_000 });
    const decoder = new AvroDecoder(V4);
    const health = new HealthMonitor({ clock, servingTool: 'KSERVE' });
    store.onEvicted((r) => health.forget(r.id));
    const v4 = avroTypeFor(V4);
    let offset = 0;
    const ingest = (id: string, type: 'request' | 'response', version: number, kafkaMs: number) => {
      const d = decoder.decode(
        v4.toBuffer({
          servingId: 12,
          modelName: 'iris',
          modelVersion: version,
          requestTimestamp: Math.floor(kafkaMs / 1000),
          responseHttpCode: type === 'request' ? 0 : 200,
          inferenceId: id,
          messageType: type,
          payload: type === 'request' ? '{"instances":[[1,2]]}' : '{"predictions":[0]}',
        }),
      );
      assert.ok(d.ok);
      const kafka = {
        partition: type === 'request' ? 0 : 1,
        offset: String(offset++),
        timestampMs: kafkaMs,
        size: 0,
      };
      const added = pairer.add(normalizeRecord(d.record, kafka));
      health.observe(added.row, added.joined ? 'updated' : 'added');
    };
    // v2: request then response 40 ms later; v3: response first (other partition), then its request
    // logged 120 ms earlier; v3: a request that never gets a response.
    ingest('a', 'request', 2, T0 + 1_000);
    ingest('a', 'response', 2, T0 + 1_040);
    ingest('b', 'response', 3, T0 + 2_120);
    ingest('b', 'request', 3, T0 + 2_000);
    ingest('c', 'request', 3, T0 + 3_000);
    clock.advance(5_000);
    let snap = health.snapshot(MIN);
    assert.deepEqual(
      withNear(
        snap.versions.map((v) => [v.version, v.requests, v.ok, v.pending, v.latency.p50]),
        4,
        [120, 40],
      ),
      [
        [3, 2, 1, 1, 120],
        [2, 1, 1, 0, 40],
      ],
    );
    // The lone request is marked "no response" once its timeout has passed.
    clock.advance(31_000);
    for (const r of pairer.sweep()) health.observe(r, 'updated');
    snap = health.snapshot(MIN);
    const v3 = snap.versions[0]!;
    assert.deepEqual([v3.requests, v3.noResponse, v3.pending, v3.errorRate], [2, 1, 0, 0.5]);
    assert.equal(snap.all.requests, 3);
  });
});
