// Inference-log pipeline numbers: decode rates (v3, v4) against JSON.parse of the same events; a plain
// kafkajs consumer against the full pipeline catching up on the same topic of 1 KB events on the real
// broker, with the event loop's delay meanwhile; how many "changed" signals the store sent per second
// under load; heap per 100,000 rows at 1 KB and 10 KB payloads; and whether the memory bound holds with
// 200 KB payloads.
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { startKafkaBroker } from '../../sandbox/kafka/broker';
import { generateTlsMaterial } from '../../sandbox/tls/certs';
import { AvroDecoder, InferenceLogSession, ManualClock, avroTypeFor } from '../../src/inferenceLog';
import type { ConsumedMessage } from '../../src/inferenceLog';
import type { BenchContext, BenchResults, BenchSection } from '../section';
// The schemas as Hopsworks registers them, from the sandbox (src never hard-codes them).
import { SCHEMA_V3 as V3, SCHEMA_V4 as V4 } from '../../test/builders/inferenceRecords';

function uuid(i: number): string {
  const h = i.toString(16).padStart(12, '0');
  return `3f0c6d2e-8a1b-4c7e-9f55-${h}`;
}

function v3Record(i: number) {
  return {
    modelId: 7,
    modelName: 'irisflask',
    modelVersion: 1,
    requestTimestamp: 1718007125431 + i,
    responseHttpCode: i % 50 === 0 ? 500 : 200,
    inferenceRequest: `{"inputs": [[5.1, 3.5, 1.4, ${i % 10}]]}`,
    inferenceResponse: '{"predictions": [0]}',
    modelServer: 'PYTHON',
    servingTool: 'DEFAULT',
  };
}

/**
 * Request and response of call i/2, like the KServe sidecar writes them; `payload` is the body of the request
 * (`request` true) or of the response, by default one iris row and its class.
 */
function v4Record(
  i: number,
  payload: (request: boolean) => string = (request) =>
    request ? '{"instances": [[5.1, 3.5, 1.4, 0.2]]}' : '{"predictions":[0]}',
) {
  const request = i % 2 === 0;
  return {
    servingId: 12,
    modelName: 'irisclassifier',
    modelVersion: 3,
    requestTimestamp: 1718007125 + Math.floor(i / 1000),
    responseHttpCode: request ? 0 : 200,
    inferenceId: uuid(Math.floor(i / 2)),
    messageType: request ? 'request' : 'response',
    payload: payload(request),
  };
}

function perSecond(n: number, ms: number): number {
  return (n / ms) * 1000;
}

function timeLoop(rounds: number, fn: () => void): number {
  const t = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function decodeRates(): BenchResults {
  const N = 50_000;
  const v3 = avroTypeFor(V3);
  const v4 = avroTypeFor(V4);
  const v3bufs = Array.from({ length: N }, (_, i) => v3.toBuffer(v3Record(i)));
  const v4bufs = Array.from({ length: N }, (_, i) => v4.toBuffer(v4Record(i)));
  const v4json = Array.from({ length: N }, (_, i) => JSON.stringify(v4Record(i)));
  const d3 = new AvroDecoder(V3);
  const d4 = new AvroDecoder(V4);
  let sink = 0;
  const warm = () => {
    for (const b of v3bufs) sink += d3.decode(b).ok ? 1 : 0;
    for (const b of v4bufs) sink += d4.decode(b).ok ? 1 : 0;
    for (const s of v4json) sink += (JSON.parse(s) as object) ? 1 : 0;
  };
  warm();
  const rounds = 6;
  const t3 = timeLoop(rounds, () => {
    for (const b of v3bufs) sink += d3.decode(b).ok ? 1 : 0;
  });
  const t4 = timeLoop(rounds, () => {
    for (const b of v4bufs) sink += d4.decode(b).ok ? 1 : 0;
  });
  const tj = timeLoop(rounds, () => {
    for (const s of v4json) sink += (JSON.parse(s) as object) ? 1 : 0;
  });
  if (sink === 0) throw new Error('nothing decoded');
  return {
    decode_v3_per_s: perSecond(N * rounds, t3),
    decode_v4_per_s: perSecond(N * rounds, t4),
    json_parse_per_s: perSecond(N * rounds, tj),
  };
}

function gc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A DEFAULT (v3) event whose request body is about `bytes` bytes, answered with a short prediction. */
function v3Sized(i: number, bytes: number): ConsumedMessage {
  return {
    partition: i % 4,
    offset: String(i),
    timestampMs: 1718007125431 + i,
    key: null,
    value: avroTypeFor(V3).toBuffer({ ...v3Record(i), inferenceRequest: jsonBody(bytes, i) }),
  };
}

/** Heap the store holds for 100,000 DEFAULT events with request bodies of `bytes` bytes, in MB. */
function heapPer100k(bytes: number): number {
  const collect = gc();
  collect();
  const before = process.memoryUsage().heapUsed;
  const s = new InferenceLogSession({
    brokers: ['127.0.0.1:9'],
    topic: 'bench',
    schemaJson: V3,
    capacity: 100_000,
    // Room for all of them: this measures what a row costs, not the memory bound.
    maxMemoryMB: 8_192,
    clock: new ManualClock(),
  });
  for (let start = 0; start < 100_000; start += 1_000) {
    const batch: ConsumedMessage[] = [];
    for (let i = start; i < start + 1_000; i++) batch.push(v3Sized(i, bytes));
    s.ingest(batch);
  }
  collect();
  const mb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  if (s.stats().rows !== 100_000) throw new Error(`${s.stats().rows} of 100,000 events were kept`);
  void s.dispose();
  return mb;
}

/** The KServe (v4) figure at the small payloads of the rate benchmark: 50,000 pairs from 100,000 events. */
function heapPer100kKserve(): number {
  const collect = gc();
  collect();
  const before = process.memoryUsage().heapUsed;
  const v4 = avroTypeFor(V4);
  const s = new InferenceLogSession({
    brokers: ['127.0.0.1:9'],
    topic: 'bench',
    schemaJson: V4,
    capacity: 100_000,
    clock: new ManualClock(),
  });
  for (let start = 0; start < 100_000; start += 1_000) {
    const batch: ConsumedMessage[] = [];
    for (let i = start; i < start + 1_000; i++) {
      batch.push({
        partition: i % 4,
        offset: String(i),
        timestampMs: 1718007125431 + i,
        key: null,
        value: v4.toBuffer(v4Record(i)),
      });
    }
    s.ingest(batch);
  }
  collect();
  const mb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  if (s.stats().total !== 100_000) throw new Error('not every event was stored');
  void s.dispose();
  return mb;
}

/** The memory bound of the bench's byte-bound check (the setting's default). */
const BOUND_MB = 256;
/** 2,000 events of 200 KB: 400 MB of payload, well past the bound; without it all would be kept. */
const BIG_EVENTS = 2_000;
const BIG_BYTES = 200 * 1024;

/**
 * Whether the memory bound holds with 200 KB payloads: the heap the store keeps (after a full collection)
 * must not exceed the bound, and the peak heap while ingesting (garbage included) is reported with it.
 */
export function byteBound(ctx: BenchContext): BenchResults {
  const collect = gc();
  collect();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const s = new InferenceLogSession({
    brokers: ['127.0.0.1:9'],
    topic: 'bench',
    schemaJson: V3,
    capacity: 100_000,
    maxMemoryMB: BOUND_MB,
    clock: new ManualClock(),
  });
  for (let start = 0; start < BIG_EVENTS; start += 20) {
    const batch: ConsumedMessage[] = [];
    for (let i = start; i < start + 20; i++) batch.push(v3Sized(i, BIG_BYTES));
    s.ingest(batch);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  collect();
  const retained = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  const stats = s.stats();
  void s.dispose();
  ctx.note(
    `byte bound: ${stats.rows} of ${BIG_EVENTS} events of 200 KB kept (${stats.dropped} dropped), ${retained.toFixed(0)} MB retained of a ${BOUND_MB} MB bound, peak heap +${((peak - before) / 1024 / 1024).toFixed(0)} MB`,
  );
  return {
    byte_bound_held: retained <= BOUND_MB,
    byte_bound_retained_mb: retained,
    byte_bound_peak_heap_mb: (peak - before) / 1024 / 1024,
  };
}

/** Bytes of JSON in each payload of the catch-up topic: the size the event-loop figure is quoted at. */
const CATCH_UP_PAYLOAD_BYTES = 1_024;
/**
 * 16 partitions of 4,000 v4 events of ~1.1 KB: ~4.5 MB each, under the mock's 5 MB per-partition
 * retention, and enough for a catch-up that lasts seconds rather than a few hundred milliseconds.
 */
const CATCH_UP_PARTITIONS = 16;
const CATCH_UP_EVENTS = CATCH_UP_PARTITIONS * 4_000;

/** A V1 body of about `bytes` bytes (a row of floats), different for each `seed`. */
export function jsonBody(bytes: number, seed: number): string {
  const parts: string[] = [];
  let len = '{"instances": [[]]}'.length;
  for (let i = 0; len < bytes; i++) {
    const v = (((seed * 7919 + i * 104729) % 1_000_000) / 1_000_000).toFixed(6);
    parts.push(v);
    len += v.length + 2;
  }
  return `{"instances": [[${parts.join(', ')}]]}`;
}

/** Request and response of call i/2 with ~1 KB bodies each, as the KServe sidecar writes them. */
function v4BigRecord(i: number, bytes: number) {
  return v4Record(i, (request) =>
    request ? jsonBody(bytes, i) : jsonBody(bytes, i).replace('instances', 'predictions'),
  );
}

interface RunFigures {
  rate: number;
  /** Event-loop delay, ms: monitorEventLoopDelay at its default 10 ms resolution, so idle reads ~10. */
  p99: number;
  max: number;
  /** Process CPU time per event, µs: unlike the rates, hardly moved by other processes on the machine. */
  cpuUs: number;
}

/** The event loop's delay and the process's CPU time between start() and stop(). */
class LoopDelay {
  private readonly h = monitorEventLoopDelay({ resolution: 10 });
  private cpu = process.cpuUsage();
  start(): void {
    this.h.reset();
    this.h.enable();
    this.cpu = process.cpuUsage();
  }
  stop(events: number): Omit<RunFigures, 'rate'> {
    const used = process.cpuUsage(this.cpu);
    this.h.disable();
    return {
      p99: this.h.percentile(99) / 1e6,
      max: this.h.max / 1e6,
      cpuUs: (used.user + used.system) / events,
    };
  }
}

/**
 * A plain kafkajs consumer and the full pipeline each catch up on the same topic of 1 KB events from the
 * earliest offset, alternating (raw, pipeline, raw, pipeline). The faster run of each counts: each gets a
 * warmed-up run, and a hiccup of the shared 2-core machine during one run does not decide the comparison.
 * The event loop's delay is measured during every run; the pipeline's figure is the one of its counted
 * run, so the rate ratio and the delay come from the same run.
 */
export async function catchUp(ctx: BenchContext): Promise<BenchResults> {
  const tls = await generateTlsMaterial('bench__user');
  const broker = await startKafkaBroker({
    plaintextPort: 0,
    tlsPort: 0,
    tls: { caPem: tls.ca.certPem, certPem: tls.server.certPem, keyPem: tls.server.keyPem },
  });
  const kafka = new Kafka({ brokers: [broker.plaintextBootstrap], logLevel: logLevel.NOTHING });
  const topic = 'irisclassifier-inf4821';
  try {
    await broker.createTopic(topic, CATCH_UP_PARTITIONS);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const v4 = avroTypeFor(V4);
    const tp = Date.now();
    let bytes = 0;
    for (let start = 0; start < CATCH_UP_EVENTS; start += 2_000) {
      const messages = [];
      // A call's request and response go to different partitions, as the sidecar's may.
      for (let i = start; i < start + 2_000; i++) {
        const value = v4.toBuffer(v4BigRecord(i, CATCH_UP_PAYLOAD_BYTES));
        bytes += value.length;
        messages.push({ partition: i % CATCH_UP_PARTITIONS, value });
      }
      await producer.send({ topic, messages });
    }
    await producer.disconnect();
    ctx.note(
      `produced ${CATCH_UP_EVENTS} v4 events of ${Math.round(bytes / CATCH_UP_EVENTS)} B over ${CATCH_UP_PARTITIONS} partitions in ${Date.now() - tp} ms`,
    );

    const raws: RunFigures[] = [];
    const pipes: RunFigures[] = [];
    for (let round = 0; round < 2; round++) {
      raws.push(await rawRate(kafka, topic, round, ctx));
      pipes.push(await pipelineRate(broker.plaintextBootstrap, topic, ctx));
    }
    const best = <T extends { rate: number }>(runs: T[]): T =>
      runs.reduce((a, b) => (b.rate > a.rate ? b : a));
    const raw = best(raws);
    const pipe = best(pipes);
    ctx.note(
      `pipeline at ${Math.round((pipe.rate / raw.rate) * 100)}% of the raw kafkajs rate (best of 2 each); event loop p99 ${pipe.p99.toFixed(1)} ms (raw kafkajs ${raw.p99.toFixed(1)} ms); load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
    );
    return {
      kafkajs_raw_per_s: raw.rate,
      store_events_per_s: pipe.rate,
      pipeline_raw_ratio: pipe.rate / raw.rate,
      event_loop_p99_ms: pipe.p99,
      event_loop_max_ms: pipe.max,
      event_loop_p99_raw_kafkajs_ms: raw.p99,
      kafkajs_raw_cpu_us_per_event: raw.cpuUs,
      pipeline_cpu_us_per_event: pipe.cpuUs,
      pipeline_raw_cpu_ratio: raw.cpuUs / pipe.cpuUs,
    };
  } finally {
    await broker.stop();
  }
}

/** A plain kafkajs consumer that only counts: the ceiling for the pipeline. */
async function rawRate(kafka: Kafka, topic: string, round: number, ctx: BenchContext): Promise<RunFigures> {
  const raw = kafka.consumer({ groupId: `bench-raw-${round}-${Date.now()}`, maxWaitTimeInMs: 500 });
  const delay = new LoopDelay();
  await raw.connect();
  await raw.subscribe({ topics: [topic], fromBeginning: true });
  let count = 0;
  let first = 0;
  let last = 0;
  let loop = { p99: 0, max: 0, cpuUs: 0 };
  const done = new Promise<void>((resolve) => {
    void raw.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        if (count === 0) {
          first = Date.now();
          delay.start();
        }
        count += batch.messages.length;
        last = Date.now();
        if (count >= CATCH_UP_EVENTS) {
          loop = delay.stop(count);
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await done;
  await raw.disconnect();
  ctx.note(
    `kafkajs raw: ${count} messages in ${last - first} ms after the group join, event loop p99 ${loop.p99.toFixed(1)} ms, ${loop.cpuUs.toFixed(1)} µs CPU an event`,
  );
  return { rate: perSecond(count, Math.max(1, last - first)), ...loop };
}

/** The full pipeline on the same topic: consumer → decode → pair → store (+ change signal). */
async function pipelineRate(bootstrap: string, topic: string, ctx: BenchContext): Promise<RunFigures> {
  const s = new InferenceLogSession({
    brokers: [bootstrap],
    topic,
    schemaJson: V4,
    servingTool: 'KSERVE',
    loggingMode: 'ALL',
    startFrom: 'earliest',
    // Room for every pair, so the bound's evictions do not flatter the number.
    capacity: CATCH_UP_EVENTS / 2,
    maxMemoryMB: 4_096,
  });
  const delay = new LoopDelay();
  let loop = { p99: 0, max: 0, cpuUs: 0 };
  let signals = 0;
  let seen = 0;
  let pFirst = 0;
  let pLast = 0;
  s.onChanged(() => signals++);
  // Every message yields exactly one row notification (added, or updated when it completes a pair), so
  // the clock stops at the last message's row, like the raw consumer's stops at its last batch.
  s.onRow(() => {
    if (seen === 0) {
      pFirst = Date.now();
      delay.start();
    }
    if (++seen === CATCH_UP_EVENTS) {
      pLast = Date.now();
      loop = delay.stop(CATCH_UP_EVENTS);
    }
  });
  await s.start();
  while (s.stats().total < CATCH_UP_EVENTS || seen < CATCH_UP_EVENTS)
    await new Promise((r) => setTimeout(r, 5));
  const stats = s.stats();
  const pairs = s.query({ filter: { kind: 'pair' } }).total;
  await s.dispose();
  ctx.note(
    `pipeline: ${stats.total} messages → ${stats.rows} rows (${pairs} pairs, ${stats.dropped} dropped by the bound) in ${pLast - pFirst} ms, ${signals} change signals, event loop p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms, ${loop.cpuUs.toFixed(1)} µs CPU an event`,
  );
  return { rate: perSecond(stats.total, Math.max(1, pLast - pFirst)), ...loop };
}

/** Change signals per second while events pour in non-stop for a few seconds (wall clock, real timers). */
async function sustainedSignals(ctx: BenchContext): Promise<BenchResults> {
  const v4 = avroTypeFor(V4);
  const values = Array.from({ length: 2_000 }, (_, i) => v4.toBuffer(v4Record(i)));
  const s = new InferenceLogSession({
    brokers: ['127.0.0.1:9'],
    topic: 'bench',
    schemaJson: V4,
    capacity: 100_000,
  });
  let signals = 0;
  s.onChanged(() => signals++);
  const durationMs = 3_000;
  const start = Date.now();
  let offset = 0;
  while (Date.now() - start < durationMs) {
    s.ingest(
      values.slice(0, 200).map((value, i) => ({
        partition: i % 4,
        offset: String(offset++),
        timestampMs: Date.now(),
        key: null,
        value: values[offset % values.length] ?? value,
      })),
    );
    // Yield so the throttle's timers can fire, as they do between Kafka batches.
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = Date.now() - start;
  await s.dispose();
  ctx.note(`signals: ${signals} for ${offset} events in ${elapsed} ms`);
  return { signals_per_s: perSecond(signals, elapsed) };
}

const section: BenchSection = {
  name: 'inferenceLog',
  async run(ctx) {
    return {
      ...decodeRates(),
      ...(await catchUp(ctx)),
      ...(await sustainedSignals(ctx)),
      heap_mb_per_100k_1kb: heapPer100k(1_024),
      heap_mb_per_100k_10kb: heapPer100k(10 * 1_024),
      heap_mb_per_100k_kserve: heapPer100kKserve(),
      ...byteBound(ctx),
    };
  },
};

export default section;
