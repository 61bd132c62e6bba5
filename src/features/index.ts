// Feature columns from logged payloads (issue 10): names from the model, one row per instance, schema fit,
// a filter language over the columns, per-feature statistics and PSI drift. Nothing here imports vscode.
export type * from './types';
export { kindOfType, kindOfValue, fitsKind } from './columnKinds';
export { ModelSchemaError, parseModelSchema, parseShape } from './modelSchema';
export type { ModelSchemaColumns, SchemaSide, TensorSpec } from './modelSchema';
export { resolveColumns, columnsFromExample } from './columnSet';
export type { ColumnSources, PayloadSide } from './columnSet';
export { featureTable, MAX_COLUMNS, MAX_INSTANCES, MAX_TENSOR_VALUES } from './payloadRows';
export type { FeatureTableOptions } from './payloadRows';
export { fitOf } from './schemaFit';
export type { RowFit } from './schemaFit';
export * from './filter';
export * from './stats';
export * from './drift';
