// What a server-log document shows: which component, how many lines, which pod, and — on servers with a log
// archive (Hopsworks 5.0+) — which source and time range. Pure.
import type { DeploymentComponent } from '../hopsworks/types';

export type LogSource = 'kubernetes' | 'opensearch';

export interface ServerLogOptions {
  component: DeploymentComponent;
  /** Live pods: lines per pod. Archive: lines in all. -1 = all the server gives. */
  tail: number;
  /** one pod only (its full name) */
  pod?: string;
  source: LogSource;
  /** archive only: from this time (epoch ms, inclusive) */
  since?: number;
  /** archive only: up to this time (epoch ms, inclusive); with it the document is a fixed window */
  until?: number;
}

export const DEFAULT_TAIL = 200;
/** What the tail picker offers. */
export const TAIL_CHOICES = [50, 200, 500, 1_000, 5_000, -1] as const;
/** The Hopsworks UI polls a deployment's logs about every 2 s; so does a following document. */
export const FOLLOW_INTERVAL_MS = 2_000;

export const SOURCE_LABELS: Readonly<Record<LogSource, string>> = {
  kubernetes: 'Live pods',
  opensearch: 'Log archive',
};

export function defaultOptions(component: DeploymentComponent = 'predictor'): ServerLogOptions {
  return { component, tail: DEFAULT_TAIL, source: 'kubernetes' };
}

/** A document follows new lines unless it shows a closed time range. */
export function canFollow(o: ServerLogOptions): boolean {
  return !(o.source === 'opensearch' && o.until !== undefined);
}

/** `2025-01-31 14:05:09` in UTC, the way the pods print their times. */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function describeTail(o: ServerLogOptions): string {
  const per = o.source === 'kubernetes' ? ' of each pod' : '';
  return o.tail < 0 ? `all lines${per}` : `last ${o.tail.toLocaleString('en-US')} lines${per}`;
}

/** One line saying what is shown, e.g. "Live pods · last 200 lines of each pod · all pods". */
export function describeOptions(o: ServerLogOptions): string {
  const parts = [SOURCE_LABELS[o.source], describeTail(o), o.pod ? `pod ${o.pod}` : 'all pods'];
  if (o.source === 'opensearch' && (o.since !== undefined || o.until !== undefined)) {
    parts.push(
      `from ${o.since !== undefined ? utcTime(o.since) : 'the start'} to ${o.until !== undefined ? utcTime(o.until) : 'now'} UTC`,
    );
  }
  return parts.join(' · ');
}

/** "YYYY-MM-DD HH:MM[:SS] [YYYY-MM-DD HH:MM[:SS]]" in UTC. */
export function parseRange(text: string): [number, number | undefined] | undefined {
  const times = [...text.matchAll(/(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/g)].map((m) =>
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)),
  );
  if (times.length < 1 || times.length > 2 || times.some((t) => !Number.isFinite(t))) return undefined;
  const [since, until] = times as [number, number | undefined];
  if (until !== undefined && until < since) return undefined;
  return [since, until];
}
