// The log panel's host logic without vscode: answers the webview's page requests from the session's
// store, forwards the throttled "changed" signal and state changes, and runs the panel's commands through
// injected effects (save dialog, clipboard, Output tail, REST predict). The vscode panel only wires it.
import type { RowChange } from '../../inferenceLog';
import type { Clock } from '../../inferenceLog/clock';
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../../inferenceLog/types';
import type {
  ConsumerState,
  ExportFormat,
  Histogram,
  LogViewerProtocol,
  PanelInfo,
  QueryParams,
  QueryReply,
  StartFrom,
  StoreStats,
} from '../../protocol/logViewer';
import type { HealthParams, HealthReply } from '../../protocol/logViewerHealth';
import type { HostEndpoint, HostMessage, RequestHandlers } from '../../protocol/messages';
import { createHostEndpoint } from '../../protocol/messages';
import { logViewerSchemas } from './logViewerSchemas';
import { rowAsJson, toDetail, toSummary } from './logViewerRows';
import { loggedRequestBody, testRequestTemplate } from './logViewerTestRequest';
import type { RowMoment } from './serverLogsLink';
import { findRequestRow, heldSpan, locateRow, rowMoment } from './serverLogsLink';
import type { OpenPayload } from './fullPayloadRequests';
import { openRowPayload, tooLongRequest } from './fullPayloadRequests';
import type { StartReplay } from './replayRows';
import { replayRowHandlers } from './replayRows';
import type { FeatureHost } from './features/featureHost';
import { createFeatureHost } from './features/featureHost';
import type { FeatureSources } from './features/featureSources';

/** What the panel needs from a running log session (the pipeline's session, adapted). */
export interface LogViewerSession {
  readonly state: ConsumerState;
  query(req: QueryRequest): QueryResult;
  get(id: number): LogRow | undefined;
  histogram(maxBuckets: number, filter?: RowFilter): Histogram;
  stats(): StoreStats;
  /** Throttled by the store: at most ~10 calls per second however fast rows arrive. Returns unsubscribe. */
  onChanged(listener: () => void): () => void;
  onState(listener: (state: ConsumerState) => void): () => void;
  /** Every row as it is added or updated (feature statistics follow it). Returns unsubscribe. */
  onRow(listener: (row: LogRow, change: RowChange) => void): () => void;
  pause(): void;
  resume(): void;
  clear(): void;
  restart(startFrom: StartFrom): Promise<void>;
  /** Streams the rows matching `filter` to `filePath`. */
  exportTo(filePath: string, format: ExportFormat, filter: RowFilter): Promise<{ rows: number }>;
}

/** The parts that talk to VS Code or Hopsworks, injected so this file runs under plain Node. */
export interface LogViewerEffects {
  /** Save dialog; undefined when cancelled. */
  pickExportPath(format: ExportFormat): Promise<string | undefined>;
  copyText(text: string): Promise<void>;
  /** Starts or stops "Tail to Output" for this deployment; resolves to whether it is on now. */
  toggleTail(): Promise<boolean>;
  /** POSTs the body through Hopsworks' inference route. */
  predict(body: unknown): Promise<unknown>;
  /** Info lines (never payloads, never credentials). */
  log(line: string): void;
  /** Opens the deployment's server logs beside the panel, at a row's moment when given. */
  showServerLogs?(moment?: RowMoment): Promise<{ shown: boolean; message?: string }>;
  /** "Open Full Payload": the whole body in an untitled editor (payloadDocument.ts). */
  openPayload?: OpenPayload;
  /** "Replay to…": pick the target, confirm, run (replayRows.ts). */
  startReplay?: StartReplay;
}

/** Whether the panel holds the row of an inference id (a link from a server-log line asked). */
export type RevealOutcome =
  { found: true } | { found: false; rows: number; firstMs?: number; lastMs?: number };

export interface LogViewerHostOptions {
  session: LogViewerSession;
  info: () => PanelInfo;
  effects: LogViewerEffects;
  post: (message: HostMessage) => unknown;
  /**
   * The model's input example as a request body; a promise while it is being read (the suggestion waits for it,
   * so a panel opened for a test request does not start from a template the example would have replaced).
   */
  testRequestExample?: () => string | undefined | Promise<string | undefined>;
  /** Hidden panels have no webview to update: skip the signal (the webview re-pulls on `ready`). */
  isVisible?: () => boolean;
  /** Live health of the rows held (health/healthFeed.ts); without it the panel is told there is none. */
  health?: (params: HealthParams) => HealthReply;
  /** Model files and training statistics of the deployment's model versions (feature columns, drift). */
  featureSources?: FeatureSources;
  /** For the feature statistics' time window (tests drive it by hand). */
  clock?: Clock;
}

export interface LogViewerHost {
  receive(raw: unknown): Promise<void>;
  /** Pushes an event (held until the webview is ready). */
  emit<E extends keyof LogViewerProtocol['events']>(name: E, payload: LogViewerProtocol['events'][E]): void;
  /** Stops forwarding signals; the session is the caller's to dispose. */
  dispose(): void;
  /** Selects the row of `inferenceId` in the webview (now, or once it is ready again). */
  revealRequest(inferenceId: string): RevealOutcome;
  /** Inference id of the row the webview last showed in its detail pane (for the tests' probe). */
  readonly shownRequest: string | undefined;
  /** The feature columns, filters, statistics and drift of the panel. */
  readonly features: FeatureHost;
}

/** Cuts a model answer for the panel; the whole answer is in the exported/copied event anyway. */
const MAX_RESPONSE_CHARS = 100_000;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createLogViewerHost(opts: LogViewerHostOptions): LogViewerHost {
  const { session, effects } = opts;
  const visible = opts.isVisible ?? (() => true);
  let endpoint: HostEndpoint<LogViewerProtocol> | undefined = undefined;
  /** A row to select once the webview asks where it is (a hidden panel's webview is rebuilt first). */
  let pendingReveal: LogViewerProtocol['events']['revealRow'] | undefined;
  let shownRequest: string | undefined;
  const signal = () => {
    if (endpoint?.isReady && visible()) endpoint.emit('changed', { stats: session.stats() });
  };
  const features = createFeatureHost({
    rows: session,
    // Version 0 names no model version: a model-less deployment has no sources, so its columns are positional.
    version: () => opts.info().modelVersion ?? 0,
    sources: opts.featureSources,
    clock: opts.clock,
    onChanged: signal,
  });

  const handlers: RequestHandlers<LogViewerProtocol> = {
    query: (p) => Promise.resolve(queryPage(session, p)),
    histogram: ({ filter, maxBuckets }) => Promise.resolve(session.histogram(maxBuckets, filter)),
    detail: ({ id }) => {
      const row = session.get(id);
      shownRequest = row?.inferenceId;
      return Promise.resolve(row ? { ...toDetail(row), fit: features.fitOf(row) } : null);
    },
    pause: () => {
      session.pause();
      return Promise.resolve(session.state);
    },
    resume: () => {
      session.resume();
      return Promise.resolve(session.state);
    },
    clear: () => {
      session.clear();
      features.reset();
      return Promise.resolve(session.stats());
    },
    restart: async ({ startFrom }) => {
      effects.log(`Restarting the log session from ${describeStart(startFrom)}.`);
      try {
        await session.restart(startFrom);
      } finally {
        features.reset();
      }
      return session.state;
    },
    export: async ({ format, filter }) => {
      const path = await effects.pickExportPath(format);
      if (!path) return { rows: 0 };
      const { rows } = await session.exportTo(path, format, filter);
      effects.log(`Exported ${rows} inference-log rows to ${path}.`);
      return { path, rows };
    },
    copyEvent: async ({ id }) => {
      const row = session.get(id);
      if (!row) return { copied: false };
      await effects.copyText(rowAsJson(row));
      return { copied: true };
    },
    tailToOutput: async () => ({ tailing: await effects.toggleTail() }),
    suggestTestRequest: async () => {
      const example = await opts.testRequestExample?.();
      if (example) return { body: example, source: 'example' as const };
      // A request the model answered is a known-good example; a failed one only shows the shape.
      const recent = session.query({ offset: 0, limit: 200, order: 'newest-first' }).rows;
      // A newer one too long for the editor is offered apart ("Open Full Payload").
      let tooLong: { id: number; chars: number } | undefined;
      const also = () => (tooLong ? { tooLong } : {});
      for (const answered of [true, false]) {
        for (const row of recent) {
          if (answered && (row.outcome !== 'ok' || row.kind === 'request')) continue;
          const body = loggedRequestBody(row.requestText);
          if (body) return { body, source: 'logged' as const, ...also() };
          tooLong ??= tooLongRequest(row);
        }
      }
      return { body: testRequestTemplate(undefined), source: 'template' as const, ...also() };
    },
    serverLogs: ({ id }) => {
      const show = effects.showServerLogs?.bind(effects);
      if (!show) return Promise.resolve({ shown: false, message: 'Server logs cannot be opened from here.' });
      if (id === undefined) return show();
      const row = session.get(id);
      if (!row) return Promise.resolve({ shown: false, message: 'That event is no longer held.' });
      return show(rowMoment(row));
    },
    locateRow: ({ id, filter }) => {
      if (pendingReveal?.id === id) pendingReveal = undefined;
      return Promise.resolve(locateRow(session, id, filter));
    },
    openPayload: ({ id, half }) =>
      openRowPayload(session.get(id), half, opts.info().deploymentName, effects.openPayload),
    health: (p) => {
      if (!opts.health) return Promise.reject(new Error('Health figures are not available in this view.'));
      return Promise.resolve(opts.health(p));
    },
    ...features.handlers,
    sendTestRequest: async ({ body }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body) as unknown;
      } catch (err) {
        throw new Error(`The request is not valid JSON (${describe(err)}). Fix it and send again.`);
      }
      const answer = await effects.predict(parsed);
      const text = typeof answer === 'string' ? answer : JSON.stringify(answer, null, 2);
      return {
        response:
          text === undefined
            ? '(empty response)'
            : text.length > MAX_RESPONSE_CHARS
              ? `${text.slice(0, MAX_RESPONSE_CHARS)}…`
              : text,
      };
    },
    ...replayRowHandlers(session, effects.startReplay),
  };

  endpoint = createHostEndpoint<LogViewerProtocol>({
    schemas: logViewerSchemas,
    handlers,
    post: opts.post,
    onReady: () => {
      endpoint?.emit('init', { info: opts.info(), state: session.state, stats: session.stats() });
      if (pendingReveal) endpoint?.emit('revealRow', pendingReveal);
    },
    onProblem: (text) => effects.log(`Log panel: ${text}`),
    describeError: describe,
  });

  const unsubscribe = [
    session.onChanged(signal),
    session.onState((state) => {
      if (endpoint?.isReady) endpoint.emit('state', state);
    }),
  ];

  return {
    receive: (raw) => endpoint.receive(raw),
    emit: (name, payload) => endpoint.emit(name, payload),
    dispose: () => {
      for (const u of unsubscribe.splice(0)) u();
      features.dispose();
    },
    revealRequest: (inferenceId) => {
      const row = findRequestRow(session, inferenceId);
      if (!row) return { found: false, ...heldSpan(session) };
      pendingReveal = { id: row.id, inferenceId: row.inferenceId };
      endpoint.emit('revealRow', pendingReveal);
      return { found: true };
    },
    get shownRequest() {
      return shownRequest;
    },
    features,
  };
}

function queryPage(session: LogViewerSession, p: QueryParams): QueryReply {
  const { offset, limit, filter, fromEnd } = p;
  if (fromEnd) {
    // Newest-first from 0 is one pass over the store and yields the total with it.
    const r = session.query({ offset: 0, limit, filter, order: 'newest-first' });
    const rows = r.rows.map(toSummary).reverse();
    return { total: r.total, offset: r.total - rows.length, rows };
  }
  const r = session.query({ offset, limit, filter, order: 'oldest-first' });
  return { total: r.total, offset, rows: r.rows.map(toSummary) };
}

export function describeStart(s: StartFrom): string {
  if (s === 'latest') return 'the latest offset';
  if (s === 'earliest') return 'the earliest offset';
  return new Date(s.timestampMs).toISOString();
}
