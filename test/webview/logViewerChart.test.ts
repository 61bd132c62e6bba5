// The log panel's chart as a person reads it, in headless Chromium with the real bundle and uPlot: the
// text it paints on its canvas (recorded by the harness) and the colours of its pixels. Real value ticks;
// 24-hour times; an x axis spanning exactly the buckets shown, even for one second of data; no red on the
// baseline when nothing failed; a legend that shows and hides series, by mouse and by keyboard.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Histogram } from '../../src/protocol/logViewer';
import {
  Harness,
  THEMES,
  chartPixels,
  problems,
  screenshot,
  signal,
  waitForChartColor,
} from './logViewerHarness';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

const RED = THEMES.dark.vars['--vscode-charts-red'];

/** Local time today at hh:mm:ss, in the page's time zone. */
async function todayAt(page: Page, h: number, m: number, s: number): Promise<number> {
  return page.evaluate(([h, m, s]) => new Date().setHours(h, m, s, 0), [h, m, s] as const);
}

/** Answers the next histogram requests with `h`, asks the panel to redraw, and returns what it painted. */
async function drawChart(page: Page, h: Histogram): Promise<{ xs: string[]; ys: string[] }> {
  await page.evaluate((h) => {
    window.__histogram = h;
    window.__drawn = [];
  }, h);
  await signal(page);
  // The chart redraws at most once a second: wait for the labels of this histogram.
  const top = Math.max(...h.events);
  await page.waitForFunction(
    (top) =>
      window.__drawn.some((d) => d.text.includes(':')) &&
      window.__drawn.some((d) => /^[\d,.]+$/.test(d.text) && Number(d.text.replace(/,/g, '')) >= top),
    top,
  );
  const drawn = await page.evaluate(() => window.__drawn.map((d) => d.text));
  return {
    xs: [...new Set(drawn.filter((t) => t.includes(':')))],
    ys: [...new Set(drawn.filter((t) => /^[\d,.]+$/.test(t)))],
  };
}

describe('inference-log chart', () => {
  it('labels the value axis with round ticks up to the largest bucket, in 24-hour time', async () => {
    const page = await harness.open();
    const start = await todayAt(page, 15, 4, 0);
    const { xs, ys } = await drawChart(page, {
      startMs: start,
      bucketMs: 5_000,
      events: [3, 5, 2, 8, 13, 7, 4, 9, 11, 6, 3, 12],
      errors: [0, 1, 0, 2, 0, 0, 1, 0, 3, 0, 0, 1],
    });
    const numbers = ys.map((t) => Number(t.replace(/,/g, '')));
    assert.ok(numbers.includes(0), `ticks ${ys.join(' ')}`);
    assert.ok(numbers.length >= 3, `more than "0": ${ys.join(' ')}`);
    assert.ok(Math.max(...numbers) >= 13, `the top tick covers the largest bucket: ${ys.join(' ')}`);
    assert.ok(xs.length >= 2, `time ticks: ${xs.join(' ')}`);
    for (const x of xs) assert.match(x, /^15:0[45]:\d\d$/, 'a 24-hour time within the minute shown');
    assert.ok(xs.every((x) => !/am|pm/i.test(x)));
    assert.ok((await chartPixels(page, RED)) > 0, 'error bars are drawn');
    assert.match(
      (await page.locator('.overview .chart-plot').getAttribute('aria-label')) ?? '',
      /^Events and errors per 5 s from 15:04:00 to 15:05:00: 83 events, 8 errors\.$/,
    );
    await screenshot(page, 'log-chart');
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('spans exactly one second for one second of data, and paints no red when nothing failed', async () => {
    const page = await harness.open();
    const start = await todayAt(page, 21, 30, 7);
    const { xs } = await drawChart(page, { startMs: start, bucketMs: 1_000, events: [7], errors: [0] });
    assert.ok(xs.length >= 1);
    for (const x of xs) assert.ok(['21:30:07', '21:30:08'].includes(x), `tick ${x} outside the second shown`);
    assert.equal(await chartPixels(page, RED), 0, 'no error marks');
    // The one bar fills most of the plot: the axis is as wide as the data.
    const blue = await chartPixels(page, '#3794ff');
    const plot = await page.locator('.overview .chart-plot canvas').boundingBox();
    assert.ok(plot && blue > plot.width * 0.5 * 20, `a wide bar (${blue} px)`);
    await page.close();
  });

  it('shows and hides a series from the legend, by keyboard and by mouse', async () => {
    const page = await harness.open();
    const start = await todayAt(page, 9, 0, 0);
    await drawChart(page, { startMs: start, bucketMs: 60_000, events: [4, 9, 2], errors: [1, 3, 0] });
    assert.deepEqual(await page.locator('.overview .chart-legend .legend-item').allTextContents(), [
      'Events',
      'Errors',
    ]);
    assert.ok((await chartPixels(page, RED)) > 0);

    await page.locator('#filter-undecodable').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Events');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Errors');
    await page.keyboard.press('Enter');
    const errors = page.locator('.legend-item', { hasText: 'Errors' });
    assert.equal(await errors.getAttribute('aria-pressed'), 'false');
    await waitForChartColor(page, RED, false);
    // Tab leaves the legend in one step: the next stop is the table.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'grid');

    await errors.click();
    assert.equal(await errors.getAttribute('aria-pressed'), 'true');
    await waitForChartColor(page, RED, true);
    await page.close();
  });
});
