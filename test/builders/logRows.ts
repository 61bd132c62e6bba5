// Stored rows of a log session (what the store holds, the panel pages through and exports), for tests of
// the parts after decoding: the store, row views, export. Rows from real records come from a session fed
// with consumedMessages.ts instead.
import type { LogRow } from '../../src/inferenceLog';

/** A row before the store numbers it (`append` gives it `id` and `rev`). */
export type NewRow = Omit<LogRow, 'id' | 'rev'>;

let nextOffset = 0;

/** One call of a deployment without KServe, answered with 200, V1 bodies, as the store receives it. */
export function aCombinedRow(overrides: Partial<NewRow> = {}): NewRow {
  return {
    kind: 'combined',
    outcome: 'ok',
    timeMs: 1718007125000,
    timeResolutionMs: 1,
    model: 'irisflask',
    modelVersion: 1,
    servingId: 7,
    inferenceId: '',
    httpCode: 200,
    requestText: '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}',
    requestFormat: 'v1',
    responseText: '{"predictions": [0]}',
    responseFormat: 'v1',
    kafka: { partition: 0, offset: String(nextOffset++), timestampMs: 1718007125000, size: 91 },
    ...overrides,
  };
}

/** A stored KServe call: the request joined with its 200 response (whole seconds, as KServe logs). */
export function aPairRow(overrides: Partial<LogRow> = {}): LogRow {
  return {
    id: 7,
    rev: 1,
    kind: 'pair',
    outcome: 'ok',
    timeMs: 1718007125000,
    timeResolutionMs: 1000,
    model: 'irisclassifier',
    modelVersion: 3,
    servingId: 12,
    inferenceId: 'e7f60cba-19ce-4550-a2ad-a8721d314420',
    httpCode: 200,
    latencyMs: 0,
    requestText: '{"instances": [[5.1, 3.5, 1.4, 0.2]]}',
    requestFormat: 'v1',
    responseText: '{"predictions": [0]}',
    responseFormat: 'v1',
    kafka: { partition: 1, offset: '42', timestampMs: 1718007125000, size: 120, framing: 'bare' },
    ...overrides,
  };
}
