// Polling helpers for tests that watch real servers: a hang guard, never a timing assertion.

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
