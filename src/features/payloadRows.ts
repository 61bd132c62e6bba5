// A logged request or response body → one row per instance, one column per feature, each instance
// checked against the column set (wrong count, wrong type, missing, null, not in the schema).
//
// Shapes (KServe V1 / TF Serving, Open Inference Protocol V2, Hopsworks' Python server):
//   {"instances": [[5.1, 3.5], …]}  {"instances": [{"age": 61, "country": "SE"}, …]}
//   {"signature_name": "serving_default", "instances": …}
//   {"inputs": [[…], …]}  {"inputs": {"age": [61, 45], "country": ["SE", "NO"]}}  (TF columnar form)
//   {"inputs": [{"name": "x", "shape": [2, 4], "datatype": "FP32", "data": [… 8 values, row-major …]}]}
//   {"predictions": [0, 1]}  {"predictions": [[0.1, 0.9]]}  {"outputs": [{"name", "shape", "data"}]}
// Bodies are whatever a client sent, so nothing here throws and every size is bounded.
import { describeValue, fitsKind } from './columnKinds';
import type { PayloadSide } from './columnSet';
import type { ColumnKind, ColumnSet, FeatureRow, FeatureTable, JsonValue, PayloadShape } from './types';

/** Instances kept per payload (a batch request of more is cut, and the table says so). */
export const MAX_INSTANCES = 10_000;
/** Columns kept per payload. */
export const MAX_COLUMNS = 1_000;
/** Values a V2 tensor may flatten to. */
export const MAX_TENSOR_VALUES = 1_000_000;
/** Misfit reasons kept per instance. */
const MAX_REASONS = 5;

export interface FeatureTableOptions {
  side: PayloadSide;
  /** From `resolveColumns`; without it, columns are positional and nothing is checked. */
  columns?: ColumnSet;
}

type Json = JsonValue;
type JsonObject = { [key: string]: Json };

/** Turns a body (its text, or its parsed JSON) into a feature table. Never throws. */
export function featureTable(body: unknown, options: FeatureTableOptions): FeatureTable {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch {
      return empty('unknown', body.trim() === '' ? 'Nothing was logged.' : 'The body is not JSON.');
    }
  }
  if (!isObject(json))
    return empty(
      'unknown',
      `The body is ${Array.isArray(json) ? 'a list' : 'not a JSON object'}, not a KServe payload.`,
    );
  const builder = new TableBuilder(options.side, options.columns);
  return options.side === 'input' ? inputs(json, builder) : outputs(json, builder);
}

function inputs(o: JsonObject, b: TableBuilder): FeatureTable {
  if (isTensorList(o.inputs)) return tensors(o.inputs, 'v2-inputs', b);
  if ('instances' in o) {
    const inst = o.instances;
    if (!Array.isArray(inst)) return empty('v1-instances', '"instances" is not a list.');
    return b.rows(inst, 'v1-instances');
  }
  if ('inputs' in o) {
    const inp = o.inputs;
    if (Array.isArray(inp)) return b.rows(inp, 'v1-inputs-rows');
    if (isObject(inp)) return columnar(inp, b);
    // A bare scalar input: one instance of one value.
    return b.rows([inp], 'v1-inputs-rows');
  }
  return empty('unknown', 'The body has no "instances" or "inputs".');
}

function outputs(o: JsonObject, b: TableBuilder): FeatureTable {
  if (isTensorList(o.outputs)) return tensors(o.outputs, 'v2-outputs', b);
  if ('predictions' in o) {
    const p = o.predictions;
    return b.rows(Array.isArray(p) ? p : [p], 'v1-predictions');
  }
  return empty('unknown', 'The body has no "predictions" or "outputs".');
}

/** TF Serving's columnar form: {"inputs": {"age": [61, 45], "country": ["SE", "NO"]}} → 2 rows. */
function columnar(o: JsonObject, b: TableBuilder): FeatureTable {
  const keys = Object.keys(o);
  const lists = keys.map((k) => o[k]);
  // Every value a list of one length: one row per position. Otherwise it is one instance as an object.
  const n = Array.isArray(lists[0]) ? lists[0].length : -1;
  if (n < 0 || !lists.every((l) => Array.isArray(l) && l.length === n))
    return b.rows([o], 'v1-inputs-columns');
  const instances: JsonObject[] = [];
  for (let i = 0; i < Math.min(n, MAX_INSTANCES + 1); i++) {
    const inst: JsonObject = {};
    keys.forEach((k, j) => (inst[k] = (lists[j] as Json[])[i] ?? null));
    instances.push(inst);
  }
  return b.rows(instances, 'v1-inputs-columns', n > MAX_INSTANCES);
}

interface Tensor {
  name: string;
  shape?: unknown;
  data?: unknown;
}

/** V2 tensors: `data` flattened row-major and cut into instances along the first dimension of `shape`. */
function tensors(list: Tensor[], shape: PayloadShape, b: TableBuilder): FeatureTable {
  const flat: Json[][] = [];
  let batch = -1;
  for (const t of list) {
    const values: Json[] = [];
    if (!flatten(t.data as Json, values))
      return empty(shape, `Tensor "${t.name}" has more than ${MAX_TENSOR_VALUES} values.`);
    const dims = Array.isArray(t.shape) ? t.shape : undefined;
    if (!dims || !dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0))
      return empty(shape, `Tensor "${t.name}" has no valid "shape".`);
    const size = (dims as number[]).reduce((a, d) => a * d, 1);
    if (size !== values.length)
      return empty(
        shape,
        `Tensor "${t.name}" has ${values.length} values; its shape [${dims.join(', ')}] needs ${size}.`,
      );
    const n = dims.length === 0 ? 1 : (dims[0] as number);
    if (batch >= 0 && n !== batch)
      return empty(shape, `The tensors disagree on the batch size (${batch} and ${n}, in "${t.name}").`);
    batch = n;
    flat.push(values);
  }
  const n = Math.max(0, batch);
  const truncated = n > MAX_INSTANCES;
  const instances: Json[] = [];
  if (list.length === 1) {
    // One tensor: each instance is a positional list (named by the schema, else f0… / the tensor).
    const values = flat[0]!;
    const per = n === 0 ? 0 : values.length / n;
    for (let i = 0; i < Math.min(n, MAX_INSTANCES); i++) instances.push(values.slice(i * per, (i + 1) * per));
    return b.rows(instances, shape, truncated, list[0]!.name);
  }
  // Several tensors: each instance an object, one key per tensor (name[j] when it holds several values).
  for (let i = 0; i < Math.min(n, MAX_INSTANCES); i++) {
    const inst: JsonObject = {};
    list.forEach((t, k) => {
      const values = flat[k]!;
      const per = values.length / n;
      if (per === 1) inst[t.name] = values[i] ?? null;
      else for (let j = 0; j < per; j++) inst[`${t.name}[${j}]`] = values[i * per + j] ?? null;
    });
    instances.push(inst);
  }
  return b.rows(instances, shape, truncated);
}

/** Collects the leaves of nested lists into `out`; false when there are more than MAX_TENSOR_VALUES. */
function flatten(v: Json, out: Json[]): boolean {
  if (!Array.isArray(v)) {
    if (v !== undefined) out.push(v);
    return true;
  }
  // An explicit stack, not recursion: a hostile body can nest thousands of levels deep.
  const stack: { list: Json[]; i: number }[] = [{ list: v, i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const item = top.list[top.i++]!;
    if (Array.isArray(item)) stack.push({ list: item, i: 0 });
    else {
      if (out.length >= MAX_TENSOR_VALUES) return false;
      out.push(item);
    }
  }
  return true;
}

/** Builds the table: finds or adds each column, fills the rows and checks each instance. */
class TableBuilder {
  private readonly set: ColumnSet | undefined;
  private readonly columns: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly kinds: (ColumnKind | undefined)[] = [];
  private readonly check: boolean;
  private readonly against: string;
  private dropped = false;

  constructor(
    private readonly side: PayloadSide,
    set: ColumnSet | undefined,
  ) {
    this.set = set;
    this.check = set !== undefined && set.source !== 'positional';
    this.against = set?.source === 'input-example' ? 'the input example' : "the model's schema";
    for (const c of set?.columns ?? []) this.column(c.name, c.kind);
  }

  rows(instances: Json[], shape: PayloadShape, truncated = false, tensorName?: string): FeatureTable {
    const rows: FeatureRow[] = [];
    const n = Math.min(instances.length, MAX_INSTANCES);
    for (let i = 0; i < n; i++) rows.push(this.row(instances[i] as Json, tensorName));
    const table: FeatureTable = { shape, columns: this.columns, rows };
    if (truncated || instances.length > MAX_INSTANCES || this.dropped) table.truncated = true;
    // Columns found after the first rows: pad the earlier rows (they did not have them).
    for (const r of rows) {
      if (r.values.length < this.columns.length) {
        for (let c = r.values.length; c < this.columns.length; c++) {
          r.values.push(null);
          (r.absent ??= []).push(c);
        }
      }
    }
    return table;
  }

  private column(name: string, kind?: ColumnKind): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    if (this.columns.length >= MAX_COLUMNS) {
      this.dropped = true;
      return -1;
    }
    const i = this.columns.length;
    this.columns.push(name);
    this.kinds.push(kind);
    this.index.set(name, i);
    return i;
  }

  /** The name of position `i` of a positional instance of `length` values. */
  private positionalName(i: number, length: number, tensorName?: string): string {
    const named = this.set?.columns[i];
    if (named) return named.name;
    if (this.side === 'input') return `f${i}`;
    const base = tensorName ?? 'prediction';
    return length === 1 ? base : `${base}[${i}]`;
  }

  private row(inst: Json, tensorName?: string): FeatureRow {
    const values: Json[] = new Array<Json>(this.columns.length).fill(null);
    const present = new Array<boolean>(this.columns.length).fill(false);
    const reasons: string[] = [];
    const set = this.set;
    let countReported = false;
    if (isObject(inst)) {
      for (const key of Object.keys(inst)) {
        const known = this.index.has(key);
        const c = this.column(key);
        if (c < 0) continue;
        values[c] = inst[key]!;
        present[c] = true;
        if (this.check && !known && set?.fixedCount) reasons.push(`"${key}" is not in ${this.against}`);
      }
    } else {
      const list = Array.isArray(inst) ? inst : [inst];
      if (this.check && set?.fixedCount && list.length !== set.columns.length) {
        const what = Array.isArray(inst) ? `has ${list.length} values` : 'is a single value';
        reasons.push(`${what}; ${this.against} has ${set.columns.length} (${names(set.columns)})`);
        countReported = true;
      }
      for (let i = 0; i < list.length; i++) {
        const c = this.column(this.positionalName(i, list.length, tensorName));
        if (c < 0) continue;
        values[c] = list[i] as Json;
        present[c] = true;
      }
    }
    const row: FeatureRow = { values };
    for (let c = 0; c < this.columns.length; c++) {
      if (c >= present.length || !present[c]) {
        if (c >= values.length) values.push(null);
        (row.absent ??= []).push(c);
      }
    }
    if (this.check && set) this.checkValues(row, present, reasons, countReported);
    if (reasons.length > 0) {
      row.misfit =
        reasons.length > MAX_REASONS
          ? [...reasons.slice(0, MAX_REASONS), `and ${reasons.length - MAX_REASONS} more`]
          : reasons;
    }
    return row;
  }

  private checkValues(row: FeatureRow, present: boolean[], reasons: string[], countReported: boolean): void {
    const set = this.set!;
    const n = set.fixedCount ? set.columns.length : this.columns.length;
    for (let c = 0; c < n && c < this.columns.length; c++) {
      const name = this.columns[c]!;
      const kind = this.kinds[c] ?? set.valueKind;
      if (!present[c]) {
        // A positional instance that is too short already has its count reason.
        if (set.fixedCount && c < set.columns.length && !countReported) reasons.push(`"${name}" is missing`);
        continue;
      }
      const v = row.values[c]!;
      if (v === null) reasons.push(`"${name}" is null`);
      else if (kind && !fitsKind(v, kind)) {
        const type = set.columns[c]?.type ?? kind;
        reasons.push(`"${name}" is ${describeValue(v)}; ${this.against} says ${type}`);
      }
    }
  }
}

function names(columns: { name: string }[]): string {
  const shown = columns.slice(0, 4).map((c) => c.name);
  return columns.length > 4 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function empty(shape: PayloadShape, problem: string): FeatureTable {
  return { shape, columns: [], rows: [], problem };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTensorList(v: unknown): v is Tensor[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((t) => isObject(t) && typeof t.name === 'string' && ('data' in t || 'datatype' in t))
  );
}
