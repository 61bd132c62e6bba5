// Turns stored rows into what the panel shows: a lean one-line summary for the table and a detail view
// with pretty-printed payloads. Pure and vscode-free; from the pipeline, whose code lives in the lazily
// loaded bundle, it imports types and only tiny dependency-free helpers (classifier, printer, serialiser).
import { PRETTY_MAX_CHARS, prettyJsonPrefix } from '../../inferenceLog/prettyPrefix';
import { rowRequestFormat, rowResponseFormat } from '../../inferenceLog/rowFormat';
import { rowJsonText } from '../../inferenceLog/rowJson';
import type { LogRow, PayloadFormat } from '../../inferenceLog/types';
import type { PayloadView, RowDetail, RowSummary } from '../../protocol/logViewer';
import { PREVIEW_CHARS } from '../../protocol/logViewer';

/** Payloads bigger than this are shown cut in the detail pane (the export and "Copy" keep them whole). */
export const DETAIL_MAX_CHARS = PRETTY_MAX_CHARS;

function oneLine(text: string, max: number): string {
  // Only the head is needed: never normalise a megabyte to show 160 characters.
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  return flat.length > max || head.length < text.length ? `${flat.slice(0, max - 1)}…` : flat;
}

export function previewOf(row: LogRow): string {
  if (row.kind === 'raw')
    return oneLine(
      row.hexPreview ? `${row.error ?? 'undecodable'} · ${row.hexPreview}` : (row.error ?? 'undecodable'),
      PREVIEW_CHARS,
    );
  const parts: string[] = [];
  if (row.requestText) parts.push(row.requestText);
  if (row.responseText) parts.push(`→ ${row.responseText}`);
  return oneLine(parts.join(' '), PREVIEW_CHARS);
}

export function toSummary(row: LogRow): RowSummary {
  const s: RowSummary = {
    id: row.id,
    rev: row.rev,
    kind: row.kind,
    outcome: row.outcome,
    timeMs: row.timeMs,
    timeResolutionMs: row.timeResolutionMs,
    inferenceId: row.inferenceId,
    httpCode: row.httpCode,
    modelVersion: row.modelVersion,
    preview: previewOf(row),
  };
  if (row.latencyMs !== undefined) s.latencyMs = row.latencyMs;
  if (row.kafka.schemaVersion !== undefined) s.schemaVersion = row.kafka.schemaVersion;
  return s;
}

/** The detail pane's view of a payload: JSON pretty-printed from a bounded prefix (prettyPrefix.ts). */
export function prettyPayload(text: string, format: PayloadFormat | undefined): PayloadView {
  const fmt = format ?? 'text';
  if (fmt !== 'text' && fmt !== 'empty') {
    const p = prettyJsonPrefix(text, DETAIL_MAX_CHARS);
    return { format: fmt, text: p.text, truncated: p.cut };
  }
  const truncated = text.length > DETAIL_MAX_CHARS;
  return { format: fmt, text: truncated ? text.slice(0, DETAIL_MAX_CHARS) : text, truncated };
}

export function toDetail(row: LogRow): RowDetail {
  const d: RowDetail = {
    id: row.id,
    kind: row.kind,
    outcome: row.outcome,
    timeMs: row.timeMs,
    timeResolutionMs: row.timeResolutionMs,
    model: row.model,
    modelVersion: row.modelVersion,
    servingId: row.servingId,
    inferenceId: row.inferenceId,
    httpCode: row.httpCode,
    kafka: { ...row.kafka },
  };
  if (row.latencyMs !== undefined) d.latencyMs = row.latencyMs;
  if (row.messageType !== undefined) d.messageType = row.messageType;
  if (row.extra) d.extra = { ...row.extra };
  if (row.requestText !== undefined) d.request = prettyPayload(row.requestText, rowRequestFormat(row));
  if (row.responseText !== undefined) d.response = prettyPayload(row.responseText, rowResponseFormat(row));
  if (row.responseKafka) d.responseKafka = { ...row.responseKafka };
  if (row.error !== undefined) d.error = row.error;
  if (row.hexPreview !== undefined) d.hexPreview = row.hexPreview;
  return d;
}

/** "Copy event as JSON": the row as the JSON Lines export writes it, indented (one serialiser, rowJson.ts). */
export function rowAsJson(row: LogRow): string {
  return rowJsonText(row, 2);
}
