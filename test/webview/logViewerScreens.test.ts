// Screenshots of the inference-log panel in the dark, light and high-contrast themes (live with the detail
// pane open, and during a broker outage), saved under test-output/screenshots for a person to look at.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ThemeName } from './logViewerHarness';
import { Harness, THEMES, populateScene, problems, screenshot, setState } from './logViewerHarness';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

describe('inference-log panel screenshots', () => {
  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    it(`${theme}: live with the detail pane open, then during an outage`, async () => {
      const page = await harness.open({ theme, width: 1000, height: 700 });
      await populateScene(page);
      await page.locator('.log-spacer .log-row.is-raw').first().click();
      await page.locator('.detail-pane .detail-facts').first().waitFor();
      await page.locator('.chart canvas').waitFor();
      await screenshot(page, `log-panel-${theme}`);
      await setState(page, {
        state: 'reconnecting',
        reason:
          'Lost the connection to the broker (connection refused). Reconnecting automatically; check the network or VPN if this persists.',
      });
      await page.locator('.state-label', { hasText: 'Reconnecting' }).waitFor();
      await screenshot(page, `log-panel-${theme}-outage`);
      assert.deepEqual(await problems(page), []);
      await page.close();
    });
  }
});

describe('inference-log panel screenshots, narrow', () => {
  it('dark, 760 px wide with a 14 px editor font: the detail pane goes under the table', async () => {
    const page = await harness.open({
      width: 760,
      height: 760,
      vars: { '--vscode-editor-font-size': '14px' },
    });
    await populateScene(page);
    await page.locator('.chart canvas').waitFor();
    await page.locator('.log-spacer .log-row.is-error').first().click();
    await page.locator('.detail-pane .detail-facts').first().waitFor();
    // The table got shorter: the selected row is scrolled back into view. Scroll positions are whole pixels
    // while a flex layout's heights are not: within a pixel is in view.
    await page.waitForFunction(() => {
      const row = document.querySelector('.log-row.is-selected')?.getBoundingClientRect();
      const view = document.querySelector('.log-scroller')?.getBoundingClientRect();
      return row && view && row.top >= view.top - 1 && row.bottom <= view.bottom + 1;
    });
    await screenshot(page, 'log-panel-dark-narrow');
    const [table, pane] = await Promise.all([
      page.locator('.log-table').boundingBox(),
      page.locator('.detail-pane').boundingBox(),
    ]);
    assert.ok(table && pane && pane.y >= table.y + table.height, 'the pane is below the table');
    assert.deepEqual(await problems(page), []);
    await page.close();
  });
});
