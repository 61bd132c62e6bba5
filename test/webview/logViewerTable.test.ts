// The log table as a person uses it, in headless Chromium with the real bundle: a press on a row selects
// that row even while rows stream in and re-render; the keyboard reaches and selects rows; no column is
// cut (undecodable rows' Time and Kind, the Payload column with the detail pane open); the Payload header
// looks like the others; a right-to-left override in a payload reverses nothing after its own value; the
// detail pane breaks lines between words.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Harness, aRow, charBoxes, lineStarts, problems, signal } from './logViewerHarness';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

declare global {
  interface Window {
    __stream?: ReturnType<typeof setInterval>;
    __pressed?: string;
  }
}

const rowById = (page: Page, inferenceId: string) =>
  page.locator('.log-spacer .log-row', {
    has: page.locator('.c-id', { hasText: new RegExp(`^${inferenceId}$`) }),
  });

/** One new row and one "changed" signal every 10 ms, until stopped. */
async function startStreaming(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__stream = setInterval(() => {
      window.__addMany(1);
      window.__emit('changed', { stats: window.__stats() });
    }, 10);
  });
}

async function stopStreaming(page: Page): Promise<void> {
  await page.evaluate(() => clearInterval(window.__stream));
}

/** Waits until the table has taken in `n` more pages (each one re-renders the rows). */
async function rerendered(page: Page, n: number): Promise<void> {
  const replies = await page.evaluate(() => window.__replies);
  await page.waitForFunction((want) => window.__replies >= want, replies + n + 1);
}

async function detailInferenceId(page: Page): Promise<string | null> {
  return page
    .locator('.detail-facts dt', { hasText: /^Inference id$/ })
    .locator('xpath=following-sibling::dd[1]')
    .textContent();
}

describe('inference-log table', () => {
  it('selects the row under the pointer while rows stream in and re-render', async () => {
    const page = await harness.open();
    await page.evaluate(() => window.__addMany(300));
    await signal(page);
    await rowById(page, 'bulk-299').waitFor();
    await page.locator('.log-scroller').evaluate((e) => (e.scrollTop = 0));
    await rowById(page, 'bulk-0').waitFor();
    await startStreaming(page);

    // Scrolled back: the rows stay put while new ones arrive below, but each page re-renders them.
    for (const i of [3, 9, 14, 6]) {
      const row = rowById(page, `bulk-${i}`);
      // Where the row is, read in one step (its element may be replaced between two steps).
      const box = await page.evaluate((id) => {
        const el = Array.from(document.querySelectorAll('.log-spacer .log-row')).find(
          (e) => e.querySelector('.c-id')?.textContent === id,
        );
        const b = el?.getBoundingClientRect();
        return b && { x: b.x, y: b.y, width: b.width, height: b.height };
      }, `bulk-${i}`);
      assert.ok(box, `bulk-${i} is on screen`);
      await page.mouse.move(box.x + 40, box.y + box.height / 2);
      await page.mouse.down();
      // A slow press: the table takes in new pages between button down and button up.
      await rerendered(page, 2);
      await page.mouse.up();
      await page.locator('.log-spacer .log-row.is-selected .c-id', { hasText: `bulk-${i}` }).waitFor();
      assert.equal(await row.getAttribute('aria-selected'), 'true');
      await page.waitForFunction(
        (id) => Array.from(document.querySelectorAll('.detail-facts dd')).some((d) => d.textContent === id),
        `bulk-${i}`,
      );
      assert.equal(await detailInferenceId(page), `bulk-${i}`);
      assert.equal(await page.locator('.log-spacer .log-row.is-selected').count(), 1);
    }

    // Following the newest: the rows move up as new ones arrive. The row under the pointer when the button
    // went down is the one selected, and selecting holds the view so it stays on screen.
    await page.locator('#follow').click();
    await page.waitForFunction(
      () => (document.querySelector('#follow') as HTMLElement & { checked: boolean }).checked,
    );
    await rerendered(page, 3);
    await page.evaluate(() =>
      window.addEventListener(
        'pointerdown',
        (e) => (window.__pressed = (e.target as HTMLElement).closest<HTMLElement>('.log-row')?.dataset.id),
        { capture: true, once: true },
      ),
    );
    const scroller = await page.locator('.log-scroller').boundingBox();
    assert.ok(scroller);
    await page.mouse.move(scroller.x + 60, scroller.y + scroller.height / 2);
    await page.mouse.down();
    await rerendered(page, 2);
    await page.mouse.up();
    const pressed = await page.evaluate(() => window.__pressed);
    assert.ok(pressed !== undefined, 'the press landed on a row');
    const selected = page.locator(`.log-spacer .log-row[data-id="${pressed}"]`);
    await page.waitForFunction(
      (id) => document.querySelector(`.log-row[data-id="${id}"]`)?.getAttribute('aria-selected') === 'true',
      pressed,
    );
    assert.equal(
      await page.locator('#follow').evaluate((e) => (e as HTMLElement & { checked: boolean }).checked),
      false,
      'selecting a row stops following',
    );
    await rerendered(page, 3);
    const box = await selected.boundingBox();
    assert.ok(box && box.y >= scroller.y && box.y + box.height <= scroller.y + scroller.height);
    await stopStreaming(page);
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('is one tab stop; arrows, Home and End move through the rows and Enter selects', async () => {
    const page = await harness.open();
    await page.evaluate(() => window.__addMany(60));
    await signal(page);
    await rowById(page, 'bulk-59').waitFor();

    // From the last filter, Tab passes the chart legend (one stop) and lands on the table.
    await page.locator('#filter-undecodable').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.chart-legend') !== null), true);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'grid');

    const active = () =>
      page.evaluate(() => {
        const id = document.activeElement?.getAttribute('aria-activedescendant');
        return id ? document.getElementById(id)?.querySelector('.c-id')?.textContent : undefined;
      });
    // Following: the keyboard starts on the newest row.
    assert.equal(await active(), 'bulk-59');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await active(), 'bulk-57');
    assert.equal(await rowById(page, 'bulk-57').evaluate((e) => getComputedStyle(e).outlineStyle), 'solid');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('.log-row.is-selected .c-id')?.textContent === 'bulk-57',
    );
    await page.locator('.detail-facts dd', { hasText: /^bulk-57$/ }).waitFor();

    await page.keyboard.press('Home');
    await page.waitForFunction(
      () =>
        document
          .getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')
          ?.querySelector('.c-id')?.textContent === 'bulk-0',
    );
    await page.keyboard.press('ArrowDown');
    assert.equal(await active(), 'bulk-1');
    await page.keyboard.press(' ');
    await page.locator('.detail-facts dd', { hasText: /^bulk-1$/ }).waitFor();
    assert.equal(await rowById(page, 'bulk-1').getAttribute('aria-selected'), 'true');

    await page.keyboard.press('End');
    await page.waitForFunction(
      () => (document.querySelector('#follow') as HTMLElement & { checked: boolean }).checked,
    );
    await page.waitForFunction(
      () =>
        document
          .getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')
          ?.querySelector('.c-id')?.textContent === 'bulk-59',
    );
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('cuts no Time, Kind or HTTP value, and no header; the Payload header looks like the others', async () => {
    const page = await harness.open({ width: 1000 });
    await page.evaluate(
      (rows) => window.__add(rows),
      [
        aRow({
          kind: 'raw',
          outcome: 'undecodable',
          timeResolutionMs: 1,
          inferenceId: '',
          httpCode: 0,
          modelVersion: 0,
          preview: 'empty value · ',
          requestText: undefined,
          responseText: undefined,
        }),
        aRow({ kind: 'request', outcome: 'no-response', httpCode: 0, latencyMs: undefined }),
        aRow({ kind: 'request', outcome: 'pending', httpCode: 0, latencyMs: undefined }),
        aRow({ timeResolutionMs: 1, latencyMs: 12_345 }),
      ],
    );
    await signal(page);
    await page.waitForFunction(() => document.querySelectorAll('.log-spacer .log-row').length === 4);
    const cut = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          '.log-row .c-time, .log-row .c-kind, .log-row .c-code, .log-row .c-latency, .log-row .c-version, .log-header .cell',
        ),
      )
        .filter((c) => c.scrollWidth > c.clientWidth)
        .map((c) => c.textContent),
    );
    assert.deepEqual(cut, []);
    const colour = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((e) => getComputedStyle(e).color);
    assert.equal(await colour('.log-header .c-payload'), await colour('.log-header .c-time'));
    assert.notEqual(
      await colour('.log-spacer .log-row:not(.is-raw) .c-payload'),
      await colour('.log-header .c-payload'),
      'payload previews are dimmed, the header is not',
    );
    await page.close();
  });

  for (const [width, font] of [
    [1200, '12px'],
    [1000, '12px'],
    [800, '12px'],
    [1000, '14px'],
    [800, '14px'],
  ] as const) {
    it(`keeps the Payload column in view with the detail pane open (${width} px wide, ${font} font)`, async () => {
      const page = await harness.open({ width, vars: { '--vscode-editor-font-size': font } });
      await page.evaluate(() => window.__addMany(5));
      await signal(page);
      await rowById(page, 'bulk-2').click();
      await page.locator('.detail-pane .detail-facts').first().waitFor();
      const table = await page.locator('.log-table').boundingBox();
      for (const sel of ['.log-header .c-payload', '.log-spacer .log-row .c-payload']) {
        const cell = await page.locator(sel).first().boundingBox();
        assert.ok(table && cell);
        assert.ok(cell.x + cell.width <= table.x + table.width + 1, `${sel} ends inside the table`);
        assert.ok(cell.width >= 150, `${sel} is ${cell.width} px wide`);
      }
      const cut = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.log-header .cell'))
          .filter((c) => c.offsetWidth > 0 && c.scrollWidth > c.clientWidth)
          .map((c) => c.textContent),
      );
      assert.deepEqual(cut, [], 'no header is cut');
      assert.ok(
        ((await page.locator('.log-spacer .log-row .c-payload').first().textContent()) ?? '').startsWith(
          '{"instances"',
        ),
      );
      await page.close();
    });
  }

  it('isolates a right-to-left override to its own value, in the table and in the detail pane', async () => {
    const page = await harness.open();
    const RLO = '\u202E';
    await page.evaluate(
      (rows) => window.__add(rows),
      [
        aRow({
          inferenceId: 'rtl-1',
          preview: `{"file": "${RLO}gnp.exe"} → {"predictions": ["setosa"]}`,
          requestText: `name=${RLO}gnp.exe size=12 ok`,
          responseText: `{"file": "${RLO}gnp.exe", "predictions": ["setosa"]}`,
        }),
      ],
    );
    await signal(page);
    await rowById(page, 'rtl-1').waitFor();
    const ltr = (boxes: { left: number; top: number }[]) =>
      boxes.every(
        (b, i) => i === 0 || b.left > (boxes[i - 1]?.left ?? 0) || b.top > (boxes[i - 1]?.top ?? 0),
      );

    // The text after the value reads left to right, as written.
    const after = await charBoxes(
      page,
      '.log-spacer .log-row .c-payload',
      '"} → {"predictions": ["setosa"]}',
    );
    assert.ok(ltr(after), 'the rest of the preview reads left to right');
    assert.equal(await page.locator('.log-spacer .log-row .c-payload .bidi-isolate').count(), 1);

    await rowById(page, 'rtl-1').click();
    await page.locator('.detail-payload').nth(1).waitFor();
    assert.ok(ltr(await charBoxes(page, '.detail-payload', ' size=12 ok')), 'text after the value');
    assert.ok(
      ltr(await charBoxes(page, '.detail-payload', '",\n  "predictions": [', 1)),
      'JSON after the value',
    );
    // The text keeps every character: the override is isolated, not removed.
    assert.equal(
      await page.locator('.detail-payload').first().textContent(),
      `name=${RLO}gnp.exe size=12 ok`,
    );
    await page.close();
  });

  it('breaks lines in the detail pane between words', async () => {
    const page = await harness.open({ width: 1000 });
    await page.evaluate(
      (rows) => window.__add(rows),
      [aRow({ inferenceId: 'nr-1', kind: 'request', outcome: 'no-response', httpCode: 0 })],
    );
    await signal(page);
    await rowById(page, 'nr-1').click();
    const outcome = page
      .locator('.detail-facts dt', { hasText: /^Outcome$/ })
      .locator('xpath=following-sibling::dd[1]');
    await outcome.waitFor();
    await outcome.evaluate((e) => e.setAttribute('data-probe', 'outcome'));
    const { text, starts } = await lineStarts(page, '[data-probe="outcome"]');
    assert.ok(starts.length >= 1, `"${text}" wraps in a pane this narrow`);
    for (const i of starts) assert.equal(text[i - 1], ' ', `"${text}" breaks at ${i}, inside a word`);
    await page.close();
  });
});
