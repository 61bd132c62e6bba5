// The shapes the feature core hands out: plain JSON-able values, so a host can post them to a webview as
// they are (no class instances, no Maps, no `undefined` standing for "absent").

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * What a column's values should be, from the model schema's type (`int64`, `double`, `string`, …) or an
 * input example's values. `any`: the type says nothing checkable (`object`, an unknown name).
 */
export type ColumnKind = 'integer' | 'number' | 'boolean' | 'string' | 'datetime' | 'any';

export interface ColumnSpec {
  name: string;
  /** The type as the schema wrote it (absent for names made up or taken from an input example). */
  type?: string;
  kind: ColumnKind;
}

/**
 * Where column names came from, in order of preference: the model version's `model_schema.json`, its
 * `input_example.json`, or nothing (`positional`: f0, f1, … for inputs, `prediction` for outputs).
 */
export type ColumnSource = 'model-schema' | 'input-example' | 'positional';

export interface ColumnSet {
  source: ColumnSource;
  columns: ColumnSpec[];
  /**
   * True when the source fixes how many values an instance has (a columnar schema, a tensor schema with a
   * known per-instance size, an input example): a different count is a misfit.
   */
  fixedCount: boolean;
  /**
   * For a model schema of one tensor whose per-instance size is unknown: the kind every value has (the
   * columns are then named by position).
   */
  valueKind?: ColumnKind;
}

/**
 * The payload shapes KServe and Hopsworks use. Requests: V1 `instances` (rows: lists or objects), V1
 * `inputs` as rows (a list) or as columns (an object of lists, TF Serving's columnar form), V2 (Open
 * Inference Protocol) `inputs[]` tensors. Responses: V1 `predictions`, V2 `outputs[]` tensors.
 */
export type PayloadShape =
  | 'v1-instances'
  | 'v1-inputs-rows'
  | 'v1-inputs-columns'
  | 'v2-inputs'
  | 'v1-predictions'
  | 'v2-outputs'
  | 'unknown';

export interface FeatureRow {
  /** One value per column of the table; null for a null value and for an absent one (see `absent`). */
  values: JsonValue[];
  /** Indexes of the columns this instance did not have at all (an object without the key). */
  absent?: number[];
  /** Why this instance does not fit the column set (wrong count, wrong type, missing, null, unknown). */
  misfit?: string[];
}

export interface FeatureTable {
  shape: PayloadShape;
  /** Column names, in order; the columns of the set first, then any others the payload had. */
  columns: string[];
  /** One row per instance. */
  rows: FeatureRow[];
  /** Set when the payload has more instances, columns or values than kept (see limits in payloadRows.ts). */
  truncated?: boolean;
  /** Why the payload gave no rows (not JSON, no known shape, a tensor whose data does not match its shape). */
  problem?: string;
}
