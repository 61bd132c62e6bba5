// The real inference-log panel in headless Chromium under its real CSP, with a stand-in host
// (logViewerHarness.ts): rows are pulled on "changed" signals, hostile payloads stay text, filters reach the
// host, the table stays virtual, the test request round-trips, the detail pane and the chart show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Harness, INFO, aRow, queries, screenshot, shownIds, signal, waitForIds } from './logViewerHarness';

const IMG_ATTACK = '<img src=x onerror=window.__pwned=1>';
const SCRIPT_ATTACK = '<script>window.__pwned=2</script>';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

function openPanel(): Promise<Page> {
  return harness.open();
}

describe('inference-log panel webview', () => {
  it('shows rows as "changed" signals arrive, pulling them with queries', async () => {
    const page = await openPanel();
    assert.equal(await page.locator('.log-empty').textContent(), 'Waiting for events…');
    assert.equal(await page.locator('.state-label').textContent(), 'Live');

    const first = [0, 1, 2].map((i) =>
      aRow({ inferenceId: `first-${i}`, preview: '{"instances": [[1]]} → {"predictions": [0]}' }),
    );
    await page.evaluate((rows) => {
      for (const row of rows) window.__add([row]);
    }, first);
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

    // No element was made from the payloads, so nothing is left to load or run later: checking the
    // elements is what proves it, with no wait.
    assert.equal(await page.locator('#root img').count(), 0);
    assert.equal(await page.locator('#root script').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
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
    // The answered call is the harness's ordinary row (aRow): e7f60cba…, iris features in, "setosa" out.
    await page.evaluate((answered) => {
      window.__addMany(40);
      window.__add([
        answered,
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
    }, aRow());
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
    await screenshot(page, 'log-panel');
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    await page.close();
  });
});
