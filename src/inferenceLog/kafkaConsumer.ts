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
import { describeKafkaError } from './consumerErrors';
import { OffsetTracker } from './offsetTracker';
import type { ConsumerState, StartFrom } from './types';

/** PEM strings from Hopsworks' /credentials (caChain, clientCert, clientKey). */
export interface TlsMaterial {
  ca: string;
  cert: string;
  key: string;
}

export interface ConsumedMessage {
  partition: number;
  offset: string;
  timestampMs: number;
  key: Buffer | null;
  value: Buffer | null;
}

export interface LogConsumerOptions {
  /** host:port bootstrap servers. */
  brokers: string[];
  /** Mutual TLS material; absent = plaintext (tests only). */
  ssl?: TlsMaterial;
  topic: string;
  startFrom?: StartFrom;
  /** Called synchronously with each batch's new messages, in offset order per partition. */
  onMessages: (messages: ConsumedMessage[]) => void;
  onState?: (state: ConsumerState) => void;
  /** Diagnostic lines (kafkajs warnings and errors, state changes). Never contains credentials. */
  log?: (line: string) => void;
  clock?: Clock;
  /** Our own reconnect backoff, used when kafkajs gives up (default 500 ms doubling to 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  clientId?: string;
  groupIdPrefix?: string;
}

export class LogConsumer {
  private readonly opts: LogConsumerOptions;
  private readonly clock: Clock;
  private readonly kafka: Kafka;
  private readonly tracker = new OffsetTracker();
  private startOffsets: Map<number, string> | undefined;
  private consumer: Consumer | undefined;
  /** Bumped for every consumer we create, so callbacks of a discarded one are ignored. */
  private generation = 0;
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private paused = false;
  private stopped = false;
  private healthy = false;
  private current: ConsumerState = { state: 'stopped' };

  constructor(options: LogConsumerOptions) {
    this.opts = options;
    this.clock = options.clock ?? systemClock;
    const config: KafkaConfig = {
      clientId: options.clientId ?? `hopsworks-vscode-${hostname()}`,
      brokers: options.brokers,
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.onKafkaLog(entry),
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

  /** Where each partition resumes (last processed offset + 1); for diagnostics and tests. */
  positions(): ReadonlyMap<number, number> {
    return this.tracker.snapshot();
  }

  /** Resolves once the first attempt has started consuming or failed; retries continue in the background. */
  async start(): Promise<void> {
    if (this.consumer || this.retryTimer) return;
    this.stopped = false;
    this.setState({ state: 'connecting' });
    await this.connectOnce();
  }

  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    this.applyPause();
    this.setState({ state: 'paused' });
  }

  resume(): void {
    if (!this.paused || this.stopped) return;
    this.paused = false;
    try {
      this.consumer?.resume([{ topic: this.opts.topic }]);
    } catch {
      // Not running yet: the next group join starts unpaused anyway.
    }
    this.setState(this.healthy ? { state: 'live' } : { state: 'connecting' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    await this.teardown();
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
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        retry: {
          initialRetryTime: 300,
          maxRetryTime: 10_000,
          retries: 8,
          restartOnFailure: () => Promise.resolve(true),
        },
      });
      this.consumer = consumer;
      this.watch(consumer, gen);
      await consumer.connect();
      await consumer.subscribe({
        topics: [this.opts.topic],
        fromBeginning: this.opts.startFrom === 'earliest',
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: (payload) => this.onBatch(payload, gen),
      });
      if (this.paused) this.applyPause();
    } catch (e) {
      if (gen === this.generation) await this.fail(e);
    }
  }

  private async resolveStartOffsets(): Promise<Map<number, string>> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const start = this.opts.startFrom ?? 'latest';
      const offsets = new Map<number, string>();
      if (typeof start === 'object') {
        for (const p of await admin.fetchTopicOffsetsByTimestamp(this.opts.topic, start.timestampMs)) {
          offsets.set(p.partition, p.offset);
        }
      } else {
        for (const p of await admin.fetchTopicOffsets(this.opts.topic)) {
          offsets.set(p.partition, start === 'earliest' ? p.low : p.high);
        }
      }
      return offsets;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private watch(consumer: Consumer, gen: number): void {
    const { GROUP_JOIN, CRASH, REQUEST } = consumer.events;
    consumer.on(GROUP_JOIN, (event) => {
      if (gen !== this.generation) return;
      this.attempt = 0;
      this.healthy = true;
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
      if (gen !== this.generation || this.healthy) return;
      this.healthy = true;
      if (!this.paused && this.current.state === 'reconnecting') this.setState({ state: 'live' });
    });
    consumer.on(CRASH, (event) => {
      if (gen !== this.generation) return;
      const { error, restart } = event.payload;
      if (restart) {
        const problem = describeKafkaError(error, this.opts.topic);
        if (problem.fatal) {
          void this.fail(error);
          return;
        }
        this.healthy = false;
        this.setState({ state: 'reconnecting', reason: problem.message });
      } else {
        void this.fail(error);
      }
    });
  }

  private async onBatch(payload: EachBatchPayload, gen: number): Promise<void> {
    if (gen !== this.generation || this.stopped) return;
    const { batch } = payload;
    const fresh = this.tracker.accept(batch.partition, batch.messages);
    if (fresh.length > 0) {
      const out: ConsumedMessage[] = new Array<ConsumedMessage>(fresh.length);
      for (let i = 0; i < fresh.length; i++) {
        const m = fresh[i]!;
        out[i] = {
          partition: batch.partition,
          offset: m.offset,
          timestampMs: Number(m.timestamp),
          key: m.key ?? null,
          value: m.value ?? null,
        };
      }
      try {
        this.opts.onMessages(out);
      } catch (e) {
        // The sink must not make kafkajs re-deliver (the tracker has already moved on).
        this.log(`processing a batch failed: ${(e as Error).message}`);
      }
    }
    try {
      await payload.heartbeat();
    } catch {
      // A missed heartbeat surfaces as a rejoin, which the GROUP_JOIN handler covers.
    }
  }

  /** Decides between retrying (with backoff) and giving up with advice. */
  private async fail(e: unknown): Promise<void> {
    if (this.stopped) return;
    const problem = describeKafkaError(e, this.opts.topic);
    this.healthy = false;
    this.generation++;
    await this.teardown();
    if (this.stopped) return;
    if (problem.fatal) {
      this.setState({ state: 'error', message: problem.message, action: problem.action });
      return;
    }
    const initial = this.opts.backoff?.initialMs ?? 500;
    const max = this.opts.backoff?.maxMs ?? 30_000;
    const delay = Math.min(max, initial * 2 ** this.attempt);
    this.attempt++;
    this.setState({
      state: 'reconnecting',
      reason: `${problem.message} Retrying in ${Math.round(delay / 100) / 10} s.`,
    });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connectOnce();
    }, delay);
  }

  private async teardown(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect().catch(() => undefined);
  }

  private applyPause(): void {
    try {
      this.consumer?.pause([{ topic: this.opts.topic }]);
    } catch {
      // Not running yet: the GROUP_JOIN handler pauses once it is.
    }
  }

  private onKafkaLog(entry: LogEntry): void {
    const { namespace, level, log } = entry;
    const extra = log as unknown as { error?: string };
    this.log(`kafkajs ${namespace}: ${log.message}${extra.error ? ` (${extra.error})` : ''}`);
    // Connection trouble shows up here first, long before kafkajs gives up and crashes the consumer.
    if (level === logLevel.ERROR && /^(Connection|BrokerPool|Cluster)$/.test(namespace) && this.healthy) {
      this.healthy = false;
      if (!this.paused && !this.stopped && this.current.state === 'live') {
        this.setState({ state: 'reconnecting', reason: log.message });
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
