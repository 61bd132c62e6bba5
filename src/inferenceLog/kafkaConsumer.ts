// Reads one topic with kafkajs without disturbing anyone else: a throw-away consumer group per session,
// no offset commits, explicit seeks. It keeps its own position (OffsetTracker) so that reconnects and
// consumer restarts resume exactly where processing stopped. Nothing from Kafka throws out of here:
// problems become states ('reconnecting' with a reason, 'error' with what to do).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, EachBatchPayload, KafkaConfig, LogEntry } from 'kafkajs';
import type { Clock, TimerHandle } from './clock';
import { systemClock } from './clock';
import { inSlices } from './batchSlices';
import { describeKafkaError, reconnectReason } from './consumerErrors';
import { TrackedSockets } from './trackedSockets';
import { OffsetTracker } from './offsetTracker';
import { resolveStartOffsets } from './startPosition';
import type { ConsumerState, StartFrom } from './types';

/** PEM strings from Hopsworks' /credentials (caChain, clientCert, clientKey). */
export interface TlsMaterial {
  ca: string;
  cert: string;
  key: string;
}

/** A message as tests and benchmarks hand it to `InferenceLogSession.ingest`. */
export interface ConsumedMessage {
  partition: number;
  offset: string;
  timestampMs: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** One message of a fetched batch as kafkajs hands it over; its partition is the batch's. */
export interface BatchMessage {
  offset: string;
  /** The record's Kafka timestamp: epoch ms as a decimal string. */
  timestamp: string;
  key?: Buffer | null;
  value: Buffer | null;
}

export interface LogConsumerOptions {
  /** host:port bootstrap servers. */
  brokers: string[];
  /** Mutual TLS material; absent = plaintext (tests only). */
  ssl?: TlsMaterial;
  topic: string;
  startFrom?: StartFrom;
  /**
   * Called synchronously with each batch's new messages (kafkajs' own objects, not copied: at tens of
   * thousands of messages a second a copy each is measurable), in offset order.
   */
  onMessages: (partition: number, messages: readonly BatchMessage[]) => void;
  onState?: (state: ConsumerState) => void;
  /** Diagnostic lines (kafkajs warnings and errors, state changes). Never contains credentials. */
  log?: (line: string) => void;
  clock?: Clock;
  /** Our own reconnect backoff, used when kafkajs gives up (default 500 ms doubling to 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  clientId?: string;
  groupIdPrefix?: string;
}

const KAFKAJS_RETRY = { initialRetryTime: 300, maxRetryTime: 2_000, retries: 4 };
/** Bytes one fetch may bring (kafkajs' default is 10 MB), and per partition (default 1 MB). */
export const FETCH_MAX_BYTES = 1024 * 1024;
export const FETCH_MAX_BYTES_PER_PARTITION = 256 * 1024;

export class LogConsumer {
  private readonly opts: LogConsumerOptions;
  private readonly clock: Clock;
  private readonly kafka: Kafka;
  private readonly tracker = new OffsetTracker();
  private startOffsets: Map<number, string> | undefined;
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  /** Bumped for every consumer we create, so callbacks of a discarded one are ignored. */
  private generation = 0;
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private paused = false;
  private stopped = false;
  /** stop() was called: final. */
  private finished = false;
  private healthy = false;
  private everConnected = false;
  private joined = false;
  private current: ConsumerState = { state: 'stopped' };
  /** Every connection kafkajs opens for us, so that stop() can close them without waiting on kafkajs. */
  private readonly sockets = new TrackedSockets();
  /** Rejects when stop() is called (see untilStopped). */
  private readonly stopping: Promise<never>;
  private signalStop: (() => void) | undefined;

  constructor(options: LogConsumerOptions) {
    this.stopping = new Promise<never>((_, reject) => {
      this.signalStop = () => reject(new Error('the log session was closed'));
    });
    this.stopping.catch(() => undefined);
    this.opts = options;
    this.clock = options.clock ?? systemClock;
    const config: KafkaConfig = {
      clientId: options.clientId ?? `hopsworks-vscode-${hostname()}`,
      brokers: options.brokers,
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      // Short kafkajs retries: our own backoff loop (cancellable by stop) handles longer outages, so a
      // stopped session never keeps dialling the broker for long.
      retry: KAFKAJS_RETRY,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.onKafkaLog(entry),
      socketFactory: (args) => this.sockets.open(args),
    };
    if (options.ssl) {
      // Hopsworks turns host-name verification off (brokers advertise internal names) but the chain is
      // still verified against the project CA.
      config.ssl = {
        ca: [options.ssl.ca],
        cert: options.ssl.cert,
        key: options.ssl.key,
        rejectUnauthorized: true,
        checkServerIdentity: () => undefined,
      };
    }
    this.kafka = new Kafka(config);
  }

  get state(): ConsumerState {
    return this.current;
  }

  /** The last processed offset of each partition (it resumes at +1); for diagnostics and tests. */
  positions(): ReadonlyMap<number, number> {
    return this.tracker.snapshot();
  }

  /**
   * Resolves once the first attempt has started consuming or failed; retries continue in the background.
   * Does nothing after stop(): a stopped consumer has let go of its connections for good.
   */
  async start(): Promise<void> {
    if (this.consumer || this.retryTimer || this.finished) return;
    this.stopped = false;
    this.setState({ state: 'connecting' });
    await this.connectOnce();
  }

  pause(): void {
    // An error stays on screen until the user acts on it; pausing must not paper over it.
    if (this.paused || this.stopped || this.current.state === 'error') return;
    this.paused = true;
    this.applyPause();
    this.setState({ state: 'paused' });
  }

  resume(): void {
    if (!this.paused || this.stopped || this.current.state === 'error') return;
    this.paused = false;
    try {
      this.consumer?.resume([{ topic: this.opts.topic }]);
    } catch {
      // Not running yet: the next group join starts unpaused anyway.
    }
    this.setState(this.healthy ? { state: 'live' } : { state: 'connecting' });
  }

  /**
   * Stops for good and lets go of everything: closes every connection first, so that a request the
   * broker never answers (kafkajs would wait out its 30 s timeout, credentials in hand) fails at once,
   * then disconnects the clients. Resolves when all is closed.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.finished = true;
    this.generation++;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    this.signalStop?.();
    this.sockets.closeAll();
    await this.teardown();
    this.sockets.closeAll();
    this.setState({ state: 'stopped' });
  }

  private async connectOnce(): Promise<void> {
    const gen = ++this.generation;
    try {
      if (!this.startOffsets) this.startOffsets = await this.resolveStartOffsets();
      if (this.stopped || gen !== this.generation) return;
      const consumer = this.kafka.consumer({
        groupId: `${this.opts.groupIdPrefix ?? 'hopsworks-vscode-log'}-${randomUUID()}`,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 1_000,
        // kafkajs decodes a whole fetch response in one go, before any of our slicing: kafkajs' default
        // 10 MB per fetch meant that alone held the event loop for tens of milliseconds. A record bigger
        // than these still comes whole (the broker always returns the first one).
        maxBytes: FETCH_MAX_BYTES,
        maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        // When kafkajs gives up we build a new consumer in a fresh group ourselves: rejoining the old group
        // would wait out the session timeout of our own dead member (30 s) before any data flows.
        retry: { ...KAFKAJS_RETRY, restartOnFailure: () => Promise.resolve(false) },
      });
      this.consumer = consumer;
      this.watch(consumer, gen);
      // stop() may land during any await below; a superseded attempt must not go on to run.
      const superseded = () => this.stopped || gen !== this.generation;
      await this.untilStopped(consumer.connect());
      if (superseded()) return void (await consumer.disconnect().catch(() => undefined));
      await this.untilStopped(
        consumer.subscribe({ topics: [this.opts.topic], fromBeginning: this.opts.startFrom === 'earliest' }),
      );
      if (superseded()) return void (await consumer.disconnect().catch(() => undefined));
      await this.untilStopped(
        consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: true,
          eachBatch: (payload) => this.onBatch(payload, gen),
        }),
      );
      if (this.paused) this.applyPause();
    } catch (e) {
      await this.fail(e, gen);
    }
  }

  private async resolveStartOffsets(): Promise<Map<number, string>> {
    const admin: Admin = this.kafka.admin();
    this.admin = admin;
    await this.untilStopped(admin.connect());
    try {
      return await this.untilStopped(
        resolveStartOffsets(admin, this.opts.topic, this.opts.startFrom ?? 'latest'),
      );
    } finally {
      if (this.admin === admin) this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * `p`, or a rejection as soon as stop() is called: kafkajs keeps retrying a failed connect for a few
   * seconds (each retry now fails at once, see TrackedSockets), and stopping must not wait for that.
   */
  private untilStopped<T>(p: Promise<T>): Promise<T> {
    p.catch(() => undefined); // settled later, after we stopped listening
    return Promise.race([p, this.stopping]);
  }

  private watch(consumer: Consumer, gen: number): void {
    const { GROUP_JOIN, CRASH, REQUEST } = consumer.events;
    consumer.on(GROUP_JOIN, (event) => {
      if (gen !== this.generation) return;
      this.attempt = 0;
      this.healthy = true;
      this.joined = true;
      this.everConnected = true;
      // Every (re)join starts where processing stopped; partitions not seen yet start at the resolved
      // start position, so a restart never falls back to "latest" and skips what came in meanwhile.
      for (const partition of event.payload.memberAssignment[this.opts.topic] ?? []) {
        const offset = this.tracker.nextOffset(partition) ?? this.startOffsets?.get(partition);
        if (offset === undefined) continue;
        try {
          consumer.seek({ topic: this.opts.topic, partition, offset });
        } catch (e) {
          this.log(`seek failed on partition ${partition}: ${(e as Error).message}`);
        }
      }
      if (this.paused) this.applyPause();
      this.setState(this.paused ? { state: 'paused' } : { state: 'live' });
    });
    consumer.on(REQUEST, () => {
      // Only a consumer still in its group is back to live by a mere answered request.
      if (gen !== this.generation || this.healthy || !this.joined) return;
      this.healthy = true;
      if (!this.paused && this.current.state === 'reconnecting') this.setState({ state: 'live' });
    });
    consumer.on(CRASH, (event) => {
      // kafkajs never restarts on its own here (restartOnFailure is false): fail() decides.
      void this.fail(event.payload.error, gen);
    });
  }

  private async onBatch(payload: EachBatchPayload, gen: number): Promise<void> {
    if (gen !== this.generation || this.stopped) return;
    const { batch } = payload;
    const { partition } = batch;
    // Slices, with the event loop free in between (batchSlices.ts). The tracker takes each slice as it is
    // handed over, so when this consumer is replaced mid-batch (an outage) the next one resumes right
    // after the last message processed: no gap, no duplicate. A pause does not stop the slices: kafkajs
    // has already moved past this batch, so its rest would otherwise be skipped.
    await inSlices(
      batch.messages,
      (slice) => {
        const fresh = this.tracker.accept(partition, slice);
        if (fresh.length === 0) return;
        try {
          this.opts.onMessages(partition, fresh);
        } catch (e) {
          // The sink must not make kafkajs re-deliver (the tracker has already moved on).
          this.log(`processing a batch failed: ${(e as Error).message}`);
        }
      },
      () => gen === this.generation && !this.stopped,
      { bytesOf: (m) => m.value?.length ?? 0 },
    );
    try {
      await payload.heartbeat();
    } catch {
      // A missed heartbeat surfaces as a rejoin, which the GROUP_JOIN handler covers.
    }
  }

  /** Decides between retrying (with backoff) and giving up with advice. */
  private async fail(e: unknown, gen: number): Promise<void> {
    // Several paths report the same failure (a log line, the crash, the rejected connect): act once.
    if (this.stopped || gen !== this.generation || this.current.state === 'error') return;
    this.generation++;
    this.healthy = false;
    this.joined = false;
    const problem = describeKafkaError(e, this.opts.topic, {
      tls: this.opts.ssl !== undefined,
      everConnected: this.everConnected,
    });
    if (problem.fatal) {
      this.setState({ state: 'error', message: problem.message, action: problem.action });
      await this.teardown();
      return;
    }
    await this.teardown();
    if (this.stopped) return;
    const initial = this.opts.backoff?.initialMs ?? 500;
    const max = this.opts.backoff?.maxMs ?? 30_000;
    const delay = Math.min(max, initial * 2 ** this.attempt);
    this.attempt++;
    this.log(`reconnecting in ${delay} ms after: ${describeRaw(e)}`);
    this.setState({ state: 'reconnecting', reason: reconnectReason(problem) });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connectOnce();
    }, delay);
  }

  private async teardown(): Promise<void> {
    const consumer = this.consumer;
    const admin = this.admin;
    this.consumer = undefined;
    this.admin = undefined;
    await Promise.all([
      consumer?.disconnect().catch(() => undefined),
      admin?.disconnect().catch(() => undefined),
    ]);
  }

  private applyPause(): void {
    try {
      this.consumer?.pause([{ topic: this.opts.topic }]);
    } catch {
      // Not running yet: the GROUP_JOIN handler pauses once it is.
    }
  }

  private onKafkaLog(entry: LogEntry): void {
    // After stop() kafkajs may still be unwinding a retry loop (against refused sockets): not news.
    if (this.finished) return;
    const { namespace, level, log } = entry;
    const extra = log as unknown as { error?: string };
    this.log(`kafkajs ${namespace}: ${log.message}${extra.error ? ` (${extra.error})` : ''}`);
    if (level !== logLevel.ERROR || !/^(Connection|BrokerPool|Cluster)$/.test(namespace)) return;
    // A certificate verdict will not change by retrying: stop now rather than after kafkajs' retries.
    if (this.stopped || this.current.state === 'error') return;
    const problem = describeKafkaError({ message: log.message }, this.opts.topic);
    if (problem.fatal) {
      void this.fail(new Error(log.message), this.generation);
      return;
    }
    // Connection trouble shows up here first, long before kafkajs gives up and crashes the consumer.
    if (this.healthy) {
      this.healthy = false;
      if (!this.paused && !this.stopped && this.current.state === 'live') {
        // Worded like the reconnect that follows (same words, same context), so one outage reads as one
        // message, never as Node's text.
        const lost = describeKafkaError(
          { message: `${log.message}${extra.error ? ` (${extra.error})` : ''}` },
          this.opts.topic,
          { tls: this.opts.ssl !== undefined, everConnected: this.everConnected },
        );
        this.setState({ state: 'reconnecting', reason: reconnectReason(lost) });
      }
    }
  }

  private setState(s: ConsumerState): void {
    const prev = this.current;
    this.current = s;
    if (prev.state === s.state && JSON.stringify(prev) === JSON.stringify(s)) return;
    this.log(
      `state ${s.state}${'reason' in s ? `: ${s.reason}` : ''}${'message' in s ? `: ${s.message}` : ''}`,
    );
    try {
      this.opts.onState?.(s);
    } catch {
      /* the host's callback must not break consumption */
    }
  }

  private log(line: string): void {
    try {
      this.opts.log?.(line);
    } catch {
      /* ignore */
    }
  }
}

/** Node's own text of an error, for the log (the panel shows words, the log keeps the detail). */
function describeRaw(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
