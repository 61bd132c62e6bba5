// How the table and the detail pane word things: times, latencies, kinds, outcomes. Pure functions.
import type { ConsumerState, RowKind, RowOutcome, RowSummary, StartFrom } from '../../src/protocol/logViewer';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time; milliseconds only when the writer logged them. */
export function formatTime(ms: number, resolutionMs: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return resolutionMs >= 1000 ? hms : `${hms}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTime(ms, 1)}`;
}

/** KServe logs whole seconds, so its latencies are only whole seconds too: say so rather than fake precision. */
export function formatLatency(latencyMs: number | undefined, resolutionMs: number): string {
  if (latencyMs === undefined) return '';
  if (resolutionMs >= 1000) return latencyMs < 1000 ? '< 1 s' : `~${Math.round(latencyMs / 1000)} s`;
  return latencyMs < 10_000 ? `${latencyMs} ms` : `${(latencyMs / 1000).toFixed(1)} s`;
}

export const KIND_LABELS: Record<RowKind, string> = {
  combined: 'call',
  pair: 'req+resp',
  request: 'request',
  response: 'response',
  raw: 'undecodable',
};

export function formatStatus(row: Pick<RowSummary, 'httpCode' | 'outcome'>): string {
  switch (row.outcome) {
    case 'pending':
      return 'waiting…';
    case 'no-response':
      return 'no response';
    case 'undecodable':
      return '—';
    case 'request-only':
      return row.httpCode ? String(row.httpCode) : '—';
    default:
      return row.httpCode ? String(row.httpCode) : '—';
  }
}

export const OUTCOME_LABELS: Record<RowOutcome, string> = {
  ok: 'answered',
  'http-error': 'HTTP error',
  pending: 'waiting for the response',
  'no-response': 'no response (KServe logs none for a failed call)',
  'request-only': 'request only (responses are not logged in this mode)',
  undecodable: 'could not be decoded',
};

export function isErrorOutcome(o: RowOutcome): boolean {
  return o === 'http-error' || o === 'no-response';
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0';
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** The words of the state line, and whether it is a problem. */
export function describeState(s: ConsumerState): {
  label: string;
  detail: string;
  tone: 'ok' | 'busy' | 'warn' | 'error';
} {
  switch (s.state) {
    case 'connecting':
      return { label: 'Connecting…', detail: 'Connecting to the Kafka brokers.', tone: 'busy' };
    case 'live':
      return { label: 'Live', detail: 'New events appear as the deployment logs them.', tone: 'ok' };
    case 'paused':
      return {
        label: 'Paused',
        detail: 'Not fetching. The broker keeps the events; Resume carries on where it stopped.',
        tone: 'warn',
      };
    case 'reconnecting':
      return { label: 'Reconnecting…', detail: s.reason, tone: 'warn' };
    case 'error':
      return { label: 'Error', detail: `${s.message} ${s.action}`.trim(), tone: 'error' };
    case 'stopped':
      return { label: 'Stopped', detail: 'Not reading the topic.', tone: 'warn' };
  }
}

export function describeStartFrom(s: StartFrom): string {
  if (s === 'latest') return 'new events only';
  if (s === 'earliest') return 'the oldest events the topic keeps';
  return `events since ${formatDateTime(s.timestampMs)}`;
}

/** `<input type="datetime-local">` value (local time) → epoch ms, or undefined when empty or invalid. */
export function parseLocalDateTime(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

export function toLocalDateTimeValue(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
