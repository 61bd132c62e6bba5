// The comparison panel's host logic without vscode: answers the webview's page and detail requests from the
// replay session, forwards a throttled "changed" signal (at most ~10 a second however fast answers
// arrive), cancels on request and exports through injected effects (save dialog, log line).
import type { Clock } from '../../inferenceLog/clock';
import { Throttle } from '../../inferenceLog/throttle';
import type { ReplayExportFormat, ReplayProtocol } from '../../protocol/replay';
import type { HostMessage, RequestHandlers } from '../../protocol/messages';
import { createHostEndpoint } from '../../protocol/messages';
import { writeReplayExport } from './replayExport';
import { replaySchemas } from './replaySchemas';
import type { ReplaySession } from './replaySession';

export const CHANGED_INTERVAL_MS = 100;

export interface ReplayHostEffects {
  /** Save dialog; undefined when cancelled. */
  pickExportPath(format: ReplayExportFormat): Promise<string | undefined>;
  /** Info lines (never payloads, never credentials). */
  log(line: string): void;
}

export interface ReplayHostOptions {
  session: ReplaySession;
  post: (message: HostMessage) => unknown;
  effects: ReplayHostEffects;
  clock: Clock;
  /** Hidden panels have no webview to update (it re-pulls on `ready`). */
  isVisible?: () => boolean;
}

export interface ReplayHost {
  receive(raw: unknown): Promise<void>;
  /** Stops forwarding signals; the session is the caller's. */
  dispose(): void;
}

export function createReplayHost(o: ReplayHostOptions): ReplayHost {
  const { session, effects } = o;
  const visible = o.isVisible ?? (() => true);

  const handlers: RequestHandlers<ReplayProtocol> = {
    results: (p) => Promise.resolve(session.page(p)),
    detail: ({ index }) => Promise.resolve(session.detail(index)),
    cancel: () => {
      if (session.running)
        effects.log(`Replay to ${session.info.target.deployment}: cancelled by the person.`);
      session.cancel();
      return Promise.resolve(session.status());
    },
    export: async ({ format }) => {
      const outcome = session.currentOutcome();
      if (!outcome)
        throw new Error('The replay is still running: wait for it to finish, or cancel it, then export.');
      const path = await effects.pickExportPath(format);
      if (!path) return { requests: 0 };
      const { requests } = await writeReplayExport(outcome, path, format);
      effects.log(`Exported the comparison of ${requests} replayed requests to ${path}.`);
      return { path, requests };
    },
  };

  const endpoint = createHostEndpoint<ReplayProtocol>({
    schemas: replaySchemas,
    handlers,
    post: o.post,
    onReady: () => endpoint.emit('init', { info: session.info, status: session.status() }),
    onProblem: (text) => effects.log(`Replay panel: ${text}`),
    describeError: (e) => (e instanceof Error ? e.message : String(e)),
  });

  const throttle = new Throttle(
    () => {
      if (endpoint.isReady && visible()) endpoint.emit('changed', { status: session.status() });
    },
    CHANGED_INTERVAL_MS,
    o.clock,
  );
  const unsubscribe = session.onChange(() => throttle.notify());

  return {
    receive: (raw) => endpoint.receive(raw),
    dispose: () => {
      unsubscribe();
      throttle.cancel();
    },
  };
}
