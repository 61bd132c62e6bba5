// Subject `inferenceschema` versions 1–4 as Hopsworks stores them: compact Avro JSON (Schema.toString()),
// record name `inferencelog`, field order as registered (inference-logs.md §1.2).

export const INFERENCE_SUBJECT = 'inferenceschema';

type Field = readonly [name: string, type: 'int' | 'long' | 'string'];

const V1: Field[] = [
  ['modelId', 'int'],
  ['modelName', 'string'],
  ['modelVersion', 'int'],
  ['requestTimestamp', 'long'],
  ['responseHttpCode', 'int'],
  ['inferenceRequest', 'string'],
  ['inferenceResponse', 'string'],
];

const FIELDS: Record<1 | 2 | 3 | 4, Field[]> = {
  1: V1,
  2: [...V1, ['servingType', 'string']],
  3: [...V1, ['modelServer', 'string'], ['servingTool', 'string']],
  4: [
    ['servingId', 'int'],
    ['modelName', 'string'],
    ['modelVersion', 'int'],
    ['requestTimestamp', 'long'],
    ['responseHttpCode', 'int'],
    ['inferenceId', 'string'],
    ['messageType', 'string'],
    ['payload', 'string'],
  ],
};

export function inferenceSchema(version: 1 | 2 | 3 | 4): string {
  return JSON.stringify({
    type: 'record',
    name: 'inferencelog',
    fields: FIELDS[version].map(([name, type]) => ({ name, type })),
  });
}

/** KServe deployments log with v4, DEFAULT (Docker/Kubernetes) ones with v3 (KafkaServingHelper). */
export const KSERVE_SCHEMA_VERSION = 4;
export const DEFAULT_SCHEMA_VERSION = 3;
