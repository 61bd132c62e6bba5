// The shapes every part of the inference-log pipeline shares: decoded events, stored rows, options.
// Kept free of kafkajs/avsc types so the webview protocol can reuse them without pulling either in.
import type { InferenceLoggingMode } from '../hopsworks/types';

/** How a message value was framed on the wire. Hopsworks writes bare Avro; Confluent framing is accepted too. */
export type Framing = 'bare' | 'confluent';

/** Which deployment flavour wrote the topic (the deployment's `servingTool`); declared once with the DTOs. */
export type { ServingTool } from '../hopsworks/types';

/** The deployment's `inferenceLogging` mode: which KServe events exist at all. */
export type LoggingMode = InferenceLoggingMode;

/** What one Kafka message said about itself, kept with every row. */
export interface KafkaMeta {
  partition: number;
  /** Kafka offsets are 64-bit; kafkajs hands them over as decimal strings. */
  offset: string;
  /** The record's Kafka timestamp, epoch ms. */
  timestampMs: number;
  /** The key as UTF-8 text, when the producer set one (Hopsworks' Java logger never does). */
  key?: string;
  /** Size of the value in bytes. */
  size: number;
  framing?: Framing;
  /** Schema-registry id from the Confluent header, when framed that way. */
  schemaId?: number;
  /**
   * The version of the topic's subject (`inferenceschema`) that decoded the value: the topic's own, or an
   * older one for history written before the topic moved on (versionedDecoder.ts). Absent when unknown or
   * when no version decoded it.
   */
  schemaVersion?: number;
}

/**
 * What a payload turned out to be. `v1`: KServe/TF V1 JSON (`instances`/`inputs` → `predictions`);
 * `v2`: Open Inference Protocol JSON (`inputs`/`outputs` tensors); `json`: other JSON; `text`: not JSON
 * (an HTML error page, for example); `empty`: nothing was logged.
 */
export type PayloadFormat = 'v1' | 'v2' | 'json' | 'text' | 'empty';

export interface Payload {
  text: string;
  format: PayloadFormat;
  /** The parsed body when `text` is JSON. */
  json?: unknown;
  /** The body's main data: V1 `instances`/`inputs`/`predictions`, V2 `inputs`/`outputs`. */
  data?: unknown;
}

export type EventKind = 'request' | 'response' | 'combined';

/** One decoded inference-log record, normalised across schema versions. */
export interface InferenceEvent {
  kind: EventKind;
  /** Deployment name (`modelName` in every schema version holds the deployment name). */
  model: string;
  modelVersion: number;
  /** `servingId` (v4) or `modelId` (v1–v3): both hold the deployment id. */
  servingId: number;
  /** Joins a KServe request with its response; '' for DEFAULT deployments. */
  inferenceId: string;
  /** Epoch ms. */
  timeMs: number;
  /** 1000 when the writer logged whole seconds (KServe), 1 for milliseconds. */
  timeResolutionMs: number;
  /** 0 when the record carries none (KServe request events). */
  httpCode: number;
  request?: Payload;
  response?: Payload;
  /** The raw `messageType` when it was neither request nor response. */
  messageType?: string;
  /** Extra fields of the record the model does not know (v2 `servingType`, v3 `modelServer`, …). */
  extra?: Record<string, string | number>;
  kafka: KafkaMeta;
}

/**
 * Row kinds: `combined` = one DEFAULT (v1–v3) record; `pair` = a KServe request joined with its response;
 * `request` / `response` = a KServe half still alone; `raw` = a message that could not be decoded.
 */
export const ROW_KINDS = ['combined', 'pair', 'request', 'response', 'raw'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/**
 * `ok`: answered (2xx/3xx, or a KServe response). `http-error`: code ≥ 400. `pending`: a KServe request
 * waiting for its response. `no-response`: none came within the timeout (KServe logs no response for a
 * failed call). `request-only`: a request in a mode where responses are never logged. `undecodable`.
 */
export type RowOutcome = 'ok' | 'http-error' | 'pending' | 'no-response' | 'request-only' | 'undecodable';

/** The HTTP code's class, as the filter offers it (`none`: the record carries no code). */
export const STATUS_CLASSES = ['2xx', '4xx', '5xx', 'none', 'other'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/**
 * One stored row. Rows are lean on purpose (100,000 of them live in memory): payloads are kept once as
 * text; `rowRequestFormat`/`rowResponseFormat` classify them (and `parsePayload` parses them) when a row
 * is shown in detail.
 * Rows are updated in place when a response joins its request; `rev` counts those updates.
 */
export interface LogRow {
  /** Store sequence number: unique and stable for the row's life, increasing in arrival order. */
  readonly id: number;
  kind: RowKind;
  outcome: RowOutcome;
  rev: number;
  /** Request time (or the response's, or the Kafka timestamp for raw rows), epoch ms. */
  timeMs: number;
  timeResolutionMs: number;
  model: string;
  modelVersion: number;
  servingId: number;
  inferenceId: string;
  httpCode: number;
  /** Response time minus request time; in whole seconds when the writer logged seconds. */
  latencyMs?: number;
  requestText?: string;
  /** Memo of `rowRequestFormat(row)`: absent until first asked for; read it through that function. */
  requestFormat?: PayloadFormat;
  responseText?: string;
  /** Memo of `rowResponseFormat(row)`. */
  responseFormat?: PayloadFormat;
  messageType?: string;
  extra?: Record<string, string | number>;
  /** The message that created the row (for a pair: the request's). */
  kafka: KafkaMeta;
  /** For a pair: the response's message. */
  responseKafka?: KafkaMeta;
  /** Raw rows: why decoding failed, and the first bytes as hex. */
  error?: string;
  hexPreview?: string;
}

/**
 * What a row says about itself, beyond its payloads and the deployment's name: the fields every outward
 * view of a row (the detail pane, the JSON copy and export) passes on as they are stored.
 */
export type RowFacts = Pick<
  LogRow,
  | 'id'
  | 'kind'
  | 'outcome'
  | 'timeMs'
  | 'timeResolutionMs'
  | 'modelVersion'
  | 'servingId'
  | 'latencyMs'
  | 'messageType'
  | 'extra'
  | 'kafka'
  | 'responseKafka'
  | 'error'
  | 'hexPreview'
>;

export interface RowFilter {
  /** Case-insensitive substring of request/response text, inference id or model name. */
  text?: string;
  kind?: RowKind | readonly RowKind[];
  status?: StatusClass | readonly StatusClass[];
  /** HTTP ≥ 400 or no response. */
  errorsOnly?: boolean;
  undecodableOnly?: boolean;
  /**
   * Only rows of this deployment (`servingId`, v1–v3 `modelId`): several deployments may log to one
   * topic. Undecodable rows stay, since nothing says whose they are.
   */
  servingId?: number;
}

export interface QueryRequest {
  /** Index into the matching rows (after filter and order). */
  offset?: number;
  limit?: number;
  filter?: RowFilter;
  /** Default `oldest-first` (arrival order). */
  order?: 'oldest-first' | 'newest-first';
}

export interface QueryResult {
  /** Matching rows in the store (not only this page). */
  total: number;
  rows: readonly LogRow[];
}

export interface StoreStats {
  capacity: number;
  /** Rows currently held. */
  rows: number;
  /** Kafka messages taken in since start (or the last clear), decodable or not. */
  total: number;
  /** Rows that are errors now (HTTP ≥ 400 or no response), counting rows already dropped by the bound. */
  errors: number;
  undecodable: number;
  /** Rows pushed out by the bounds (capacity, memory), oldest first. */
  dropped: number;
  /** Of `dropped`, the rows pushed out by the memory bound (`maxMemoryBytes`). */
  droppedForMemory?: number;
  /**
   * Rows held that belong to another deployment logging to the same topic (when the session knows its
   * own: `InferenceLogSessionOptions.servingId`).
   */
  otherDeployments?: number;
  /** KServe requests still waiting for a response. */
  pending: number;
  /** Messages per second over the last few seconds. */
  eventsPerSecond: number;
  /** Heap the store holds (its ring and its rows), estimated (rowSize.ts). */
  memoryBytes?: number;
  /** The memory bound (`hopsworks.inferenceLog.maxMemoryMB`) in bytes. */
  maxMemoryBytes?: number;
}

export interface Histogram {
  startMs: number;
  bucketMs: number;
  events: number[];
  errors: number[];
}

export type ConsumerState =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'paused' }
  | { state: 'reconnecting'; reason: string }
  | { state: 'error'; message: string; action: string }
  | { state: 'stopped' };

export type StartFrom = 'latest' | 'earliest' | { timestampMs: number };

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What a save dialog calls each format (its file extension is the format's name). */
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = { jsonl: 'JSON Lines', csv: 'CSV' };
