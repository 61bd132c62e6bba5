// Entry of the separately bundled inference-log pipeline (dist/inferenceLog.js), loaded when the first
// log panel opens. Everything a panel host needs is exported here; nothing here imports 'vscode'.
export { InferenceLogSession, createInferenceLogSession } from './session';
export type { InferenceLogSessionOptions, RowChange } from './session';
export type { TlsMaterial, ConsumedMessage } from './kafkaConsumer';
export { LogConsumer } from './kafkaConsumer';
export { resolveStartOffsets } from './startPosition';
export type { OffsetAdmin } from './startPosition';
export type { LogConsumerOptions } from './kafkaConsumer';
export { AvroDecoder, SchemaError, avroTypeFor } from './avroDecoder';
export type { DecodeResult } from './avroDecoder';
export { normalizeRecord, eventTime } from './normalize';
export { parsePayload } from './payload';
export { Pairer, DEFAULT_NO_RESPONSE_TIMEOUT_MS } from './pairing';
export { LogStore, DEFAULT_CAPACITY, DEFAULT_SIGNAL_INTERVAL_MS } from './logStore';
export { compileFilter, statusClass, isErrorRow } from './rowFilter';
export { formatLogLine } from './lineFormatter';
export { exportRows } from './exportRows';
export type { ExportResult } from './exportRows';
export { rowToJson, rowToPrettyJson } from './rowJson';
export type { RowJson, PayloadJson } from './rowJson';
export { CSV_COLUMNS, csvField, rowToCsv } from './csv';
export { hexPreview } from './rawMessage';
export { systemClock } from './clock';
export { ManualClock } from './manualClock';
export type { Clock, TimerHandle } from './clock';
export { describeKafkaError } from './consumerErrors';
export type { KafkaProblem } from './consumerErrors';
export type * from './types';
