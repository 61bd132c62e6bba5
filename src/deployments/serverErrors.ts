// Which form field a refused PUT /serving is about, so the message can sit next to that field.
// Codes from HW RESTCodes (shared docs hopsworks-rest.md §1.3); 422 ILLEGAL_ARGUMENT carries no specific
// code, so its usrMsg (ServingUtil's IllegalArgumentException texts) is matched instead.
import type { FieldId } from './spec';

const BY_CODE: ReadonlyMap<number, FieldId> = new Map<number, FieldId>([
  [240011, 'name'], // DUPLICATED_ENTRY
  [240013, 'modelServer'], // UPDATE_MODEL_SERVER_ERROR
  [190015, 'logger.partitions'], // BAD_NUM_PARTITION
  [190005, 'logger.replicas'], // replication factor > brokers
  [240010, 'logger.topic'],
  [240022, 'logger.topic'], // KAFKA_TOPIC_NOT_FOUND
  [240023, 'logger.topic'], // KAFKA_TOPIC_NOT_VALID
  [240024, 'logger.mode'], // FINEGRAINED_INF_LOGGING_NOT_SUPPORTED
  [240021, 'transformer.script'], // TRANSFORMER_NOT_SUPPORTED
  [240025, 'batching'], // REQUEST_BATCHING_NOT_SUPPORTED
]);

const RESOURCE_KIND: Record<string, 'cores' | 'memory' | 'gpus'> = {
  core: 'cores',
  memory: 'memory',
  gpu: 'gpus',
};

// First match wins: the more specific texts come before the ones they contain.
const BY_MESSAGE: ReadonlyArray<readonly [RegExp, FieldId]> = [
  [/transformer instances/i, 'transformer.instances'],
  [/\binstances\b/i, 'requestedInstances'],
  [/transformer/i, 'transformer.script'],
  [/predictor/i, 'predictor'],
  [/serving name/i, 'name'],
  [/inference logg(er|ing) mode|fine-grained inference logging/i, 'logger.mode'],
  [/partition/i, 'logger.partitions'],
  [/replica/i, 'logger.replicas'],
  [/kafka topic|inference logging/i, 'logger.topic'],
  [/batching/i, 'batching'],
  [/api protocol/i, 'apiProtocol'],
  [/model server|tensorflow serving server/i, 'modelServer'],
  [/serving tool|kserve/i, 'servingTool'],
  [/model (path|name|version|framework|file)/i, 'model'],
];

export function fieldForServerError(err: { errorCode?: number; usrMsg?: string }): FieldId | undefined {
  if (err.errorCode !== undefined) {
    const byCode = BY_CODE.get(err.errorCode);
    if (byCode !== undefined) return byCode;
  }
  const msg = err.usrMsg;
  if (msg === undefined || msg === '') return undefined;
  // ServingUtil.validateResources: "Requested X allocation … exceeds … of the limit" (request > limit) and
  // "Configured X allocation … exceeds maximum <kind> allocation allowed" (over the cluster cap). The kind
  // is read from "maximum <kind>" because the GPU request message says "cores" by mistake.
  const resource = /(requested|configured)\b.*\ballocation\b.*\bmaximum (core|memory|gpu)/i.exec(msg);
  if (resource) {
    const kind = RESOURCE_KIND[(resource[2] ?? '').toLowerCase()];
    const side = (resource[1] ?? '').toLowerCase() === 'requested' ? 'requests' : 'limits';
    if (kind !== undefined) return `resources.${side}.${kind}`;
  }
  for (const [pattern, field] of BY_MESSAGE) {
    if (pattern.test(msg)) return field;
  }
  return undefined;
}
