// Keeps the garbage collector's pauses short while catching up. Rows live long, so each payload string a
// row keeps survives the young generation, and V8's scavenger copies it there and again on promotion, in
// stop-the-world pauses that grow with what survives. Joined into one string, the payloads of a slice are
// one object past V8's large-object size, which is never copied; each row keeps a slice of it, a small
// object pointing into the big one. Measured on 64,000 events of 1 KB fed in slices (2-core machine, load
// ~11): event-loop p99 39–54 ms instead of 88–193 ms, 2–5 GC pauses over 20 ms instead of 9–14, for
// 10–20% more CPU (old-generation marking that the large strings bring, done in small steps).
//
// The cost in memory: the joined string stays alive while any row still holds a slice of it. Rows leave
// the store oldest first and a slice's rows are neighbours, so that is at most about a slice more.

/** V8 puts a one-byte string of more characters than this in its large-object space (128 KB objects). */
export const JOIN_MIN_CHARS = 132 * 1024;
/** A payload this long is a large object by itself: joining it gains nothing. */
export const JOIN_MAX_ONE_CHARS = 128 * 1024;

// eslint-disable-next-line no-control-regex -- the Latin-1 range starts at U+0000
const NOT_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * Replaces each string of `texts` that is worth it by a slice of one joined string, in place. Only
 * one-byte (Latin-1) strings are joined: one wide character would make the joined string, and with it
 * every payload, two bytes a character. Does nothing when the candidates are too few to reach
 * JOIN_MIN_CHARS.
 */
export function shareText(texts: (string | undefined)[]): void {
  const picked: number[] = [];
  let total = 0;
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    // Strings under 13 characters are copied by slice() anyway (V8's SlicedString minimum).
    if (t === undefined || t.length < 13 || t.length > JOIN_MAX_ONE_CHARS || NOT_LATIN1.test(t)) continue;
    picked.push(i);
    total += t.length;
  }
  if (total < JOIN_MIN_CHARS) return;
  const joined = picked.map((i) => texts[i]!).join('');
  let at = 0;
  for (const i of picked) {
    const length = texts[i]!.length;
    texts[i] = joined.slice(at, at + length);
    at += length;
  }
}
