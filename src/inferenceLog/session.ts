// One live inference-log view: consumer → decode → normalise → pair → store → change signal, plus the
// query/export API the panel host serves the webview from. Nothing here talks to VS Code.
import type { DecodeResult } from './avroDecoder';
import type { Clock, TimerHandle } from './clock';
import { systemClock } from './clock';
import type { ExportResult } from './exportRows';
import { exportRows } from './exportRows';
import type { BatchMessage, ConsumedMessage, TlsMaterial } from './kafkaConsumer';
import { LogConsumer } from './kafkaConsumer';
import { LogStore } from './logStore';
import { normalizeRecord } from './normalize';
import { Pairer } from './pairing';
import { hexPreview } from './rawMessage';
import { shareText } from './sharedText';
import type { SchemaVersionText } from './versionedDecoder';
import { VersionedDecoder } from './versionedDecoder';
import type {
  ConsumerState,
  ExportFormat,
  Framing,
  Histogram,
  KafkaMeta,
  LoggingMode,
  LogRow,
  QueryRequest,
  QueryResult,
  RowFilter,
  ServingTool,
  StartFrom,
  StoreStats,
} from './types';

export interface InferenceLogSessionOptions {
  /** Bootstrap servers, "host:port". */
  brokers: string[];
  /** Mutual TLS material (PEM); omit only for a plaintext test broker. */
  ssl?: TlsMaterial;
  topic: string;
  /** The Avro schema the topic is bound to (kafkaTopicDTO.schemaContent or the subjects endpoint). */
  schemaJson: string;
  /** kafkaTopicDTO.schemaVersion: the version tried first on each value. */
  schemaVersion?: number;
  /**
   * Every version of the topic's subject (`GET /kafka/subjects/{subject}/versions`): a value the topic's
   * own version does not read exactly is decoded with the one that does, newest first
   * (versionedDecoder.ts). Each row says which version decoded it (`KafkaMeta.schemaVersion`).
   */
  schemaVersions?: readonly SchemaVersionText[];
  /**
   * The deployment the view is for. Several deployments may log to one topic: rows of the others are
   * counted apart (`StoreStats.otherDeployments`) and `RowFilter.servingId` shows only this one's.
   */
  servingId?: number;
  /** The deployment's servingTool (default: KSERVE when the schema has `messageType`, else DEFAULT). */
  servingTool?: ServingTool;
  /** The deployment's inferenceLogging mode (default ALL; DEFAULT deployments only support ALL). */
  loggingMode?: LoggingMode;
  startFrom?: StartFrom;
  /** Rows kept (default 100,000). */
  capacity?: number;
  /** Heap the rows may hold, in MB (default 256): past it the oldest rows are dropped, and counted. */
  maxMemoryMB?: number;
  /** How long a KServe request waits for its response before it is marked "no response" (default 30 s). */
  noResponseTimeoutMs?: number;
  /** Minimum gap between "changed" signals (default 100 ms). */
  signalIntervalMs?: number;
  clientId?: string;
  /** Diagnostic lines for an output channel; never contain credentials. */
  log?: (line: string) => void;
  clock?: Clock;
}

export type RowChange = 'added' | 'updated';

const SWEEP_INTERVAL_MS = 1_000;

export class InferenceLogSession {
  readonly topic: string;
  readonly servingTool: ServingTool;
  readonly loggingMode: LoggingMode;
  /** The deployment the view is for (see the option). */
  readonly servingId: number | undefined;
  private readonly decoder: VersionedDecoder;
  private readonly store: LogStore;
  private readonly pairer: Pairer;
  private readonly consumer: LogConsumer;
  private readonly clock: Clock;
  private readonly stateListeners = new Set<(s: ConsumerState) => void>();
  private readonly rowListeners = new Set<(row: LogRow, change: RowChange) => void>();
  /** The same listeners as an array: ingest calls them per row without building an iterator each time. */
  private rowListenerList: ((row: LogRow, change: RowChange) => void)[] = [];
  private sweepTimer: TimerHandle | undefined;
  private sweeping = false;
  private disposed = false;

  /** Throws SchemaError when `schemaJson` is not a usable Avro schema; nothing else throws later. */
  constructor(options: InferenceLogSessionOptions) {
    this.topic = options.topic;
    this.clock = options.clock ?? systemClock;
    this.decoder = new VersionedDecoder({
      schemaJson: options.schemaJson,
      schemaVersion: options.schemaVersion,
      others: options.schemaVersions,
      onSkipped: (v, why) =>
        options.log?.(`Schema version ${v} of topic ${options.topic} is left out of decoding: ${why}`),
    });
    this.servingId = options.servingId;
    this.servingTool =
      options.servingTool ?? (/"messageType"/.test(options.schemaJson) ? 'KSERVE' : 'DEFAULT');
    this.loggingMode = this.servingTool === 'KSERVE' ? (options.loggingMode ?? 'ALL') : 'ALL';
    this.store = new LogStore({
      capacity: options.capacity,
      maxBytes: options.maxMemoryMB === undefined ? undefined : options.maxMemoryMB * 1024 * 1024,
      clock: this.clock,
      signalIntervalMs: options.signalIntervalMs,
      ownServingId: options.servingId,
    });
    this.pairer = new Pairer({
      store: this.store,
      clock: this.clock,
      loggingMode: this.loggingMode,
      noResponseTimeoutMs: options.noResponseTimeoutMs,
    });
    this.pairer.freeze();
    this.consumer = new LogConsumer({
      brokers: options.brokers,
      ssl: options.ssl,
      topic: options.topic,
      startFrom: options.startFrom,
      clientId: options.clientId,
      clock: this.clock,
      log: options.log,
      onMessages: (partition, messages) => this.ingestBatch(partition, messages),
      onState: (s) => this.onConsumerState(s),
    });
  }

  get state(): ConsumerState {
    return this.consumer.state;
  }

  /** Starts consuming; resolves once the first attempt is under way or failed (see `onState`). */
  async start(): Promise<void> {
    if (this.disposed) return;
    this.sweeping = true;
    this.scheduleSweep();
    await this.consumer.start();
  }

  /** Stops fetching; the broker keeps the data and `resume` carries on from the same offsets. */
  pause(): void {
    this.consumer.pause();
  }

  resume(): void {
    this.consumer.resume();
  }

  /** Forgets the rows and counters; consumption goes on. */
  clear(): void {
    this.pairer.clear();
    this.store.clear();
  }

  async stop(): Promise<void> {
    this.sweeping = false;
    this.sweepTimer?.cancel();
    this.sweepTimer = undefined;
    await this.consumer.stop();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.stop();
    this.store.dispose();
    this.stateListeners.clear();
    this.rowListeners.clear();
    this.rowListenerList = [];
  }

  /** The throttled "something changed, pull again" signal (at most ~10 per second). */
  onChanged(listener: () => void): () => void {
    return this.store.onChanged(listener);
  }

  onState(listener: (state: ConsumerState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Every row as it is added or updated (a response joining, a timeout); for "Tail to Output". */
  onRow(listener: (row: LogRow, change: RowChange) => void): () => void {
    this.rowListeners.add(listener);
    this.rowListenerList = [...this.rowListeners];
    return () => {
      this.rowListeners.delete(listener);
      this.rowListenerList = [...this.rowListeners];
    };
  }

  /** Rows the store's bound pushes out: they can change no more (analyses following rows forget them). */
  onEvicted(listener: (row: LogRow) => void): () => void {
    return this.store.onEvicted(listener);
  }

  query(request?: QueryRequest): QueryResult {
    return this.store.query(request);
  }

  stats(): StoreStats {
    return this.store.stats();
  }

  histogram(maxBuckets?: number, filter?: RowFilter): Histogram {
    return this.store.histogram(maxBuckets, filter);
  }

  getRow(id: number): LogRow | undefined {
    return this.store.get(id);
  }

  /** Writes the rows matching `filter` (oldest first) to `filePath`. */
  exportTo(filePath: string, format: ExportFormat, filter?: RowFilter): Promise<ExportResult> {
    // A snapshot of references: rows arriving during the write do not stretch the export.
    return exportRows([...this.store.matching(filter)], filePath, format);
  }

  /** The pipeline's entry point for tests and benchmarks. Never throws. */
  ingest(messages: readonly ConsumedMessage[]): void {
    // Runs of one partition go through the consumer's path, in order.
    for (let start = 0; start < messages.length;) {
      const partition = messages[start]!.partition;
      let end = start + 1;
      while (end < messages.length && messages[end]!.partition === partition) end++;
      const run: BatchMessage[] = [];
      for (let i = start; i < end; i++) {
        const m = messages[i]!;
        run.push({ offset: m.offset, timestamp: String(m.timestampMs), key: m.key, value: m.value });
      }
      this.ingestBatch(partition, run);
      start = end;
    }
  }

  /**
   * The consumer's entry point: one partition's fetched messages (a slice of a batch), as kafkajs hands
   * them over. Decodes them all first so their payloads can share one string (sharedText.ts), then turns
   * them into rows in offset order. Never throws.
   */
  ingestBatch(partition: number, messages: readonly BatchMessage[]): void {
    this.store.countMessages(messages.length);
    const decoded: (DecodeResult | Error)[] = new Array<DecodeResult | Error>(messages.length);
    for (let i = 0; i < messages.length; i++) {
      try {
        decoded[i] = this.decoder.decode(messages[i]!.value);
      } catch (e) {
        decoded[i] = e instanceof Error ? e : new Error(String(e));
      }
    }
    sharePayloads(decoded);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      this.ingestOne(partition, m.offset, Number(m.timestamp), m.key ?? null, m.value, decoded[i]!);
    }
  }

  private ingestOne(
    partition: number,
    offset: string,
    timestampMs: number,
    key: Buffer | null,
    value: Buffer | null,
    decoded: DecodeResult | Error,
  ): void {
    let row: LogRow;
    let change: RowChange = 'added';
    try {
      if (decoded instanceof Error) throw decoded;
      if (decoded.ok) {
        const kafka = this.kafkaMeta(
          partition,
          offset,
          timestampMs,
          key,
          value,
          decoded.framing,
          decoded.version,
        );
        if (decoded.schemaId !== undefined) kafka.schemaId = decoded.schemaId;
        const added = this.pairer.add(normalizeRecord(decoded.record, kafka));
        row = added.row;
        if (added.joined) change = 'updated';
      } else {
        row = this.pairer.addUndecodable(
          this.kafkaMeta(partition, offset, timestampMs, key, value, undefined),
          decoded.error,
          hexPreview(value),
          timestampMs,
        );
      }
    } catch (e) {
      row = this.pairer.addUndecodable(
        this.kafkaMeta(partition, offset, timestampMs, key, value, undefined),
        `processing failed: ${(e as Error).message}`,
        hexPreview(value),
        timestampMs,
      );
    }
    const listeners = this.rowListenerList;
    for (let l = 0; l < listeners.length; l++) {
      try {
        listeners[l]!(row, change);
      } catch {
        /* a listener's failure must not stop ingestion */
      }
    }
  }

  /**
   * The message's metadata in one object literal per case (kept with every row): properties added after
   * creation would give 100,000 long-lived objects a second, separately allocated property store.
   */
  private kafkaMeta(
    partition: number,
    offset: string,
    timestampMs: number,
    key: Buffer | null,
    value: Buffer | null,
    framing: Framing | undefined,
    v?: number,
  ): KafkaMeta {
    const size = value?.length ?? 0;
    let kafka: KafkaMeta;
    if (framing === undefined) {
      kafka =
        v === undefined
          ? { partition, offset, timestampMs, size }
          : { partition, offset, timestampMs, size, schemaVersion: v };
    } else {
      kafka =
        v === undefined
          ? { partition, offset, timestampMs, size, framing }
          : { partition, offset, timestampMs, size, framing, schemaVersion: v };
    }
    // Hopsworks' logger never sets a key; other producers may.
    if (key && key.length > 0) kafka.key = key.toString('utf8');
    return kafka;
  }

  /** Marks timed-out requests now (the session also does this every second while live). */
  sweep(): number {
    const marked = this.pairer.sweep();
    for (const row of marked) for (const l of this.rowListeners) safeCall(() => l(row, 'updated'));
    return marked.length;
  }

  private onConsumerState(s: ConsumerState): void {
    // The no-response clock only runs while responses can actually arrive.
    if (s.state === 'live') this.pairer.thaw();
    else this.pairer.freeze();
    for (const l of this.stateListeners) safeCall(() => l(s));
  }

  private scheduleSweep(): void {
    this.sweepTimer?.cancel();
    this.sweepTimer = this.clock.setTimeout(() => {
      this.sweep();
      if (this.sweeping) this.scheduleSweep();
    }, SWEEP_INTERVAL_MS);
  }
}

/** The record fields that hold logged bodies, in every schema version (normalize.ts reads the same). */
const PAYLOAD_FIELDS = ['inferenceRequest', 'inferenceResponse', 'payload'] as const;

/** Lets the bodies of decoded records share one string (sharedText.ts), in place. */
function sharePayloads(decoded: readonly (DecodeResult | Error)[]): void {
  const texts: (string | undefined)[] = [];
  for (const d of decoded) {
    if (d instanceof Error || !d.ok) continue;
    for (const f of PAYLOAD_FIELDS) {
      const v = d.record[f];
      texts.push(typeof v === 'string' ? v : undefined);
    }
  }
  shareText(texts);
  let k = 0;
  for (const d of decoded) {
    if (d instanceof Error || !d.ok) continue;
    for (const f of PAYLOAD_FIELDS) {
      const t = texts[k++];
      if (t !== undefined) d.record[f] = t;
    }
  }
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    /* a listener's failure must not stop ingestion */
  }
}

export function createInferenceLogSession(options: InferenceLogSessionOptions): InferenceLogSession {
  return new InferenceLogSession(options);
}
