// Turns a parsed filter into a predicate over one instance (its feature values, its prediction values and
// the fields of the logged row it came from). Names are looked up in Maps and fixed lists, never as
// properties of an object, so a name like `__proto__` or `constructor` is just an unknown name.
import type { LogRow } from '../../inferenceLog/types';
import type { FeatureTable, JsonValue } from '../types';
import { FilterSyntaxError } from './lexer';
import { parseFilter } from './parser';
import type { CompareOp, FilterAst, Literal, NameRef, Operand } from './parser';

/** Fields of the logged row a filter can name (`row.` prefix, or bare when no column has the name). */
export const ROW_FIELDS: ReadonlyMap<string, (row: LogRow) => JsonValue | undefined> = new Map<
  string,
  (row: LogRow) => JsonValue | undefined
>([
  ['version', (r) => r.modelVersion],
  ['model', (r) => r.model],
  ['status', (r) => r.httpCode || undefined],
  ['http', (r) => r.httpCode || undefined],
  ['latency', (r) => r.latencyMs],
  ['outcome', (r) => r.outcome],
  ['kind', (r) => r.kind],
  ['error', (r) => r.outcome === 'http-error' || r.outcome === 'no-response'],
  ['inferenceId', (r) => r.inferenceId || undefined],
  ['servingId', (r) => r.servingId],
  ['partition', (r) => r.kafka.partition],
  ['offset', (r) => Number(r.kafka.offset)],
  ['time', (r) => r.timeMs],
]);

/** What a filter looks at: one instance of one logged row. `undefined` = absent. */
export interface FilterSubject {
  feature(name: string): JsonValue | undefined;
  prediction(name: string): JsonValue | undefined;
  row(field: string): JsonValue | undefined;
}

/** The columns the table shows: with them, a misspelt name is an error instead of matching nothing. */
export interface FilterNames {
  features?: readonly string[];
  predictions?: readonly string[];
}

export interface CompiledFilter {
  readonly text: string;
  readonly ast: FilterAst;
  match(subject: FilterSubject): boolean;
}

type Getter = (s: FilterSubject) => JsonValue | undefined;
type Pred = (s: FilterSubject) => boolean;

/** Parses and compiles; throws FilterSyntaxError (with the position of the problem) on bad input. */
export function compileFilterExpression(text: string, names: FilterNames = {}): CompiledFilter {
  const ast = parseFilter(text);
  const known = {
    features: names.features ? new Set(names.features) : undefined,
    predictions: names.predictions ? new Set(names.predictions) : undefined,
  };
  const pred = compile(ast, known);
  return { text, ast, match: pred };
}

interface Known {
  features: Set<string> | undefined;
  predictions: Set<string> | undefined;
}

function compile(ast: FilterAst, known: Known): Pred {
  switch (ast.type) {
    case 'and': {
      const parts = ast.operands.map((o) => compile(o, known));
      return (s) => parts.every((p) => p(s));
    }
    case 'or': {
      const parts = ast.operands.map((o) => compile(o, known));
      return (s) => parts.some((p) => p(s));
    }
    case 'not': {
      const inner = compile(ast.operand, known);
      return (s) => !inner(s);
    }
    case 'missing': {
      const get = getter(ast.name, known);
      return ast.negated ? (s) => !isMissing(get(s)) : (s) => isMissing(get(s));
    }
    case 'in': {
      const get = operandGetter(ast.name, known);
      const values = ast.values;
      const negated = ast.negated;
      return (s) => {
        const v = get(s);
        if (isMissing(v)) return false;
        const hit = values.some((lit) => equal(v!, lit));
        return negated ? !hit : hit;
      };
    }
    case 'compare': {
      const left = operandGetter(ast.left, known);
      const right = operandGetter(ast.right, known);
      const op = ast.op;
      return (s) => {
        const a = left(s);
        const b = right(s);
        // Comparing with an absent or null value is false whatever the operator: "is missing" finds those.
        if (isMissing(a) || isMissing(b)) return false;
        return compare(a!, op, b!);
      };
    }
  }
}

function operandGetter(o: Operand, known: Known): Getter {
  if (o.type === 'literal') {
    const v = o.value;
    return () => v;
  }
  return getter(o, known);
}

function getter(ref: NameRef, known: Known): Getter {
  const name = ref.name;
  const rowField = ROW_FIELDS.has(name);
  switch (ref.scope) {
    case 'feature':
      if (known.features && !known.features.has(name)) throw unknown(ref, known, 'feature');
      return (s) => s.feature(name);
    case 'prediction':
      if (known.predictions && !known.predictions.has(name)) throw unknown(ref, known, 'prediction');
      return (s) => s.prediction(name);
    case 'row':
      if (!rowField) throw unknown(ref, known, 'row field');
      return (s) => s.row(name);
    case 'auto':
      if (known.features || known.predictions) {
        if (known.features?.has(name)) return (s) => s.feature(name);
        if (known.predictions?.has(name)) return (s) => s.prediction(name);
        if (rowField) return (s) => s.row(name);
        throw unknown(ref, known, 'name');
      }
      // No column list given: the first of feature, prediction, row field that the instance has.
      return (s) => {
        const f = s.feature(name);
        if (f !== undefined) return f;
        const p = s.prediction(name);
        if (p !== undefined) return p;
        return rowField ? s.row(name) : undefined;
      };
  }
}

function unknown(ref: NameRef, known: Known, what: string): FilterSyntaxError {
  const list = (label: string, names: Iterable<string> | undefined) => {
    if (!names) return undefined;
    const all = [...names];
    if (all.length === 0) return undefined;
    const shown = all.slice(0, 8).join(', ');
    return `${label}: ${all.length > 8 ? `${shown}, …` : shown}`;
  };
  const lists = [
    what !== 'row field' ? list('features', known.features) : undefined,
    what !== 'row field' ? list('predictions', known.predictions) : undefined,
    list('row fields', ROW_FIELDS.keys()),
  ].filter((l): l is string => l !== undefined);
  return new FilterSyntaxError(`Unknown ${what} "${ref.name}" (${lists.join('; ')})`, ref.pos, ref.length);
}

function isMissing(v: JsonValue | undefined): boolean {
  return v === undefined || v === null;
}

/** A number, or a string that is exactly a number ("61", "-0.5"); undefined otherwise. */
function asNumber(v: JsonValue | Literal): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v))
    return Number(v);
  return undefined;
}

function equal(a: JsonValue, b: JsonValue | Literal): boolean {
  if (typeof a === typeof b && typeof a !== 'object') return a === b;
  // A number logged as text ("61") equals 61: payloads often carry numbers as strings.
  const x = asNumber(a);
  const y = asNumber(b);
  return x !== undefined && y !== undefined && x === y;
}

function compare(a: JsonValue, op: CompareOp, b: JsonValue): boolean {
  if (op === '=') return equal(a, b);
  if (op === '!=') return !equal(a, b);
  let order: number;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) order = x - y;
  else if (typeof a === 'string' && typeof b === 'string') order = a < b ? -1 : a > b ? 1 : 0;
  else return false; // a list, an object, a boolean against a number: no order
  if (Number.isNaN(order)) return false;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/**
 * The subjects of one logged row: one per instance of its request (paired by position with the
 * instances of its response), or one with the row's fields only when the request gave no instances.
 */
export function rowSubjects(row: LogRow, inputs?: FeatureTable, outputs?: FeatureTable): FilterSubject[] {
  const rowValue = (field: string) => ROW_FIELDS.get(field)?.(row);
  const n = Math.max(inputs?.rows.length ?? 0, outputs?.rows.length ?? 0, 1);
  const subjects: FilterSubject[] = [];
  for (let i = 0; i < n; i++) {
    subjects.push({
      feature: (name) => cell(inputs, i, name),
      prediction: (name) => cell(outputs, i, name),
      row: rowValue,
    });
  }
  return subjects;
}

/** Whether any instance of the row matches. */
export function matchesRow(
  filter: CompiledFilter,
  row: LogRow,
  inputs?: FeatureTable,
  outputs?: FeatureTable,
): boolean {
  return rowSubjects(row, inputs, outputs).some((s) => filter.match(s));
}

function cell(table: FeatureTable | undefined, i: number, name: string): JsonValue | undefined {
  if (!table) return undefined;
  const r = table.rows[i];
  if (!r) return undefined;
  const c = table.columns.indexOf(name);
  if (c < 0 || r.absent?.includes(c)) return undefined;
  return r.values[c];
}
