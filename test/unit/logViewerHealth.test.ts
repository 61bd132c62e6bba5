// The log panel's live health on the host: a HealthFeed following the panel's holder (ConnectionLogSession)
// over real pipeline sessions fed with encoded KServe records through `ingest` (no broker), on a hand-driven
// clock. Seeded with the rows already held, following new rows and responses that join their request,
// forgetting evicted rows, starting over on Clear and Restart, one window or another, versions apart; and
// the `health` request through the host as the webview sends it (validated). Then the comparison of the
// newest version with the one before it, and the p95 confidence range it rests on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/inferenceLog';
import type { ConsumedMessage } from '../../src/inferenceLog';
import {
  HealthMonitor,
  LATENCY_RELATIVE_ERROR,
  compareNewestVersions,
  compareVersions,
  percentileRange,
} from '../../src/inferenceLog/health';
import type { VersionHealth } from '../../src/inferenceLog/health';
import { ConnectionLogSession } from '../../src/panels/logViewer/connectionLogSession';
import { HealthFeed } from '../../src/panels/logViewer/health/healthFeed';
import type { HealthReply } from '../../src/protocol/logViewerHealth';
import {
  describeSpan,
  formatMs,
  formatPerSecond,
  formatPercent,
} from '../../webview/logViewer/health/healthFormat';
import { aKServeMessage } from '../builders/consumedMessages';
import { FedSession, aTalkingHost } from '../builders/logViewerHost';

/** The fixture records' request time (whole seconds, as KServe logs it). */
const T0 = 1_718_007_125_000;
const MIN = 60_000;

let nextCall = 0;

/**
 * One KServe call of `version` made at `atMs`: its request event, and (unless `latencyMs` is null) its
 * response event written `latencyMs` later (the Kafka timestamps the latency is measured between).
 */
function call(version: number, atMs: number, latencyMs: number | null): ConsumedMessage[] {
  const id = `call-${nextCall++}`;
  const record = { modelVersion: version, requestTimestamp: Math.floor(atMs / 1000) };
  const request = aKServeMessage('request', id, record, { timestampMs: atMs });
  if (latencyMs === null) return [request];
  return [request, aKServeMessage('response', id, record, { timestampMs: atMs + latencyMs })];
}

/** A holder reading the sessions `sessions()` hands out, one per start or restart. */
async function reading(clock: ManualClock, capacity = 1000) {
  const built: FedSession[] = [];
  const holder = new ConnectionLogSession({
    create: () => {
      const s = new FedSession({ clock, capacity });
      built.push(s);
      return Promise.resolve(s);
    },
    startFrom: 'latest',
    capacity,
  });
  await holder.start();
  return { holder, built, session: () => built[built.length - 1]! };
}

const near = (got: number | null, ms: number) =>
  got !== null && Math.abs(got - ms) <= LATENCY_RELATIVE_ERROR * ms + 1e-9;

describe('HealthFeed on the panel’s holder', () => {
  it('starts from the rows already held, then follows new rows and responses that join their request', async () => {
    const clock = new ManualClock(T0 + 30_000);
    const { holder, session } = await reading(clock);
    session().ingest([...call(3, T0, 37), ...call(3, T0 + 1_000, 52)]);
    const feed = new HealthFeed({ rows: holder, clock, servingTool: 'KSERVE', loggingMode: 'ALL' });
    let r = feed.reply({ windowMs: MIN, maxPoints: 60 });
    assert.equal(r.snapshot.all.requests, 2, 'seeded with the two calls held');
    assert.equal(r.snapshot.all.latency.count, 2);
    assert.equal(r.snapshot.all.latency.source, 'kafka-events');

    // A request alone is pending; its response 120 ms later makes it a measured call.
    const [request, response] = call(3, T0 + 2_000, 120);
    session().ingest([request!]);
    r = feed.reply({ windowMs: MIN, maxPoints: 60 });
    assert.equal(r.snapshot.all.requests, 3);
    assert.equal(r.snapshot.all.pending, 1);
    assert.equal(feed.followedRows, 1, 'the pending request is followed for its change');
    session().ingest([response!]);
    r = feed.reply({ windowMs: MIN, maxPoints: 60 });
    assert.equal(r.snapshot.all.requests, 3, 'the joined call counts once');
    assert.equal(r.snapshot.all.pending, 0);
    assert.equal(r.snapshot.all.ok, 3);
    assert.ok(near(r.snapshot.all.latency.p99, 120), `p99 ${r.snapshot.all.latency.p99}`);
    assert.ok(near(r.snapshot.all.latency.p50, 52), `p50 ${r.snapshot.all.latency.p50}`);
    assert.equal(r.servingTool, 'KSERVE');
    assert.equal(r.loggingMode, 'ALL');
    assert.deepEqual(feed.last, r, 'the last reply is what the probe reports');
    feed.dispose();
    await holder.dispose();
  });

  it('keeps versions apart and compares the newest with the one before it', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const { holder, session } = await reading(clock);
    const feed = new HealthFeed({ rows: holder, clock, servingTool: 'KSERVE', loggingMode: 'ALL' });
    for (let i = 0; i < 40; i++) session().ingest(call(2, T0 + i * 1000, 20));
    for (let i = 0; i < 40; i++) session().ingest(call(3, T0 + i * 1000 + 500, 90));
    const r = feed.reply({ windowMs: 300_000, maxPoints: 60 });
    assert.deepEqual(
      r.snapshot.versions.map((v) => [v.key, v.requests, near(v.latency.p95, v.version === 3 ? 90 : 20)]),
      [
        ['irisclassifier@3', 40, true],
        ['irisclassifier@2', 40, true],
      ],
    );
    assert.equal(r.comparison?.newer.version, 3);
    assert.equal(r.comparison?.older.version, 2);
    assert.equal(r.comparison?.p95.verdict, 'worse');
    assert.equal(r.comparison?.errorRate.verdict, 'no-clear-difference', 'neither failed a call');
    assert.deepEqual(
      r.series.lines.map((l) => l.key),
      ['irisclassifier@3', 'irisclassifier@2'],
    );
    feed.dispose();
    await holder.dispose();
  });

  it('answers for the window asked: a call 5 minutes ago is in the 15-minute window only', async () => {
    const clock = new ManualClock(T0 + 5 * MIN);
    const { holder, session } = await reading(clock);
    const feed = new HealthFeed({ rows: holder, clock, servingTool: 'KSERVE' });
    session().ingest([...call(3, T0, 10), ...call(3, T0 + 5 * MIN - 2_000, 10)]);
    const counts = [60_000, 300_000, 900_000, 3_600_000].map(
      (w) => feed.reply({ windowMs: w as 60_000, maxPoints: 60 }).snapshot.all.requests,
    );
    assert.deepEqual(counts, [1, 1, 2, 2]);
    // The chart's buckets follow the window: one a second over a minute, one a minute over an hour.
    assert.equal(feed.reply({ windowMs: 60_000, maxPoints: 60 }).series.bucketMs, 1_000);
    assert.equal(feed.reply({ windowMs: 3_600_000, maxPoints: 60 }).series.bucketMs, 60_000);
    feed.dispose();
    await holder.dispose();
  });

  it('forgets the rows the store pushes out, but keeps their counts', async () => {
    const clock = new ManualClock(T0 + 30_000);
    const { holder, session } = await reading(clock, 4);
    const feed = new HealthFeed({ rows: holder, clock, servingTool: 'KSERVE' });
    // Six requests waiting for their responses in a store of four: the two oldest are pushed out.
    for (let i = 0; i < 6; i++) session().ingest(call(3, T0 + i * 1000, null));
    assert.equal(holder.stats().dropped, 2);
    assert.equal(feed.followedRows, 4, 'evicted rows are no longer followed');
    assert.equal(feed.reply({ windowMs: MIN, maxPoints: 60 }).snapshot.all.requests, 6);
    feed.dispose();
    await holder.dispose();
  });

  it('starts over on Clear and on Restart (whose session numbers its rows from the start again)', async () => {
    const clock = new ManualClock(T0 + 30_000);
    const { holder, session, built } = await reading(clock);
    const feed = new HealthFeed({ rows: holder, clock, servingTool: 'KSERVE' });
    session().ingest([...call(2, T0, 10), ...call(2, T0 + 1000, 10)]);
    assert.equal(feed.reply({ windowMs: MIN, maxPoints: 60 }).snapshot.all.requests, 2);
    holder.clear();
    let r = feed.reply({ windowMs: MIN, maxPoints: 60 });
    assert.equal(r.snapshot.all.requests, 0);
    assert.deepEqual(r.snapshot.versions, []);

    session().ingest(call(2, T0 + 2000, null));
    await holder.restart('earliest');
    assert.equal(built.length, 2);
    r = feed.reply({ windowMs: MIN, maxPoints: 60 });
    assert.equal(r.snapshot.all.requests, 0, 'the old session’s calls are gone with its rows');
    assert.equal(feed.followedRows, 0);
    // The new session's first row has the id the old pending request had: it must not be taken for it.
    session().ingest(call(3, T0 + 3000, 15));
    r = feed.reply({ windowMs: MIN, maxPoints: 60 });
    assert.deepEqual(
      r.snapshot.versions.map((v) => [v.version, v.requests, v.pending, v.ok]),
      [[3, 1, 0, 1]],
    );
    feed.dispose();
    await holder.dispose();
  });

  it('stops following when disposed', async () => {
    const clock = new ManualClock(T0 + 30_000);
    const { holder, session } = await reading(clock);
    const feed = new HealthFeed({ rows: holder, clock, servingTool: 'KSERVE' });
    feed.dispose();
    session().ingest(call(3, T0, 10));
    assert.equal(feed.reply({ windowMs: MIN, maxPoints: 60 }).snapshot.all.requests, 0);
    await holder.dispose();
  });
});

describe('the health request through the panel host', () => {
  async function host(withHealth: boolean) {
    const clock = new ManualClock(T0 + 30_000);
    const { holder, session } = await reading(clock);
    const feed = new HealthFeed({ rows: holder, clock, servingTool: 'KSERVE', loggingMode: 'ALL' });
    const talk = aTalkingHost({
      session: holder,
      ...(withHealth ? { health: (p) => feed.reply(p) } : {}),
    });
    const h = talk.host;
    await h.receive({ type: 'ready' });
    let id = 0;
    const request = async (params: unknown) => {
      const mine = ++id;
      await h.receive({ type: 'request', id: mine, method: 'health', params });
      const reply = talk.posted.find((m) => m.type === 'response' && m.id === mine) as
        { ok: true; result: HealthReply } | { ok: false; error: string } | undefined;
      assert.ok(reply, 'no reply');
      return reply;
    };
    const done = async () => {
      h.dispose();
      feed.dispose();
      await holder.dispose();
    };
    return { session, request, done, posted: talk.posted };
  }

  it('answers the window asked for with the figures of the rows held; nothing is pushed per event', async () => {
    const { session, request, done, posted } = await host(true);
    const before = posted.length;
    session().ingest([...call(3, T0, 25), ...call(3, T0 + 1000, null)]);
    // What rows arriving push is the store's throttled "changed" signal, not figures.
    const pushed = posted.slice(before).filter((m) => m.type === 'event');
    assert.ok(pushed.length <= 1 && pushed.every((m) => m.type === 'event' && m.name === 'changed'));
    const reply = await request({ windowMs: 300_000, maxPoints: 60 });
    assert.ok(reply.ok);
    assert.equal(reply.result.snapshot.windowMs, 300_000);
    assert.equal(reply.result.snapshot.all.requests, 2);
    assert.equal(reply.result.snapshot.all.pending, 1);
    const series = reply.result.series;
    assert.equal(series.bucketMs, 5_000);
    assert.ok(series.points * series.bucketMs >= 300_000, 'the buckets span the window');
    assert.ok(series.lines.every((l) => l.rate.length === series.points));
    await done();
  });

  it('refuses a window it does not keep and a bucket count out of bounds, saying what is wrong', async () => {
    const { request, done } = await host(true);
    for (const params of [
      { windowMs: 120_000, maxPoints: 60 },
      { windowMs: 300_000, maxPoints: 0 },
      { windowMs: 300_000, maxPoints: 1.5 },
      { windowMs: 300_000, maxPoints: 60, extra: true },
      { windowMs: '300000', maxPoints: 60 },
    ]) {
      const reply = await request(params);
      assert.equal(reply.ok, false, JSON.stringify(params));
      assert.ok(!reply.ok && reply.error.length > 0);
    }
    await done();
  });

  it('says so when the view has no health figures', async () => {
    const { request, done } = await host(false);
    const reply = await request({ windowMs: 60_000, maxPoints: 60 });
    assert.deepEqual(reply, {
      type: 'response',
      id: 1,
      ok: false,
      error: 'Health figures are not available in this view.',
    });
    await done();
  });
});

/** A version's figures as the monitor gives them, from `n` calls with these latencies and failures. */
function versionOf(
  version: number,
  o: { n: number; failed?: number; latency?: (i: number) => number; oneRecord?: boolean },
  loggingMode?: 'PREDICTIONS',
): VersionHealth {
  const clock = new ManualClock(T0 + 60_000);
  const m = new HealthMonitor({ clock, servingTool: o.oneRecord ? 'DEFAULT' : 'KSERVE', loggingMode });
  for (let i = 0; i < o.n; i++) {
    const failed = i < (o.failed ?? 0);
    const timeMs = T0 + (i % 50) * 1000;
    const kafka = { partition: 0, offset: String(i), timestampMs: timeMs, size: 100 };
    m.observe(
      {
        id: i,
        rev: 0,
        kind: o.oneRecord ? 'combined' : failed ? 'request' : 'pair',
        outcome: failed ? 'no-response' : 'ok',
        timeMs,
        timeResolutionMs: 1000,
        model: 'fraud',
        modelVersion: version,
        servingId: 1,
        inferenceId: `c${i}`,
        httpCode: failed ? 0 : 200,
        kafka,
        ...(failed || o.oneRecord
          ? {}
          : { responseKafka: { ...kafka, timestampMs: timeMs + (o.latency?.(i) ?? 20) } }),
      },
      'added',
    );
  }
  return m.snapshot(300_000).versions[0]!;
}

describe('comparing the newest version with the one before it', () => {
  it('error rate: worse or better only when unlikely to be chance and large enough to matter', () => {
    const cases: [string, VersionHealth, VersionHealth, string][] = [
      [
        '20 % vs 1 % of 200',
        versionOf(3, { n: 200, failed: 40 }),
        versionOf(2, { n: 200, failed: 2 }),
        'worse',
      ],
      ['0 % vs 10 % of 200', versionOf(3, { n: 200 }), versionOf(2, { n: 200, failed: 20 }), 'better'],
      [
        '3 % vs 2 % of 200',
        versionOf(3, { n: 200, failed: 6 }),
        versionOf(2, { n: 200, failed: 4 }),
        'no-clear-difference',
      ],
      ['none failed', versionOf(3, { n: 300 }), versionOf(2, { n: 300 }), 'no-clear-difference'],
      ['2 of 10 vs 0 of 10', versionOf(3, { n: 10, failed: 2 }), versionOf(2, { n: 10 }), 'too-few'],
      [
        'PREDICTIONS mode',
        versionOf(3, { n: 100 }, 'PREDICTIONS'),
        versionOf(2, { n: 100 }, 'PREDICTIONS'),
        'not-known',
      ],
    ];
    for (const [what, newer, older, verdict] of cases)
      assert.equal(compareVersions(newer, older).errorRate.verdict, verdict, what);
    const worse = compareVersions(cases[0]![1], cases[0]![2]).errorRate;
    assert.match(worse.reason, /^v3: 20\.0 % \(40 of 200\), v2: 1\.00 % \(2 of 200\); z = \d+\.\d\d\.$/);
    assert.equal(worse.newer, 0.2);
    assert.equal(worse.older, 0.01);
  });

  it('error rate: a difference too small to matter is not marked however many calls back it', () => {
    const newer: VersionHealth = {
      ...versionOf(3, { n: 1 }),
      requests: 1_000_000,
      ok: 988_000,
      httpErrors: 12_000,
      noResponse: 0,
      errorRate: 0.012,
    };
    const older: VersionHealth = {
      ...newer,
      key: 'fraud@2',
      version: 2,
      ok: 990_000,
      httpErrors: 10_000,
      errorRate: 0.01,
    };
    const m = compareVersions(newer, older).errorRate;
    assert.equal(m.verdict, 'no-clear-difference');
    assert.match(m.reason, /z = 13\.\d\d, too small a difference to matter\.$/);
  });

  it('p95: worse or better only when the 95 % ranges do not meet and the gap is at least 10 % and 2 ms', () => {
    const spread = (base: number) => (i: number) => base + (i % 10);
    const cases: [string, VersionHealth, VersionHealth, string][] = [
      [
        '~50 vs ~25 ms',
        versionOf(3, { n: 100, latency: spread(41) }),
        versionOf(2, { n: 100, latency: spread(16) }),
        'worse',
      ],
      [
        '~25 vs ~50 ms',
        versionOf(3, { n: 100, latency: spread(16) }),
        versionOf(2, { n: 100, latency: spread(41) }),
        'better',
      ],
      [
        '~26 vs ~25 ms',
        versionOf(3, { n: 100, latency: spread(17) }),
        versionOf(2, { n: 100, latency: spread(16) }),
        'no-clear-difference',
      ],
      [
        '10 calls',
        versionOf(3, { n: 10, latency: spread(91) }),
        versionOf(2, { n: 100, latency: spread(16) }),
        'too-few',
      ],
      [
        'DEFAULT',
        versionOf(3, { n: 100, oneRecord: true }),
        versionOf(2, { n: 100, oneRecord: true }),
        'not-known',
      ],
    ];
    for (const [what, newer, older, verdict] of cases) {
      const m = compareVersions(newer, older).p95;
      assert.equal(m.verdict, verdict, `${what}: ${m.reason}`);
    }
    const worse = compareVersions(cases[0]![1], cases[0]![2]).p95;
    assert.match(
      worse.reason,
      /^p95 v3: 49\.4 ms \(100 calls\), v2: 25 ms \(100 calls\); 95 % ranges [\d.]+ ms–[\d.]+ ms and [\d.]+ ms–[\d.]+ ms\.$/,
    );
    assert.match(compareVersions(cases[3]![1], cases[3]![2]).p95.reason, /fewer than 20 measured calls/);
  });

  it('compares the newest version with the next older one that has calls, never "other"', () => {
    const clock = new ManualClock(T0 + 30_000);
    const m = new HealthMonitor({ clock, servingTool: 'KSERVE', maxSeries: 2 });
    const kafka = { partition: 0, offset: '0', timestampMs: T0, size: 1 };
    const add = (id: number, version: number) =>
      m.observe(
        {
          id,
          rev: 0,
          kind: 'pair',
          outcome: 'ok',
          timeMs: T0,
          timeResolutionMs: 1000,
          model: 'fraud',
          modelVersion: version,
          servingId: 1,
          inferenceId: `c${id}`,
          httpCode: 200,
          kafka,
          responseKafka: { ...kafka, timestampMs: T0 + 5 },
        },
        'added',
      );
    add(1, 4);
    assert.equal(compareNewestVersions(m.snapshot(MIN)), null, 'one version: nothing to compare');
    add(2, 2);
    add(3, 7); // past the series limit: summed into "other"
    const c = compareNewestVersions(m.snapshot(MIN));
    assert.deepEqual([c?.newer.version, c?.older.version], [4, 2]);
  });
});

describe('p95 confidence range', () => {
  /** A monitor's latency figures over `values` (ms), read through its own bins as a snapshot reads them. */
  function latencyOf(values: readonly number[]) {
    const m = new HealthMonitor({ clock: new ManualClock(T0 + 1000), servingTool: 'KSERVE' });
    values.forEach((ms, i) => {
      const kafka = { partition: 0, offset: String(i), timestampMs: T0, size: 1 };
      m.observe(
        {
          id: i,
          rev: 0,
          kind: 'pair',
          outcome: 'ok',
          timeMs: T0,
          timeResolutionMs: 1000,
          model: 'm',
          modelVersion: 1,
          servingId: 1,
          inferenceId: `c${i}`,
          httpCode: 200,
          kafka,
          responseKafka: { ...kafka, timestampMs: T0 + ms },
        },
        'added',
      );
    });
    return m.snapshot(MIN).all.latency;
  }
  let seed = 7;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  /** Latencies 5 + 200·U³ ms: a long tail; the population's p95 is 5 + 200·0.95³ = 176.475 ms. */
  const draw = (n: number) => Array.from({ length: n }, () => Math.round(5 + 200 * rnd() ** 3));
  const POPULATION_P95 = 5 + 200 * 0.95 ** 3;

  it('holds the p95 of the traffic in about 95 % of samples', () => {
    const trials = 200;
    let held = 0;
    for (let t = 0; t < trials; t++) {
      const [low, high] = latencyOf(draw(300)).p95Range!;
      if (low <= POPULATION_P95 && POPULATION_P95 <= high) held++;
    }
    // A 95 % range misses about 10 of 200 samples; fewer than 180 held would mean it is too narrow.
    assert.ok(held >= 180, `held in ${held} of ${trials}`);
  });

  it('holds the sample’s own p95 and narrows as calls add up', () => {
    let lastWidth = Infinity;
    for (const n of [200, 2_000, 20_000]) {
      const values = draw(n);
      const lat = latencyOf(values);
      const exact = [...values].sort((a, b) => a - b)[Math.ceil(0.95 * n) - 1]!;
      const [low, high] = lat.p95Range!;
      assert.ok(low <= exact && exact <= high, `n=${n}: ${exact} in ${low}–${high}`);
      assert.ok(low <= lat.p95! && lat.p95! <= high);
      assert.ok(high - low < lastWidth, `n=${n}: ${high - low} narrower than ${lastWidth}`);
      lastWidth = high - low;
    }
    assert.equal(percentileRange(new Float64Array(10), 0, 0.95), null);
  });
});

describe('how the health strip words its figures', () => {
  it('milliseconds, shares, rates and spans', () => {
    assert.deepEqual([0, 0.4, 1, 7, 999.6, 1_234, 12_345, 123_456].map(formatMs), [
      '< 1 ms',
      '< 1 ms',
      '1 ms',
      '7 ms',
      '1.00 s',
      '1.23 s',
      '12.3 s',
      '123 s',
    ]);
    assert.deepEqual([0, 0.0004, 0.012, 0.1, 0.5, 1].map(formatPercent), [
      '0 %',
      '0.04 %',
      '1.2 %',
      '10 %',
      '50 %',
      '100 %',
    ]);
    assert.deepEqual([0, 0.4, 12.34, 1_234.5].map(formatPerSecond), ['0', '0.40', '12.3', '1,235']);
    assert.deepEqual([45_000, 200_000, 3_600_000, 3_900_000].map(describeSpan), [
      '45 s',
      '3 min 20 s',
      '1 h',
      '1 h 5 min',
    ]);
  });
});
