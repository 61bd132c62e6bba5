// Is the newest model version worse than the one before it? Two figures are compared: the error rate and
// the p95 latency. A version is marked worse (or better) only when the difference is both unlikely to be
// chance and large enough to matter, so a person is not sent chasing noise: a few failures more in a small
// window, or a p95 a millisecond slower, is not a verdict. Pure: a snapshot in, a plain object out.
import type { HealthSnapshot, VersionHealth } from './types';

/** Fewest settled calls (error rate) or measured latencies (p95) on each side before anything is said. */
export const MIN_CALLS_TO_COMPARE = 20;
/** Two-sided 95 %: |z| at or above this is unlikely to be chance. */
export const Z_95 = 1.96;
/** An error-rate difference matters from 1 percentage point, or when one rate is at least twice the other. */
export const ERROR_RATE_MIN_POINTS = 0.01;
export const ERROR_RATE_MIN_RATIO = 2;
/** A p95 difference matters from 10 % and 2 ms (below that it is within what a person would not act on). */
export const P95_MIN_RELATIVE = 0.1;
export const P95_MIN_MS = 2;

/** What the newer version's figure is, compared with the older one's. */
export type Verdict = 'worse' | 'better' | 'no-clear-difference' | 'too-few' | 'not-known';

export interface MetricComparison {
  verdict: Verdict;
  /** The newer and older version's figure (error rate as a fraction, p95 in ms); null when not known. */
  newer: number | null;
  older: number | null;
  /** One sentence with the numbers behind the verdict. */
  reason: string;
}

export interface VersionRef {
  key: string;
  model: string;
  version: number;
}

export interface VersionComparison {
  newer: VersionRef;
  older: VersionRef;
  errorRate: MetricComparison;
  p95: MetricComparison;
  /** How the verdicts are decided, for the UI's explanation. */
  rule: string;
}

export const COMPARISON_RULE =
  `A version is marked worse or better only when the difference is unlikely to be chance (95 %: a two-proportion z-test for the error rate; ` +
  `p95 ranges that do not meet) and large enough to matter (error rate: ${ERROR_RATE_MIN_POINTS * 100} point or ${ERROR_RATE_MIN_RATIO}×; ` +
  `p95: ${P95_MIN_RELATIVE * 100} % and ${P95_MIN_MS} ms), with at least ${MIN_CALLS_TO_COMPARE} calls of each version in the window.`;

/**
 * The newest version against the next older one that has calls in the snapshot's window (same deployment),
 * or null when there are not two versions to compare. `other` (versions past the series limit) is never
 * compared: it is a sum of several.
 */
export function compareNewestVersions(snapshot: HealthSnapshot): VersionComparison | null {
  const versions = snapshot.versions.filter((v) => v.key !== 'other' && v.requests > 0);
  const newer = versions[0];
  if (!newer) return null;
  const older = versions.find((v) => v.model === newer.model && v.version < newer.version);
  return older ? compareVersions(newer, older) : null;
}

export function compareVersions(newer: VersionHealth, older: VersionHealth): VersionComparison {
  return {
    newer: ref(newer),
    older: ref(older),
    errorRate: compareErrorRates(newer, older),
    p95: compareP95(newer, older),
    rule: COMPARISON_RULE,
  };
}

function ref(v: VersionHealth): VersionRef {
  return { key: v.key, model: v.model, version: v.version };
}

const failedOf = (v: VersionHealth) => v.httpErrors + v.noResponse;
const settledOf = (v: VersionHealth) => v.ok + v.httpErrors + v.noResponse;
const percent = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 2 : 1)} %`;

function compareErrorRates(newer: VersionHealth, older: VersionHealth): MetricComparison {
  const a = newer.errorRate;
  const b = older.errorRate;
  if (a === null || b === null) {
    const empty = [newer, older].find((v) => settledOf(v) === 0);
    return empty
      ? {
          verdict: 'too-few',
          newer: a,
          older: b,
          reason: `No answered or failed call of v${empty.version} in this window yet.`,
        }
      : {
          verdict: 'not-known',
          newer: a,
          older: b,
          reason: 'Failed calls are not logged in this mode, so the error rates cannot be compared.',
        };
  }
  const n1 = settledOf(newer);
  const n2 = settledOf(older);
  const said = `v${newer.version}: ${percent(a)} (${failedOf(newer)} of ${n1}), v${older.version}: ${percent(b)} (${failedOf(older)} of ${n2})`;
  if (n1 < MIN_CALLS_TO_COMPARE || n2 < MIN_CALLS_TO_COMPARE)
    return {
      verdict: 'too-few',
      newer: a,
      older: b,
      reason: `${said}: fewer than ${MIN_CALLS_TO_COMPARE} calls of a version, too few to tell.`,
    };
  const pooled = (failedOf(newer) + failedOf(older)) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // Nothing failed (or everything did) on both sides: the rates are equal, there is no spread to test.
  const z = se > 0 ? (a - b) / se : 0;
  const [hi, lo] = a >= b ? [a, b] : [b, a];
  const matters = hi - lo >= ERROR_RATE_MIN_POINTS - 1e-12 || hi >= ERROR_RATE_MIN_RATIO * lo;
  const verdict: Verdict =
    Math.abs(z) >= Z_95 && matters ? (z > 0 ? 'worse' : 'better') : 'no-clear-difference';
  return {
    verdict,
    newer: a,
    older: b,
    reason: `${said}; z = ${z.toFixed(2)}${verdict === 'no-clear-difference' ? (Math.abs(z) >= Z_95 ? ', too small a difference to matter' : ', within chance') : ''}.`,
  };
}

function compareP95(newer: VersionHealth, older: VersionHealth): MetricComparison {
  const a = newer.latency;
  const b = older.latency;
  if (a.source === 'not-logged' || b.source === 'not-logged')
    return {
      verdict: 'not-known',
      newer: null,
      older: null,
      reason: a.source === 'not-logged' ? a.note : b.note,
    };
  const ms = (v: number) => `${Math.round(v * 10) / 10} ms`;
  if (a.p95 === null || b.p95 === null || a.p95Range === null || b.p95Range === null)
    return {
      verdict: 'too-few',
      newer: a.p95,
      older: b.p95,
      reason: 'No measured latency of one of the versions in this window yet.',
    };
  const said = `p95 v${newer.version}: ${ms(a.p95)} (${a.count} calls), v${older.version}: ${ms(b.p95)} (${b.count} calls)`;
  if (a.count < MIN_CALLS_TO_COMPARE || b.count < MIN_CALLS_TO_COMPARE)
    return {
      verdict: 'too-few',
      newer: a.p95,
      older: b.p95,
      reason: `${said}: fewer than ${MIN_CALLS_TO_COMPARE} measured calls of a version, too few to tell.`,
    };
  const apart = a.p95Range[0] > b.p95Range[1] || b.p95Range[0] > a.p95Range[1];
  const [hi, lo] = a.p95 >= b.p95 ? [a.p95, b.p95] : [b.p95, a.p95];
  const matters = hi - lo >= P95_MIN_MS && hi >= lo * (1 + P95_MIN_RELATIVE);
  const verdict: Verdict = apart && matters ? (a.p95 > b.p95 ? 'worse' : 'better') : 'no-clear-difference';
  const range = (r: [number, number]) => `${ms(r[0])}–${ms(r[1])}`;
  return {
    verdict,
    newer: a.p95,
    older: b.p95,
    reason: `${said}; 95 % ranges ${range(a.p95Range)} and ${range(b.p95Range)}${verdict === 'no-clear-difference' ? (apart ? ', too small a difference to matter' : ', which meet') : ''}.`,
  };
}
