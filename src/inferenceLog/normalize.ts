// Turns a decoded Avro record of any `inferenceschema` version into one event model. Driven by field
// names rather than the version number, so v5+ works as long as it keeps the known names.
import { parsePayload } from './payload';
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
  const base = {
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
  const withExtra = <T extends object>(e: T): T => (extra ? { ...e, extra } : e);

  if ('inferenceRequest' in record || 'inferenceResponse' in record) {
    return withExtra({
      ...base,
      kind: 'combined' as const,
      request: parsePayload(str(record.inferenceRequest)),
      response: parsePayload(str(record.inferenceResponse)),
    });
  }
  if ('messageType' in record || 'payload' in record) {
    const messageType = str(record.messageType);
    const kind = kserveKind(messageType);
    const payload = parsePayload(str(record.payload));
    if (kind === 'request') return withExtra({ ...base, kind, request: payload });
    if (kind === 'response') return withExtra({ ...base, kind, response: payload });
    // An unknown message type is shown as it is rather than guessed at.
    return withExtra({ ...base, kind: 'combined' as const, request: payload, messageType });
  }
  // A layout we do not know: keep everything visible as JSON instead of losing it.
  return { ...base, kind: 'combined', request: parsePayload(JSON.stringify(record)) };
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

function extraFields(record: Record<string, unknown>): Record<string, string | number> | undefined {
  let extra: Record<string, string | number> | undefined;
  for (const [k, v] of Object.entries(record)) {
    if (KNOWN_FIELDS.has(k)) continue;
    extra ??= {};
    extra[k] = typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);
  }
  return extra;
}
