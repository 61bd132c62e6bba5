// What "Open Full Payload" needs: the whole body of one half of a row, handed over in slices so that a
// 100 MB body can be written into an editor or a file piece by piece, with the event loop free between
// slices. The detail pane itself only ever shows a bounded prefix (prettyPrefix.ts).
import { rowRequestFormat, rowResponseFormat } from './rowFormat';
import type { LogRow, PayloadFormat } from './types';

export const PAYLOAD_HALVES = ['request', 'response'] as const;
export type PayloadHalf = (typeof PAYLOAD_HALVES)[number];

/** Characters per slice: big enough to be few, small enough that handling one never stalls the host. */
export const PAYLOAD_SLICE_CHARS = 1024 * 1024;

export interface FullPayload {
  format: PayloadFormat;
  /** The body as logged, whole. */
  text: string;
  /** Its length in UTF-16 units (what the slices add up to). */
  chars: number;
}

/** The whole body of `half`, or undefined when the row has none. */
export function fullPayload(row: LogRow, half: PayloadHalf): FullPayload | undefined {
  const text = half === 'request' ? row.requestText : row.responseText;
  if (text === undefined) return undefined;
  const format = (half === 'request' ? rowRequestFormat(row) : rowResponseFormat(row)) ?? 'text';
  return { format, text, chars: text.length };
}

/** `text` in slices of at most `sliceChars`, never splitting a surrogate pair. */
export function* payloadSlices(text: string, sliceChars = PAYLOAD_SLICE_CHARS): Generator<string> {
  const size = Math.max(2, Math.floor(sliceChars));
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + size);
    // A high surrogate at the end belongs with the low one that starts the next slice.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}
