// Polling helpers for tests that watch real servers: a hang guard, never a timing assertion.
import assert from 'node:assert/strict';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `done()` holds. `what` names the awaited condition, or describes the state seen, in the error
 * thrown if it never holds within `limitMs`.
 */
export async function waitFor(
  done: () => boolean,
  what: string | (() => string),
  limitMs = 30_000,
): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > limitMs) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await sleep(25);
  }
}

/**
 * Polls `check` every `intervalMs` until it returns a value, and returns that value; fails naming `what` when
 * none comes within `budgetMs` (a wait budget, not a timing assertion).
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { budgetMs = 30_000, intervalMs = 100 }: { budgetMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    const v = await check();
    if (v !== undefined) return v;
    await sleep(intervalMs);
  }
  assert.fail(`gave up waiting for ${what}`);
}
