// Reads shared between the parts of the extension that ask for the same thing at nearly the same time: the tree,
// the deployment form, the lifecycle commands and the log panel each used to GET the deployment list for
// themselves, so one Create sent it four times. One ReadShare lives per project client, i.e. per connection:
// - a read already in flight is joined, never sent twice;
// - a read that settled less than `maxAgeMs` ago is handed out again (each caller may ask for a shorter age;
//   0 = only join one in flight, which is what a poll asks for);
// - a write ends sharing of what it may change (`forget`), including reads still in flight when it ended;
// - failures are not kept: the next caller tries again.
// Each caller gets its own copy, so one cannot change what another sees.

export interface ReadShareOptions {
  /** How long a settled read is handed out again when the caller does not say. Default 2000 ms. */
  maxAgeMs?: number;
  /** Clock in ms (tests stop it so that sharing never depends on machine load). Default Date.now. */
  now?: () => number;
  /** True once the connection is closed: nothing kept is handed out then, every call goes to the transport. */
  closed?: () => boolean;
}

export interface ReadOptions {
  /** The oldest answer this caller accepts, in ms; 0 = only one still in flight. */
  maxAgeMs?: number;
}

export const DEFAULT_SHARE_MS = 2000;

/** For reads of what rarely changes within a session (model versions, broker addresses, deployment names). */
export const REFERENCE_SHARE_MS = 60_000;

/** For reads that must reflect the server now: polls, and checks right before a write. */
export const FRESH: ReadOptions = { maxAgeMs: 0 };

interface Entry {
  promise: Promise<unknown>;
  /** set once the read succeeded */
  settledAt?: number;
  value?: unknown;
}

export class ReadShare {
  readonly #entries = new Map<string, Entry>();
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #closed: () => boolean;

  constructor(o: ReadShareOptions = {}) {
    this.#maxAgeMs = o.maxAgeMs ?? DEFAULT_SHARE_MS;
    this.#now = o.now ?? Date.now;
    this.#closed = o.closed ?? (() => false);
  }

  /** The answer of `load`, shared with callers asking for `key` as described above. */
  read<T>(key: string, load: () => Promise<T>, opts: ReadOptions = {}): Promise<T> {
    if (this.#closed()) {
      this.#entries.clear();
      return load();
    }
    const maxAge = opts.maxAgeMs ?? this.#maxAgeMs;
    const known = this.#entries.get(key);
    if (known && (known.settledAt === undefined || this.#now() - known.settledAt < maxAge)) {
      return known.promise.then(copy) as Promise<T>;
    }
    const entry: Entry = { promise: load() };
    this.#entries.set(key, entry);
    entry.promise.then(
      (value) => {
        entry.settledAt = this.#now();
        entry.value = value;
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.promise.then(copy) as Promise<T>;
  }

  /**
   * Changes what `key` holds, if it holds a settled answer: a newer read of one part (one deployment) updates the
   * whole it belongs to (the deployment list) instead of leaving it older than what was just seen.
   */
  update<T>(key: string, change: (value: T) => T): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.settledAt === undefined) return;
    const value = change(entry.value as T);
    this.#entries.set(key, { promise: Promise.resolve(value), settledAt: entry.settledAt, value });
  }

  /** Stops sharing every key that starts with one of `prefixes` (after a write that may change them). */
  forget(...prefixes: string[]): void {
    for (const key of [...this.#entries.keys()]) {
      if (prefixes.some((p) => key.startsWith(p))) this.#entries.delete(key);
    }
  }

  /** Stops sharing everything (Refresh: the person asks to see the server as it is now). */
  forgetAll(): void {
    this.#entries.clear();
  }
}

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
