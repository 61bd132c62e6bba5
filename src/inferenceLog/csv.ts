// Rows as CSV (RFC 4180): a fixed header, one line per row, fields quoted when they hold a comma, a
// quote or a line break. Payloads go out as their original text, except that a text cell a spreadsheet
// would run as a formula gets a leading apostrophe (see csvField); the JSON Lines export keeps every byte.
import { isoTime } from './rowJson';
import type { LogRow } from './types';

export const CSV_COLUMNS = [
  'id',
  'time',
  'kind',
  'outcome',
  'deployment',
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

/**
 * Leading characters that make Excel, LibreOffice Calc and Google Sheets read a cell as a formula:
 * `=`, `+`, `-`, `@`, tab and carriage return (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field. Text starting like a formula is neutralised the OWASP way (an apostrophe in front, and
 * quoted): a logged payload such as `=HYPERLINK(...)` must not run when a person opens the export in a
 * spreadsheet. Numbers are ours, never wire data, and go out as they are.
 */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (FORMULA_START.test(v)) return `"'${v.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
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
