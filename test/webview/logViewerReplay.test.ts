// Choosing rows for "Replay to…" in the log panel, as a person does it, in headless Chromium with the real
// bundle: a click chooses one row, Ctrl-click adds one, Shift-click chooses a range (also one reaching past
// the rows the page holds, which the host resolves), the keyboard does the same, and the Replay button asks
// the host for exactly the rows chosen — or, with none chosen, the newest rows matching the filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ReplaySelection } from '../../src/protocol/replay';
import { Harness, problems, signal } from './logViewerHarness';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

const row = (page: Page, i: number) =>
  page.locator('.log-spacer .log-row', {
    has: page.locator('.c-id', { hasText: new RegExp(`^bulk-${i}$`) }),
  });

/** The inference ids of the rows drawn as chosen (class and aria-selected agree). */
async function chosen(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.log-spacer .log-row[aria-selected="true"].is-selected .c-id')).map(
      (e) => e.textContent ?? '',
    ),
  );
}

async function waitChosen(page: Page, count: number): Promise<void> {
  await page.locator('#replay-count', { hasText: new RegExp(`^${count} rows? selected$`) }).waitFor();
}

/** The params of the replay requests the page sent. */
async function replays(page: Page): Promise<ReplaySelection[]> {
  const posted = await page.evaluate(() => window.__logViewerPosted);
  return posted.filter((m) => m.method === 'replay').map((m) => m.params as ReplaySelection);
}

async function openWithRows(n: number): Promise<Page> {
  const page = await harness.open();
  await page.evaluate((k) => window.__addMany(k), n);
  await signal(page);
  await row(page, n - 1).waitFor();
  return page;
}

describe('choosing rows to replay', () => {
  it('click, Ctrl-click and Shift-click choose rows, and Replay asks for exactly those', async () => {
    const page = await openWithRows(12);
    assert.equal(await page.locator('.log-table').getAttribute('aria-multiselectable'), 'true');
    assert.equal(await page.locator('#btn-replay').textContent(), 'Replay filtered to…');

    await row(page, 3).click();
    await waitChosen(page, 1);
    await row(page, 5).click({ modifiers: ['Control'] });
    await waitChosen(page, 2);
    assert.deepEqual(await chosen(page), ['bulk-3', 'bulk-5']);
    // From the last clicked row (5) to this one, replacing the choice, as in a file list.
    await row(page, 8).click({ modifiers: ['Shift'] });
    await waitChosen(page, 4);
    assert.deepEqual(await chosen(page), ['bulk-5', 'bulk-6', 'bulk-7', 'bulk-8']);
    // Ctrl+Shift adds a range to what is chosen.
    await row(page, 1).click({ modifiers: ['Control', 'Shift'] });
    await waitChosen(page, 8);
    // Ctrl-click on a chosen row takes it out.
    await row(page, 6).click({ modifiers: ['Control'] });
    await waitChosen(page, 7);
    assert.deepEqual(await chosen(page), [
      'bulk-1',
      'bulk-2',
      'bulk-3',
      'bulk-4',
      'bulk-5',
      'bulk-7',
      'bulk-8',
    ]);
    // The detail pane shows the row clicked last.
    await page.locator('.detail-facts dd', { hasText: /^bulk-6$/ }).waitFor();

    assert.equal(await page.locator('#btn-replay').textContent(), 'Replay selected to…');
    await page.locator('#btn-replay').click();
    await page.locator('.status-line', { hasText: 'Replaying to irisnolog (from the fake host).' }).waitFor();
    assert.deepEqual(await replays(page), [{ ids: [1, 2, 3, 4, 5, 7, 8] }]);

    await page.locator('#btn-replay-clear').click();
    await page.locator('#replay-count', { hasText: /^No rows selected$/ }).waitFor();
    assert.deepEqual(await chosen(page), []);
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('Shift-click reaches rows the page does not hold: the host gives the ids between', async () => {
    const page = await openWithRows(400);
    await page.locator('.log-scroller').evaluate((e) => (e.scrollTop = 0));
    await row(page, 0).click();
    await waitChosen(page, 1);
    await page.locator('.log-scroller').evaluate((e) => (e.scrollTop = e.scrollHeight));
    await row(page, 399).click({ modifiers: ['Shift'] });
    await waitChosen(page, 400);
    const posted = await page.evaluate(() => window.__logViewerPosted);
    assert.deepEqual(
      posted.filter((m) => m.method === 'selectRange').map((m) => m.params),
      [{ filter: {}, fromId: 0, toId: 399 }],
    );
    await page.locator('#btn-replay').click();
    await page.locator('.status-line', { hasText: 'Replaying to irisnolog' }).waitFor();
    const [sent] = await replays(page);
    assert.ok(sent && 'ids' in sent);
    assert.deepEqual(
      sent.ids,
      Array.from({ length: 400 }, (_, i) => i),
    );
    await page.close();
  });

  it('the keyboard chooses too: Shift+arrows extend, Ctrl+Space adds or removes', async () => {
    const page = await openWithRows(6);
    await page.locator('.log-table').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await waitChosen(page, 1);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await waitChosen(page, 3);
    assert.deepEqual(await chosen(page), ['bulk-0', 'bulk-1', 'bulk-2']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+Space');
    await waitChosen(page, 4);
    assert.deepEqual(await chosen(page), ['bulk-0', 'bulk-1', 'bulk-2', 'bulk-4']);
    await page.keyboard.press('Control+Space');
    await waitChosen(page, 3);
    await page.close();
  });

  it('with nothing chosen, Replay asks for the newest 1,000 rows matching the filters; a filter change clears the choice', async () => {
    const page = await openWithRows(5);
    await row(page, 2).click();
    await waitChosen(page, 1);
    await page.locator('#filter-errors').click();
    await page.locator('#replay-count', { hasText: /^No rows selected$/ }).waitFor();
    await page.locator('#btn-replay', { hasText: 'Replay filtered to…' }).click();
    await page.locator('.status-line', { hasText: 'Replaying to irisnolog' }).waitFor();
    assert.deepEqual(await replays(page), [{ filter: { errorsOnly: true }, newest: 1000 }]);
    await page.close();
  });
});
