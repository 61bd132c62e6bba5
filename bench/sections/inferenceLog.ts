// Inference-log pipeline numbers: decode rates (v3, v4) against JSON.parse of the same events, a plain
// kafkajs consumer against the full pipeline on the same topic of the real broker, memory per 100,000
// rows, and how many "changed" signals the store sent per second while under load.
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

const PARTITIONS = 8;
/** 280,000 v4 events of ~90–106 bytes over 8 partitions: ~3.5 MB each, under the mock's ~5 MB retention. */
const KAFKA_EVENTS = 280_000;

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

/** Request and response of call i/2, like the KServe sidecar writes them. */
function v4Record(i: number) {
  const request = i % 2 === 0;
  return {
    servingId: 12,
    modelName: 'irisclassifier',
    modelVersion: 3,
    requestTimestamp: 1718007125 + Math.floor(i / 1000),
    responseHttpCode: request ? 0 : 200,
    inferenceId: uuid(Math.floor(i / 2)),
    messageType: request ? 'request' : 'response',
    payload: request ? '{"instances": [[5.1, 3.5, 1.4, 0.2]]}' : '{"predictions":[0]}',
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

function heapPer100k(): BenchResults {
  const collect = gc();
  const measure = (schema: string, encode: (i: number) => Buffer): number => {
    collect();
    const before = process.memoryUsage().heapUsed;
    const s = new InferenceLogSession({
      brokers: ['127.0.0.1:9'],
      topic: 'bench',
      schemaJson: schema,
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
          value: encode(i),
        });
      }
      s.ingest(batch);
    }
    collect();
    const mb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    if (s.stats().total !== 100_000) throw new Error('not every event was stored');
    void s.dispose();
    return mb;
  };
  const v3 = avroTypeFor(V3);
  const v4 = avroTypeFor(V4);
  return {
    heap_mb_per_100k: measure(V3, (i) => v3.toBuffer(v3Record(i))),
    heap_mb_per_100k_kserve: measure(V4, (i) => v4.toBuffer(v4Record(i))),
  };
}

async function kafkaRates(ctx: BenchContext): Promise<BenchResults> {
  const tls = await generateTlsMaterial('bench__user');
  const broker = await startKafkaBroker({
    plaintextPort: 0,
    tlsPort: 0,
    tls: { caPem: tls.ca.certPem, certPem: tls.server.certPem, keyPem: tls.server.keyPem },
  });
  const kafka = new Kafka({ brokers: [broker.plaintextBootstrap], logLevel: logLevel.NOTHING });
  const topic = 'irisclassifier-inf4821';
  try {
    await broker.createTopic(topic, PARTITIONS);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const v4 = avroTypeFor(V4);
    const tp = Date.now();
    for (let start = 0; start < KAFKA_EVENTS; start += 5_000) {
      const messages = [];
      // A call's request and response go to different partitions, as the sidecar's may.
      for (let i = start; i < start + 5_000; i++)
        messages.push({ partition: i % PARTITIONS, value: v4.toBuffer(v4Record(i)) });
      await producer.send({ topic, messages });
    }
    await producer.disconnect();
    ctx.note(`produced ${KAFKA_EVENTS} v4 events over ${PARTITIONS} partitions in ${Date.now() - tp} ms`);

    // Both consumers read the whole topic twice, alternating (raw, pipeline, raw, pipeline), and the faster
    // run of each counts: each gets a warmed-up run (once the pipeline alone profited from going second),
    // and a hiccup of the shared 2-core machine during one run does not decide the comparison.
    const raws: number[] = [];
    const pipes: number[] = [];
    for (let round = 0; round < 2; round++) {
      raws.push(await rawRate(kafka, topic, round, ctx));
      pipes.push(await pipelineRate(broker.plaintextBootstrap, topic, ctx));
    }
    const kafkajsRaw = Math.max(...raws);
    const store = Math.max(...pipes);
    ctx.note(
      `pipeline at ${Math.round((store / kafkajsRaw) * 100)}% of the raw kafkajs rate (best of 2 each)`,
    );
    return {
      kafkajs_raw_per_s: kafkajsRaw,
      store_events_per_s: store,
    };
  } finally {
    await broker.stop();
  }
}

/** A plain kafkajs consumer that only counts: the ceiling for the pipeline. */
async function rawRate(kafka: Kafka, topic: string, round: number, ctx: BenchContext): Promise<number> {
  const raw = kafka.consumer({ groupId: `bench-raw-${round}-${Date.now()}`, maxWaitTimeInMs: 500 });
  await raw.connect();
  await raw.subscribe({ topics: [topic], fromBeginning: true });
  let count = 0;
  let first = 0;
  let last = 0;
  const done = new Promise<void>((resolve) => {
    void raw.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        if (count === 0) first = Date.now();
        count += batch.messages.length;
        last = Date.now();
        if (count >= KAFKA_EVENTS) resolve();
        return Promise.resolve();
      },
    });
  });
  await done;
  await raw.disconnect();
  ctx.note(`kafkajs raw: ${count} messages in ${last - first} ms after the group join`);
  return perSecond(count, Math.max(1, last - first));
}

/** The full pipeline on the same topic: consumer → decode → pair → store (+ change signal). */
async function pipelineRate(bootstrap: string, topic: string, ctx: BenchContext): Promise<number> {
  const s = new InferenceLogSession({
    brokers: [bootstrap],
    topic,
    schemaJson: V4,
    servingTool: 'KSERVE',
    loggingMode: 'ALL',
    startFrom: 'earliest',
    // Room for every pair, so the bound's evictions do not flatter the number.
    capacity: KAFKA_EVENTS / 2,
  });
  let signals = 0;
  let seen = 0;
  let pFirst = 0;
  let pLast = 0;
  s.onChanged(() => signals++);
  // Every message yields exactly one row notification (added, or updated when it completes a pair), so
  // the clock stops at the last message's row, like the raw consumer's stops at its last batch.
  s.onRow(() => {
    if (seen === 0) pFirst = Date.now();
    if (++seen === KAFKA_EVENTS) pLast = Date.now();
  });
  await s.start();
  while (s.stats().total < KAFKA_EVENTS) await new Promise((r) => setTimeout(r, 5));
  pLast ||= Date.now();
  const stats = s.stats();
  const pairs = s.query({ filter: { kind: 'pair' } }).total;
  await s.dispose();
  ctx.note(
    `pipeline: ${stats.total} messages → ${stats.rows} rows (${pairs} pairs, ${stats.dropped} dropped by the bound) in ${pLast - pFirst} ms, ${signals} change signals`,
  );
  return perSecond(stats.total, Math.max(1, pLast - pFirst));
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
      ...(await kafkaRates(ctx)),
      ...(await sustainedSignals(ctx)),
      ...heapPer100k(),
    };
  },
};

export default section;
