// Which of the project's topics a deployment may log to, mirroring the server's check
// (ServingUtil.validateKafkaTopicSchema: subject `inferenceschema`, version ≥ 4 for KServe, ≤ 3 otherwise).
import type { Deployment, InferenceLoggingMode, KafkaTopic, ServingTool } from '../hopsworks/types';
import { INFERENCE_LOGGING_MODES, isOneOf } from '../hopsworks/types';

export const INFERENCE_SCHEMA_NAME = 'inferenceschema';
/** First schema version of the KServe logger (separate request/response messages). */
export const KSERVE_MIN_SCHEMA_VERSION = 4;

export interface ExcludedTopic {
  topic: KafkaTopic;
  /** Why it is not offered, as a sentence for the form. */
  reason: string;
}

export interface LoggerTopicChoices {
  /** Topics to offer, in the order given. */
  eligible: KafkaTopic[];
  excluded: ExcludedTopic[];
}

/** Why `topic` cannot receive this deployment's logs, or undefined when it can. */
export function topicIneligibility(topic: KafkaTopic, servingTool: ServingTool): string | undefined {
  if (topic.shared === true) {
    return `Topic '${topic.name}' is shared from another project; inference logging needs a topic of this project.`;
  }
  // The server compares the subject case-insensitively.
  if ((topic.schemaName ?? '').toLowerCase() !== INFERENCE_SCHEMA_NAME) {
    const schema = topic.schemaName ? `schema '${topic.schemaName}'` : 'no schema';
    return `Topic '${topic.name}' uses ${schema}; inference logging needs schema '${INFERENCE_SCHEMA_NAME}'.`;
  }
  const version = topic.schemaVersion;
  if (version === undefined) {
    return `Topic '${topic.name}' does not say which '${INFERENCE_SCHEMA_NAME}' version it uses.`;
  }
  if (servingTool === 'KSERVE' && version < KSERVE_MIN_SCHEMA_VERSION) {
    return `Topic '${topic.name}' uses '${INFERENCE_SCHEMA_NAME}' version ${version}; KServe deployments need version ${KSERVE_MIN_SCHEMA_VERSION} or later.`;
  }
  if (servingTool !== 'KSERVE' && version >= KSERVE_MIN_SCHEMA_VERSION) {
    return `Topic '${topic.name}' uses '${INFERENCE_SCHEMA_NAME}' version ${version}; deployments without KServe need version ${KSERVE_MIN_SCHEMA_VERSION - 1} or lower.`;
  }
  return undefined;
}

export function eligibleLoggerTopics(
  topics: readonly KafkaTopic[],
  servingTool: ServingTool,
): LoggerTopicChoices {
  const eligible: KafkaTopic[] = [];
  const excluded: ExcludedTopic[] = [];
  for (const topic of topics) {
    const reason = topicIneligibility(topic, servingTool);
    if (reason === undefined) eligible.push(topic);
    else excluded.push({ topic, reason });
  }
  return { eligible, excluded };
}

/**
 * Names a request's `kafkaTopicDTO` uses as instructions (make a topic / log nothing), never as topics; the
 * server compares them case-insensitively (HW-BM ServingUtil.validateKafkaTopicSchema).
 */
const TOPIC_KEYWORDS: ReadonlySet<string> = new Set(['CREATE', 'NONE']);

/** Whether `name` names a real topic: neither missing, empty, nor one of the keywords CREATE / NONE. */
export function isTopicName(name: string | null | undefined): name is string {
  return name !== undefined && name !== null && name !== '' && !TOPIC_KEYWORDS.has(name.toUpperCase());
}

/** The topic a deployment logs to, or undefined when it does not log. The one test of "does it log". */
export function loggingTopic(d: Deployment): string | undefined {
  const name = d.kafkaTopicDTO?.name;
  if (!isTopicName(name) || d.inferenceLogging === 'NONE') return undefined;
  return name;
}

/**
 * What a deployment logs. The server stores no mode without a topic (null, or the `NONE` a client sent) and
 * knows only these three, so anything else is read as `ALL`, the mode every logging deployment may have.
 */
export function loggingModeOf(d: Deployment): InferenceLoggingMode {
  return isOneOf(INFERENCE_LOGGING_MODES, d.inferenceLogging) ? d.inferenceLogging : 'ALL';
}
