// What one stored row costs in heap, so the store can be bounded by memory as well as by rows: 100,000
// rows of 200 KB payloads are 20 GB, which takes the extension host (and every extension in it) down.
// An estimate, on the high side: V8 does not tell an object's retained size, so the fixed parts are
// worked out from what `npm run bench` measures (heap_mb_per_100k_*), the strings from their length.

/**
 * The row object with its fields in-object, its KafkaMeta and that meta's offset string, and the share of
 * the pairing index and the ring's slots: 270–325 bytes measured (DEFAULT rows, KServe pairs) once the
 * strings below are counted. With this value the estimate came out 1–18% above the measured heap, from
 * tiny to 10 KB payloads, ASCII or not.
 */
export const ROW_BASE_BYTES = 360;
/** A response's KafkaMeta (with its offset string), on a pair row. */
export const META_BYTES = 120;
/** An `extra` object: its keys and string values are interned (shared by every row), only the object is not. */
export const EXTRA_BYTES = 80;

/** V8 keeps a string one byte per character when every character fits in Latin-1, else two. */
// eslint-disable-next-line no-control-regex -- the Latin-1 range starts at U+0000
const NOT_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * Heap bytes of a string held by one row: header plus characters, rounded up to V8's 8-byte alignment.
 * The width test is one step for a one-byte string (V8 knows it cannot match), a scan to the first
 * wide character otherwise.
 */
export function stringBytes(s: string | undefined): number {
  if (s === undefined) return 0;
  const chars = NOT_LATIN1.test(s) ? s.length * 2 : s.length;
  return (16 + chars + 7) & ~7;
}

export interface SizedRow {
  inferenceId: string;
  requestText?: string;
  responseText?: string;
  messageType?: string;
  error?: string;
  hexPreview?: string;
  extra?: object;
  responseKafka?: { key?: string };
  kafka: { key?: string };
}

/** The heap one stored row holds, in bytes (see the constants above for what is counted). */
export function rowBytes(row: SizedRow): number {
  return (
    ROW_BASE_BYTES +
    stringBytes(row.requestText) +
    stringBytes(row.responseText) +
    // Empty strings are V8's one shared empty string.
    (row.inferenceId ? stringBytes(row.inferenceId) : 0) +
    stringBytes(row.messageType) +
    stringBytes(row.error) +
    stringBytes(row.hexPreview) +
    stringBytes(row.kafka.key) +
    (row.extra ? EXTRA_BYTES : 0) +
    (row.responseKafka ? META_BYTES + stringBytes(row.responseKafka.key) : 0)
  );
}
