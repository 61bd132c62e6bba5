// The log panel's feature messages (issue 10 §1–§2): the table as feature columns, the feature filter, the
// schema-fit flag, statistics of the window shown and drift. Like the rest of the panel, the host owns the
// rows and computes every page; the webview asks for what it shows. Type-only: imported by both sides.
// From the core's own files, not its index: the webview's type check must not reach the clock's Node timers.
import type { DriftResult } from '../features/drift/psi';
import type { FeatureStatsSnapshot } from '../features/stats/featureStats';
import type { ColumnSource } from '../features/types';
import type { QueryParams, QueryReply, RowFilter, RowKind, RowOutcome } from './logViewer';

/** What the table's columns show: the logged payload as one text, or one column per feature. */
export const COLUMN_MODES = ['payload', 'features'] as const;
export type ColumnMode = (typeof COLUMN_MODES)[number];

/** The feature part of the table's filter. Applied on the host; the expression is parsed there, never run. */
export interface FeatureFilter {
  /** The filter language of src/features/filter: `age > 60 and country = "SE"`. */
  expression?: string;
  /** Only rows whose request does not fit the model's schema (or its input example). */
  misfitOnly?: boolean;
}

export interface FeatureQueryParams extends QueryParams {
  features: FeatureFilter;
}

/** The columns of one side of a feature page. */
export interface FeatureColumnsView {
  /** Where the names came from: the model's schema, its input example, or positions (f0, f1, …). */
  source: ColumnSource;
  names: string[];
  /** Columns left out of the page (a very wide payload); they still count for filters and statistics. */
  hidden: number;
  /** Why the names are positional although the model was asked (a schema that could not be read). */
  note?: string;
}

/** One line of the feature table: one instance of one logged row. */
export interface FeatureLine {
  /** The logged row it came from (selecting a line selects the row). */
  id: number;
  rev: number;
  /** Position of the instance in its request (0-based) and how many the request had. */
  instance: number;
  instances: number;
  kind: RowKind;
  outcome: RowOutcome;
  timeMs: number;
  timeResolutionMs: number;
  modelVersion: number;
  httpCode: number;
  latencyMs?: number;
  /** One text per column of `inputs.names` / `outputs.names`; null where the instance did not have it. */
  inputs: (string | null)[];
  outputs: (string | null)[];
  /** Set when the instance does not fit: the first reason (the detail pane has all of them). */
  misfit?: string;
}

export interface FeaturePageReply {
  /** Lines (instances) matching the filters in the store. */
  total: number;
  offset: number;
  inputs: FeatureColumnsView;
  outputs: FeatureColumnsView;
  lines: FeatureLine[];
}

/** The verdict of a feature filter, with the place of the problem (0-based, in characters). */
export type FilterCheck = { ok: true } | { ok: false; reason: string; position: number; length: number };

/** Does the row's request fit the model's schema, and why not: shown in the detail pane. */
export interface RowFitView {
  /** `unchecked`: no schema or input example to check against, or nothing logged of the request. */
  verdict: 'fits' | 'misfit' | 'unchecked';
  /** "the model's schema" / "the input example"; absent when unchecked. */
  against?: string;
  reasons: string[];
}

/** The windows the statistics and drift panes offer, in milliseconds. */
export const STATS_WINDOWS_MS = [60_000, 300_000, 900_000, 3_600_000] as const;
export type StatsWindowMs = (typeof STATS_WINDOWS_MS)[number];

export interface FeatureStatsParams {
  /** The table's filters: the statistics are of the rows the table shows. */
  filter: RowFilter;
  features: FeatureFilter;
  windowMs: StatsWindowMs;
}

/** The window's statistics (the widest payloads' columns may be left out). */
export interface FeatureStatsReply extends FeatureStatsSnapshot {
  /** Columns left out of the reply (the widest payloads). */
  hidden: { inputs: number; outputs: number };
}

/** What drift can be measured against. */
export const DRIFT_REFERENCES = ['training', 'window'] as const;
export type DriftReferenceKind = (typeof DRIFT_REFERENCES)[number];

/** The training dataset's statistics, fetched when the drift pane first opens. */
export type TrainingReferenceState =
  | { state: 'loading' }
  | { state: 'ready'; label: string }
  /** The model version links no training dataset, or it has no statistics: why, in words. */
  | { state: 'none'; reason: string }
  | { state: 'failed'; reason: string };

export interface DriftParams extends FeatureStatsParams {
  /** The person's choice; without one, training when it is available, else the captured window. */
  reference?: DriftReferenceKind;
}

export interface DriftReply {
  training: TrainingReferenceState;
  /** The captured reference window, once "Use this window as reference" was pressed. */
  window?: { label: string };
  /** The reference the figures below are measured against; absent when there is none yet. */
  used?: DriftReferenceKind;
  /** Request features against the reference. */
  inputs?: DriftResult;
  /** Predictions against the reference (a captured window has them; training statistics describe features). */
  outputs?: DriftResult;
  /** How drift is computed, for the pane (PSI over 10 equal-frequency bins, drift at 0.2). */
  definition: string;
  threshold: number;
  /** Logged rows in the current window. */
  rows: number;
}

// A type, not an interface: the envelope's ProtocolSpec needs the index signature a type literal has.
export type LogViewerFeatureRequests = {
  /** The payload table with the feature filter applied (the plain `query` has no feature filter). */
  featureQuery: { params: FeatureQueryParams; result: QueryReply };
  /** The feature table: one line per instance, one column per feature and prediction. */
  featurePage: { params: FeatureQueryParams; result: FeaturePageReply };
  /** Parses a feature filter against the columns known now; never runs it. */
  checkFeatureFilter: { params: { expression: string }; result: FilterCheck };
  featureStats: { params: FeatureStatsParams; result: FeatureStatsReply };
  drift: { params: DriftParams; result: DriftReply };
  /** "Use this window as reference": freezes the current window's statistics as the drift reference. */
  captureDriftReference: { params: FeatureStatsParams; result: DriftReply };
};

/** Characters of one cell of the feature table (the detail pane has the whole payload). */
export const FEATURE_CELL_CHARS = 80;
/** Columns per side a page or a statistics reply carries at most. */
export const MAX_SHOWN_COLUMNS = 200;
/** Characters of a feature filter the host accepts (the parser's own bound). */
export const MAX_FEATURE_FILTER_CHARS = 2_000;
