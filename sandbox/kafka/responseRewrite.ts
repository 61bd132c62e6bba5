// Rewrites the few broker responses that would otherwise send a client around the proxy or hide an API
// the proxy implements itself. Everything else passes through byte for byte.
import { KafkaReader, KafkaWriter } from './wire';

export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  Metadata: 3,
  FindCoordinator: 10,
  ApiVersions: 18,
  CreateTopics: 19,
} as const;

/** Highest versions whose layout this module parses. */
export const MAX_METADATA_VERSION = 8;
export const MAX_FIND_COORDINATOR_VERSION = 2;
export const CREATE_TOPICS_VERSIONS = { min: 0, max: 4 } as const;

export interface AdvertisedAddress {
  host: string;
  port: number;
}

// A client never picks a version above what the broker advertises, so capping here guarantees the
// proxy only meets response layouts it knows how to rewrite.
const VERSION_CAPS: Partial<Record<number, number>> = {
  [ApiKey.Metadata]: MAX_METADATA_VERSION,
  [ApiKey.FindCoordinator]: MAX_FIND_COORDINATOR_VERSION,
};

/** ApiVersions: caps the versions of rewritten APIs and adds CreateTopics, which the mock lacks. */
export function rewriteApiVersions(frame: Buffer, version: number): Buffer {
  const flexible = version >= 3;
  const r = new KafkaReader(frame, 8); // size + correlation id; ApiVersions always has response header v0
  const errorCode = r.int16();
  // UNSUPPORTED_VERSION comes in the v0 layout whatever was asked (clients such as librdkafka try v3
  // first, then fall back); pass it on untouched.
  if (errorCode !== 0) return frame;
  const count = flexible ? r.uvarint() - 1 : r.int32();
  if (count < 0) return frame; // null array: an error answer, nothing to add to
  const apis: { key: number; min: number; max: number }[] = [];
  for (let i = 0; i < count; i++) {
    const key = r.int16();
    const min = r.int16();
    const max = r.int16();
    if (flexible) r.skipTaggedFields();
    apis.push({ key, min, max });
  }
  for (const a of apis) {
    const cap = VERSION_CAPS[a.key];
    if (cap !== undefined) a.max = Math.min(a.max, cap);
  }
  if (!apis.some((a) => a.key === ApiKey.CreateTopics)) {
    apis.push({ key: ApiKey.CreateTopics, min: CREATE_TOPICS_VERSIONS.min, max: CREATE_TOPICS_VERSIONS.max });
  }

  const w = new KafkaWriter().raw(frame.subarray(4, 8)).int16(errorCode);
  if (flexible) w.uvarint(apis.length + 1);
  else w.int32(apis.length);
  for (const a of apis) {
    w.int16(a.key).int16(a.min).int16(a.max);
    if (flexible) w.uvarint(0);
  }
  return w.raw(r.rest()).toFrame(); // throttle time and (flexible) tagged fields, unchanged
}

/**
 * Metadata v0–v8: every broker is advertised at the listener the client used, and a controller id
 * that names no broker (the mock reports 0 while its brokers are numbered from 1) becomes the first
 * broker, because kafkajs' admin sends controller-only requests to that node.
 */
export function rewriteMetadata(frame: Buffer, version: number, addr: AdvertisedAddress): Buffer {
  if (version > MAX_METADATA_VERSION) return frame;
  const r = new KafkaReader(frame, 8);
  const w = new KafkaWriter().raw(frame.subarray(4, 8));
  if (version >= 3) w.int32(r.int32()); // throttle_time_ms
  const brokerCount = r.int32();
  w.int32(brokerCount);
  const nodeIds: number[] = [];
  for (let i = 0; i < brokerCount; i++) {
    const nodeId = r.int32();
    r.string();
    r.int32();
    nodeIds.push(nodeId);
    w.int32(nodeId).nullableString(addr.host).int32(addr.port);
    if (version >= 1) w.nullableString(r.nullableString()); // rack
  }
  if (version >= 2) w.nullableString(r.nullableString()); // cluster_id
  if (version === 0) return w.raw(r.rest()).toFrame(); // v0 names no controller
  const controllerId = r.int32();
  const firstNode = nodeIds[0];
  w.int32(nodeIds.includes(controllerId) || firstNode === undefined ? controllerId : firstNode);
  return w.raw(r.rest()).toFrame();
}

/** FindCoordinator v0–v2: the coordinator is reached through the same listener. */
export function rewriteFindCoordinator(frame: Buffer, version: number, addr: AdvertisedAddress): Buffer {
  if (version > MAX_FIND_COORDINATOR_VERSION) return frame;
  const r = new KafkaReader(frame, 8);
  const w = new KafkaWriter().raw(frame.subarray(4, 8));
  if (version >= 1) w.int32(r.int32()); // throttle_time_ms
  w.int16(r.int16()); // error_code
  if (version >= 1) w.nullableString(r.nullableString()); // error_message
  const nodeId = r.int32();
  r.string();
  r.int32();
  // An error answer carries node -1 and an empty host; leave it as it is.
  if (nodeId < 0) return frame;
  w.int32(nodeId).nullableString(addr.host).int32(addr.port);
  return w.raw(r.rest()).toFrame();
}
