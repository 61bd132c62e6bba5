// A row as plain JSON: what "copy row" puts on the clipboard and what each JSON Lines export line holds.
// Payloads are parsed back from their text so JSON bodies come out as JSON, other bodies as text.
import { parsePayload } from './payload';
import type { KafkaMeta, LogRow, PayloadFormat } from './types';

export type PayloadJson = { format: PayloadFormat; json: unknown } | { format: PayloadFormat; text: string };

export interface RowJson {
  id: number;
  kind: LogRow['kind'];
  outcome: LogRow['outcome'];
  time: string;
  timeMs: number;
  timeResolutionMs: number;
  model: string;
  modelVersion: number;
  servingId: number;
  inferenceId?: string;
  httpCode?: number;
  latencyMs?: number;
  request?: PayloadJson;
  response?: PayloadJson;
  messageType?: string;
  extra?: Record<string, string | number>;
  kafka: KafkaMeta;
  responseKafka?: KafkaMeta;
  error?: string;
  hexPreview?: string;
}

function payloadJson(text: string | undefined): PayloadJson | undefined {
  if (text === undefined) return undefined;
  const p = parsePayload(text);
  return 'json' in p ? { format: p.format, json: p.json } : { format: p.format, text };
}

export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

export function rowToJson(row: LogRow): RowJson {
  const out: RowJson = {
    id: row.id,
    kind: row.kind,
    outcome: row.outcome,
    time: isoTime(row.timeMs),
    timeMs: row.timeMs,
    timeResolutionMs: row.timeResolutionMs,
    model: row.model,
    modelVersion: row.modelVersion,
    servingId: row.servingId,
    kafka: row.kafka,
  };
  if (row.inferenceId) out.inferenceId = row.inferenceId;
  if (row.httpCode) out.httpCode = row.httpCode;
  if (row.latencyMs !== undefined) out.latencyMs = row.latencyMs;
  const request = payloadJson(row.requestText);
  if (request) out.request = request;
  const response = payloadJson(row.responseText);
  if (response) out.response = response;
  if (row.messageType !== undefined) out.messageType = row.messageType;
  if (row.extra) out.extra = row.extra;
  if (row.responseKafka) out.responseKafka = row.responseKafka;
  if (row.error !== undefined) out.error = row.error;
  if (row.hexPreview !== undefined) out.hexPreview = row.hexPreview;
  return out;
}

/** One row, indented, for "copy". */
export function rowToPrettyJson(row: LogRow): string {
  return JSON.stringify(rowToJson(row), null, 2);
}
