// Delay before a retry: exponential, capped, with jitter so that many clients retrying after one outage
// do not hit the server in lock-step.

export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 4000;

/**
 * @param retry 1 for the first retry, 2 for the second, …
 * @param random a number in [0, 1); injectable so the bounds can be tested.
 * @returns milliseconds in [half, full] of `min(cap, base * 2^(retry-1))`.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(full / 2 + (full / 2) * random());
}
