// The words the comparison panel uses for verdicts and phases, one table each (a new verdict in the core
// fails to compile here until it has its words).
import type { ReplayPhase, ReplayVerdict } from '../../src/protocol/replay';

export const VERDICT_LABELS: Record<ReplayVerdict, string> = {
  equal: 'Equal',
  different: 'Different',
  error: 'Error',
  'no-logged-prediction': 'No logged prediction',
};

export const PHASE_LABELS: Record<ReplayPhase, string> = {
  running: 'Replaying',
  done: 'Finished',
  cancelled: 'Cancelled',
  stopped: 'Stopped',
};

export const count = (n: number): string => n.toLocaleString('en-US');

export function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)} %`;
}

/** A difference as people read it: up to 4 significant digits, exponent for the very small or large. */
export function formatDiff(d: number | null | undefined): string {
  if (d === null || d === undefined) return '—';
  if (d === 0) return '0';
  const a = Math.abs(d);
  return a >= 1e-3 && a < 1e6 ? String(Number(d.toPrecision(4))) : d.toExponential(2);
}
