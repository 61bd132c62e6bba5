// The replay comparison panel in headless Chromium: the real HTML shell (strict CSP with nonce) and the
// bundled dist/webview/replay.js, with a stand-in host in the page answering its requests the way
// replayHost.ts does. What a person sees: progress with Cancel while it runs, how it ended and why, the
// counts and share changed, the logged prediction beside the new one, and hostile payloads as plain text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type {
  ReplayDetail,
  ReplayInfo,
  ReplayRowView,
  ReplayStatus,
  ResultsParams,
} from '../../src/protocol/replay';
import { launchChromium } from '../support/chromium';
import { buildWebviewBundle } from '../support/webviewBundle';
import type { WebviewServer } from '../support/webviewServer';
import { serveWebview } from '../support/webviewServer';

const IMG_ATTACK = '<img src=x onerror=window.__pwned=1>';
const SCRIPT_ATTACK = '<script>window.__pwned=2</script>';

interface ReplayPosted {
  type: string;
  id?: number;
  method?: string;
  params?: unknown;
}

declare global {
  interface Window {
    __replayPosted: ReplayPosted[];
    __problems: string[];
    __pwned?: number;
    __replayRows: ReplayRowView[];
    __replayDetails: Record<number, ReplayDetail>;
    __replayStatus: ReplayStatus;
    __emit: (name: string, payload: unknown) => void;
  }
}

const INFO: ReplayInfo = {
  source: { deployment: 'irisclassifier', model: 'irisclassifier', modelVersion: 3 },
  target: { deployment: 'irisnolog', model: 'irisclassifier', modelVersion: 2 },
  planned: 3,
  skipped: 1,
  skippedReasons: ['No request was logged for it (only its response).'],
  ratePerSecond: 10,
  tolerance: 0.000001,
  startedAtMs: Date.UTC(2026, 0, 15, 10, 30),
};

function status(over: Partial<ReplayStatus> = {}): ReplayStatus {
  return {
    phase: 'running',
    counts: { planned: 3, sent: 2, answered: 1, equal: 1, different: 0, errors: 0, noLoggedPrediction: 0 },
    shareDifferent: 0,
    largest: [],
    ...over,
  };
}

const ROWS: ReplayRowView[] = [
  {
    index: 0,
    inferenceId: 'a1',
    modelVersion: 3,
    verdict: 'equal',
    logged: '[1]',
    fresh: '[1]',
    maxAbsDiff: 0,
    differenceCount: 0,
    durationMs: 12,
  },
  {
    index: 1,
    inferenceId: IMG_ATTACK,
    modelVersion: 3,
    verdict: 'different',
    logged: `["${IMG_ATTACK}"]`,
    fresh: `["${SCRIPT_ATTACK}"]`,
    maxAbsDiff: null,
    differenceCount: 1,
    durationMs: 15,
  },
  {
    index: 2,
    inferenceId: 'a3',
    modelVersion: 3,
    verdict: 'error',
    logged: '[2]',
    fresh: '—',
    maxAbsDiff: null,
    differenceCount: 0,
    note: SCRIPT_ATTACK,
    durationMs: 3,
  },
];

const DETAIL: ReplayDetail = {
  index: 1,
  rowId: 41,
  inferenceId: IMG_ATTACK,
  modelVersion: 3,
  verdict: 'different',
  sentAtMs: Date.UTC(2026, 0, 15, 10, 30, 1),
  durationMs: 15,
  request: `{\n  "instances": [\n    "${IMG_ATTACK}"\n  ]\n}`,
  logged: `[\n  "${IMG_ATTACK}"\n]`,
  fresh: `[\n  "${SCRIPT_ATTACK}"\n]`,
  differenceCount: 1,
  differences: [{ path: '[0]', logged: `"${IMG_ATTACK}"`, fresh: `"${SCRIPT_ATTACK}"` }],
};

/** The in-page stand-in for replayHost.ts. */
function installFakeHost(seed: { info: ReplayInfo; status: ReplayStatus }): void {
  window.__replayPosted = [];
  window.__problems = [];
  window.__replayRows = [];
  window.__replayDetails = {};
  window.__replayStatus = seed.status;
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
  );
  const reply = (id: number, result: unknown) =>
    setTimeout(() => window.postMessage({ type: 'response', id, ok: true, result }, '*'), 0);
  window.__emit = (name, payload) => window.postMessage({ type: 'event', name, payload }, '*');
  (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
    postMessage(m: ReplayPosted) {
      window.__replayPosted.push(JSON.parse(JSON.stringify(m)) as ReplayPosted);
      if (m.type === 'ready') {
        window.__emit('init', { info: seed.info, status: window.__replayStatus });
        return;
      }
      if (m.type !== 'request' || m.id === undefined) return;
      switch (m.method) {
        case 'results': {
          const p = m.params as ResultsParams;
          const rows = window.__replayRows.filter((r) => !p.verdict || r.verdict === p.verdict);
          reply(m.id, {
            total: rows.length,
            offset: p.offset,
            rows: rows.slice(p.offset, p.offset + p.limit),
          });
          break;
        }
        case 'detail':
          reply(m.id, window.__replayDetails[(m.params as { index: number }).index] ?? null);
          break;
        case 'cancel':
          window.__replayStatus = { ...window.__replayStatus, phase: 'cancelled' };
          reply(m.id, window.__replayStatus);
          break;
        default:
          reply(m.id, { requests: 0 });
      }
    },
    getState: () => undefined,
    setState: () => undefined,
  });
}

let browser: Browser;
let server: WebviewServer;
before(async () => {
  server = await serveWebview({ bundle: await buildWebviewBundle('replay'), title: 'Replay' });
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
  await server.close();
});

async function open(initial: ReplayStatus): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on(
    'pageerror',
    (e) => void page.evaluate((m) => window.__problems.push(m), `pageerror: ${e.message}`),
  );
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.addInitScript(installFakeHost, { info: INFO, status: initial });
  await page.goto(server.origin);
  await page.locator('.title', { hasText: 'Replay: irisclassifier → irisnolog' }).waitFor();
  return page;
}

async function changed(page: Page, s: ReplayStatus, rows: ReplayRowView[]): Promise<void> {
  await page.evaluate(
    ({ st, r }) => {
      window.__replayRows = r;
      window.__replayStatus = st;
      window.__emit('changed', { status: st });
    },
    { st: s, r: rows },
  );
}

const posted = (page: Page, method: string) =>
  page.evaluate((m) => window.__replayPosted.filter((p) => p.method === m).map((p) => p.params), method);

describe('replay comparison panel', () => {
  it('shows the run as it goes: source → target, progress, Cancel; export waits for the end', async () => {
    const page = await open(status());
    await page
      .locator('.subtitle', { hasText: 'irisclassifier (irisclassifier v3) → irisnolog (irisclassifier v2)' })
      .waitFor();
    assert.match(
      (await page.locator('.subtitle').textContent()) ?? '',
      /3 requests at 10\/s · numbers equal within 0\.000001 .* 1 rows left out: No request was logged/,
    );
    assert.equal(await page.locator('#phase').textContent(), 'Replaying');
    assert.equal(await page.locator('#progress-text').textContent(), '2 sent, 1 of 3 answered');
    assert.equal(await page.locator('#btn-cancel').isVisible(), true);
    assert.equal(await page.locator('#btn-export-jsonl').getAttribute('disabled'), '');

    await page.locator('#btn-cancel').click();
    await page.locator('#phase', { hasText: /^Cancelled$/ }).waitFor();
    assert.deepEqual(await posted(page, 'cancel'), [{}]);
    assert.equal(await page.locator('#btn-cancel').isVisible(), false);
    assert.equal(await page.locator('#btn-export-jsonl').getAttribute('disabled'), null);
    await page.locator('.status-line', { hasText: 'Cancelled: nothing more is sent.' }).waitFor();
    await page.close();
  });

  it('says why a run stopped and what to do, with the counts and the largest differences', async () => {
    const page = await open(status());
    await changed(
      page,
      status({
        phase: 'stopped',
        counts: {
          planned: 3,
          sent: 2,
          answered: 2,
          equal: 1,
          different: 1,
          errors: 0,
          noLoggedPrediction: 0,
        },
        shareDifferent: 0.5,
        largest: [{ index: 1, inferenceId: 'a2', path: '[0]', logged: '0.5', fresh: '0.75', absDiff: 0.25 }],
        stopReason: 'irisnolog is not running (Hopsworks answered 250001, "Serving instance not running").',
        stopAction: 'Start irisnolog, or pick a running deployment, and replay again.',
        durationMs: 1200,
      }),
      ROWS.slice(0, 1),
    );
    await page.locator('.stop-banner', { hasText: 'irisnolog is not running' }).waitFor();
    assert.equal(await page.locator('.stop-banner').getAttribute('role'), 'alert');
    assert.equal(
      await page.locator('.stop-action').textContent(),
      'Start irisnolog, or pick a running deployment, and replay again.',
    );
    assert.equal(await page.locator('#phase').textContent(), 'Stopped');
    assert.equal(await page.locator('#progress-text').textContent(), '2 of 3 answered in 1.2 s');
    assert.equal(await page.locator('#count-different').textContent(), '1');
    assert.equal(await page.locator('#count-share').textContent(), '50.0 %');
    assert.deepEqual(await page.locator('.largest-table tbody td').allTextContents(), [
      '2',
      'a2',
      '[0]',
      '0.5',
      '0.75',
      '0.25',
    ]);
    await page.close();
  });

  it('renders hostile payloads as text in the table, the detail and the notes, and runs nothing', async () => {
    const page = await open(status());
    await page.evaluate((d) => (window.__replayDetails[1] = d), DETAIL);
    await changed(
      page,
      status({
        phase: 'done',
        counts: {
          planned: 3,
          sent: 3,
          answered: 3,
          equal: 1,
          different: 1,
          errors: 1,
          noLoggedPrediction: 0,
        },
        shareDifferent: 0.5,
      }),
      ROWS,
    );
    const idCell = page.locator('.results tbody tr[data-index="1"] .c-id');
    await idCell.waitFor();
    assert.equal(await idCell.textContent(), IMG_ATTACK);
    assert.equal(
      await page.locator('.results tbody tr[data-index="1"] .c-fresh').textContent(),
      `["${SCRIPT_ATTACK}"]`,
    );
    assert.equal(
      await page.locator('.results tbody tr[data-index="2"] .c-fresh').textContent(),
      SCRIPT_ATTACK,
    );

    await page.locator('.results tbody tr[data-index="1"]').click();
    await page.locator('.p-fresh').waitFor();
    assert.equal(await page.locator('.p-logged').textContent(), DETAIL.logged);
    assert.equal(await page.locator('.p-fresh').textContent(), DETAIL.fresh);
    assert.equal(await page.locator('.p-request').textContent(), DETAIL.request);
    assert.deepEqual(await page.locator('.differences tbody td').allTextContents(), [
      '[0]',
      `"${IMG_ATTACK}"`,
      `"${SCRIPT_ATTACK}"`,
      '—',
    ]);
    // No element was made from a payload: checking the elements proves it, with no wait.
    assert.equal(await page.locator('#root img').count(), 0);
    assert.equal(await page.locator('#root script').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    await page.close();
  });

  it('filters by verdict through the host and opens a row from the keyboard', async () => {
    const page = await open(status({ phase: 'done' }));
    await changed(page, status({ phase: 'done' }), ROWS);
    await page.locator('.results tbody tr').nth(2).waitFor();
    await page.locator('#show').click();
    const option = page.locator('#show vscode-option').nth(2);
    assert.equal(await option.textContent(), 'Different');
    await option.click();
    await page.locator('.results-range', { hasText: /^1–1 of 1$/ }).waitFor();
    const asked = (await posted(page, 'results')) as ResultsParams[];
    assert.deepEqual(asked.at(-1), { offset: 0, limit: 100, verdict: 'different' });

    await page.evaluate((d) => (window.__replayDetails[1] = d), DETAIL);
    await page.locator('.results tbody tr[data-index="1"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.detail-title', { hasText: 'Request 2: Different' }).waitFor();
    assert.deepEqual(await posted(page, 'detail'), [{ index: 1 }]);
    await page.close();
  });
});
