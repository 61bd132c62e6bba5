// The health figures the log panel's host sends (HealthReply), computed by the real HealthFeed from rows a
// test builds, for every window: what a webview test answers the page's `health` requests with.
import type { Clock } from '../../src/inferenceLog/clock';
import { HEALTH_WINDOWS_MS } from '../../src/inferenceLog/health';
import { ManualClock } from '../../src/inferenceLog';
import type { LoggingMode, LogRow, ServingTool } from '../../src/inferenceLog/types';
import { HealthFeed } from '../../src/panels/logViewer/health/healthFeed';
import type { HealthReply } from '../../src/protocol/logViewerHealth';
import { aPairRow } from './logRows';

/** Rows held by a view that never changes (enough for a HealthFeed to seed from). */
function heldRows(rows: readonly LogRow[]) {
  return {
    query: () => ({ total: rows.length, rows: [...rows] }),
    stats: () => ({
      capacity: 100_000,
      rows: rows.length,
      total: rows.length,
      errors: 0,
      undecodable: 0,
      dropped: 0,
      pending: 0,
      eventsPerSecond: 0,
    }),
    onRow: () => () => undefined,
    onEvicted: () => () => undefined,
    onRowsReset: () => () => undefined,
  };
}

/** The replies for every window, as the host would answer at `clock`'s time. */
export function healthReplies(
  rows: readonly LogRow[],
  o: { clock: Clock; servingTool?: ServingTool; loggingMode?: LoggingMode; maxPoints?: number },
): Record<number, HealthReply> {
  const feed = new HealthFeed({ rows: heldRows(rows), ...o });
  const out: Record<number, HealthReply> = {};
  for (const windowMs of HEALTH_WINDOWS_MS)
    out[windowMs] = feed.reply({ windowMs, maxPoints: o.maxPoints ?? 60 });
  feed.dispose();
  return out;
}

let nextId = 1;

/**
 * One KServe call of `version` at `timeMs`: answered in `latencyMs` (the two Kafka events that far apart),
 * or failed ('no-response': KServe logs no response for it).
 */
export function aCall(
  version: number,
  timeMs: number,
  outcome: { latencyMs: number } | 'no-response' | { httpCode: number },
): LogRow {
  const id = nextId++;
  const at = Math.floor(timeMs / 1000) * 1000;
  const kafka = { partition: 0, offset: String(id), timestampMs: timeMs, size: 120 };
  if (outcome === 'no-response')
    return aPairRow({
      id,
      kind: 'request',
      outcome: 'no-response',
      httpCode: 0,
      timeMs: at,
      modelVersion: version,
      inferenceId: `call-${id}`,
      kafka,
      responseText: undefined,
    });
  if ('httpCode' in outcome)
    return aPairRow({
      id,
      outcome: 'http-error',
      httpCode: outcome.httpCode,
      timeMs: at,
      modelVersion: version,
      inferenceId: `call-${id}`,
      kafka,
    });
  return aPairRow({
    id,
    timeMs: at,
    modelVersion: version,
    inferenceId: `call-${id}`,
    kafka,
    responseKafka: { ...kafka, offset: String(id + 1), timestampMs: timeMs + outcome.latencyMs },
  });
}

/** A clock standing at `nowMs` (a whole second, so windows line up with what a test computes). */
export function clockAt(nowMs: number): ManualClock {
  return new ManualClock(Math.floor(nowMs / 1000) * 1000);
}
