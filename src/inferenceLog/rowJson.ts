// A row as plain JSON: the one serialiser behind "Copy as JSON" and every JSON Lines export line, so the
// same row reads the same wherever it ends up. Payloads are parsed back from their text so JSON bodies
// come out as JSON (`{format, json}`) and other bodies as text (`{format, text}`); a body the host does
// not parse (too big or too deeply nested, see jsonLimits.ts) or cannot write back out comes out as text.
import { parsePayload } from './payload';
import type { LogRow, PayloadFormat, RowFacts } from './types';

export type PayloadJson = { format: PayloadFormat; json: unknown } | { format: PayloadFormat; text: string };

/** A row's own fields as they are, plus its time as ISO text and its payloads as JSON where they parse. */
export interface RowJson extends RowFacts {
  time: string;
  /** The deployment's name (the records' `modelName` field holds it), as the panel labels it. */
  deployment: string;
  inferenceId?: string;
  httpCode?: number;
  request?: PayloadJson;
  response?: PayloadJson;
}

function payloadJson(text: string | undefined, parse: boolean): PayloadJson | undefined {
  if (text === undefined) return undefined;
  const p = parsePayload(text);
  return parse && 'json' in p ? { format: p.format, json: p.json } : { format: p.format, text };
}

export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** The row as a JSON-ready object; with `parse` false every payload is given as its text. */
export function rowToJson(row: LogRow, parse = true): RowJson {
  const out: RowJson = {
    id: row.id,
    kind: row.kind,
    outcome: row.outcome,
    time: isoTime(row.timeMs),
    timeMs: row.timeMs,
    timeResolutionMs: row.timeResolutionMs,
    deployment: row.model,
    modelVersion: row.modelVersion,
    servingId: row.servingId,
    kafka: row.kafka,
  };
  if (row.inferenceId) out.inferenceId = row.inferenceId;
  if (row.httpCode) out.httpCode = row.httpCode;
  if (row.latencyMs !== undefined) out.latencyMs = row.latencyMs;
  const request = payloadJson(row.requestText, parse);
  if (request) out.request = request;
  const response = payloadJson(row.responseText, parse);
  if (response) out.response = response;
  if (row.messageType !== undefined) out.messageType = row.messageType;
  if (row.extra) out.extra = row.extra;
  if (row.responseKafka) out.responseKafka = row.responseKafka;
  if (row.error !== undefined) out.error = row.error;
  if (row.hexPreview !== undefined) out.hexPreview = row.hexPreview;
  return out;
}

/**
 * The row as JSON text: one line for JSON Lines (`indent` 0), indented for "Copy as JSON". Never throws
 * for a stored row: should a parsed payload not serialise again (JSON.stringify runs out of stack on
 * deep nesting the limits let through), the row is written with its payloads as text.
 */
export function rowJsonText(row: LogRow, indent = 0): string {
  try {
    return JSON.stringify(rowToJson(row), null, indent);
  } catch {
    return JSON.stringify(rowToJson(row, false), null, indent);
  }
}
