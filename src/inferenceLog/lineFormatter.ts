// One readable line per row for "Tail to Output": time, kind, model, code, latency, id and a short
// payload, so a person can follow traffic in an output channel without opening the panel. Every field
// came off the wire, so the finished line has its control characters escaped: it stays one line.
import { escapeControlChars } from './controlChars';
import { isoTime } from './rowJson';
import type { LogRow } from './types';

const PAYLOAD_CHARS = 80;

function short(text: string | undefined, max = PAYLOAD_CHARS): string {
  if (text === undefined) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function latencyText(row: LogRow): string {
  if (row.latencyMs === undefined) return '';
  if (row.timeResolutionMs >= 1000)
    return row.latencyMs < 1000 ? '<1s' : `~${Math.round(row.latencyMs / 1000)}s`;
  return `${row.latencyMs}ms`;
}

function codeText(row: LogRow): string {
  if (row.outcome === 'pending') return 'pending';
  if (row.outcome === 'no-response') return 'no response';
  return row.httpCode ? String(row.httpCode) : '-';
}

export function formatLogLine(row: LogRow): string {
  return escapeControlChars(buildLine(row));
}

function buildLine(row: LogRow): string {
  const time = isoTime(row.timeMs);
  if (row.kind === 'raw') {
    return `${time} undecodable p${row.kafka.partition}@${row.kafka.offset} ${row.kafka.size} B: ${row.error ?? ''}${row.hexPreview ? ` [${short(row.hexPreview, 32)}]` : ''}`;
  }
  const parts = [time, row.kind.padEnd(8), `${row.model} v${row.modelVersion}`, codeText(row)];
  const lat = latencyText(row);
  if (lat) parts.push(lat);
  if (row.inferenceId) parts.push(`id=${row.inferenceId}`);
  const req = short(row.requestText);
  const res = short(row.responseText);
  if (req && res) parts.push(`${req} → ${res}`);
  else if (req || res) parts.push(req || res);
  if (row.messageType !== undefined) parts.push(`(messageType ${row.messageType})`);
  return parts.join('  ');
}
