// A payload pretty-printed for reading, at a bounded cost whatever its size: the detail pane and the
// test-request suggestion must not stall the extension host on a 100 MB body. A body the host agrees to
// parse (jsonLimits.ts) is parsed and re-printed with JSON.stringify (or shown as logged when it does not
// parse); anything bigger or deeper is re-indented from its first characters only, with a flag saying
// the text was cut.
import { parseableJson } from './jsonLimits';

/** Characters of pretty text the detail pane shows of one payload. */
export const PRETTY_MAX_CHARS = 200_000;

export interface PrettyText {
  /** At most `maxChars` characters. */
  text: string;
  /** The payload goes on past `text`: only its first part is shown. */
  cut: boolean;
  /** `text` is the whole payload parsed and re-printed, so it is valid JSON (and `cut` is false). */
  parsed: boolean;
}

/**
 * `text` indented by two spaces, reading at most about `maxChars` characters of it and returning at most
 * `maxChars`. Never throws.
 */
export function prettyJsonPrefix(text: string, maxChars = PRETTY_MAX_CHARS): PrettyText {
  if (text.length <= maxChars && parseableJson(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The format said JSON but the text disagrees (a cut or broken body): show it as logged.
      return { text, cut: false, parsed: false };
    }
    let pretty: string | undefined;
    try {
      pretty = JSON.stringify(value, null, 2);
    } catch {
      // Too deep to write back out: re-indented below instead.
    }
    if (pretty !== undefined) {
      return pretty.length <= maxChars
        ? { text: pretty, cut: false, parsed: true }
        : { text: pretty.slice(0, maxChars), cut: true, parsed: false };
    }
  }
  return reindentPrefix(text, maxChars);
}

const INDENT = '  ';

/**
 * Re-indents JSON-looking text token by token without parsing it, so it works on any prefix and on
 * broken JSON. Strings are copied as they are; whitespace between tokens is replaced by the layout
 * JSON.stringify(…, null, 2) would give. Stops once the output reaches `maxChars`.
 */
function reindentPrefix(text: string, maxChars: number): PrettyText {
  // Reading stops early too: output is never shorter than the tokens read, whitespace aside.
  const end = Math.min(text.length, maxChars * 2);
  const out: string[] = [];
  let length = 0;
  let depth = 0;
  let i = 0;
  const emit = (s: string): void => {
    out.push(s);
    length += s.length;
  };
  const newline = (): void => emit(`\n${INDENT.repeat(Math.min(depth, maxChars))}`);
  while (i < end && length < maxChars) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const j = stringEnd(text, i + 1, end);
      emit(text.slice(i, j));
      i = j;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const next = nextNonSpace(text, i + 1, end);
      if (text.charCodeAt(next) === (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
        emit(c === OPEN_BRACE ? '{}' : '[]');
        i = next + 1;
      } else {
        emit(c === OPEN_BRACE ? '{' : '[');
        depth++;
        newline();
        i++;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
      newline();
      emit(c === CLOSE_BRACE ? '}' : ']');
      i++;
    } else if (c === COMMA) {
      emit(',');
      newline();
      i++;
    } else if (c === COLON) {
      emit(': ');
      i++;
    } else if (isSpace(c)) {
      i++;
    } else {
      // A number, a literal, or stray text: copied up to the next structural character or space.
      TOKEN_END.lastIndex = i + 1;
      const j = Math.min(end, TOKEN_END.exec(text)?.index ?? end);
      emit(text.slice(i, j));
      i = j;
    }
  }
  let pretty = out.join('');
  const cut = i < text.length || pretty.length > maxChars;
  if (pretty.length > maxChars) pretty = pretty.slice(0, maxChars);
  return { text: pretty, cut, parsed: false };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const TOKEN_END = /[\s"{}[\],:]/g;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index just past the string that opens before `from` (its closing quote), or `end` if it runs on. */
function stringEnd(text: string, from: number, end: number): number {
  let j = from;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0 || q >= end) return end;
    // A quote after an odd number of backslashes is escaped.
    let backslashes = 0;
    while (q - 1 - backslashes >= from && text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function nextNonSpace(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}
