// Kafka messages as the consumer hands them to a log session (`ingest`), carrying the records of
// inferenceRecords.ts. Offsets count up per test file, as on a fresh partition; a test that cares about the
// position says it.
import type { ConsumedMessage } from '../../src/inferenceLog';
import type { DefaultRecord, KServeRecord } from './inferenceRecords';
import {
  aDefaultRecord,
  aGarbageValue,
  aKServeRecord,
  encodeDefault,
  encodeKServe,
} from './inferenceRecords';

let nextOffset = 0;

/** Partition 0, the next offset, the Kafka timestamp of the fixture K1 (1718007125000), no key. */
export function aMessage(value: Buffer | null, overrides: Partial<ConsumedMessage> = {}): ConsumedMessage {
  return {
    partition: 0,
    offset: String(nextOffset++),
    timestampMs: 1718007125000,
    key: null,
    value,
    ...overrides,
  };
}

/** One KServe half, encoded with schema v4. */
export function aKServeMessage(
  messageType: 'request' | 'response' | (string & {}),
  inferenceId: string,
  record: Partial<KServeRecord> = {},
  overrides: Partial<ConsumedMessage> = {},
): ConsumedMessage {
  return aMessage(encodeKServe(aKServeRecord(messageType, inferenceId, record)), overrides);
}

/** One call without KServe, encoded with schema v3 (or the version given). */
export function aDefaultMessage(
  record: Partial<DefaultRecord> = {},
  overrides: Partial<ConsumedMessage> = {},
  version: 1 | 2 | 3 = 3,
): ConsumedMessage {
  return aMessage(encodeDefault(aDefaultRecord(record), version), overrides);
}

/** A message whose value no schema decodes (see aGarbageValue). */
export function aGarbageMessage(overrides: Partial<ConsumedMessage> = {}): ConsumedMessage {
  return aMessage(aGarbageValue(), overrides);
}
