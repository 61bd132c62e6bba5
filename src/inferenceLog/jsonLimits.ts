// How much JSON the host agrees to parse. A logged body is whatever a client sent: a 100 MB body or one
// nested a million levels deep is legal JSON, but parsing it stalls the extension host for seconds (every
// extension with it), and JSON.stringify cannot write a structure that deep back out (it runs out of
// stack). Bodies past these limits are kept and shown as text; nothing is lost, only not re-structured.

/** Bodies longer than this (in UTF-16 units) are not parsed: ~30 ms of JSON.parse on a quiet machine. */
export const PARSE_MAX_CHARS = 4 * 1024 * 1024;

/**
 * Deeper nesting is not parsed. Real model inputs nest a few levels (a batch of images is 4); JSON.stringify
 * manages a few thousand before the stack runs out, so this leaves a wide margin on both sides.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Whether `text` may be handed to JSON.parse: short enough, and nested no deeper than MAX_JSON_DEPTH.
 * The depth check is one pass over the characters (brackets inside strings do not count) and is skipped
 * for texts too short to be that deep.
 */
export function parseableJson(text: string): boolean {
  if (text.length > PARSE_MAX_CHARS) return false;
  if (text.length <= MAX_JSON_DEPTH * 2) return true;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) return false;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return true;
}
