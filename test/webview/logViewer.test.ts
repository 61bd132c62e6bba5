// The real inference-log panel (the HTML shell of src/panels/shared/webviewHtml.ts + the bundled
// dist/webview/logViewer.js) in headless Chromium under its real CSP. A stand-in acquireVsCodeApi plays the
// host: it keeps rows in an in-page store, answers the page's row queries from it the way the host does
// (filter, offset/limit, newest rows when following), and the test pushes "changed" signals.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type {
  PanelInfo,
  QueryParams,
  RowDetail,
  RowFilter,
  RowSummary,
  StoreStats,
} from '../../src/protocol/logViewer';
import { launchChromium } from '../support/chromium';
import { buildWebviewBundle } from '../support/webviewBundle';
import type { WebviewServer } from '../support/webviewServer';
import { serveWebview } from '../support/webviewServer';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREENSHOT = path.join(ROOT, 'test-output/screenshots/log-panel.png');
const IMG_ATTACK = '<img src=x onerror=window.__pwned=1>';
const SCRIPT_ATTACK = '<script>window.__pwned=2</script>';

const THEME: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-editor-font-size': '12px',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-errorForeground': '#f85149',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-editorWidget-border': '#313131',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-list-activeSelectionForeground': '#ffffff',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-checkbox-background': '#313131',
  '--vscode-checkbox-border': '#3c3c3c',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
};

const INFO: PanelInfo = {
  deploymentName: 'irisclassifier',
  modelName: 'irisclassifier',
  modelVersion: 3,
  servingTool: 'KSERVE',
  topic: 'irisclassifier-inf4821',
  loggingMode: 'ALL',
  capacity: 100_000,
  startFrom: 'latest',
  tailing: false,
};

/** One stored row of the fake host: the summary the table gets plus the texts the detail pane gets. */
interface FakeRow extends RowSummary {
  requestText?: string;
  responseText?: string;
}

interface Posted {
  type: string;
  id?: number;
  method?: string;
  params?: unknown;
}

declare global {
  interface Window {
    __logViewerPosted: Posted[];
    __problems: string[];
    __pwned?: number;
    __rows: FakeRow[];
    __stats: () => StoreStats;
    __add: (rows: FakeRow[]) => void;
    __addMany: (n: number) => void;
    __emit: (name: string, payload: unknown) => void;
  }
}

let browser: Browser;
let server: WebviewServer;

before(async () => {
  server = await serveWebview({ bundle: await buildWebviewBundle('logViewer'), title: 'Inference logs' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The in-page stand-in for the host: a store of rows answering the panel's requests. */
function installFakeHost({ info, theme }: { info: PanelInfo; theme: Record<string, string> }): void {
  window.__logViewerPosted = [];
  window.__problems = [];
  window.__rows = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
  );
  // The init script can run before the document element exists.
  const applyTheme = () => {
    for (const [k, v] of Object.entries(theme)) document.documentElement.style.setProperty(k, v);
  };
  if (document.documentElement) applyTheme();
  else document.addEventListener('readystatechange', applyTheme, { once: true });

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
    const { requestText: _q, responseText: _a, ...s } = r;
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
    return d;
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
        window.__emit('init', { info, state: { state: 'live' }, stats: window.__stats() });
        return;
      }
      if (m.type !== 'request' || m.id === undefined) return;
      const params = m.params as Record<string, unknown>;
      switch (m.method) {
        case 'query': {
          const p = params as unknown as QueryParams;
          const rows = window.__rows.filter((r) => matches(r, p.filter));
          const offset = p.fromEnd ? Math.max(0, rows.length - p.limit) : p.offset;
          reply(m.id, {
            total: rows.length,
            offset,
            rows: rows.slice(offset, offset + p.limit).map(summary),
          });
          break;
        }
        case 'histogram': {
          const now = Date.now();
          reply(m.id, {
            startMs: now - 60_000,
            bucketMs: 5_000,
            events: [3, 5, 2, 8, 13, 7, 4, 9, 11, 6, 3, 12],
            errors: [0, 1, 0, 2, 0, 0, 1, 0, 3, 0, 0, 1],
          });
          break;
        }
        case 'detail': {
          const r = window.__rows.find((x) => x.id === (params.id as number));
          reply(m.id, r ? detail(r) : null);
          break;
        }
        case 'suggestTestRequest':
          reply(m.id, { body: '{\n  "instances": [[5.1, 3.5, 1.4, 0.2]]\n}', source: 'logged' });
          break;
        case 'sendTestRequest':
          reply(m.id, { response: '{\n  "predictions": [\n    "<b>setosa</b>"\n  ]\n}' });
          break;
        default:
          reply(m.id, {});
      }
    },
    getState: () => undefined,
    setState: () => undefined,
  });
}

async function openPanel(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on(
    'pageerror',
    (e) => void page.evaluate((m) => window.__problems.push(m), `pageerror: ${e.message}`),
  );
  if (process.env.LV_DEBUG) page.on('console', (m) => console.log('[page]', m.text()));
  if (process.env.LV_DEBUG) page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  // tsx names nested functions with an `__name` helper; the serialized init script needs it in the page.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.addInitScript(installFakeHost, { info: INFO, theme: THEME });
  await page.goto(server.origin);
  await page.locator('.title', { hasText: 'irisclassifier' }).waitFor();
  return page;
}

async function signal(page: Page): Promise<void> {
  await page.evaluate(() => window.__emit('changed', { stats: window.__stats() }));
}

async function shownIds(page: Page): Promise<string[]> {
  return page.locator('.log-spacer .log-row:not(.is-loading) .c-id').allTextContents();
}

/** Waits until the table shows exactly these inference ids (the previous page may still be on screen). */
async function waitForIds(page: Page, ids: string[]): Promise<void> {
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

async function queries(page: Page): Promise<QueryParams[]> {
  const posted = await page.evaluate(() => window.__logViewerPosted);
  return posted.filter((m) => m.method === 'query').map((m) => m.params as QueryParams);
}

describe('inference-log panel webview', () => {
  it('shows rows as "changed" signals arrive, pulling them with queries', async () => {
    const page = await openPanel();
    assert.equal(await page.locator('.log-empty').textContent(), 'Waiting for events…');
    assert.equal(await page.locator('.state-label').textContent(), 'Live');

    await page.evaluate(() => {
      for (let i = 0; i < 3; i++) {
        window.__add([
          {
            id: 0,
            rev: 0,
            kind: 'pair',
            outcome: 'ok',
            timeMs: Date.now(),
            timeResolutionMs: 1000,
            inferenceId: `first-${i}`,
            httpCode: 200,
            latencyMs: 0,
            modelVersion: 3,
            preview: '{"instances": [[1]]} → {"predictions": [0]}',
          },
        ]);
      }
    });
    // Nothing is pushed: the rows appear only once the host signals and the page asks.
    assert.deepEqual(await shownIds(page), []);
    await signal(page);
    await page.waitForFunction(() => document.querySelectorAll('.log-spacer .log-row').length === 3);
    assert.deepEqual(await shownIds(page), ['first-0', 'first-1', 'first-2']);

    await page.evaluate(() => window.__addMany(2));
    await signal(page);
    await page.waitForFunction(() => document.querySelectorAll('.log-spacer .log-row').length === 5);
    assert.deepEqual(await shownIds(page), ['first-0', 'first-1', 'first-2', 'bulk-3', 'bulk-4']);
    assert.equal(await page.locator('#counter-total').textContent(), '5');
    const q = await queries(page);
    assert.ok(q.length >= 2, 'one query per signal at least');
    assert.ok(
      q.every((p) => p.fromEnd && p.limit <= 500),
      'a following table asks for the newest page only',
    );
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    await page.close();
  });

  it('renders hostile payloads as text and runs nothing', async () => {
    const page = await openPanel();
    await page.evaluate(
      ({ img, script }) => {
        window.__add([
          {
            id: 0,
            rev: 0,
            kind: 'combined',
            outcome: 'http-error',
            timeMs: Date.now(),
            timeResolutionMs: 1,
            inferenceId: img,
            httpCode: 500,
            latencyMs: 12,
            modelVersion: 3,
            preview: `${img} → ${script}`,
            requestText: img,
            responseText: script,
          },
        ]);
      },
      { img: IMG_ATTACK, script: SCRIPT_ATTACK },
    );
    await signal(page);
    const payloadCell = page.locator('.log-spacer .log-row .c-payload');
    await payloadCell.waitFor();
    assert.equal(await payloadCell.textContent(), `${IMG_ATTACK} → ${SCRIPT_ATTACK}`);
    assert.equal(await page.locator('.log-spacer .log-row .c-id').textContent(), IMG_ATTACK);

    await page.locator('.log-spacer .log-row').click();
    await page.locator('.detail-payload').first().waitFor();
    const payloads = await page.locator('.detail-payload').allTextContents();
    assert.deepEqual(payloads, [IMG_ATTACK, SCRIPT_ATTACK]);
    assert.equal(await page.getByText(SCRIPT_ATTACK, { exact: true }).isVisible(), true);

    // Give an injected element every chance to load or run before checking nothing did.
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#root img').count(), 0);
    assert.equal(await page.locator('#root script').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    await page.close();
  });

  it('narrows the rows with the filters, and asks the host with the filter', async () => {
    const page = await openPanel();
    await page.evaluate(() => {
      const base = { rev: 0, timeMs: Date.now(), timeResolutionMs: 1000, modelVersion: 3, latencyMs: 0 };
      window.__add([
        {
          ...base,
          id: 0,
          kind: 'pair',
          outcome: 'ok',
          httpCode: 200,
          inferenceId: 'setosa-1',
          preview: 'setosa',
          requestText: '{"instances":[[5.1]]}',
          responseText: '{"predictions":["setosa"]}',
        },
        {
          ...base,
          id: 0,
          kind: 'pair',
          outcome: 'ok',
          httpCode: 200,
          inferenceId: 'virginica-1',
          preview: 'virginica',
          requestText: '{"instances":[[7.7]]}',
          responseText: '{"predictions":["virginica"]}',
        },
        {
          ...base,
          id: 0,
          kind: 'request',
          outcome: 'no-response',
          httpCode: 0,
          inferenceId: 'failed-1',
          preview: 'x',
          requestText: '{"instances":[["bad"]]}',
        },
        {
          ...base,
          id: 0,
          kind: 'raw',
          outcome: 'undecodable',
          httpCode: 0,
          inferenceId: '',
          preview: 'Avro: truncated',
          requestText: undefined,
        },
      ]);
    });
    await signal(page);
    await page.waitForFunction(() => document.querySelectorAll('.log-spacer .log-row').length === 4);

    await page.locator('#filter-text input').fill('virginica');
    await waitForIds(page, ['virginica-1']);
    assert.deepEqual((await queries(page)).at(-1)?.filter, { text: 'virginica' });

    await page.locator('#filter-text input').fill('');
    await page.locator('#filter-errors').click();
    await waitForIds(page, ['failed-1']);
    assert.equal(await page.locator('.log-spacer .log-row .c-code').textContent(), 'no response');
    assert.deepEqual((await queries(page)).at(-1)?.filter, { errorsOnly: true });

    await page.locator('#filter-errors').click();
    await page.locator('#filter-undecodable').click();
    await waitForIds(page, ['—']);
    assert.equal(await page.locator('.log-spacer .log-row .c-kind').textContent(), 'undecodable');
    assert.deepEqual((await queries(page)).at(-1)?.filter, { undecodableOnly: true });

    await page.locator('#filter-undecodable').click();
    await waitForIds(page, ['setosa-1', 'virginica-1', 'failed-1', '—']);
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    await page.close();
  });

  it('keeps only about a screen of rows in the DOM with 10,000 in the store, and follows the newest', async () => {
    const page = await openPanel();
    await page.evaluate(() => window.__addMany(10_000));
    await signal(page);
    await page.locator('.log-spacer .log-row .c-id', { hasText: 'bulk-9999' }).waitFor();
    const inDom = await page.locator('.log-spacer .log-row').count();
    const visible = await page.locator('.log-scroller').evaluate((e) => Math.ceil(e.clientHeight / 22));
    assert.ok(inDom <= visible + 2 * 20 + 2, `${inDom} rows in the DOM for ${visible} visible`);
    assert.ok(inDom >= visible - 1, `${inDom} rows in the DOM for ${visible} visible`);
    assert.equal(await page.locator('#counter-total').textContent(), '10,000');
    for (const q of await queries(page)) assert.ok(q.limit <= 500);

    // Scrolling up stops following; new rows then do not move the view.
    await page.locator('.log-scroller').evaluate((e) => (e.scrollTop = 0));
    await page.locator('.log-spacer .log-row .c-id', { hasText: /^bulk-0$/ }).waitFor();
    assert.equal(
      await page.locator('#follow').evaluate((e) => (e as HTMLElement & { checked: boolean }).checked),
      false,
    );
    const lastQuery = (await queries(page)).at(-1);
    assert.equal(lastQuery?.fromEnd, false);
    assert.equal(lastQuery?.offset, 0);
    await page.evaluate(() => window.__addMany(5));
    await signal(page);
    await page.waitForFunction(() => document.querySelector('#counter-total')?.textContent === '10,005');
    assert.equal(await page.locator('.log-scroller').evaluate((e) => e.scrollTop), 0);
    assert.ok((await shownIds(page)).includes('bulk-0'));
    assert.ok((await page.locator('.log-spacer .log-row').count()) <= visible + 2 * 20 + 2);
    await page.close();
  });

  it('opens the test request pre-filled by the host, sends it, and shows the answer as text', async () => {
    const page = await openPanel();
    await page.locator('#btn-test').click();
    const input = page.locator('#test-input');
    await page.waitForFunction(
      () => (document.querySelector('#test-input') as HTMLTextAreaElement).value !== '',
    );
    assert.equal(await input.inputValue(), '{\n  "instances": [[5.1, 3.5, 1.4, 0.2]]\n}');
    assert.equal(
      await page.locator('#test-source').textContent(),
      'Pre-filled from the newest logged request.',
    );

    await input.fill('{"instances": [[5.1, 3.5');
    await page.locator('#btn-send-test').click();
    assert.match((await page.locator('#test-problem').textContent()) ?? '', /^Not valid JSON/);
    const sentBefore = (await page.evaluate(() => window.__logViewerPosted)).filter(
      (m) => m.method === 'sendTestRequest',
    );
    assert.deepEqual(sentBefore, [], 'invalid JSON is not sent');

    await input.fill('{"instances": [[6.1, 2.8, 4.7, 1.2]]}');
    await page.locator('#btn-send-test').click();
    await page.locator('#test-output', { hasText: 'predictions' }).waitFor();
    assert.equal(
      await page.locator('#test-output').textContent(),
      '{\n  "predictions": [\n    "<b>setosa</b>"\n  ]\n}',
    );
    assert.equal(await page.locator('#test-output b').count(), 0);
    const sent = (await page.evaluate(() => window.__logViewerPosted)).filter(
      (m) => m.method === 'sendTestRequest',
    );
    assert.deepEqual(
      sent.map((m) => m.params),
      [{ body: '{"instances": [[6.1, 2.8, 4.7, 1.2]]}' }],
    );
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    await page.close();
  });

  it('says "no model" in the header for a deployment without a model, never "undefined vundefined"', async () => {
    const page = await openPanel();
    assert.equal(
      await page.locator('.subtitle').textContent(),
      'irisclassifier v3 · KSERVE · topic irisclassifier-inf4821 · ALL',
    );
    // A 4.6+ Python deployment: the host sends no modelName/modelVersion.
    const { modelName: _n, modelVersion: _v, ...modelLess } = { ...INFO, deploymentName: 'scorer' };
    await page.evaluate(
      (info) => window.__emit('init', { info, state: { state: 'live' }, stats: window.__stats() }),
      modelLess,
    );
    await page.locator('.title', { hasText: 'scorer' }).waitFor();
    assert.equal(
      await page.locator('.subtitle').textContent(),
      'no model · KSERVE · topic irisclassifier-inf4821 · ALL',
    );
    await page.close();
  });

  it('shows the selected event in the detail pane with pretty-printed JSON, and draws the chart', async () => {
    const page = await openPanel();
    await page.evaluate(() => {
      window.__addMany(40);
      window.__add([
        {
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
        },
        {
          id: 0,
          rev: 0,
          kind: 'request',
          outcome: 'no-response',
          timeMs: Date.now(),
          timeResolutionMs: 1000,
          inferenceId: '0b1e4a4e-4f3c-4a53-9a57-7f3f0e6f2c11',
          httpCode: 0,
          modelVersion: 3,
          preview: '{"instances": [["oops"]]}',
          requestText: '{"instances": [["oops"]]}',
        },
      ]);
    });
    await signal(page);
    const target = page.locator('.log-spacer .log-row', { hasText: 'e7f60cba-19ce-4550-a2ad-a8721d314420' });
    await target.waitFor();
    await target.click();
    const request = page.locator('.detail-payload').first();
    await request.waitFor();
    assert.equal(
      await request.textContent(),
      '{\n  "instances": [\n    [\n      5.1,\n      3.5,\n      1.4,\n      0.2\n    ]\n  ]\n}',
    );
    assert.equal(
      await page.locator('.detail-payload').nth(1).textContent(),
      '{\n  "predictions": [\n    "setosa"\n  ]\n}',
    );
    assert.match((await page.locator('.detail-pane').textContent()) ?? '', /Partition0Offset40/);
    assert.equal(await target.getAttribute('aria-selected'), 'true');
    // The chart is drawn by uPlot on a canvas under the strict CSP.
    await page.locator('.chart canvas').waitFor();
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    await page.close();
  });
});
