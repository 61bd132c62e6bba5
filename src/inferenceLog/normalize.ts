// Turns a decoded Avro record of any `inferenceschema` version into one event model. Driven by field
// names rather than the version number, so v5+ works as long as it keeps the known names.
import { LazyPayload } from './payload';
import type { EventKind, InferenceEvent, KafkaMeta } from './types';

/** KServe (v4) logs epoch seconds, v1–v3 epoch milliseconds; 1e11 ms is 1973, 1e11 s is year 5138. */
const SECONDS_BELOW = 1e11;

const KNOWN_FIELDS = new Set([
  'modelId',
  'servingId',
  'modelName',
  'modelVersion',
  'requestTimestamp',
  'responseHttpCode',
  'inferenceRequest',
  'inferenceResponse',
  'inferenceId',
  'messageType',
  'payload',
]);

export function normalizeRecord(record: Record<string, unknown>, kafka: KafkaMeta): InferenceEvent {
  const { timeMs, timeResolutionMs } = eventTime(record.requestTimestamp, kafka.timestampMs);
  // One literal with every field, in one order: this runs for every message, so no spreads or closures.
  const e: InferenceEvent = {
    kind: 'combined',
    model: str(record.modelName),
    modelVersion: num(record.modelVersion),
    servingId: num(record.servingId ?? record.modelId),
    inferenceId: str(record.inferenceId),
    timeMs,
    timeResolutionMs,
    httpCode: num(record.responseHttpCode),
    kafka,
  };
  const extra = extraFields(record);
  if (extra) e.extra = extra;

  if ('inferenceRequest' in record || 'inferenceResponse' in record) {
    e.request = new LazyPayload(str(record.inferenceRequest));
    e.response = new LazyPayload(str(record.inferenceResponse));
  } else if ('messageType' in record || 'payload' in record) {
    const messageType = str(record.messageType);
    const kind = kserveKind(messageType);
    const payload = new LazyPayload(str(record.payload));
    if (kind === 'request') {
      e.kind = kind;
      e.request = payload;
    } else if (kind === 'response') {
      e.kind = kind;
      e.response = payload;
    } else {
      // An unknown message type is shown as it is rather than guessed at.
      e.request = payload;
      e.messageType = messageType;
    }
  } else {
    // A layout we do not know: keep everything visible as JSON instead of losing it.
    e.request = new LazyPayload(JSON.stringify(record));
  }
  return e;
}

export function eventTime(
  requestTimestamp: unknown,
  kafkaTimestampMs: number,
): { timeMs: number; timeResolutionMs: number } {
  const t = typeof requestTimestamp === 'number' ? requestTimestamp : Number(requestTimestamp);
  if (!Number.isFinite(t) || t <= 0) return { timeMs: kafkaTimestampMs, timeResolutionMs: 1 };
  return t < SECONDS_BELOW
    ? { timeMs: t * 1000, timeResolutionMs: 1000 }
    : { timeMs: t, timeResolutionMs: 1 };
}

function kserveKind(messageType: string): EventKind | undefined {
  const t = messageType.toLowerCase();
  return t === 'request' ? 'request' : t === 'response' ? 'response' : undefined;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

// avsc decodes every record of a schema into instances of one generated class; the names of the fields
// the model does not know are worked out once per class.
const extraKeysByClass = new WeakMap<object, string[]>();

function extraKeys(record: Record<string, unknown>): string[] {
  const ctor = (record as { constructor?: unknown }).constructor;
  const cacheable = typeof ctor === 'function' && ctor !== Object;
  const cached = cacheable ? extraKeysByClass.get(ctor) : undefined;
  if (cached) return cached;
  const keys = Object.keys(record).filter((k) => !KNOWN_FIELDS.has(k));
  if (cacheable) extraKeysByClass.set(ctor, keys);
  return keys;
}

function extraFields(record: Record<string, unknown>): Record<string, string | number> | undefined {
  const keys = extraKeys(record);
  if (keys.length === 0) return undefined;
  const extra: Record<string, string | number> = {};
  for (const k of keys) {
    const v = record[k];
    extra[k] = typeof v === 'number' || typeof v === 'string' ? v : str(v);
  }
  return extra;
}
