// Rows as CSV (RFC 4180): a fixed header, one line per row, fields quoted when they hold a comma, a
// quote or a line break. Payloads go out as their original text, byte for byte.
import { isoTime } from './rowJson';
import type { LogRow } from './types';

export const CSV_COLUMNS = [
  'id',
  'time',
  'kind',
  'outcome',
  'model',
  'modelVersion',
  'servingId',
  'inferenceId',
  'httpCode',
  'latencyMs',
  'request',
  'response',
  'partition',
  'offset',
  'kafkaTimestamp',
  'responsePartition',
  'responseOffset',
  'error',
] as const;

export function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function rowToCsv(row: LogRow): string {
  const fields: (string | number | undefined)[] = [
    row.id,
    isoTime(row.timeMs),
    row.kind,
    row.outcome,
    row.model,
    row.modelVersion,
    row.servingId,
    row.inferenceId,
    row.httpCode || undefined,
    row.latencyMs,
    row.requestText,
    row.responseText,
    row.kafka.partition,
    row.kafka.offset,
    isoTime(row.kafka.timestampMs),
    row.responseKafka?.partition,
    row.responseKafka?.offset,
    row.error,
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}
