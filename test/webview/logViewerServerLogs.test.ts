// The log panel's way into the server logs and back, in headless Chromium under the real CSP: the toolbar
// button and the detail pane's "Server logs at this time" post the right request (the row's id), and say what
// the host answered; a `revealRow` event from a server-log link finds the row among the filtered rows, scrolls
// to it and selects it (its detail opens), or says it is hidden by the filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Posted } from './logViewerHarness';
import { Harness, signal } from './logViewerHarness';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

const FAILED_ID = '0b6f3c1e-5a2d-4c8e-9f10-3a4b5c6d7e8f';

async function posted(page: Page, method: string): Promise<Posted[]> {
  const all = await page.evaluate(() => window.__logViewerPosted);
  return all.filter((m) => m.method === method);
}

async function waitPosted(page: Page, method: string, count = 1): Promise<Posted[]> {
  await page.waitForFunction(
    ({ method, count }) => window.__logViewerPosted.filter((m) => m.method === method).length >= count,
    { method, count },
  );
  return posted(page, method);
}

/** 300 answered calls with one failed ("no response") call at row 40. */
async function populate(page: Page): Promise<void> {
  await page.evaluate(
    ({ failedId }) => {
      window.__addMany(40);
      window.__add([
        {
          id: 0,
          rev: 0,
          kind: 'request',
          outcome: 'no-response',
          timeMs: Date.now() - 5_000,
          timeResolutionMs: 1000,
          inferenceId: failedId,
          httpCode: 0,
          modelVersion: 3,
          preview: '{"instances": [[5.1, "n/a", 1.4, 0.2]]}',
          requestText: '{"instances": [[5.1, "n/a", 1.4, 0.2]]}',
        },
      ]);
      window.__addMany(259);
    },
    { failedId: FAILED_ID },
  );
  await signal(page);
  await page.locator('.log-spacer .log-row[data-id="299"]').waitFor();
}

describe('server logs from the inference-log panel', () => {
  it('the toolbar button asks the host to open the server logs and says what it answered', async () => {
    const page = await harness.open();
    const button = page.locator('#btn-server-logs');
    assert.equal(await button.textContent(), 'Server logs');
    await button.click();
    const [request] = await waitPosted(page, 'serverLogs');
    assert.deepEqual(request?.params, {});
    await page.locator('.status-line', { hasText: 'Server logs opened beside this panel.' }).waitFor();

    // A refusal the host explains is shown as an error, in its words.
    await page.evaluate(() => {
      window.__serverLogsReply = {
        shown: false,
        message:
          'irisclassifier is stopped: no pod is running, so there are no server logs to read; start it first.',
      };
    });
    await button.click();
    await waitPosted(page, 'serverLogs', 2);
    await page.locator('.status-line.is-error', { hasText: 'start it first' }).waitFor();
  });

  it('"Server logs at this time" on a failed row posts that row', async () => {
    const page = await harness.open();
    await populate(page);
    // The failed row: select it, as a person does, then the detail pane's action.
    await page.locator('.log-scroller').evaluate((e) => (e.scrollTop = 0));
    await page.locator('#filter-errors').click();
    const failed = page.locator('.log-spacer .log-row.is-error', { hasText: FAILED_ID });
    await failed.waitFor();
    await failed.click();
    const action = page.locator('.detail-pane #detail-server-logs');
    await action.waitFor();
    assert.equal(await action.textContent(), 'Server logs at this time');
    await action.click();
    const [request] = await waitPosted(page, 'serverLogs');
    assert.deepEqual(request?.params, { id: 40 });
    await page.locator('.status-line', { hasText: 'Server logs opened beside this panel.' }).waitFor();
  });

  it('a revealRow event scrolls to the row among the filtered rows and selects it', async () => {
    const page = await harness.open();
    await populate(page);
    assert.equal(
      await page.locator('.log-spacer .log-row[data-id="40"]').count(),
      0,
      'the row starts off screen',
    );
    await page.evaluate((id) => window.__emit('revealRow', { id: 40, inferenceId: id }), FAILED_ID);
    const [locate] = await waitPosted(page, 'locateRow');
    assert.deepEqual(locate?.params, { id: 40, filter: {} });
    await page.waitForFunction(
      () => document.querySelector('.log-row[data-id="40"]')?.getAttribute('aria-selected') === 'true',
    );
    await page.locator('.detail-facts dd', { hasText: FAILED_ID }).waitFor();
    const details = await posted(page, 'detail');
    assert.deepEqual(details[details.length - 1]?.params, { id: 40 }, 'its detail was asked for');
    assert.equal(await page.locator('.log-spacer .log-row.is-selected').count(), 1);
    assert.equal(
      await page.locator('#follow').evaluate((e) => (e as HTMLElement & { checked: boolean }).checked),
      false,
      'selecting stopped following, so the row stays in view',
    );

    // With "Errors only" on, an answered call is not among the rows shown: the panel says so.
    await page.locator('#filter-errors').click();
    await page.locator('.log-spacer .log-row', { hasText: 'bulk-' }).first().waitFor({ state: 'detached' });
    await page.evaluate(() => window.__emit('revealRow', { id: 7, inferenceId: 'bulk-7' }));
    await waitPosted(page, 'locateRow', 2);
    await page
      .locator('.status-line.is-error', {
        hasText: 'Request bulk-7 is hidden by the filters: clear them to see its row.',
      })
      .waitFor();
  });
});
