// CreateTopics v0–v4, answered by the proxy: librdkafka's mock has no handler for it, but it can create
// topics through rd_kafka_mock_topic_create. Validation follows Apache Kafka's broker so clients (and
// the sandbox's REST layer) see the same error codes a real cluster would return.
import type { KafkaReader } from './wire';
import { KafkaWriter } from './wire';

export const KafkaErrorCode = {
  NONE: 0,
  INVALID_TOPIC_EXCEPTION: 17,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REQUEST: 42,
} as const;

export interface TopicRequest {
  name: string;
  /** -1 = broker default */
  numPartitions: number;
  /** -1 = broker default */
  replicationFactor: number;
  /** Explicit replica assignment: partition index -> broker ids. */
  assignments: { partition: number; brokerIds: number[] }[];
}

export interface CreateTopicsRequest {
  topics: TopicRequest[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface TopicResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

/** Parses the request body; `r` must be positioned just after the request header (v1, non-flexible). */
export function parseCreateTopicsRequest(r: KafkaReader, version: number): CreateTopicsRequest {
  const topics: TopicRequest[] = [];
  const topicCount = r.int32();
  for (let i = 0; i < topicCount; i++) {
    const name = r.string();
    const numPartitions = r.int32();
    const replicationFactor = r.int16();
    const assignments: TopicRequest['assignments'] = [];
    const assignmentCount = r.int32();
    for (let j = 0; j < assignmentCount; j++) {
      const partition = r.int32();
      const brokerIds: number[] = [];
      const n = r.int32();
      for (let k = 0; k < n; k++) brokerIds.push(r.int32());
      assignments.push({ partition, brokerIds });
    }
    const configCount = r.int32();
    for (let j = 0; j < configCount; j++) {
      r.string();
      r.nullableString();
    }
    topics.push({ name, numPartitions, replicationFactor, assignments });
  }
  const timeoutMs = r.int32();
  const validateOnly = version >= 1 ? r.int8() !== 0 : false;
  return { topics, timeoutMs, validateOnly };
}

export function encodeCreateTopicsResponse(
  correlationId: number,
  version: number,
  results: TopicResult[],
): Buffer {
  const w = new KafkaWriter().int32(correlationId);
  if (version >= 2) w.int32(0); // throttle_time_ms
  w.int32(results.length);
  for (const t of results) {
    w.nullableString(t.name).int16(t.errorCode);
    if (version >= 1) w.nullableString(t.errorMessage);
  }
  return w.toFrame();
}

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;
const MAX_TOPIC_LENGTH = 249;

export interface TopicPlan {
  name: string;
  partitions: number;
  replicas: number;
}

/** Resolves defaults and checks one topic against the cluster; returns a plan or an error result. */
export function planTopic(
  t: TopicRequest,
  cluster: { brokerIds: number[]; defaultPartitions: number; defaultReplicas: number },
): TopicPlan | TopicResult {
  const fail = (errorCode: number, errorMessage: string): TopicResult => ({
    name: t.name,
    errorCode,
    errorMessage,
  });
  if (
    !t.name ||
    t.name === '.' ||
    t.name === '..' ||
    t.name.length > MAX_TOPIC_LENGTH ||
    !LEGAL_TOPIC.test(t.name)
  ) {
    return fail(
      KafkaErrorCode.INVALID_TOPIC_EXCEPTION,
      `Topic name "${t.name}" is illegal: it must be 1-${MAX_TOPIC_LENGTH} characters of ASCII alphanumerics, '.', '_' and '-'`,
    );
  }
  let partitions: number;
  let replicas: number;
  if (t.assignments.length > 0) {
    if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
      return fail(
        KafkaErrorCode.INVALID_REQUEST,
        'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
      );
    }
    partitions = t.assignments.length;
    replicas = t.assignments[0]?.brokerIds.length ?? 0;
    const unknown = t.assignments.flatMap((a) => a.brokerIds).find((id) => !cluster.brokerIds.includes(id));
    if (unknown !== undefined) {
      return fail(
        KafkaErrorCode.INVALID_REPLICATION_FACTOR,
        `Unknown broker ${unknown} in replica assignment`,
      );
    }
  } else {
    partitions = t.numPartitions === -1 ? cluster.defaultPartitions : t.numPartitions;
    replicas = t.replicationFactor === -1 ? cluster.defaultReplicas : t.replicationFactor;
  }
  if (partitions <= 0) {
    return fail(KafkaErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
  }
  if (replicas <= 0) {
    return fail(KafkaErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
  }
  if (replicas > cluster.brokerIds.length) {
    return fail(
      KafkaErrorCode.INVALID_REPLICATION_FACTOR,
      `Replication factor: ${replicas} larger than available brokers: ${cluster.brokerIds.length}.`,
    );
  }
  return { name: t.name, partitions, replicas };
}
