// The formats of a row's payloads, worked out when someone asks rather than on ingest: classifying means
// parsing the JSON, and of 100,000 rows only the few a person opens, copies or exports ever need it.
import { payloadFormat } from './payload';
import type { LogRow, PayloadFormat } from './types';

/** The request payload's format (v1/v2/json/text/empty); undefined when the row has no request. */
export function rowRequestFormat(row: LogRow): PayloadFormat | undefined {
  if (row.requestText === undefined) return undefined;
  // A row's payload text is set once (a join only fills the half that was missing), so the memo holds.
  return (row.requestFormat ??= payloadFormat(row.requestText));
}

/** The response payload's format; undefined when the row has no response. */
export function rowResponseFormat(row: LogRow): PayloadFormat | undefined {
  if (row.responseText === undefined) return undefined;
  return (row.responseFormat ??= payloadFormat(row.responseText));
}
