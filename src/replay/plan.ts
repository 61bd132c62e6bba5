// "Replay to…", step 1: the chosen rows → the request bodies to send again, with what was logged back
// then. Pure: nothing is sent here, and the plan says exactly how many requests a confirmation names.
import type { LogRow } from '../inferenceLog/types';

/** The most requests one replay sends (issue 10: "up to 1,000"). */
export const MAX_REPLAY_REQUESTS = 1_000;

export interface ReplayItem {
  rowId: number;
  inferenceId: string;
  modelVersion: number;
  /** The logged request body, parsed (a JSON object, as the inference API takes). */
  body: unknown;
  /** The logged response body as text; undefined when the row has none (no response, request-only mode). */
  loggedResponse?: string;
  /** The logged HTTP code (0 when none was logged). */
  loggedHttpCode: number;
}

export interface ReplayPlan {
  items: ReplayItem[];
  /** Rows that cannot be replayed, and why. */
  skipped: { rowId: number; reason: string }[];
  /** More rows were chosen than MAX_REPLAY_REQUESTS: the plan keeps the first ones. */
  truncated: boolean;
}

export function planReplay(rows: Iterable<LogRow>, limit = MAX_REPLAY_REQUESTS): ReplayPlan {
  const max = Math.max(0, Math.min(MAX_REPLAY_REQUESTS, Math.floor(limit)));
  const plan: ReplayPlan = { items: [], skipped: [], truncated: false };
  for (const row of rows) {
    if (plan.items.length >= max) {
      plan.truncated = true;
      break;
    }
    const why = unreplayable(row);
    if (why) {
      plan.skipped.push({ rowId: row.id, reason: why });
      continue;
    }
    const item: ReplayItem = {
      rowId: row.id,
      inferenceId: row.inferenceId,
      modelVersion: row.modelVersion,
      body: JSON.parse(row.requestText!) as unknown,
      loggedHttpCode: row.httpCode,
    };
    if (row.responseText !== undefined) item.loggedResponse = row.responseText;
    plan.items.push(item);
  }
  return plan;
}

function unreplayable(row: LogRow): string | undefined {
  if (row.kind === 'raw') return 'The message could not be decoded.';
  if (row.requestText === undefined || row.requestText === '')
    return 'No request was logged for it (only its response).';
  let body: unknown;
  try {
    body = JSON.parse(row.requestText);
  } catch {
    return 'The logged request is not JSON.';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The logged request is not a JSON object.';
  return undefined;
}
