// Lifecycle rules of a deployment as the Python client applies them (hopsworks-rest.md §4.2), and a poller that
// follows a deployment until it settles. Pure: the VS Code layer shows progress, this decides.
import type { Deployment, DeploymentStatus } from '../hopsworks/types';
import { normalizeStatus, TRANSITIONAL_STATUSES } from '../hopsworks/types';
import { stateSentence } from './stateWords';

export type LifecycleDecision =
  | { kind: 'proceed' }
  /** wait for CREATING to reach CREATED, then proceed */
  | { kind: 'waitThenProceed' }
  /** nothing to do; `message` says why */
  | { kind: 'noop'; message: string }
  | { kind: 'refuse'; message: string };

export function decideStart(d: Deployment): LifecycleDecision {
  const s = normalizeStatus(d.status);
  switch (s) {
    case 'RUNNING':
    case 'IDLE':
      return { kind: 'noop', message: `${d.name} is already running.` };
    case 'STARTING':
    case 'UPDATING':
      return { kind: 'noop', message: `${d.name} is already starting.` };
    case 'FAILED':
      // The Python client does not restart a failed deployment: the cause has to be fixed first.
      return {
        kind: 'noop',
        message: `${d.name} failed${d.condition?.reason ? `: ${d.condition.reason}` : ''}. Stop it, fix the cause, then start it again.`,
      };
    case 'STOPPING':
      return { kind: 'refuse', message: `${d.name} is stopping; start it once it has stopped.` };
    case 'CREATING':
      return { kind: 'waitThenProceed' };
    // UNKNOWN, a state this extension does not know (a newer or older server's), falls here too: the server
    // decides, not a guess.
    default:
      return { kind: 'proceed' };
  }
}

export function decideStop(d: Deployment): LifecycleDecision {
  const s = normalizeStatus(d.status);
  switch (s) {
    case 'CREATING':
    case 'CREATED':
    case 'STOPPED':
      return { kind: 'noop', message: `${d.name} is not running.` };
    case 'STOPPING':
      return { kind: 'noop', message: `${d.name} is already stopping.` };
    // UNKNOWN too, as for Start: offered, and the server answers.
    default:
      return { kind: 'proceed' };
  }
}

/**
 * The Python client refuses to delete unless the deployment is stopped or only created (no `force`). A state this
 * extension does not know is left to the server, which refuses a delete it cannot do: hiding the action would
 * leave the person no way at all.
 */
export function decideDelete(d: Deployment): LifecycleDecision {
  const s = normalizeStatus(d.status);
  if (s === 'STOPPED' || s === 'CREATED' || s === 'UNKNOWN') return { kind: 'proceed' };
  return {
    kind: 'refuse',
    message: `${d.name} must be stopped before it is deleted. ${stateSentence(d.status)}`,
  };
}

export interface WaitOptions {
  /** states that end the wait successfully */
  until: readonly DeploymentStatus[];
  intervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onUpdate?: (d: Deployment) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The state the caller has just read (e.g. right after a save): the first round takes it instead of reading. */
  first?: Deployment;
}

export type WaitResult =
  | { outcome: 'reached'; deployment: Deployment }
  | { outcome: 'failed'; deployment: Deployment; reason: string }
  | { outcome: 'settledElsewhere'; deployment: Deployment }
  | { outcome: 'gone' }
  | { outcome: 'timeout'; deployment: Deployment }
  | { outcome: 'cancelled'; deployment?: Deployment };

/**
 * Waits `ms` or until `signal` aborts. The abort listener is removed when the wait ends: a poll of up to ten
 * minutes would otherwise add one listener per round to the same signal (Node warns after ten).
 */
export const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Polls `get` until the deployment reaches one of `until`, fails, settles in another state, or vanishes. */
export async function waitForStatus(
  get: () => Promise<Deployment | undefined>,
  opts: WaitOptions,
): Promise<WaitResult> {
  const interval = opts.intervalMs ?? 2000;
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  const sleep = opts.sleep ?? abortableSleep;
  let last: Deployment | undefined;
  let known = opts.first;
  for (;;) {
    if (opts.signal?.aborted) return { outcome: 'cancelled', deployment: last };
    const d = known ?? (await get());
    known = undefined;
    if (!d) return { outcome: 'gone' };
    last = d;
    opts.onUpdate?.(d);
    const s = normalizeStatus(d.status);
    if (opts.until.includes(s)) return { outcome: 'reached', deployment: d };
    if (s === 'FAILED')
      return { outcome: 'failed', deployment: d, reason: d.condition?.reason ?? 'no reason given' };
    if (!TRANSITIONAL_STATUSES.has(s)) return { outcome: 'settledElsewhere', deployment: d };
    if (Date.now() >= deadline) return { outcome: 'timeout', deployment: d };
    await sleep(interval, opts.signal);
  }
}
