// Inference-log records as Hopsworks writes them (shared docs inference-logs.md §1–§4), encoded with the
// sandbox's own schemas (sandbox/rest/inferenceSchemas.ts: the server's stand-in) and with avsc directly, as
// the writer does: no test carries the schema text, and the bytes never come from the code under test.
// Defaults are the documented fixtures' values (irisclassifier v3 behind KServe, irisflask v1 without).
import avro from 'avsc';
import { INFERENCE_SCHEMA_VERSIONS, inferenceSchema } from '../../sandbox/rest/inferenceSchemas';

export type SchemaVersion = 1 | 2 | 3 | 4;

/** The schema text a topic is bound to, as the REST API returns it (compact Avro JSON). */
export const SCHEMA_V1 = inferenceSchema(1);
export const SCHEMA_V2 = inferenceSchema(2);
export const SCHEMA_V3 = inferenceSchema(3);
export const SCHEMA_V4 = inferenceSchema(4);
/** The sandbox's schema evolution: v4 plus an optional `metadata` field with a default (docs/sandbox-profiles.md). */
export const SCHEMA_V5 = inferenceSchema(5);

/** Every version of `inferenceschema` the sandbox registers, as a log session takes them. */
export function everySchemaVersion(): { version: number; schemaJson: string }[] {
  return INFERENCE_SCHEMA_VERSIONS.map((version) => ({ version, schemaJson: inferenceSchema(version) }));
}

/** A v4 record: one half of a KServe call (the sidecar logs request and response apart, in epoch seconds). */
export interface KServeRecord {
  servingId: number;
  modelName: string;
  modelVersion: number;
  requestTimestamp: number;
  responseHttpCode: number;
  inferenceId: string;
  messageType: string;
  payload: string;
}

/**
 * A v1–v3 record: one whole call of a deployment without KServe, in epoch milliseconds. v2 adds
 * `servingType`, v3 `modelServer` and `servingTool`; each schema writes only the fields it has.
 */
export interface DefaultRecord {
  modelId: number;
  modelName: string;
  modelVersion: number;
  requestTimestamp: number;
  responseHttpCode: number;
  inferenceRequest: string;
  inferenceResponse: string;
  servingType: string;
  modelServer: string;
  servingTool: string;
}

/** The bodies of the documented KServe fixtures K1 and K2. */
export const KSERVE_REQUEST = '{"instances": [[5.1, 3.5, 1.4, 0.2]]}';
export const KSERVE_RESPONSE = '{"predictions":[0]}';

/** A KServe half: a request (code 0, as the sidecar logs it) or a response (code 200). */
export function aKServeRecord(
  messageType: 'request' | 'response' | (string & {}),
  inferenceId: string,
  overrides: Partial<KServeRecord> = {},
): KServeRecord {
  return {
    servingId: 12,
    modelName: 'irisclassifier',
    modelVersion: 3,
    requestTimestamp: 1718007125,
    responseHttpCode: messageType === 'response' ? 200 : 0,
    inferenceId,
    messageType,
    payload: messageType === 'response' ? KSERVE_RESPONSE : KSERVE_REQUEST,
    ...overrides,
  };
}

/** A call of a deployment without KServe, answered with 200 (the documented fixture D1). */
export function aDefaultRecord(overrides: Partial<DefaultRecord> = {}): DefaultRecord {
  return {
    modelId: 7,
    modelName: 'irisflask',
    modelVersion: 1,
    requestTimestamp: 1718007125431,
    responseHttpCode: 200,
    inferenceRequest: '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}',
    inferenceResponse: '{"predictions": [0]}',
    servingType: 'PYTHON',
    modelServer: 'PYTHON',
    servingTool: 'DEFAULT',
    ...overrides,
  };
}

const types = new Map<string, avro.Type>();

/** Bare Avro (no framing), as Hopsworks' loggers write it, with the given schema text. */
export function encodeWith(schemaJson: string, record: object): Buffer {
  let type = types.get(schemaJson);
  if (!type) {
    type = avro.Type.forSchema(JSON.parse(schemaJson) as avro.Schema);
    types.set(schemaJson, type);
  }
  return type.toBuffer(record);
}

/** A KServe half encoded with schema v4. */
export function encodeKServe(record: KServeRecord): Buffer {
  return encodeWith(SCHEMA_V4, record);
}

/** A KServe half encoded with schema v5: v4 plus request metadata (null when absent). */
export function encodeKServeV5(record: KServeRecord, metadata: string | null = null): Buffer {
  return encodeWith(SCHEMA_V5, { ...record, metadata });
}

/** A call without KServe encoded with schema v1, v2 or v3 (v3 unless said). */
export function encodeDefault(record: DefaultRecord, version: 1 | 2 | 3 = 3): Buffer {
  return encodeWith(inferenceSchema(version), record);
}

/**
 * Bytes no inference-log schema decodes: by default 0xff 0x01, which reads as a negative int and then runs
 * out of bytes; or the given text (a stray message someone produced to the topic).
 */
export function aGarbageValue(text?: string): Buffer {
  return text === undefined ? Buffer.from([0xff, 0x01]) : Buffer.from(text, 'utf8');
}
