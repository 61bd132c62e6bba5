// Time and timers behind one interface, so throttling, rates and the no-response timeout can be tested
// with a hand-driven clock instead of waiting on the wall clock.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    // A pending timer alone must never keep the extension host (or a test process) alive.
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
