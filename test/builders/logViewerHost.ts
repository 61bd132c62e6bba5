// The log panel's host (createLogViewerHost) as the unit and webview tests drive it, with no VS Code and no
// broker: irisclassifier's panel info, a real pipeline session the test feeds through `ingest`, the holder
// the panel reads it through, effects that do nothing, and the webview's side of the talk (requests with
// their replies, the events posted).
import assert from 'node:assert/strict';
import { InferenceLogSession, systemClock } from '../../src/inferenceLog';
import type { InferenceLogSessionOptions } from '../../src/inferenceLog';
import { ConnectionLogSession } from '../../src/panels/logViewer/connectionLogSession';
import { createLogViewerHost } from '../../src/panels/logViewer/logViewerHost';
import type {
  LogViewerEffects,
  LogViewerHost,
  LogViewerHostOptions,
} from '../../src/panels/logViewer/logViewerHost';
import type { PanelInfo } from '../../src/protocol/logViewer';
import type { HostMessage } from '../../src/protocol/messages';
import { SCHEMA_V4 } from './inferenceRecords';

/** irisclassifier's panel (KServe, logging everything, from the latest offset), holding 1000 rows. */
export const IRIS_PANEL_INFO: PanelInfo = {
  deploymentName: 'irisclassifier',
  modelName: 'irisclassifier',
  modelVersion: 3,
  servingTool: 'KSERVE',
  topic: 'irisclassifier-inf4821',
  loggingMode: 'ALL',
  capacity: 1000,
  startFrom: 'latest',
  tailing: false,
};

/**
 * A real pipeline session on irisclassifier's topic (schema v4, KServe) fed by the test through `ingest`.
 * Starting it connects to nothing: the Kafka consumer is not under test here (test/sandbox covers it against
 * the real broker). `options`: a test's changes (its clock, capacity, schema versions, deployment id).
 */
export class FedSession extends InferenceLogSession {
  constructor(options: Partial<InferenceLogSessionOptions> = {}) {
    super({
      brokers: ['127.0.0.1:9'],
      topic: 'irisclassifier-inf4821',
      schemaJson: SCHEMA_V4,
      schemaVersion: 4,
      servingTool: 'KSERVE',
      capacity: 1000,
      clock: systemClock,
      ...options,
    });
  }
  override start(): Promise<void> {
    return Promise.resolve();
  }
}

/** The holder a panel reads through (not started yet), whose one session is `session`. */
export function holderOf(session: InferenceLogSession, capacity = 1000): ConnectionLogSession {
  return new ConnectionLogSession({ create: () => Promise.resolve(session), startFrom: 'latest', capacity });
}

/** Effects that do nothing: no file picked, Tail to Output stays off, every prediction answers `{}`. */
export function idleEffects(): LogViewerEffects {
  return {
    pickExportPath: () => Promise.resolve(undefined),
    copyText: () => Promise.resolve(),
    toggleTail: () => Promise.resolve(false),
    predict: () => Promise.resolve({}),
    log: () => undefined,
  };
}

export type Reply<T> = { ok: true; result: T } | { ok: false; error: string };

/** The host and what the test, playing the webview, sends it and reads back. */
export interface TalkingHost {
  host: LogViewerHost;
  /** Every message the host posted, as the webview received it (a structured clone). */
  posted: HostMessage[];
  /** Sends a request and returns its reply, good or bad. */
  request: <T>(method: string, params: unknown) => Promise<Reply<T>>;
  /** Sends a request and returns its result; fails the test when the host refused it. */
  ok: <T>(method: string, params: unknown) => Promise<T>;
  /** The payloads of the events named `name` posted so far, oldest first. */
  events: (name: string) => unknown[];
}

/** createLogViewerHost on irisclassifier's panel with idle effects, but for what `opts` says. */
export function aTalkingHost(
  opts: Omit<LogViewerHostOptions, 'post' | 'effects' | 'info'> & {
    info?: () => PanelInfo;
    effects?: Partial<LogViewerEffects>;
  },
): TalkingHost {
  const posted: HostMessage[] = [];
  const { effects, info, ...rest } = opts;
  const host = createLogViewerHost({
    ...rest,
    info: info ?? (() => IRIS_PANEL_INFO),
    post: (m) => posted.push(structuredClone(m)),
    effects: { ...idleEffects(), ...effects },
  });
  let id = 1;
  const request = async <T>(method: string, params: unknown): Promise<Reply<T>> => {
    const rid = id++;
    await host.receive({ type: 'request', id: rid, method, params });
    const reply = posted.find((m) => m.type === 'response' && m.id === rid);
    assert.ok(reply && reply.type === 'response', `no reply to ${method}`);
    return reply.ok ? { ok: true, result: reply.result as T } : { ok: false, error: reply.error };
  };
  return {
    host,
    posted,
    request,
    ok: async <T>(method: string, params: unknown) => {
      const r = await request<T>(method, params);
      if (!r.ok) assert.fail(`${method}: ${r.error}`);
      return r.result;
    },
    events: (name) =>
      posted
        .filter((m) => m.type === 'event' && m.name === name)
        .map((m) => (m as { payload: unknown }).payload),
  };
}
