// Tokens of the filter language. Every token keeps its position, so an error can point at it.

export const MAX_FILTER_LENGTH = 2_000;
export const MAX_FILTER_TOKENS = 1_000;

export type TokenType = 'number' | 'string' | 'name' | 'keyword' | 'op' | '(' | ')' | ',' | 'end';

export interface Token {
  type: TokenType;
  /** The number's value, the string's contents, the name, the lower-cased keyword or the operator. */
  text: string;
  value?: number;
  /** Index of the first character in the filter text, and how many characters it spans. */
  pos: number;
  length: number;
}

export const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'missing', 'true', 'false', 'null']);

export class FilterSyntaxError extends Error {
  override name = 'FilterSyntaxError';

  constructor(
    /** What is wrong, without the position (the UI underlines it). */
    readonly reason: string,
    /** Index of the first offending character (0-based). */
    readonly position: number,
    readonly length = 1,
  ) {
    super(`${reason} (at column ${position + 1})`);
  }
}

const OPERATORS = ['==', '!=', '<>', '<=', '>=', '=', '<', '>'];
const NAME_START = /[A-Za-z_]/;
// After the first character a name may hold dots, brackets and dashes: column names like
// `prediction[0]`, `emb[3]`, `output-0` or `input.age` are common and the language has no arithmetic.
const NAME_PART = /[A-Za-z0-9_.\-[\]]/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

export function tokenize(text: string): Token[] {
  if (text.length > MAX_FILTER_LENGTH)
    throw new FilterSyntaxError(
      `The filter is longer than ${MAX_FILTER_LENGTH.toLocaleString('en-US')} characters`,
      MAX_FILTER_LENGTH,
    );
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (tokens.length >= MAX_FILTER_TOKENS)
      throw new FilterSyntaxError(`The filter has more than ${MAX_FILTER_TOKENS} parts`, i);
    const start = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, pos: i, length: 1 });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({
        type: 'op',
        text: op === '==' ? '=' : op === '<>' ? '!=' : op,
        pos: i,
        length: op.length,
      });
      i += op.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ type: 'string', text: value, pos: start, length: end - start });
      i = end;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new FilterSyntaxError('A `quoted name` is not closed', i);
      if (end === i + 1) throw new FilterSyntaxError('A `quoted name` is empty', i, 2);
      tokens.push({ type: 'name', text: text.slice(i + 1, end), pos: start, length: end + 1 - start });
      i = end + 1;
      continue;
    }
    const num = NUMBER.exec(text.slice(i, i + 64));
    if (num && (c !== '-' || /[\d.]/.test(text[i + 1] ?? ''))) {
      const value = Number(num[0]);
      if (!Number.isFinite(value))
        throw new FilterSyntaxError(`"${num[0]}" is not a usable number`, i, num[0].length);
      tokens.push({ type: 'number', text: num[0], value, pos: i, length: num[0].length });
      i += num[0].length;
      if (i < text.length && NAME_START.test(text[i]!))
        throw new FilterSyntaxError(`Expected a space after the number "${num[0]}"`, i);
      continue;
    }
    if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < text.length && NAME_PART.test(text[end]!)) end++;
      const word = text.slice(i, end);
      const lower = word.toLowerCase();
      tokens.push(
        KEYWORDS.has(lower)
          ? { type: 'keyword', text: lower, pos: i, length: end - i }
          : { type: 'name', text: word, pos: i, length: end - i },
      );
      i = end;
      continue;
    }
    throw new FilterSyntaxError(`Unexpected character ${JSON.stringify(c)}`, i);
  }
  tokens.push({ type: 'end', text: '', pos: text.length, length: 0 });
  return tokens;
}

/** A quoted string with JSON-style escapes (\" \' \\ \n \t \uXXXX). */
function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return { value: out, end: i + 1 };
    if (c === '\\') {
      const n = text[i + 1];
      if (n === undefined) break;
      const simple: Record<string, string> = {
        '"': '"',
        "'": "'",
        '\\': '\\',
        n: '\n',
        t: '\t',
        r: '\r',
        '/': '/',
      };
      if (n in simple) {
        out += simple[n];
        i += 2;
        continue;
      }
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      throw new FilterSyntaxError(`Unknown escape "\\${n}" in a string`, i, 2);
    }
    out += c;
    i++;
  }
  throw new FilterSyntaxError('A string is not closed', start);
}
