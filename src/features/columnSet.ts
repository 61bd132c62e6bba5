// Which names and kinds the columns of a payload get: from the model schema, else from the input example,
// else made up (f0, f1, … for inputs; `prediction` for outputs).
//
// hsml saves `input_example.json` from what the user passed (`hopsworks_common/util.py`,
// `_input_example_to_json`): a dict as it is (keys are feature names), a DataFrame's first row or a
// Series as a list of values, an ndarray as nested lists. So: an object gives names; a list gives the
// count (its first element, when it is itself a list, is one instance).
import { kindOfValue } from './columnKinds';
import type { SchemaSide } from './modelSchema';
import type { ColumnSet, ColumnSpec, JsonValue } from './types';

export type PayloadSide = 'input' | 'output';

const MAX_EXAMPLE_COLUMNS = 10_000;

export interface ColumnSources {
  /** The side of the parsed model schema (`parseModelSchema(...).inputs` or `.outputs`). */
  schema?: SchemaSide;
  /** The parsed `input_example.json` (inputs only). */
  inputExample?: unknown;
}

export function resolveColumns(side: PayloadSide, sources: ColumnSources = {}): ColumnSet {
  const { schema, inputExample } = sources;
  if (schema && (schema.columns.length > 0 || schema.valueKind)) {
    const set: ColumnSet = { source: 'model-schema', columns: schema.columns, fixedCount: schema.fixedCount };
    if (schema.valueKind) set.valueKind = schema.valueKind;
    return set;
  }
  if (side === 'input' && inputExample !== undefined && inputExample !== null) {
    const columns = columnsFromExample(inputExample);
    if (columns) return { source: 'input-example', columns, fixedCount: true };
  }
  return { source: 'positional', columns: [], fixedCount: false };
}

/** Columns an input example implies, or undefined when it implies none (an empty list, a scalar). */
export function columnsFromExample(example: unknown): ColumnSpec[] | undefined {
  if (typeof example === 'object' && example !== null && !Array.isArray(example)) {
    const keys = Object.keys(example).slice(0, MAX_EXAMPLE_COLUMNS);
    if (keys.length === 0) return undefined;
    const o = example as Record<string, JsonValue>;
    return keys.map((name) => ({ name, kind: kindOfValue(o[name]) }));
  }
  if (!Array.isArray(example) || example.length === 0) return undefined;
  // [[5.1, 3.5, 1.4, 0.2]] (an ndarray of one example) → the inner list is the instance.
  const instance: unknown[] = Array.isArray(example[0]) ? (example[0] as unknown[]) : example;
  if (instance.length === 0) return undefined;
  return instance
    .slice(0, MAX_EXAMPLE_COLUMNS)
    .map((v, i) => ({ name: `f${i}`, kind: kindOfValue(v as JsonValue) }));
}
