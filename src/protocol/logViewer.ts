// The messages the inference-log panel and its host exchange. The host owns every row; it sends a
// throttled "changed" signal and the webview asks for the page it shows (never one message per event,
// never the whole store). Type-only: imported by the webview bundle and the host, validated on the host.
import type {
  ConsumerState,
  ExportFormat,
  Histogram,
  KafkaMeta,
  LogRow,
  PayloadFormat,
  RowFacts,
  RowFilter,
  RowKind,
  RowOutcome,
  StartFrom,
  StatusClass,
  StoreStats,
} from '../inferenceLog/types';
import type { PayloadHalf } from '../inferenceLog/fullPayload';
import type { ReplaySelection, ReplayStartReply, RowRangeParams, RowRangeReply } from './replay';

import type { HealthParams, HealthReply } from './logViewerHealth';
import type { LogViewerFeatureRequests, RowFitView } from './logViewerFeatures';

export type { ConsumerState, Histogram, KafkaMeta, StartFrom, StoreStats };
// The vocabulary of rows, filters and exports: each declared once, beside the store, as a const array.
export type { ExportFormat, PayloadHalf, RowFilter, RowKind, RowOutcome, StatusClass };

/** What the panel shows about its deployment; sent once per `ready`. */
export interface PanelInfo {
  deploymentName: string;
  /** Both absent for a deployment without a model (4.6+; hopsworks-rest.md §10.1 #5). */
  modelName?: string;
  modelVersion?: number;
  servingTool: string;
  topic: string;
  /** `ALL`, `MODEL_INPUTS` or `PREDICTIONS`. */
  loggingMode: string;
  capacity: number;
  startFrom: StartFrom;
  /** Whether "Tail to Output" runs for this deployment. */
  tailing: boolean;
  /**
   * The deployment's id: other deployments may log to the same topic, and the panel shows only this one's
   * rows (`RowFilter.servingId`) unless asked for every deployment's.
   */
  deploymentId?: number;
  /** The `inferenceschema` version the topic is bound to (rows decoded with another one say so). */
  schemaVersion?: number;
}

/** One table line: only what the columns need; payloads are cut to a short one-line preview. */
export interface RowSummary {
  id: number;
  rev: number;
  kind: RowKind;
  outcome: RowOutcome;
  timeMs: number;
  timeResolutionMs: number;
  inferenceId: string;
  httpCode: number;
  latencyMs?: number;
  modelVersion: number;
  preview: string;
  /** The subject version that decoded the row (absent for undecodable rows). */
  schemaVersion?: number;
}

export interface PayloadView {
  format: PayloadFormat;
  /** Pretty-printed when the body is JSON, else as logged (cut when very long). */
  text: string;
  truncated: boolean;
}

/** Everything about one row, for the detail pane: the row's own fields, with its payloads made readable. */
export interface RowDetail extends RowFacts, Pick<LogRow, 'model' | 'inferenceId' | 'httpCode'> {
  request?: PayloadView;
  response?: PayloadView;
  /** Whether the request fits the model's schema, and why not (feature columns, issue 10). */
  fit?: RowFitView;
}

export interface QueryParams {
  /** Index among the matching rows, oldest first. Ignored when `fromEnd`. */
  offset: number;
  limit: number;
  filter: RowFilter;
  /** The newest `limit` matching rows (a table following the tail does not know the count yet). */
  fromEnd: boolean;
}
export interface QueryReply {
  /** Rows matching the filter in the store. */
  total: number;
  /** Index of the first row in `rows` among the matching rows. */
  offset: number;
  rows: RowSummary[];
}

export interface HistogramParams {
  filter: RowFilter;
  maxBuckets: number;
}

export interface ExportReply {
  /** Undefined when the user cancelled the save dialog. */
  path?: string;
  rows: number;
}

type None = Record<string, never>;

/** Everything on the messages.ts envelope: requests the webview makes, events the host pushes. */
export interface LogViewerProtocol {
  requests: LogViewerFeatureRequests & {
    query: { params: QueryParams; result: QueryReply };
    histogram: { params: HistogramParams; result: Histogram };
    /** `null` when the row has left the store (the bound pushed it out, or Clear). */
    detail: { params: { id: number }; result: RowDetail | null };
    pause: { params: None; result: ConsumerState };
    resume: { params: None; result: ConsumerState };
    clear: { params: None; result: StoreStats };
    /** Starts reading again from another position; the store is emptied. */
    restart: { params: { startFrom: StartFrom }; result: ConsumerState };
    export: { params: { format: ExportFormat; filter: RowFilter }; result: ExportReply };
    copyEvent: { params: { id: number }; result: { copied: boolean } };
    tailToOutput: { params: None; result: { tailing: boolean } };
    /** Sends `body` (JSON text) through Hopsworks' inference route; the reply is the model's answer, as text. */
    sendTestRequest: { params: { body: string }; result: { response: string } };
    /**
     * A body to start from: the model's input example, else the newest logged request (a real example of
     * what the model accepts), else a V1 `instances` template.
     */
    suggestTestRequest: { params: None; result: TestRequestSuggestion };
    /**
     * "Open Full Payload": the whole body of one half of a row in an untitled editor, written in slices (the
     * detail pane shows a bounded prefix only). `opened` false when the row or that half is gone.
     */
    openPayload: { params: { id: number; half: PayloadHalf }; result: { opened: boolean; chars: number } };
    /** Opens the deployment's server logs beside the panel; with `id`, at that row's time, its lines highlighted. */
    serverLogs: { params: { id?: number }; result: { shown: boolean; message?: string } };
    /** Where row `id` is among the rows `filter` lets through (oldest first), to scroll to it. */
    locateRow: {
      params: { id: number; filter: RowFilter };
      result: { index: number } | { index: null; reason: 'gone' | 'filtered' };
    };
    /** "Replay to…" for the selected rows or the newest matching ones (protocol/replay.ts). */
    replay: { params: ReplaySelection; result: ReplayStartReply };
    /** Shift-click: the ids from one row to another under the filter. */
    selectRange: { params: RowRangeParams; result: RowRangeReply };
    /** Live health over a window, by model version (logViewerHealth.ts). */
    health: { params: HealthParams; result: HealthReply };
  };
  events: {
    /** Sent after each `ready` (the webview is rebuilt when a hidden panel is shown again). */
    init: { info: PanelInfo; state: ConsumerState; stats: StoreStats };
    /** Throttled by the store (at most ~10 per second): the webview re-pulls what it shows. */
    changed: { stats: StoreStats };
    state: ConsumerState;
    /** "Send test request…" was run for this deployment: open the request editor. */
    showTestRequest: Record<string, never>;
    /** A server-log line's inference id was followed here: select its row. */
    revealRow: { id: number; inferenceId: string };
  };
}

export interface TestRequestSuggestion {
  body: string;
  source: 'example' | 'logged' | 'template';
  /**
   * A newer logged request that would have been the suggestion but is too long for the request editor:
   * the panel offers it with "Open Full Payload".
   */
  tooLong?: { id: number; chars: number };
}

/** Row count the webview asks for beyond the visible rows on each side. */
export const OVERSCAN_ROWS = 20;
/** Upper bound the host enforces on one page. */
export const MAX_PAGE_ROWS = 500;
/** Characters of payload text in a table preview. */
export const PREVIEW_CHARS = 160;
/**
 * The window of `StoreStats.eventsPerSecond` (the store's RateMeter averages over its last 5 seconds): a
 * panel that gets no signal for this long knows the rate has fallen to 0.
 */
export const RATE_WINDOW_MS = 5_000;
