// The log panel's host logic without vscode: answers the webview's page requests from the session's
// store, forwards the throttled "changed" signal and state changes, and runs the panel's commands through
// injected effects (save dialog, clipboard, Output tail, REST predict). The vscode panel only wires it.
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
import type { HostEndpoint, HostMessage, RequestHandlers } from '../../protocol/messages';
import { createHostEndpoint } from '../../protocol/messages';
import { logViewerSchemas } from './logViewerSchemas';
import { rowAsJson, toDetail, toSummary } from './logViewerRows';
import { loggedRequestBody, testRequestTemplate } from './logViewerTestRequest';
import type { OpenPayload } from './fullPayloadRequests';
import { openRowPayload, tooLongRequest } from './fullPayloadRequests';

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
  /** "Open Full Payload": the whole body in an untitled editor (payloadDocument.ts). */
  openPayload?: OpenPayload;
}

export interface LogViewerHostOptions {
  session: LogViewerSession;
  info: () => PanelInfo;
  effects: LogViewerEffects;
  post: (message: HostMessage) => unknown;
  /** The model's input example as a request body, once known. */
  testRequestExample?: () => string | undefined;
  /** Hidden panels have no webview to update: skip the signal (the webview re-pulls on `ready`). */
  isVisible?: () => boolean;
}

export interface LogViewerHost {
  receive(raw: unknown): Promise<void>;
  /** Pushes an event (held until the webview is ready). */
  emit<E extends keyof LogViewerProtocol['events']>(name: E, payload: LogViewerProtocol['events'][E]): void;
  /** Stops forwarding signals; the session is the caller's to dispose. */
  dispose(): void;
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

  const handlers: RequestHandlers<LogViewerProtocol> = {
    query: (p) => Promise.resolve(queryPage(session, p)),
    histogram: ({ filter, maxBuckets }) => Promise.resolve(session.histogram(maxBuckets, filter)),
    detail: ({ id }) => {
      const row = session.get(id);
      return Promise.resolve(row ? toDetail(row) : null);
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
      return Promise.resolve(session.stats());
    },
    restart: async ({ startFrom }) => {
      effects.log(`Restarting the log session from ${describeStart(startFrom)}.`);
      await session.restart(startFrom);
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
    suggestTestRequest: () => {
      const example = opts.testRequestExample?.();
      if (example) return Promise.resolve({ body: example, source: 'example' as const });
      // A request the model answered is a known-good example; a failed one only shows the shape.
      const recent = session.query({ offset: 0, limit: 200, order: 'newest-first' }).rows;
      // A newer one too long for the editor is offered apart ("Open Full Payload").
      let tooLong: { id: number; chars: number } | undefined;
      const also = () => (tooLong ? { tooLong } : {});
      for (const answered of [true, false]) {
        for (const row of recent) {
          if (answered && (row.outcome !== 'ok' || row.kind === 'request')) continue;
          const body = loggedRequestBody(row.requestText);
          if (body) return Promise.resolve({ body, source: 'logged' as const, ...also() });
          tooLong ??= tooLongRequest(row);
        }
      }
      return Promise.resolve({
        body: testRequestTemplate(undefined),
        source: 'template' as const,
        ...also(),
      });
    },
    openPayload: ({ id, half }) =>
      openRowPayload(session.get(id), half, opts.info().deploymentName, effects.openPayload),
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
  };

  endpoint = createHostEndpoint<LogViewerProtocol>({
    schemas: logViewerSchemas,
    handlers,
    post: opts.post,
    onReady: () =>
      endpoint?.emit('init', { info: opts.info(), state: session.state, stats: session.stats() }),
    onProblem: (text) => effects.log(`Log panel: ${text}`),
    describeError: describe,
  });

  const unsubscribe = [
    session.onChanged(() => {
      if (endpoint?.isReady && visible()) endpoint.emit('changed', { stats: session.stats() });
    }),
    session.onState((state) => {
      if (endpoint?.isReady) endpoint.emit('state', state);
    }),
  ];

  return {
    receive: (raw) => endpoint.receive(raw),
    emit: (name, payload) => endpoint.emit(name, payload),
    dispose: () => {
      for (const u of unsubscribe.splice(0)) u();
    },
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
