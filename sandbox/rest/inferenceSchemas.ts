// Subject `inferenceschema` as Hopsworks stores it: compact Avro JSON (Schema.toString()), record name
// `inferencelog`, field order as registered (inference-logs.md §1.2). Versions 1–4 are the real ones; version
// 5 is the sandbox's stand-in for a schema evolution (v4 plus one optional field with a default), so a topic
// can move to a newer version while the events already on it stay v4 bytes (docs/sandbox-profiles.md).

export const INFERENCE_SUBJECT = 'inferenceschema';

export const INFERENCE_SCHEMA_VERSIONS = [1, 2, 3, 4, 5] as const;
export type InferenceSchemaVersion = (typeof INFERENCE_SCHEMA_VERSIONS)[number];

type Field =
  | readonly [name: string, type: 'int' | 'long' | 'string']
  | readonly [name: string, type: readonly ['null', 'string'], defaultValue: null];

const V1: Field[] = [
  ['modelId', 'int'],
  ['modelName', 'string'],
  ['modelVersion', 'int'],
  ['requestTimestamp', 'long'],
  ['responseHttpCode', 'int'],
  ['inferenceRequest', 'string'],
  ['inferenceResponse', 'string'],
];

const V4: Field[] = [
  ['servingId', 'int'],
  ['modelName', 'string'],
  ['modelVersion', 'int'],
  ['requestTimestamp', 'long'],
  ['responseHttpCode', 'int'],
  ['inferenceId', 'string'],
  ['messageType', 'string'],
  ['payload', 'string'],
];

/** The field v5 adds: request metadata (selected request headers as JSON), absent (null) by default. */
export const V5_FIELD = 'metadata';

const FIELDS: Record<InferenceSchemaVersion, Field[]> = {
  1: V1,
  2: [...V1, ['servingType', 'string']],
  3: [...V1, ['modelServer', 'string'], ['servingTool', 'string']],
  4: V4,
  5: [...V4, [V5_FIELD, ['null', 'string'], null]],
};

export function inferenceSchema(version: InferenceSchemaVersion): string {
  return JSON.stringify({
    type: 'record',
    name: 'inferencelog',
    fields: FIELDS[version].map((f) =>
      f.length === 3 ? { name: f[0], type: f[1], default: f[2] } : { name: f[0], type: f[1] },
    ),
  });
}

/** KServe deployments log with v4, DEFAULT (Docker/Kubernetes) ones with v3 (KafkaServingHelper). */
export const KSERVE_SCHEMA_VERSION = 4;
export const DEFAULT_SCHEMA_VERSION = 3;
