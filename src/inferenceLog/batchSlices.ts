// Hands a fetched batch to the pipeline in slices and lets the event loop run between them once a time
// budget is spent. The extension host's one event loop serves every extension: catching up on a busy
// topic (kafkajs hands over up to a megabyte per partition at once) must not hold hovers, completions
// and commands of the others for tens of milliseconds.

/** A slice ends at this many messages… */
export const SLICE_MAX_MESSAGES = 512;
/**
 * …or once its values reach this many bytes. Big enough that a slice's payloads, joined into one string,
 * land in V8's large-object space (sharedText.ts); small enough to decode in a few milliseconds.
 */
export const SLICE_MAX_BYTES = 256 * 1024;
/** Work done before the loop gets a turn: well under the 20 ms the host aims at between turns. */
export const SLICE_BUDGET_MS = 6;

export interface SliceOptions<T> {
  maxMessages?: number;
  maxBytes?: number;
  /** The size an item counts for against `maxBytes` (default 0: slices by count only). */
  bytesOf?: (item: T) => number;
  budgetMs?: number;
  /** Milliseconds, monotonic; tests drive it by hand. */
  now?: () => number;
  /** Gives the event loop a turn (default: setImmediate, so pending I/O and timers run first). */
  yieldTurn?: () => Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Calls `handle` with consecutive slices of `items`, in order. Between slices, once `budgetMs` of work has
 * piled up since the last turn, awaits a turn of the event loop; `proceed()` is asked after every turn and
 * ends the run when false (the consumer was stopped or replaced meanwhile). Resolves to how many items
 * were handed over: the rest were not, and are the caller's to fetch again.
 */
export async function inSlices<T>(
  items: readonly T[],
  handle: (slice: readonly T[]) => void,
  proceed: () => boolean,
  options: SliceOptions<T> = {},
): Promise<number> {
  const maxMessages = Math.max(1, options.maxMessages ?? SLICE_MAX_MESSAGES);
  const maxBytes = options.maxBytes ?? SLICE_MAX_BYTES;
  const bytesOf = options.bytesOf;
  const budget = options.budgetMs ?? SLICE_BUDGET_MS;
  const now = options.now ?? (() => performance.now());
  const yieldTurn = options.yieldTurn ?? nextTurn;
  let done = 0;
  let since = -1;
  while (done < items.length) {
    let end = done;
    let bytes = 0;
    while (end < items.length && end - done < maxMessages && (bytes < maxBytes || end === done)) {
      if (bytesOf) bytes += bytesOf(items[end]!);
      end++;
    }
    // A batch that is one slice (the steady state of a live topic) is handed over as it is: no copy.
    if (done === 0 && end === items.length) {
      handle(items);
      return items.length;
    }
    if (since < 0) since = now();
    handle(items.slice(done, end));
    done = end;
    if (done < items.length && now() - since >= budget) {
      await yieldTurn();
      if (!proceed()) break;
      since = now();
    }
  }
  return done;
}
