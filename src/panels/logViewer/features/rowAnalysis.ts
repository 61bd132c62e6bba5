// One logged row seen as features: its request and response as feature tables (one row per instance), the
// verdict on whether the request fits the model's schema, and the text of each cell for the table.
import type { CompiledFilter, FeatureTable, JsonValue } from '../../../features';
import { featureTable, fitOf, rowSubjects } from '../../../features';
import type { LogRow } from '../../../inferenceLog/types';
import type { RowFitView } from '../../../protocol/logViewerFeatures';
import { FEATURE_CELL_CHARS } from '../../../protocol/logViewerFeatures';
import type { VersionColumns } from './modelColumns';

export interface RowAnalysis {
  /** Undefined when nothing of the request (or response) was logged. */
  inputs?: FeatureTable;
  outputs?: FeatureTable;
  fit: RowFitView;
  /** Lines the row makes in the feature table: one per instance, at least one. */
  instances: number;
}

export function analyseRow(row: LogRow, sets: VersionColumns): RowAnalysis {
  if (row.kind === 'raw') return { fit: { verdict: 'unchecked', reasons: [] }, instances: 1 };
  const a: RowAnalysis = { fit: { verdict: 'unchecked', reasons: [] }, instances: 1 };
  if (row.requestText !== undefined)
    a.inputs = featureTable(row.requestText, { side: 'input', columns: sets.input });
  if (row.responseText !== undefined)
    a.outputs = featureTable(row.responseText, { side: 'output', columns: sets.output });
  a.instances = Math.max(1, a.inputs?.rows.length ?? 0, a.outputs?.rows.length ?? 0);
  a.fit = fitView(a.inputs, sets);
  return a;
}

function fitView(inputs: FeatureTable | undefined, sets: VersionColumns): RowFitView {
  if (!inputs) return { verdict: 'unchecked', reasons: [] };
  const source = sets.input.source;
  const verdict = fitOf(inputs);
  // Without a schema or an input example there is nothing to fit; a payload that is not one still says so.
  if (source === 'positional') return { verdict: 'unchecked', reasons: verdict.reasons };
  return {
    verdict: verdict.fits ? 'fits' : 'misfit',
    against: source === 'model-schema' ? "the model's schema" : 'the input example',
    reasons: verdict.reasons,
  };
}

/** Which instances of the row match `filter` (all of them without one). */
export function matchingInstances(row: LogRow, a: RowAnalysis, filter: CompiledFilter | undefined): number[] {
  const all = Array.from({ length: a.instances }, (_, i) => i);
  if (!filter) return all;
  const subjects = rowSubjects(row, a.inputs, a.outputs);
  return all.filter((i) => {
    const s = subjects[i];
    return s !== undefined && filter.match(s);
  });
}

/** The misfit reason of one instance: its own first reason, or the payload's problem for its only line. */
export function instanceMisfit(a: RowAnalysis, i: number): string | undefined {
  if (a.fit.verdict !== 'misfit' || !a.inputs) return undefined;
  if (a.inputs.problem) return i === 0 ? a.inputs.problem : undefined;
  return a.inputs.rows[i]?.misfit?.[0];
}

/** A value as a table cell shows it: text as it is, anything else as its JSON, cut short. */
export function cellText(v: JsonValue): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > FEATURE_CELL_CHARS ? `${text.slice(0, FEATURE_CELL_CHARS - 1)}…` : text;
}

/** The cells of instance `i` of `table` in the order of `names` (null where it has no such column). */
export function cellsOf(
  table: FeatureTable | undefined,
  i: number,
  names: readonly string[],
): (string | null)[] {
  const r = table?.rows[i];
  if (!table || !r) return names.map(() => null);
  const index = new Map(table.columns.map((c, k) => [c, k]));
  const absent = new Set(r.absent ?? []);
  return names.map((n) => {
    const k = index.get(n);
    if (k === undefined || absent.has(k)) return null;
    return cellText(r.values[k] ?? null);
  });
}
