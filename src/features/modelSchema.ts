// Reads a model version's `model_schema.json`, as hsml writes it (`hsml/model_schema.py`,
// `hsml/schema.py`, `hsml/utils/schema/`):
//   {"input_schema":  {"columnar_schema": [{"name": "age", "type": "int64"}, …]},
//    "output_schema": {"tensor_schema": {"type": "float64", "shape": "(150,)"}}}
// A columnar schema is a list of columns (`type` required, `name` and `description` optional); a tensor
// schema is one tensor (hsml stores a numpy array's dtype and shape as an object) or a list of them
// (`type` and `shape` required, `name` optional). `shape` is the numpy/Python text, e.g. "(?, 4)".
import { kindOfType } from './columnKinds';
import type { ColumnKind, ColumnSpec } from './types';

export class ModelSchemaError extends Error {
  override name = 'ModelSchemaError';
}

export interface TensorSpec {
  name?: string;
  type: string;
  /** Dimensions; null where unknown (`?`, `None`, `-1`); undefined when the text held none. */
  shape?: (number | null)[];
}

export interface SchemaSide {
  form: 'columnar' | 'tensor';
  /** Columns of one instance; for a tensor schema, when its per-instance size is known. */
  columns: ColumnSpec[];
  /** Whether the schema fixes how many values one instance has. */
  fixedCount: boolean;
  /** For a single tensor whose per-instance size is unknown: the kind every value has. */
  valueKind?: ColumnKind;
  tensors?: TensorSpec[];
}

export interface ModelSchemaColumns {
  inputs?: SchemaSide;
  outputs?: SchemaSide;
}

/** Bigger schemas are refused: a feature table of that width is not something to show or check. */
const MAX_SCHEMA_COLUMNS = 10_000;

/** Parses the file's text or its parsed JSON. Throws ModelSchemaError saying what is wrong and where. */
export function parseModelSchema(input: unknown): ModelSchemaColumns {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new ModelSchemaError(`model_schema.json is not JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(json)) throw new ModelSchemaError('model_schema.json must hold a JSON object.');
  const out: ModelSchemaColumns = {};
  if (json.input_schema !== undefined) out.inputs = parseSide(json.input_schema, 'input_schema');
  if (json.output_schema !== undefined) out.outputs = parseSide(json.output_schema, 'output_schema');
  if (!out.inputs && !out.outputs)
    throw new ModelSchemaError('model_schema.json has neither "input_schema" nor "output_schema".');
  return out;
}

function parseSide(side: unknown, where: string): SchemaSide {
  if (!isObject(side)) throw new ModelSchemaError(`"${where}" must be an object.`);
  if (side.columnar_schema !== undefined) return columnar(side.columnar_schema, `${where}.columnar_schema`);
  if (side.tensor_schema !== undefined) return tensor(side.tensor_schema, `${where}.tensor_schema`);
  throw new ModelSchemaError(`"${where}" has neither "columnar_schema" nor "tensor_schema".`);
}

function columnar(list: unknown, where: string): SchemaSide {
  if (!Array.isArray(list)) throw new ModelSchemaError(`"${where}" must be a list of columns.`);
  if (list.length > MAX_SCHEMA_COLUMNS)
    throw new ModelSchemaError(
      `"${where}" has ${list.length} columns; at most ${MAX_SCHEMA_COLUMNS} are read.`,
    );
  const seen = new Set<string>();
  const columns = list.map((c, i): ColumnSpec => {
    if (!isObject(c) || c.type === undefined || c.type === null)
      throw new ModelSchemaError(`"${where}[${i}]" must be an object with a "type".`);
    const type = text(c.type);
    let name = c.name === undefined || c.name === null ? `f${i}` : text(c.name);
    // Two columns of one name would make a filter on it ambiguous: the second gets its position.
    if (seen.has(name)) name = `${name}#${i}`;
    seen.add(name);
    return { name, type, kind: kindOfType(type) };
  });
  return { form: 'columnar', columns, fixedCount: true };
}

function tensor(value: unknown, where: string): SchemaSide {
  const list = Array.isArray(value) ? value : [value];
  const tensors = list.map((t, i): TensorSpec => {
    const at = Array.isArray(value) ? `${where}[${i}]` : where;
    if (!isObject(t) || t.type === undefined || t.type === null)
      throw new ModelSchemaError(`"${at}" must be an object with a "type" and a "shape".`);
    const spec: TensorSpec = { type: text(t.type) };
    if (t.name !== undefined && t.name !== null) spec.name = text(t.name);
    const shape = parseShape(t.shape);
    if (shape) spec.shape = shape;
    return spec;
  });
  if (tensors.length === 1) {
    const t = tensors[0]!;
    const kind = kindOfType(t.type);
    const per = perInstance(t.shape);
    if (per === undefined || per > MAX_SCHEMA_COLUMNS)
      return { form: 'tensor', columns: [], fixedCount: false, valueKind: kind, tensors };
    const columns = Array.from({ length: per }, (_, j) => ({ name: `f${j}`, type: t.type, kind }));
    return { form: 'tensor', columns, fixedCount: true, tensors };
  }
  // Several tensors: one column per tensor, or name[j] for a tensor with several values per instance.
  const columns: ColumnSpec[] = [];
  let fixedCount = true;
  tensors.forEach((t, i) => {
    const name = t.name ?? `input${i}`;
    const kind = kindOfType(t.type);
    const per = perInstance(t.shape) ?? 1;
    if (perInstance(t.shape) === undefined) fixedCount = false;
    if (per === 1) columns.push({ name, type: t.type, kind });
    else
      for (let j = 0; j < per && columns.length < MAX_SCHEMA_COLUMNS; j++)
        columns.push({ name: `${name}[${j}]`, type: t.type, kind });
  });
  return { form: 'tensor', columns, fixedCount, tensors };
}

/** "(?, 4)", "(150, 4)", "[None, 28, 28]", "torch.Size([1, 4])", or a JSON list. */
export function parseShape(shape: unknown): (number | null)[] | undefined {
  if (Array.isArray(shape))
    return shape.map((d) => (typeof d === 'number' && Number.isInteger(d) && d >= 0 ? d : null));
  if (typeof shape !== 'string') return undefined;
  const tokens = shape.slice(0, 200).match(/-?\d+|None|\?/g);
  if (!tokens) return shape.includes('(') || shape.includes('[') ? [] : undefined;
  return tokens.map((t) => {
    const n = Number(t);
    return Number.isInteger(n) && n >= 0 ? n : null;
  });
}

/**
 * Values per instance: the product of the dimensions after the batch one, for rank ≥ 2. A rank-1 shape
 * is ambiguous in hsml (`(150,)` is 150 labels; `(4,)` is one example of 4 features), so it says nothing.
 */
function perInstance(shape: (number | null)[] | undefined): number | undefined {
  if (!shape || shape.length < 2) return undefined;
  let n = 1;
  for (const d of shape.slice(1)) {
    if (d === null) return undefined;
    n *= d;
  }
  return n;
}

/** A schema field as text: strings as they are, anything else as its JSON. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
