// The harness of the inference-log panel's browser tests: the real HTML shell of src/panels/shared/webviewHtml.ts
// and the bundled dist/webview/logViewer.js in headless Chromium under the real CSP. A stand-in
// acquireVsCodeApi plays the host: it keeps rows in an in-page store and answers the page's row queries
// from it the way the host does (filter, offset/limit, newest rows when following); the tests push
// "changed" signals and state changes. It also records what the chart paints on its canvas (the text of
// every fillText call), so tests can read the axis labels a person sees.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type {
  ConsumerState,
  Histogram,
  PanelInfo,
  QueryParams,
  RowDetail,
  RowFilter,
  RowSummary,
  StoreStats,
} from '../../src/protocol/logViewer';
import type { HealthReply } from '../../src/protocol/logViewerHealth';
import { launchChromium } from '../support/chromium';
import { buildWebviewBundle } from '../support/webviewBundle';
import type { WebviewServer } from '../support/webviewServer';
import { serveWebview } from '../support/webviewServer';
import { IRIS_PANEL_INFO } from '../builders/logViewerHost';
import { DARK_MODERN_TEXT_AND_CONTROLS } from './darkModern';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-output/screenshots');

const COMMON: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-editor-font-size': '12px',
};

/** A few variables of VS Code's Dark Modern, Light Modern and High Contrast themes, as injected into webviews. */
export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...COMMON,
      ...DARK_MODERN_TEXT_AND_CONTROLS,
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWidget-border': '#313131',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-activeSelectionBackground': '#04395e',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-textCodeBlock-background': '#2b2b2b',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-yellow': '#cca700',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...COMMON,
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-errorForeground': '#e51400',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-editorWidget-border': '#e5e5e5',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-list-activeSelectionBackground': '#e8e8e8',
      '--vscode-list-activeSelectionForeground': '#000000',
      '--vscode-textCodeBlock-background': '#f8f8f8',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-checkbox-background': '#f8f8f8',
      '--vscode-checkbox-border': '#cecece',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...COMMON,
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-errorForeground': '#f48771',
      '--vscode-editor-background': '#000000',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-editorWidget-border': '#6fc3df',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-focusBorder': '#f38518',
      '--vscode-list-focusOutline': '#f38518',
      '--vscode-textCodeBlock-background': '#000000',
      '--vscode-editorWarning-foreground': '#ff0000',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-checkbox-background': '#000000',
      '--vscode-checkbox-border': '#6fc3df',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
    },
  },
} as const;
export type ThemeName = keyof typeof THEMES;

export const INFO: PanelInfo = { ...IRIS_PANEL_INFO, capacity: 100_000 };

/** One stored row of the fake host: the summary the table gets plus the texts the detail pane gets. */
export interface FakeRow extends RowSummary {
  requestText?: string;
  responseText?: string;
  error?: string;
  hexPreview?: string;
}

export interface Posted {
  type: string;
  id?: number;
  method?: string;
  params?: unknown;
}

/** A text the chart painted, where, and in which colour. */
export interface Drawn {
  text: string;
  x: number;
  y: number;
}

declare global {
  interface Window {
    __logViewerPosted: Posted[];
    __problems: string[];
    __pwned?: number;
    __rows: FakeRow[];
    __stats: () => StoreStats;
    /** Overrides merged into every StoreStats the fake host sends. */
    __statsPatch: Partial<StoreStats>;
    /** What the next histogram request is answered with; by default one computed from the rows. */
    __histogram?: Histogram;
    __state: ConsumerState;
    __add: (rows: FakeRow[]) => void;
    __addMany: (n: number) => void;
    __emit: (name: string, payload: unknown) => void;
    /** Texts painted on the chart's canvas since the last reset. */
    __drawn: Drawn[];
    /** Query replies sent so far (each one re-renders the table). */
    __replies: number;
    __chartPixels: (hex: string) => number;
    /** What the next `serverLogs` request is answered with (default: shown). */
    __serverLogsReply?: { shown: boolean; message?: string };
    /** What the next health requests are answered with, per window (ms); by default no calls. */
    __health?: Record<number, HealthReply>;
  }
}

/**
 * In the page, before the panel's script: CSP violations recorded in window.__problems, and the theme's colours
 * on the document and its class on the body, as VS Code sets them.
 */
function installPageBasics({ theme, bodyClass }: { theme: Record<string, string>; bodyClass: string }): void {
  window.__problems = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
  );
  // The init script can run before the document element exists.
  const applyTheme = () => {
    for (const [k, v] of Object.entries(theme)) document.documentElement.style.setProperty(k, v);
  };
  if (document.documentElement) applyTheme();
  else document.addEventListener('readystatechange', applyTheme, { once: true });
  document.addEventListener('DOMContentLoaded', () => document.body.classList.add(bodyClass), { once: true });
}

/** The in-page stand-in for the host: a store of rows answering the panel's requests. */
function installFakeHost({ info }: { info: PanelInfo }): void {
  window.__logViewerPosted = [];
  window.__rows = [];
  window.__statsPatch = {};
  window.__state = { state: 'live' };
  window.__drawn = [];
  window.__replies = 0;

  // What a person sees on the chart is painted text: record it.
  const proto = CanvasRenderingContext2D.prototype;
  const fillText: CanvasRenderingContext2D['fillText'] = Reflect.get(proto, 'fillText');
  proto.fillText = function (text: string, x: number, y: number, w?: number) {
    if (this.canvas.closest('.chart')) window.__drawn.push({ text, x, y });
    if (w === undefined) fillText.call(this, text, x, y);
    else fillText.call(this, text, x, y, w);
  };

  window.__chartPixels = (color) => {
    const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
    let n = 0;
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('.chart canvas'))) {
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        if (want.every((w, k) => Math.abs((data[i + k] ?? 0) - w) < 24) && (data[i + 3] ?? 0) > 100) n++;
      }
    }
    return n;
  };

  const isError = (r: FakeRow) => r.outcome === 'http-error' || r.outcome === 'no-response';
  const statusClass = (c: number) =>
    !c
      ? 'none'
      : c < 300 && c >= 200
        ? '2xx'
        : c >= 400 && c < 500
          ? '4xx'
          : c >= 500 && c < 600
            ? '5xx'
            : 'other';
  const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
    v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T];
  const matches = (r: FakeRow, f: RowFilter) => {
    const kinds = list(f.kind);
    const statuses = list(f.status);
    if (kinds && !kinds.includes(r.kind)) return false;
    if (statuses && !statuses.includes(statusClass(r.httpCode))) return false;
    if (f.errorsOnly && !isError(r)) return false;
    if (f.undecodableOnly && r.kind !== 'raw') return false;
    if (f.text) {
      const t = f.text.toLowerCase();
      return [r.inferenceId, r.requestText ?? '', r.responseText ?? ''].some((s) =>
        s.toLowerCase().includes(t),
      );
    }
    return true;
  };
  const summary = (r: FakeRow): RowSummary => {
    const { requestText: _q, responseText: _a, error: _e, hexPreview: _h, ...s } = r;
    return s;
  };
  const detail = (r: FakeRow): RowDetail => {
    const pretty = (t: string) => {
      try {
        return { format: 'v1' as const, text: JSON.stringify(JSON.parse(t), null, 2), truncated: false };
      } catch {
        return { format: 'text' as const, text: t, truncated: false };
      }
    };
    const d: RowDetail = {
      id: r.id,
      kind: r.kind,
      outcome: r.outcome,
      timeMs: r.timeMs,
      timeResolutionMs: r.timeResolutionMs,
      model: 'irisclassifier',
      modelVersion: r.modelVersion,
      servingId: 7,
      inferenceId: r.inferenceId,
      httpCode: r.httpCode,
      kafka: { partition: 0, offset: String(r.id), timestampMs: r.timeMs, size: 120, framing: 'bare' },
    };
    if (r.requestText !== undefined) d.request = pretty(r.requestText);
    if (r.responseText !== undefined) d.response = pretty(r.responseText);
    if (r.error !== undefined) d.error = r.error;
    if (r.hexPreview !== undefined) d.hexPreview = r.hexPreview;
    return d;
  };
  // Events and errors per second of the rows held, the way the host buckets them.
  const histogram = (f: RowFilter): Histogram => {
    const rows = window.__rows.filter((r) => matches(r, f));
    if (rows.length === 0) return { startMs: 0, bucketMs: 1000, events: [], errors: [] };
    const min = Math.min(...rows.map((r) => r.timeMs));
    const max = Math.max(...rows.map((r) => r.timeMs));
    const bucketMs =
      [1_000, 2_000, 5_000, 10_000, 30_000, 60_000].find((b) => (max - min + 1) / b < 60) ?? 60_000;
    const startMs = Math.floor(min / bucketMs) * bucketMs;
    const n = Math.floor((max - startMs) / bucketMs) + 1;
    const events = new Array<number>(n).fill(0);
    const errors = new Array<number>(n).fill(0);
    for (const r of rows) {
      const i = Math.floor((r.timeMs - startMs) / bucketMs);
      events[i] = (events[i] ?? 0) + 1;
      if (isError(r)) errors[i] = (errors[i] ?? 0) + 1;
    }
    return { startMs, bucketMs, events, errors };
  };
  window.__stats = () => ({
    capacity: info.capacity,
    rows: window.__rows.length,
    total: window.__rows.length,
    errors: window.__rows.filter(isError).length,
    undecodable: window.__rows.filter((r) => r.kind === 'raw').length,
    dropped: 0,
    pending: 0,
    eventsPerSecond: 12.5,
    ...window.__statsPatch,
  });
  const reply = (id: number, result: unknown) =>
    setTimeout(() => window.postMessage({ type: 'response', id, ok: true, result }, '*'), 0);
  window.__emit = (name, payload) => window.postMessage({ type: 'event', name, payload }, '*');
  window.__add = (rows) => {
    for (const r of rows) window.__rows.push({ ...r, id: window.__rows.length });
  };
  window.__addMany = (n) => {
    const start = Date.now() - n * 10;
    for (let i = 0; i < n; i++) {
      const id = window.__rows.length;
      window.__rows.push({
        id,
        rev: 0,
        kind: 'pair',
        outcome: 'ok',
        timeMs: start + i * 10,
        timeResolutionMs: 1000,
        inferenceId: `bulk-${id}`,
        httpCode: 200,
        latencyMs: 0,
        modelVersion: 3,
        preview: `{"instances": [[${i}]]} → {"predictions": [0]}`,
        requestText: `{"instances": [[${i}]]}`,
        responseText: '{"predictions": [0]}',
      });
    }
  };

  (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
    postMessage(m: Posted) {
      window.__logViewerPosted.push(JSON.parse(JSON.stringify(m)) as Posted);
      if (m.type === 'ready') {
        window.__emit('init', { info, state: window.__state, stats: window.__stats() });
        return;
      }
      if (m.type !== 'request' || m.id === undefined) return;
      const params = m.params as Record<string, unknown>;
      switch (m.method) {
        case 'query': {
          const p = params as unknown as QueryParams;
          const rows = window.__rows.filter((r) => matches(r, p.filter));
          const offset = p.fromEnd ? Math.max(0, rows.length - p.limit) : p.offset;
          window.__replies++;
          reply(m.id, {
            total: rows.length,
            offset,
            rows: rows.slice(offset, offset + p.limit).map(summary),
          });
          break;
        }
        case 'histogram':
          reply(m.id, window.__histogram ?? histogram((params as { filter: RowFilter }).filter));
          break;
        case 'detail': {
          const r = window.__rows.find((x) => x.id === (params.id as number));
          reply(m.id, r ? detail(r) : null);
          break;
        }
        case 'pause':
          window.__state = { state: 'paused' };
          reply(m.id, window.__state);
          break;
        case 'resume':
          window.__state = { state: 'live' };
          reply(m.id, window.__state);
          break;
        case 'clear':
          window.__rows = [];
          reply(m.id, window.__stats());
          break;
        case 'health': {
          const windowMs = (params as { windowMs: number }).windowMs;
          const none = {
            key: 'all',
            model: '',
            version: -1,
            requests: 0,
            requestsPerSecond: 0,
            ok: 0,
            httpErrors: 0,
            noResponse: 0,
            pending: 0,
            outcomeUnknown: 0,
            errorRate: null,
            latency: {
              source: 'none-yet',
              note: 'No call in this window has both its request and its response logged yet.',
              count: 0,
              p50: null,
              p95: null,
              p99: null,
              p95Range: null,
              relativeError: 0.02,
            },
          };
          const now = Date.now();
          reply(
            m.id,
            window.__health?.[windowMs] ?? {
              snapshot: {
                windowMs,
                nowMs: now,
                coveredMs: windowMs,
                all: none,
                versions: [],
                olderThanWindow: 0,
                notes: [],
              },
              series: {
                windowMs,
                startMs: now - windowMs,
                bucketMs: windowMs / 60,
                points: 0,
                lines: [],
                latencySource: 'none-yet',
              },
              comparison: null,
            },
          );
          break;
        }
        case 'suggestTestRequest':
          reply(m.id, { body: '{\n  "instances": [[5.1, 3.5, 1.4, 0.2]]\n}', source: 'logged' });
          break;
        case 'sendTestRequest':
          reply(m.id, { response: '{\n  "predictions": [\n    "<b>setosa</b>"\n  ]\n}' });
          break;
        case 'serverLogs':
          reply(m.id, window.__serverLogsReply ?? { shown: true });
          break;
        case 'locateRow': {
          // The row's index among the rows the filter lets through, oldest first, as the host finds it.
          const p = params as unknown as { id: number; filter: RowFilter };
          const index = window.__rows.filter((r) => matches(r, p.filter)).findIndex((r) => r.id === p.id);
          const held = window.__rows.some((r) => r.id === p.id);
          reply(m.id, index >= 0 ? { index } : { index: null, reason: held ? 'filtered' : 'gone' });
          break;
        }
        case 'replay':
          // The host asks for the target and the confirmation; the page only shows what came of it.
          reply(m.id, { started: true, message: 'Replaying to irisnolog (from the fake host).' });
          break;
        case 'selectRange': {
          const p = params as { filter: RowFilter; fromId: number; toId: number };
          const [lo, hi] = [Math.min(p.fromId, p.toId), Math.max(p.fromId, p.toId)];
          const ids = window.__rows
            .filter((r) => matches(r, p.filter) && r.id >= lo && r.id <= hi)
            .map((r) => r.id);
          reply(m.id, { ids: ids.slice(0, 1000), more: ids.length > 1000 });
          break;
        }
        default:
          reply(m.id, {});
      }
    },
    getState: () => undefined,
    setState: () => undefined,
  });
}

/** One browser and one server of the log panel's shell and bundle, for a test file. */
export class PanelBrowser {
  private browser: Browser | undefined;
  private server: WebviewServer | undefined;

  async start(): Promise<void> {
    this.server = await serveWebview({
      bundle: await buildWebviewBundle('logViewer'),
      title: 'Inference logs',
    });
    this.browser = await launchChromium();
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.server?.close();
  }

  /**
   * A page of the given size (1200×800 unless said) in `theme`'s colours (installPageBasics), whose page errors
   * and CSP violations land in window.__problems.
   */
  protected async newPage(opts: {
    width?: number;
    height?: number;
    theme: Record<string, string>;
    bodyClass: string;
  }): Promise<{ page: Page; origin: string }> {
    if (!this.browser || !this.server) throw new Error(`${this.constructor.name} not started`);
    const page = await this.browser.newPage({
      viewport: { width: opts.width ?? 1200, height: opts.height ?? 800 },
    });
    page.on(
      'pageerror',
      (e) => void page.evaluate((m) => window.__problems.push(m), `pageerror: ${e.message}`),
    );
    if (process.env.LV_DEBUG) page.on('console', (m) => console.log('[page]', m.text()));
    if (process.env.LV_DEBUG) page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    // tsx names nested functions with an `__name` helper; the serialized init scripts need it in the page.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(installPageBasics, { theme: opts.theme, bodyClass: opts.bodyClass });
    return { page, origin: this.server.origin };
  }
}

/** The panel over a fake host in the page (installFakeHost). */
export class Harness extends PanelBrowser {
  async open(
    opts: {
      theme?: ThemeName;
      width?: number;
      height?: number;
      state?: ConsumerState;
      /** Theme variables to change (e.g. a larger editor font). */
      vars?: Record<string, string>;
    } = {},
  ): Promise<Page> {
    const theme = THEMES[opts.theme ?? 'dark'];
    const { page, origin } = await this.newPage({
      ...opts,
      theme: { ...theme.vars, ...opts.vars },
      bodyClass: theme.bodyClass,
    });
    await page.addInitScript(installFakeHost, { info: INFO });
    if (opts.state) await page.addInitScript((s) => (window.__state = s), opts.state);
    await page.goto(origin);
    await page.locator('.title', { hasText: 'irisclassifier' }).waitFor();
    return page;
  }
}

export async function signal(page: Page): Promise<void> {
  await page.evaluate(() => window.__emit('changed', { stats: window.__stats() }));
}

export async function setState(page: Page, state: ConsumerState): Promise<void> {
  await page.evaluate((s) => {
    window.__state = s;
    window.__emit('state', s);
  }, state);
}

export async function shownIds(page: Page): Promise<string[]> {
  return page.locator('.log-spacer .log-row:not(.is-loading) .c-id').allTextContents();
}

/** Waits until the table shows exactly these inference ids (the previous page may still be on screen). */
export async function waitForIds(page: Page, ids: string[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('.log-spacer .log-row:not(.is-loading) .c-id')).map(
          (e) => e.textContent,
        ),
      ) === JSON.stringify(want),
    ids,
  );
}

export async function queries(page: Page): Promise<QueryParams[]> {
  const posted = await page.evaluate(() => window.__logViewerPosted);
  return posted.filter((m) => m.method === 'query').map((m) => m.params as QueryParams);
}

export async function problems(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__problems);
}

/** Pixels of the chart canvas close to `hex` (#rrggbb), counted over the whole canvas. */
export async function chartPixels(page: Page, hex: string): Promise<number> {
  return page.evaluate((color) => window.__chartPixels(color), hex);
}

/** Waits until the chart shows (`true`) or no longer shows (`false`) any pixel of colour `hex`. */
export async function waitForChartColor(page: Page, hex: string, shown: boolean): Promise<void> {
  await page.waitForFunction(({ color, shown }) => window.__chartPixels(color) > 0 === shown, {
    color: hex,
    shown,
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
}

/** A KServe pair row, the fields a test does not name filled with ordinary values. */
export function aRow(over: Partial<FakeRow> = {}): FakeRow {
  return {
    id: 0,
    rev: 0,
    kind: 'pair',
    outcome: 'ok',
    timeMs: Date.now(),
    timeResolutionMs: 1000,
    inferenceId: 'e7f60cba-19ce-4550-a2ad-a8721d314420',
    httpCode: 200,
    latencyMs: 0,
    modelVersion: 3,
    preview: '{"instances": [[5.1, 3.5, 1.4, 0.2]]} → {"predictions": ["setosa"]}',
    requestText: '{"instances": [[5.1, 3.5, 1.4, 0.2]]}',
    responseText: '{"predictions": ["setosa"]}',
    ...over,
  };
}

/** A representative scene: answered calls, failures, undecodable messages, over the last two minutes. */
export async function populateScene(page: Page): Promise<void> {
  await page.evaluate(() => {
    const now = Date.now();
    const rows: FakeRow[] = [];
    for (let i = 0; i < 60; i++) {
      const t = now - (60 - i) * 2_000;
      const failed = i % 13 === 5;
      const raw = i % 17 === 9;
      if (raw) {
        rows.push({
          id: 0,
          rev: 0,
          kind: 'raw',
          outcome: 'undecodable',
          timeMs: t + 123,
          timeResolutionMs: 1,
          inferenceId: '',
          httpCode: 0,
          modelVersion: 0,
          preview: 'Avro: truncated record · 0a1b2c3d4e5f60718293a4b5c6d7e8f9',
          error: 'Avro: truncated record',
          hexPreview: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
        });
        continue;
      }
      rows.push({
        id: 0,
        rev: 0,
        kind: failed ? 'request' : 'pair',
        outcome: failed ? 'no-response' : 'ok',
        timeMs: t,
        timeResolutionMs: 1000,
        inferenceId: `${(0x1e7f60cb + i).toString(16)}-19ce-4550-a2ad-a8721d3144${String(i).padStart(2, '0')}`,
        httpCode: failed ? 0 : 200,
        latencyMs: failed ? undefined : 0,
        modelVersion: 3,
        preview: failed
          ? `{"instances": [["oops", ${i}]]}`
          : `{"instances": [[5.1, 3.5, 1.4, ${i / 10}]]} → {"predictions": ["setosa"]}`,
        requestText: failed
          ? `{"instances": [["oops", ${i}]]}`
          : `{"instances": [[5.1, 3.5, 1.4, ${i / 10}]]}`,
        responseText: failed ? undefined : '{"predictions": ["setosa"]}',
      });
    }
    window.__add(rows);
    window.__emit('changed', { stats: window.__stats() });
  });
  await page.waitForFunction(
    () => document.querySelectorAll('.log-spacer .log-row:not(.is-loading)').length > 10,
  );
}

/**
 * Where each character of `substring` is drawn (left edge, top) inside the `nth` element matching
 * `selector`, following its text nodes: the visual order a person reads.
 */
export async function charBoxes(
  page: Page,
  selector: string,
  substring: string,
  nth = 0,
): Promise<{ left: number; top: number }[]> {
  return page.evaluate(
    ({ selector, substring, nth }) => {
      const root = document.querySelectorAll(selector)[nth];
      if (!root) throw new Error(`no ${selector}`);
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const text = nodes.map((n) => n.data).join('');
      const start = text.indexOf(substring);
      if (start < 0) throw new Error(`"${substring}" not in "${text}"`);
      const out: { left: number; top: number }[] = [];
      for (let i = start; i < start + substring.length; i++) {
        let at = i;
        const node = nodes.find((n) => (at < n.data.length ? true : ((at -= n.data.length), false)));
        if (!node) break;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const r = range.getBoundingClientRect();
        out.push({ left: r.left, top: r.top });
      }
      return out;
    },
    { selector, substring, nth },
  );
}

/** Indices into the element's text where a new visual line starts (after the first). */
export async function lineStarts(page: Page, selector: string): Promise<{ text: string; starts: number[] }> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    if (!root) throw new Error(`no ${selector}`);
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const starts: number[] = [];
    let index = 0;
    let lastTop: number | undefined;
    for (const node of nodes) {
      for (let i = 0; i < node.data.length; i++, index++) {
        if (node.data[i] === ' ') continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        if (lastTop !== undefined && top > lastTop + 2) starts.push(index);
        lastTop = top;
      }
    }
    return { text: nodes.map((n) => n.data).join(''), starts };
  }, selector);
}
