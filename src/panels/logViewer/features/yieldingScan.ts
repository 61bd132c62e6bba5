// Walks a long list in slices, giving the event loop back between them: working out the features of a full
// store (100,000 payloads parsed) takes about a second, and the extension host must keep answering
// everything else meanwhile.

/** Work per slice before yielding. Short enough that other messages wait at most this long. */
export const SLICE_MS = 12;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function forEachYielding<T>(
  items: readonly T[],
  fn: (item: T, index: number) => void,
  sliceMs = SLICE_MS,
): Promise<void> {
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    fn(items[i]!, i);
    // Checking the time costs more than a cached row: look only every 256 items.
    if ((i & 255) === 255 && performance.now() - sliceStart > sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
