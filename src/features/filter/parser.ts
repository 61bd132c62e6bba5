// A small recursive-descent parser for the filter language (no eval, no Function: the text only ever
// becomes this AST). Grammar, lowest precedence first:
//   filter     := or
//   or         := and ("or" and)*
//   and        := not ("and" not)*
//   not        := "not" not | primary
//   primary    := "(" or ")" | operand rest
//   rest       := op operand                       op: = == != <> < <= > >=
//               | ["not"] "in" "(" literal ("," literal)* ")"
//               | "is" ["not"] "missing"
//   operand    := name | literal                   name: age, input.age, `sepal length (cm)`
//   literal    := number | "string" | 'string' | true | false
// Recursion only happens through "(" and "not", and both are counted against MAX_FILTER_DEPTH; "and" /
// "or" chains are loops, so a long flat filter cannot exhaust the stack.
import { FilterSyntaxError, tokenize } from './lexer';
import type { Token } from './lexer';

export const MAX_FILTER_DEPTH = 32;
export const MAX_IN_VALUES = 200;

export type Literal = number | string | boolean;
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * Which columns a name may mean. `feature` (`input.` or `feature.` prefix), `prediction` (`prediction.` /
 * `output.`), `row` (`row.`: version, status, latency, …); `auto`: a bare name, looked up in that order.
 */
export type NameScope = 'feature' | 'prediction' | 'row' | 'auto';

export interface NameRef {
  type: 'name';
  scope: NameScope;
  name: string;
  pos: number;
  length: number;
}

export interface LiteralRef {
  type: 'literal';
  value: Literal;
}

export type Operand = NameRef | LiteralRef;

export type FilterAst =
  | { type: 'and' | 'or'; operands: FilterAst[] }
  | { type: 'not'; operand: FilterAst }
  | { type: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { type: 'in'; name: Operand; values: Literal[]; negated: boolean }
  | { type: 'missing'; name: NameRef; negated: boolean };

const PREFIXES: [string, NameScope][] = [
  ['input.', 'feature'],
  ['feature.', 'feature'],
  ['prediction.', 'prediction'],
  ['output.', 'prediction'],
  ['row.', 'row'],
];

export function parseFilter(text: string): FilterAst {
  const tokens = tokenize(text);
  if (tokens.length === 1) throw new FilterSyntaxError('The filter is empty', 0, 0);
  const p = new Parser(tokens);
  const ast = p.or(0);
  const t = p.peek();
  if (t.type !== 'end') {
    throw new FilterSyntaxError(
      t.type === ')'
        ? 'This ")" has no matching "("'
        : `Expected "and", "or" or the end, found ${describe(t)}`,
      t.pos,
      Math.max(1, t.length),
    );
  }
  return ast;
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== 'end') this.i++;
    return t;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.type === 'keyword' && t.text === word;
  }

  or(depth: number): FilterAst {
    return this.chain('or', () => this.and(depth));
  }

  private and(depth: number): FilterAst {
    return this.chain('and', () => this.not(depth));
  }

  /** `operand (word operand)*` as a loop, not recursion (see the top); one operand stands for itself. */
  private chain(word: 'and' | 'or', operand: () => FilterAst): FilterAst {
    const operands = [operand()];
    while (this.isKeyword(word)) {
      this.next();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0]! : { type: word, operands };
  }

  private not(depth: number): FilterAst {
    if (this.isKeyword('not')) {
      const t = this.next();
      this.deeper(depth, t);
      return { type: 'not', operand: this.not(depth + 1) };
    }
    return this.primary(depth);
  }

  private primary(depth: number): FilterAst {
    const t = this.peek();
    if (t.type === '(') {
      this.next();
      this.deeper(depth, t);
      const inner = this.or(depth + 1);
      const close = this.peek();
      if (close.type !== ')')
        throw new FilterSyntaxError(
          `Expected ")" to close the "(" at column ${t.pos + 1}, found ${describe(close)}`,
          close.pos,
          Math.max(1, close.length),
        );
      this.next();
      return inner;
    }
    const left = this.operand('a name or a value to compare');
    const r = this.peek();
    if (r.type === 'op') {
      this.next();
      const right = this.operand(`a value after "${r.text}"`);
      return { type: 'compare', op: r.text as CompareOp, left, right };
    }
    if (this.isKeyword('is')) {
      this.next();
      const negated = this.isKeyword('not');
      if (negated) this.next();
      this.expectKeyword('missing', 'is');
      if (left.type !== 'name')
        throw new FilterSyntaxError('Only a name can be "missing"', t.pos, Math.max(1, t.length));
      return { type: 'missing', name: left, negated };
    }
    if (this.isKeyword('in') || this.isKeyword('not')) {
      const negated = this.isKeyword('not');
      this.next(); // "in", or the "not" before it
      if (negated) this.expectKeyword('in', 'not');
      return { type: 'in', name: left, values: this.list(), negated };
    }
    throw new FilterSyntaxError(
      `Expected a comparison (=, !=, <, <=, >, >=, in, is missing) after ${describe(t)}, found ${describe(r)}`,
      r.pos,
      Math.max(1, r.length),
    );
  }

  private list(): Literal[] {
    const open = this.peek();
    if (open.type !== '(')
      throw new FilterSyntaxError(
        `Expected "(" after "in", found ${describe(open)}`,
        open.pos,
        Math.max(1, open.length),
      );
    this.next();
    const values: Literal[] = [];
    for (;;) {
      const v = this.operand('a value in the list');
      if (v.type !== 'literal')
        throw new FilterSyntaxError(
          `The list after "in" holds values, not the name "${v.name}"`,
          v.pos,
          v.length,
        );
      if (values.length >= MAX_IN_VALUES)
        throw new FilterSyntaxError(
          `The list after "in" has more than ${MAX_IN_VALUES} values`,
          this.tokens[this.i - 1]!.pos,
        );
      values.push(v.value);
      const sep = this.next();
      if (sep.type === ')') return values;
      if (sep.type !== ',')
        throw new FilterSyntaxError(
          `Expected "," or ")" in the list, found ${describe(sep)}`,
          sep.pos,
          Math.max(1, sep.length),
        );
    }
  }

  private operand(what: string): Operand {
    const t = this.next();
    switch (t.type) {
      case 'number':
        return { type: 'literal', value: t.value ?? Number(t.text) };
      case 'string':
        return { type: 'literal', value: t.text };
      case 'name':
        return nameRef(t);
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') return { type: 'literal', value: t.text === 'true' };
        if (t.text === 'null')
          throw new FilterSyntaxError('Use "is missing" to find absent or null values', t.pos, t.length);
        throw new FilterSyntaxError(
          `Expected ${what}, found the word "${t.text}" (put a column of that name in \`backquotes\`)`,
          t.pos,
          t.length,
        );
      default:
        throw new FilterSyntaxError(`Expected ${what}, found ${describe(t)}`, t.pos, Math.max(1, t.length));
    }
  }

  /** Takes the keyword `word`, which must follow `after`; anything else there is the error. */
  private expectKeyword(word: string, after: string): void {
    const t = this.peek();
    if (!(t.type === 'keyword' && t.text === word))
      throw new FilterSyntaxError(
        `Expected "${word}" after "${after}", found ${describe(t)}`,
        t.pos,
        Math.max(1, t.length),
      );
    this.next();
  }

  private deeper(depth: number, at: Token): void {
    if (depth + 1 > MAX_FILTER_DEPTH)
      throw new FilterSyntaxError(
        `The filter is nested more than ${MAX_FILTER_DEPTH} levels deep`,
        at.pos,
        at.length,
      );
  }
}

function nameRef(t: Token): NameRef {
  // A `quoted name` is taken as it is; a bare one may carry a scope prefix.
  const quoted = t.length !== t.text.length;
  if (!quoted) {
    for (const [prefix, scope] of PREFIXES) {
      if (t.text.length > prefix.length && t.text.toLowerCase().startsWith(prefix))
        return { type: 'name', scope, name: t.text.slice(prefix.length), pos: t.pos, length: t.length };
    }
  }
  return { type: 'name', scope: 'auto', name: t.text, pos: t.pos, length: t.length };
}

function describe(t: Token): string {
  switch (t.type) {
    case 'end':
      return 'the end of the filter';
    case 'string':
      return `the text ${JSON.stringify(t.text.length > 20 ? `${t.text.slice(0, 20)}…` : t.text)}`;
    case 'name':
      return `"${t.text.length > 30 ? `${t.text.slice(0, 30)}…` : t.text}"`;
    default:
      return `"${t.text}"`;
  }
}
