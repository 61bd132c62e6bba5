// "Replay to…" (issue 10 §3) on the wire: what the log panel asks its host for (the rows to replay, a
// Shift-click range of rows) and the messages of the comparison panel. The comparison host owns the
// results; it sends a throttled "changed" signal and the webview asks for the page it shows. Every value
// from a payload arrives as text the webview puts in textContent. Type-only apart from small constants:
// imported by the webview bundles and the host, validated on the host.
import type { RowFilter } from '../inferenceLog/types';
import type { Verdict } from '../replay/compare';

// The bound and the verdicts are declared once, in the replay core.
export { MAX_REPLAY_REQUESTS as MAX_REPLAY_ROWS } from '../replay/plan';
export { VERDICTS as REPLAY_VERDICTS } from '../replay/compare';
export type ReplayVerdict = Verdict;
/** Upper bound the host enforces on one page of results. */
export const MAX_RESULT_PAGE = 200;

// ---- the log panel's side ----

/**
 * Rows to replay: the rows the person selected (by row id), or the newest rows matching the panel's
 * filters (at most MAX_REPLAY_ROWS).
 */
export type ReplaySelection = { ids: number[] } | { filter: RowFilter; newest: number };

/** What became of "Replay to…": said in the log panel's status line. */
export interface ReplayStartReply {
  /** True once the person confirmed and the requests are on their way. */
  started: boolean;
  message: string;
}

/** Shift-click: the ids of the rows matching `filter` from one row to another (both included). */
export interface RowRangeParams {
  filter: RowFilter;
  fromId: number;
  toId: number;
}
export interface RowRangeReply {
  /** Oldest first, at most MAX_REPLAY_ROWS. */
  ids: number[];
  /** More rows were in the range than `ids` holds. */
  more: boolean;
}

// ---- the comparison panel ----

export const REPLAY_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ReplayExportFormat = (typeof REPLAY_EXPORT_FORMATS)[number];

/** A deployment as the comparison names it. */
export interface ReplayEndpoint {
  deployment: string;
  /** Undefined for a deployment without a model (a custom predictor script only). */
  model?: string;
  modelVersion?: number;
}

/** Fixed for a run: shown in the header. */
export interface ReplayInfo {
  source: ReplayEndpoint;
  target: ReplayEndpoint;
  /** Requests confirmed (and planned). */
  planned: number;
  /** Rows chosen that could not be replayed, with why (first few). */
  skipped: number;
  skippedReasons: string[];
  ratePerSecond: number;
  /** |a − b| ≤ tolerance + tolerance × max(|a|, |b|) counts as equal. */
  tolerance: number;
  /** Epoch ms the run started. */
  startedAtMs: number;
}

export type ReplayPhase = 'running' | 'done' | 'cancelled' | 'stopped';

export interface ReplayCounts {
  planned: number;
  sent: number;
  answered: number;
  equal: number;
  different: number;
  errors: number;
  noLoggedPrediction: number;
}

/** One of the largest numeric differences, as text. */
export interface LargestDifference {
  index: number;
  inferenceId: string;
  path: string;
  logged: string;
  fresh: string;
  absDiff: number;
}

export interface ReplayStatus {
  phase: ReplayPhase;
  counts: ReplayCounts;
  /** different / (equal + different); null while nothing was compared. */
  shareDifferent: number | null;
  largest: LargestDifference[];
  /** Why the run stopped before the end (phase `stopped`) and what to do. */
  stopReason?: string;
  stopAction?: string;
  /** Once finished: how long it ran. */
  durationMs?: number;
}

/** One line of the results table; predictions are cut to a one-line preview. */
export interface ReplayRowView {
  index: number;
  inferenceId: string;
  /** Model version that answered the logged request. */
  modelVersion: number;
  verdict: ReplayVerdict;
  logged: string;
  fresh: string;
  /** Largest |logged − new| among the numbers, null when none were compared. */
  maxAbsDiff: number | null;
  differenceCount: number;
  /** For `error` (why it failed) and `no-logged-prediction` (why nothing is compared). */
  note?: string;
  durationMs: number;
}

export interface ReplayDifferenceView {
  path: string;
  logged: string;
  fresh: string;
  absDiff?: number;
}

/** Everything about one request, for the detail pane. */
export interface ReplayDetail {
  index: number;
  rowId: number;
  inferenceId: string;
  modelVersion: number;
  verdict: ReplayVerdict;
  sentAtMs: number;
  durationMs: number;
  /** The request sent, pretty-printed (cut when very long). */
  request: string;
  /** The prediction parts compared, pretty-printed (cut when very long); empty when there is none. */
  logged: string;
  fresh: string;
  differenceCount: number;
  differences: ReplayDifferenceView[];
  note?: string;
}

export interface ResultsParams {
  offset: number;
  limit: number;
  /** Only these verdicts; all when absent. */
  verdict?: ReplayVerdict;
}
export interface ResultsReply {
  /** Results matching the verdict so far. */
  total: number;
  offset: number;
  rows: ReplayRowView[];
}

export interface ReplayExportReply {
  /** Undefined when the person cancelled the save dialog. */
  path?: string;
  requests: number;
}

type None = Record<string, never>;

export interface ReplayProtocol {
  requests: {
    results: { params: ResultsParams; result: ResultsReply };
    /** `null` for an index that has no result (yet). */
    detail: { params: { index: number }; result: ReplayDetail | null };
    /** Sends nothing more; requests on their way are abandoned. */
    cancel: { params: None; result: ReplayStatus };
    export: { params: { format: ReplayExportFormat }; result: ReplayExportReply };
  };
  events: {
    /** After each `ready`. */
    init: { info: ReplayInfo; status: ReplayStatus };
    /** Throttled (at most ~10 a second): results arrived or the phase changed; the webview re-pulls. */
    changed: { status: ReplayStatus };
  };
}
