// The log panel's feature view in headless Chromium, driven like a person drives it, against the real host
// logic (realHostBridge.ts): "Columns: Features" shows one line per instance named from the model's schema;
// the feature filter narrows the lines, and a mistake is shown with its place and not applied; "Does not fit
// the model's schema" keeps the misfits, whose reason the detail pane gives; the statistics and drift panes
// show the window, and the feature moved in the traffic is the one named as drifting. Screenshots in three
// themes go to test-output/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ConsumedMessage } from '../../src/inferenceLog';
import { aKServeMessage } from '../builders/consumedMessages';
import {
  IRIS_FEATURES,
  anIrisSchema,
  featureSourcesOf,
  irisTrainingStatistics,
  irisValue,
} from '../builders/modelFiles';
import type { ThemeName } from './logViewerHarness';
import { THEMES, screenshot } from './logViewerHarness';
import type { BridgedPanel } from './realHostBridge';
import { RealHostBridge } from './realHostBridge';

const bridge = new RealHostBridge();
before(() => bridge.start());
after(() => bridge.stop());

const sources = () =>
  featureSourcesOf({
    schemas: { 3: anIrisSchema() },
    training: {
      3: { statistics: irisTrainingStatistics(), label: 'training dataset v2 of iris_features v1' },
    },
  });

let calls = 0;
function call(instances: unknown[], predictions: unknown[], atSecond: number): ConsumedMessage[] {
  const id = `c${calls++}-19ce-4550-a2ad-a8721d314420`;
  const record = { requestTimestamp: atSecond, modelVersion: 3 };
  return [
    aKServeMessage('request', id, { ...record, payload: JSON.stringify({ instances }) }),
    aKServeMessage('response', id, { ...record, payload: JSON.stringify({ predictions }) }),
  ];
}

const nowSecond = () => Math.floor(Date.now() / 1000);

/** One call, a batch of three, one with text where a number belongs: six lines with the header. */
function scene(p: BridgedPanel): void {
  const t = nowSecond() - 5;
  p.ingest([
    ...call([[5.1, 3.5, 1.4, 0.2]], [0], t),
    ...call(
      [
        [6.2, 2.9, 4.3, 1.3],
        [7.7, 3.0, 6.1, 2.3],
        [5.0, 3.4, 1.5, 0.2],
      ],
      [1, 2, 0],
      t + 1,
    ),
    ...call([[5.9, 3.0, 'n/a', 1.8]], [2], t + 2),
  ]);
}

/** `n` calls over the last minute, sepal_width moved by `shift`. */
function traffic(p: BridgedPanel, n: number, shift: number): void {
  const t = nowSecond() - 50;
  const messages: ConsumedMessage[] = [];
  for (let i = 0; i < n; i++) {
    const values = IRIS_FEATURES.map((_, f) => irisValue(f, (i * 7919) % n, n) + (f === 1 ? shift : 0));
    messages.push(...call([values], [i % 3], t + Math.floor((i * 40) / n)));
  }
  p.ingest(messages);
}

async function choose(page: Page, dropdownId: string, label: string): Promise<void> {
  await page.locator(`#${dropdownId}`).click();
  await page.locator(`#${dropdownId} vscode-option`, { hasText: label }).click();
}

async function featureMode(page: Page): Promise<void> {
  await choose(page, 'columns-mode', 'Features');
  await page.locator('.feature-grid').waitFor();
}

/** The grid's lines as their cell texts, once it shows `n` of them. */
async function lines(page: Page, n: number): Promise<string[][]> {
  await page.waitForFunction(
    (want) => document.querySelectorAll('.feature-spacer .feature-row:not(.is-loading)').length === want,
    n,
  );
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.feature-spacer .feature-row')).map((r) =>
      Array.from(r.querySelectorAll('.cell')).map((c) => c.textContent ?? ''),
    ),
  );
}

async function typeFilter(page: Page, text: string): Promise<void> {
  const input = page.locator('#feature-filter input');
  await input.fill(text);
  await input.press('Enter');
}

describe('log panel: feature columns, feature filter, schema fit', () => {
  it('shows one line per instance named from the model schema; filters; flags misfits with the reason', async () => {
    const p = await bridge.open(sources());
    const { page } = p;
    try {
      scene(p);
      await page.locator('.log-spacer .log-row').nth(2).waitFor();
      await featureMode(page);
      assert.equal(await page.locator('.log-table').isVisible(), false, 'the payload table gives way');
      const header = await page.locator('.feature-header .cell').allTextContents();
      assert.deepEqual(header, ['Time', 'Ver.', '#', 'Fit', ...IRIS_FEATURES, 'variety']);
      const all = await lines(page, 5);
      assert.deepEqual(
        all.map((l) => l.slice(1)),
        [
          ['v3', '', '', '5.1', '3.5', '1.4', '0.2', '0'],
          ['v3', '1/3', '', '6.2', '2.9', '4.3', '1.3', '1'],
          ['v3', '2/3', '', '7.7', '3', '6.1', '2.3', '2'],
          ['v3', '3/3', '', '5', '3.4', '1.5', '0.2', '0'],
          ['v3', '', '⚠', '5.9', '3', 'n/a', '1.8', '2'],
        ],
      );
      assert.equal(
        await page.locator('.feature-row.is-misfit .c-fit').getAttribute('title'),
        'Does not fit the model\'s schema: "petal_length" is "n/a" (text); the model\'s schema says double',
      );
      assert.match(
        (await page.locator('.feature-source').textContent()) ?? '',
        /^Features named from the model's schema/,
      );

      // A feature filter narrows the lines to the matching instances.
      await typeFilter(page, 'sepal_length > 6');
      const big = await lines(page, 2);
      assert.deepEqual(
        big.map((l) => l[4]),
        ['6.2', '7.7'],
      );
      // A mistake is shown where it is, and the filter in force stays.
      await typeFilter(page, 'sepal_length >');
      const error = page.locator('#feature-filter-error');
      await error.waitFor();
      assert.equal(
        await error.locator('div').first().textContent(),
        'Not applied: Expected a value after ">", found the end of the filter (column 15).',
      );
      assert.equal(await error.locator('mark').count(), 1);
      assert.equal(await page.locator('#feature-filter').getAttribute('aria-invalid'), 'true');
      assert.equal((await lines(page, 2)).length, 2);
      await typeFilter(page, 'sepal_lenght > 6');
      await page.locator('#feature-filter-error mark', { hasText: 'sepal_lenght' }).waitFor();
      await typeFilter(page, '');
      await error.waitFor({ state: 'hidden' });
      await lines(page, 5);

      // Only what does not fit, and why, in the detail pane.
      await page.locator('#filter-misfit').click();
      const misfits = await lines(page, 1);
      assert.equal(misfits[0]?.[6], 'n/a');
      await page.locator('.feature-spacer .feature-row').first().click();
      const fit = page.locator('.detail-pane .detail-fit');
      await fit.waitFor();
      assert.equal(await fit.locator('.fit-verdict').textContent(), "Does not fit the model's schema:");
      assert.deepEqual(await fit.locator('li').allTextContents(), [
        '"petal_length" is "n/a" (text); the model\'s schema says double',
      ]);
      // The payload table keeps the same filter.
      await choose(page, 'columns-mode', 'Payload');
      await page.waitForFunction(
        () => document.querySelectorAll('.log-spacer .log-row:not(.is-loading)').length === 1,
      );
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
    } finally {
      await p.close();
    }
  });
});

describe('log panel: hostile text in features and filters', () => {
  it('shows markup in a feature value and in a filter as characters', async () => {
    const p = await bridge.open(sources());
    const { page } = p;
    try {
      const markup = '<img src=x onerror="window.__pwned=1">';
      p.ingest(call([[markup, 3.1, 1.4, 0.2]], [0], nowSecond() - 1));
      await page.locator('.log-spacer .log-row').first().waitFor();
      await featureMode(page);
      const [line] = await lines(page, 1);
      assert.equal(line?.[4], markup);
      await typeFilter(page, `${markup} = 1`);
      await page.locator('#feature-filter-error').waitFor();
      assert.match((await page.locator('.feature-filter-echo').textContent()) ?? '', /<img src=x/);
      assert.equal(await page.locator('img').count(), 0);
      assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
    } finally {
      await p.close();
    }
  });
});

describe('log panel: statistics and drift panes', () => {
  it('counts the window per feature and prediction, and names the feature that drifts against training', async () => {
    const p = await bridge.open(sources());
    const { page } = p;
    try {
      traffic(p, 300, 1.5);
      await page.locator('.log-spacer .log-row').nth(5).waitFor();
      await page.locator('#btn-feature-stats').click();
      const pane = page.locator('.features-pane');
      await pane.locator('tr[data-column="sepal_length"]').waitFor();
      assert.equal(await page.locator('#btn-feature-stats').getAttribute('aria-pressed'), 'true');
      assert.match(
        (await pane.locator('.features-summary').textContent()) ?? '',
        /^300 logged rows in the last 5 minutes/,
      );
      const sepal = await pane.locator('tr[data-column="sepal_length"] td').allTextContents();
      assert.equal(sepal[0], 'sepal_length');
      assert.equal(sepal[1], '300');
      assert.equal(sepal[2], '0');
      assert.equal(await pane.locator('tr[data-column="sepal_length"] .mini-bar').count(), 10);
      assert.equal(await pane.locator('tr[data-column="variety"]').count(), 1, 'predictions have their row');

      await page.locator('#features-tab-drift').click();
      const summary = page.locator('#drift-summary');
      await summary.waitFor();
      assert.equal(await summary.textContent(), 'Drift in 1 of 4: sepal_width.');
      assert.equal(await pane.locator('tr.is-drift').count(), 1);
      assert.equal(await pane.locator('tr.is-drift td').first().textContent(), 'sepal_width');
      assert.match(
        (await pane.locator('#drift-definition').textContent()) ?? '',
        /10 equal-frequency bins .* PSI ≥ 0\.2 is drift/,
      );
      assert.match(
        (await pane.locator('#drift-reference-choice').textContent()) ?? '',
        /training dataset v2 of iris_features v1/,
      );
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
    } finally {
      await p.close();
    }
  });

  it('without training statistics, says why and measures against a captured window', async () => {
    const p = await bridge.open(featureSourcesOf({ schemas: { 3: anIrisSchema() } }));
    const { page } = p;
    try {
      traffic(p, 300, 0);
      await page.locator('.log-spacer .log-row').nth(5).waitFor();
      await page.locator('#btn-feature-stats').click();
      await page.locator('#features-tab-drift').click();
      await page.locator('#drift-training', { hasText: 'v3 links no training dataset.' }).waitFor();
      await page.locator('#btn-capture-reference').click();
      const summary = page.locator('#drift-summary');
      await summary.waitFor();
      assert.equal(await summary.textContent(), 'No drift: 4 features compared, none with PSI ≥ 0.2.');
      assert.match(
        (await page.locator('#drift-reference-choice').textContent()) ?? '',
        /the window \d\d:\d\d–\d\d:\d\d \(300 rows\)/,
      );
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
    } finally {
      await p.close();
    }
  });
});

describe('log panel feature screenshots', () => {
  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    it(`${theme}: feature columns with statistics, then drift`, async () => {
      const p = await bridge.open(sources(), { theme, width: 1100, height: 820 });
      const { page } = p;
      try {
        traffic(p, 240, 1.5);
        scene(p);
        await page.locator('.log-spacer .log-row').nth(5).waitFor();
        await featureMode(page);
        await page.locator('.feature-row.is-misfit').waitFor();
        await page.locator('.feature-row.is-misfit').click();
        await page.locator('.detail-fit').waitFor();
        await page.locator('#btn-feature-stats').click();
        await page.locator('.features-pane tr[data-column="petal_length"]').waitFor();
        await screenshot(page, `log-features-${theme}`);
        await page.locator('#features-tab-drift').click();
        await page.locator('#drift-summary').waitFor();
        await screenshot(page, `log-features-${theme}-drift`);
        await typeFilter(page, 'petal_length >= 1 and');
        await page.locator('#feature-filter-error').waitFor();
        await screenshot(page, `log-features-${theme}-filter-error`);
        assert.deepEqual(await page.evaluate(() => window.__problems), []);
      } finally {
        await p.close();
      }
    });
  }
});
