// The log panel's real bundle in headless Chromium, talking to the real host logic in this Node process:
// the page's acquireVsCodeApi forwards every message to createLogViewerHost (over a pipeline session fed with
// encoded KServe records, and in-memory model files), and every message the host posts is delivered to the
// page as VS Code would. Nothing of the host is stood in for, so what the page shows is what the host sent.
import type { Page } from 'playwright-core';
import type { ConsumedMessage, ConsumerState, InferenceLogSessionOptions } from '../../src/inferenceLog';
import type { OpenPayload } from '../../src/panels/logViewer/fullPayloadRequests';
import type { PanelInfo } from '../../src/protocol/logViewer';
import type { LogViewerHost } from '../../src/panels/logViewer/logViewerHost';
import { createLogViewerHost } from '../../src/panels/logViewer/logViewerHost';
import type { FeatureSources } from '../../src/panels/logViewer/features/featureSources';
import type { HostMessage } from '../../src/protocol/messages';
import { FedSession, holderOf, idleEffects } from '../builders/logViewerHost';
import type { ThemeName } from './logViewerHarness';
import { INFO, PanelBrowser, THEMES } from './logViewerHarness';

/** irisclassifier's fed session (FedSession), holding 10 000 rows, that says it is reading. */
class LiveSession extends FedSession {
  /** `options`: a test's changes to the irisclassifier session (its schema versions, its deployment id). */
  constructor(options: Partial<InferenceLogSessionOptions> = {}) {
    super({ capacity: 10_000, ...options });
  }
  /** Fed by the test as if reading: the panel shows what it shows while live. */
  override get state(): ConsumerState {
    return { state: 'live' };
  }
}

export interface BridgedPanel {
  page: Page;
  host: LogViewerHost;
  /** Feeds Kafka messages to the panel's session, as the consumer would. */
  ingest(messages: ConsumedMessage[]): void;
  /** Requests the page sent (method and params), oldest first. */
  sent(): Promise<{ method?: string; params?: unknown }[]>;
  close(): Promise<void>;
}

declare global {
  interface Window {
    __toHost: (m: unknown) => Promise<void>;
    __problems: string[];
    __sent: { type: string; method?: string; params?: unknown }[];
  }
}

function installBridge(): void {
  window.__sent = [];
  let state: unknown;
  (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
    postMessage(m: { type: string; method?: string; params?: unknown }) {
      window.__sent.push(JSON.parse(JSON.stringify(m)) as { type: string });
      void window.__toHost(m);
    },
    getState: () => state,
    setState: (s: unknown) => (state = s),
  });
}

export class RealHostBridge extends PanelBrowser {
  async open(
    sources: FeatureSources,
    opts: {
      theme?: ThemeName;
      width?: number;
      height?: number;
      session?: Partial<InferenceLogSessionOptions>;
      info?: Partial<PanelInfo>;
      openPayload?: OpenPayload;
    } = {},
  ): Promise<BridgedPanel> {
    const session = new LiveSession(opts.session);
    const info: PanelInfo = { ...INFO, ...opts.info };
    const holder = holderOf(session, 10_000);
    await holder.start();
    const theme = THEMES[opts.theme ?? 'dark'];
    const { page, origin } = await this.newPage({ ...opts, theme: { ...theme.vars }, bodyClass: theme.bodyClass });
    let open = true;
    const host = createLogViewerHost({
      session: holder,
      info: () => info,
      featureSources: sources,
      post: (m: HostMessage) => {
        if (!open) return;
        // As VS Code does: a structured clone delivered as a message event.
        page.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => undefined);
      },
      effects: {
        ...idleEffects(),
        ...(opts.openPayload ? { openPayload: opts.openPayload } : {}),
      },
    });
    await page.exposeFunction('__toHost', (m: unknown) => host.receive(m));
    await page.addInitScript(installBridge);
    await page.goto(origin);
    await page.locator('.title', { hasText: 'irisclassifier' }).waitFor();
    return {
      page,
      host,
      ingest: (messages) => session.ingest(messages),
      sent: () => page.evaluate(() => window.__sent.filter((m) => m.type === 'request')),
      close: async () => {
        open = false;
        host.dispose();
        await page.close();
        await holder.dispose();
      },
    };
  }
}
