// The log panel's state and figures as a person sees them, in headless Chromium with the real bundle: an
// outage changes one line (the state pill, never wrapped) and moves nothing below it; events/s reads "—"
// while nothing is read and 0 once the stream has been quiet for a whole rate window; "Cleared." is said
// of the state it was true in and goes away.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { RATE_WINDOW_MS } from '../../src/protocol/logViewer';
import { Harness, populateScene, problems, screenshot, setState, signal } from './logViewerHarness';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

const OUTAGE =
  'Lost the connection to the broker (connection refused). Reconnecting automatically; check the network or VPN if this persists.';

async function layout(page: Page): Promise<{ tableTop: number; pillHeight: number; detailHeight: number }> {
  return page.evaluate(() => {
    const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect();
    return {
      tableTop: box('.log-table')?.top ?? NaN,
      pillHeight: box('.state')?.height ?? NaN,
      detailHeight: box('.state-detail')?.height ?? NaN,
    };
  });
}

const rate = (page: Page) => page.locator('#counter-rate').textContent();

describe('inference-log panel state', () => {
  for (const width of [1200, 900, 640]) {
    it(`an outage changes the state pill only: one line, nothing below it moves (${width} px)`, async () => {
      const page = await harness.open({ width });
      await populateScene(page);
      const live = await layout(page);
      assert.equal(await rate(page), '12.5');

      await setState(page, { state: 'reconnecting', reason: OUTAGE });
      await page.locator('.state-label', { hasText: 'Reconnecting…' }).waitFor();
      const outage = await layout(page);
      assert.equal(outage.tableTop, live.tableTop, 'the table did not move');
      assert.equal(outage.pillHeight, live.pillHeight, 'the pill stays one line');
      assert.equal(outage.detailHeight, live.detailHeight);
      assert.equal(await page.locator('.state').getAttribute('title'), `Reconnecting… ${OUTAGE}`);
      assert.equal(await page.locator('.state-detail').textContent(), OUTAGE);
      assert.equal(await rate(page), '—', 'no rate while nothing is read');
      if (width === 900) await screenshot(page, 'log-panel-outage-900');

      await setState(page, { state: 'live' });
      await page.locator('.state-label', { hasText: 'Live' }).waitFor();
      assert.deepEqual(await layout(page), live);
      await signal(page);
      await page.waitForFunction(() => document.querySelector('#counter-rate')?.textContent === '12.5');
      assert.deepEqual(await problems(page), []);
      await page.close();
    });
  }

  it('events/s reads "—" while paused and 0 once a whole rate window passes without news', async () => {
    const page = await harness.open();
    await populateScene(page);
    assert.equal(await rate(page), '12.5');
    await page.locator('#btn-pause').click();
    await page.locator('.state-label', { hasText: 'Paused' }).waitFor();
    assert.equal(await rate(page), '—');
    await page.locator('#btn-pause', { hasText: 'Resume' }).click();
    await page.locator('.state-label', { hasText: 'Live' }).waitFor();
    assert.equal(await rate(page), '0', 'the rate from before the pause is gone');

    await signal(page);
    await page.waitForFunction(() => document.querySelector('#counter-rate')?.textContent === '12.5');
    // No signal for a whole window: the host's meter is at 0 by then, so the panel says so.
    await page.waitForFunction(
      () => document.querySelector('#counter-rate')?.textContent === '0',
      undefined,
      {
        timeout: RATE_WINDOW_MS * 6,
      },
    );
    await page.close();
  });

  it('"Cleared." fits the state it was said in, and goes away', async () => {
    const page = await harness.open();
    await populateScene(page);
    const line = page.locator('.status-line');

    await page.locator('#btn-clear').click();
    await page.locator('.status-line', { hasText: 'Cleared.' }).waitFor();
    assert.equal(await line.textContent(), 'Cleared. New events appear as they arrive.');
    await page.waitForFunction(() => document.querySelector('.status-line')?.textContent === '');

    await page.locator('#btn-pause').click();
    await page.locator('.state-label', { hasText: 'Paused' }).waitFor();
    await page.locator('#btn-clear').click();
    await page.locator('.status-line', { hasText: 'Cleared.' }).waitFor();
    assert.equal(await line.textContent(), 'Cleared. Paused: new events appear after Resume.');
    // Once the state it spoke of is over, so is the message.
    await page.locator('#btn-pause', { hasText: 'Resume' }).click();
    await page.locator('.state-label', { hasText: 'Live' }).waitFor();
    assert.equal(await line.textContent(), '');
    assert.deepEqual(await problems(page), []);
    await page.close();
  });
});
