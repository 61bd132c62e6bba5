// Text that came off the wire (an inference id, a model name, a payload, a broker's error) is written into
// one-line outputs such as "Tail to Output". A line break in it would start a line of its own that looks
// like one of ours (a forged event), and a bidirectional override would make the rest of the line read
// backwards. Such characters are shown as visible escapes instead; everything else is left as it is.

/**
 * C0 controls (line breaks and tabs included), DEL, C1 controls (NEL included), the line and paragraph
 * separators, and the bidirectional marks, embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control or bidi-control character replaced by a visible escape (`\n`, `\r`, `\t`,
 * else `\uXXXX`). Backslashes are not doubled: JSON payloads keep reading as they were logged, and a
 * literal "\n" typed by a client can at worst look like an escape, never like a line of its own.
 */
export function escapeControlChars(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escapeOne) : text;
}
