// Decodes message values with the Avro schema the topic is bound to. The schema always comes from
// Hopsworks (the deployment's kafkaTopicDTO.schemaContent or the subjects endpoint), never from here, so a
// future schema version works without code changes.
import avro from 'avsc';
import type { Type } from 'avsc';
import type { Framing } from './types';

export type DecodeResult =
  | {
      ok: true;
      record: Record<string, unknown>;
      framing: Framing;
      schemaId?: number;
      /** The subject version whose schema decoded the value (versionedDecoder.ts), when known. */
      version?: number;
    }
  | { ok: false; error: string };

const CONFLUENT_MAGIC = 0;
const CONFLUENT_HEADER_BYTES = 5;

// Parsing a schema costs far more than decoding a record; sessions on the same topic share the Type.
const typeCache = new Map<string, Type>();

/** Why a message with a null value (a Kafka tombstone) is not an event. */
export const NULL_VALUE = 'null value (a tombstone: the message has no value at all)';
/** Why a message whose value has 0 bytes is not an event. */
export const EMPTY_VALUE = 'empty value (0 bytes)';

export class SchemaError extends Error {
  override name = 'SchemaError';
}

export function avroTypeFor(schemaJson: string): Type {
  const cached = typeCache.get(schemaJson);
  if (cached) return cached;
  let schema: unknown;
  try {
    schema = JSON.parse(schemaJson);
  } catch (e) {
    throw new SchemaError(`The topic's Avro schema is not valid JSON: ${(e as Error).message}`);
  }
  let type: Type;
  try {
    type = avro.Type.forSchema(schema as avro.Schema);
  } catch (e) {
    throw new SchemaError(`The topic's Avro schema is not a valid Avro schema: ${(e as Error).message}`);
  }
  typeCache.set(schemaJson, type);
  return type;
}

/**
 * `type.decode` reports where decoding stopped instead of throwing: offset -1 is avsc's
 * "truncated buffer", an offset short of the end is its "trailing data" (the two errors `fromBuffer`
 * throws). Not throwing keeps the Confluent fallback cheap on topics where every value is framed.
 */
function decodeExactly(type: Type, buf: Buffer, start: number): { value?: unknown; error?: string } {
  let res: { value: unknown; offset: number };
  try {
    res = type.decode(buf, start);
  } catch (e) {
    return { error: (e as Error).message || String(e) };
  }
  if (res.offset < 0) return { error: 'truncated buffer' };
  if (res.offset < buf.length) return { error: 'trailing data' };
  return { value: res.value };
}

export class AvroDecoder {
  private readonly type: Type;

  /** `version`: the subject version `schemaJson` is, given back with each value it decodes. */
  constructor(
    schemaJson: string,
    readonly version?: number,
  ) {
    this.type = avroTypeFor(schemaJson);
  }

  decode(value: Buffer | null | undefined): DecodeResult {
    // Two different things a producer can send, worded apart: no value at all, or a value of no bytes.
    if (!value) return { ok: false, error: NULL_VALUE };
    if (value.length === 0) return { ok: false, error: EMPTY_VALUE };
    const bare = decodeExactly(this.type, value, 0);
    if (bare.error === undefined && isRecord(bare.value)) {
      return { ok: true, record: bare.value, framing: 'bare', version: this.version };
    }
    if (value.length > CONFLUENT_HEADER_BYTES && value[0] === CONFLUENT_MAGIC) {
      const framed = decodeExactly(this.type, value, CONFLUENT_HEADER_BYTES);
      if (framed.error === undefined && isRecord(framed.value)) {
        return {
          ok: true,
          record: framed.value,
          framing: 'confluent',
          schemaId: value.readInt32BE(1),
          version: this.version,
        };
      }
    }
    return { ok: false, error: bare.error ?? 'decoded value is not a record' };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
