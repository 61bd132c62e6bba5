// How the health strip words its figures. Pure functions (no DOM), unit-tested under Node.
import type { Verdict, VersionHealth } from '../../../src/protocol/logViewerHealth';

/** "1 min", "5 min", "60 min". */
export function describeWindow(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

/** A length of time a person reads: "45 s", "3 min 20 s", "1 h". */
export function describeSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
}

/** Calls per second: two decimals below 10, one below 100, whole above. */
export function formatPerSecond(v: number): string {
  if (!(v > 0)) return '0';
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** A share as a percentage: "0 %", "0.05 %", "1.2 %", "100 %". */
export function formatPercent(share: number): string {
  if (share <= 0) return '0 %';
  if (share >= 1) return '100 %';
  const p = share * 100;
  return `${p < 0.1 ? p.toFixed(2) : p < 10 ? p.toFixed(1) : p.toFixed(0)} %`;
}

/**
 * A latency percentile. Bin 0 of the monitor holds everything under 1 ms (Kafka timestamps are whole
 * milliseconds); above a second it is read in seconds.
 */
export function formatMs(ms: number): string {
  if (ms < 1) return '< 1 ms';
  // Rounded first, so 999.6 ms reads "1.00 s" rather than "1000 ms".
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 100_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000).toLocaleString('en-US')} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The row's name: "v3", "Other versions", "All versions". */
export function versionLabel(v: Pick<VersionHealth, 'key' | 'version'>): string {
  if (v.key === 'all') return 'All versions';
  if (v.key === 'other') return 'Other versions';
  return `v${v.version}`;
}

/** How a verdict reads beside a figure, and in the comparison line. */
export const VERDICT_LABELS: Record<Verdict, string> = {
  worse: 'worse',
  better: 'better',
  'no-clear-difference': 'no clear difference',
  'too-few': 'too few calls to tell',
  'not-known': 'not logged',
};
