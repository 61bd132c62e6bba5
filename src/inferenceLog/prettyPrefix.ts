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
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < end && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      emit(text.slice(i, Math.min(j + 1, end)));
      i = j + 1;
    } else if (c === '{' || c === '[') {
      const next = nextNonSpace(text, i + 1, end);
      if (text[next] === (c === '{' ? '}' : ']')) {
        emit(c === '{' ? '{}' : '[]');
        i = next + 1;
      } else {
        emit(c);
        depth++;
        newline();
        i++;
      }
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
      newline();
      emit(c);
      i++;
    } else if (c === ',') {
      emit(',');
      newline();
      i++;
    } else if (c === ':') {
      emit(': ');
      i++;
    } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++;
    } else {
      // A number, a literal, or stray text: copied up to the next structural character or space.
      let j = i + 1;
      while (j < end && !/[\s"{}[\],:]/.test(text[j]!)) j++;
      emit(text.slice(i, j));
      i = j;
    }
  }
  let pretty = out.join('');
  const cut = i < text.length || pretty.length > maxChars;
  if (pretty.length > maxChars) pretty = pretty.slice(0, maxChars);
  return { text: pretty, cut, parsed: false };
}

function nextNonSpace(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}
