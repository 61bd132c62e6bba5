// Host-side schemas for every request the log panel's webview sends (checked by messages.ts before any
// handler runs): a webview renders data from Kafka, so what it says is input like any other. Kept out of
// src/protocol so the webview bundle does not carry them. No vscode here.
import * as v from 'valibot';
import type { ParamSchemas } from '../../protocol/messages';
import type { LogViewerProtocol } from '../../protocol/logViewer';
import { MAX_PAGE_ROWS } from '../../protocol/logViewer';
import { EXPORT_FORMATS, ROW_KINDS, STATUS_CLASSES } from '../../inferenceLog/types';
import { PAYLOAD_HALVES } from '../../inferenceLog/fullPayload';
import { replayRowSchemas } from './replayRows';
import { HEALTH_WINDOWS_MS } from '../../inferenceLog/health/types';
import { MAX_HEALTH_POINTS } from '../../protocol/logViewerHealth';
import { featureSchemas } from './features/featureSchemas';

const MAX_SEARCH_CHARS = 1_000;
/** A test request body is typed by a person; 1 MB is far more than any sane one. */
export const MAX_TEST_REQUEST_CHARS = 1_000_000;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const rowKind = v.picklist(ROW_KINDS);
const statusClass = v.picklist(STATUS_CLASSES);

export const rowFilterSchema = v.strictObject({
  text: v.optional(v.pipe(v.string(), v.maxLength(MAX_SEARCH_CHARS))),
  kind: v.optional(v.union([rowKind, v.pipe(v.array(rowKind), v.maxLength(ROW_KINDS.length))])),
  status: v.optional(
    v.union([statusClass, v.pipe(v.array(statusClass), v.maxLength(STATUS_CLASSES.length))]),
  ),
  errorsOnly: v.optional(v.boolean()),
  undecodableOnly: v.optional(v.boolean()),
  servingId: v.optional(v.pipe(v.number(), v.integer())),
});

export const startFromSchema = v.union([
  v.literal('latest'),
  v.literal('earliest'),
  v.strictObject({
    // 1970 to 9999: anything else is a typing slip, not a position.
    timestampMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(253_402_300_799_000)),
  }),
]);

const none = v.pipe(
  v.strictObject({}),
  v.transform((): Record<string, never> => ({})),
);

export const logViewerSchemas: ParamSchemas<LogViewerProtocol> = {
  query: v.strictObject({
    offset: count,
    limit: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PAGE_ROWS)),
    filter: rowFilterSchema,
    fromEnd: v.boolean(),
  }),
  histogram: v.strictObject({
    filter: rowFilterSchema,
    maxBuckets: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)),
  }),
  detail: v.strictObject({ id: count }),
  pause: none,
  resume: none,
  clear: none,
  restart: v.strictObject({ startFrom: startFromSchema }),
  export: v.strictObject({ format: v.picklist(EXPORT_FORMATS), filter: rowFilterSchema }),
  copyEvent: v.strictObject({ id: count }),
  tailToOutput: none,
  suggestTestRequest: none,
  sendTestRequest: v.strictObject({ body: v.pipe(v.string(), v.maxLength(MAX_TEST_REQUEST_CHARS)) }),
  serverLogs: v.strictObject({ id: v.optional(count) }),
  locateRow: v.strictObject({ id: count, filter: rowFilterSchema }),
  openPayload: v.strictObject({ id: count, half: v.picklist(PAYLOAD_HALVES) }),
  ...replayRowSchemas(rowFilterSchema),
  health: v.strictObject({
    windowMs: v.picklist(HEALTH_WINDOWS_MS),
    maxPoints: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_HEALTH_POINTS)),
  }),
  ...featureSchemas(rowFilterSchema),
};
