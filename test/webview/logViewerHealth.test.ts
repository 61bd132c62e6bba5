// The log panel's health section in headless Chromium with the real bundle: the figures the host sent
// (computed here by the real HealthFeed from built calls), split by model version with the newest compared
// with the one before it, the charts by version, switching the window (by keyboard), collapsing, what it
// says for DEFAULT and PREDICTIONS deployments, and that nothing is cut or wrapped from 800 to 1400 px.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { LogRow } from '../../src/inferenceLog/types';
import type { HealthReply, VersionHealth } from '../../src/protocol/logViewerHealth';
import {
  formatCount,
  formatMs,
  formatPerSecond,
  formatPercent,
} from '../../webview/logViewer/health/healthFormat';
import { aCall, clockAt, healthReplies } from '../builders/healthReplies';
import { aCombinedRow } from '../builders/logRows';
import type { ThemeName } from './logViewerHarness';
import { Harness, THEMES, populateScene, problems, screenshot, signal } from './logViewerHarness';

const harness = new Harness();
before(() => harness.start());
after(() => harness.stop());

const MIN = 60_000;

/**
 * A rollout seen over the last 10 minutes: v2 answered every call in about 20 ms until v3 took over half
 * of the traffic 2 minutes ago; v3 answers in about 45 ms and one call in six gets no response.
 */
function rollout(nowMs: number): LogRow[] {
  const rows: LogRow[] = [];
  for (let t = nowMs - 10 * MIN; t < nowMs; t += 500) {
    const i = rows.length;
    const v3 = t >= nowMs - 2 * MIN && i % 2 === 0;
    if (v3) rows.push(aCall(3, t, i % 12 === 0 ? 'no-response' : { latencyMs: 40 + (i % 11) }));
    else rows.push(aCall(2, t, i % 97 === 0 ? { httpCode: 500 } : { latencyMs: 17 + (i % 7) }));
  }
  return rows;
}

/** Sets what the fake host answers and makes the page ask again (the "changed" signal). */
async function answer(page: Page, replies: Record<number, HealthReply>): Promise<void> {
  await page.evaluate((r) => (window.__health = r), replies);
  await signal(page);
}

/** The table's cells as text, row by row (header cells of rows included). */
async function tableText(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#health-table tbody tr, #health-table tfoot tr')).map((tr) =>
      Array.from(tr.children).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()),
    ),
  );
}

/** What a person must read in the row of `v`, as the host's figures say. */
function expectedRow(
  label: string,
  v: VersionHealth,
  marks: { errors?: string; p95?: string } = {},
): string[] {
  const withMark = (text: string, mark?: string) => (mark ? `${text} ${mark}` : text);
  return [
    label,
    formatPerSecond(v.requestsPerSecond),
    withMark(v.errorRate === null ? '—' : formatPercent(v.errorRate), marks.errors),
    formatCount(v.noResponse),
    v.latency.p50 === null ? '—' : formatMs(v.latency.p50),
    withMark(v.latency.p95 === null ? '—' : formatMs(v.latency.p95), marks.p95),
    v.latency.p99 === null ? '—' : formatMs(v.latency.p99),
  ];
}

async function waitForTable(page: Page, rows: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('#health-table tbody tr, #health-table tfoot tr').length === n,
    rows,
  );
}

/** Answers the page's health requests with the rollout (v3 taking over from v2) as of the page's own clock, and
 * waits for its three table rows; the replies are handed back for the expected figures. */
async function showRollout(page: Page): Promise<Record<number, HealthReply>> {
  const clock = clockAt(await page.evaluate(() => Date.now()));
  const replies = healthReplies(rollout(clock.now()), { clock, servingTool: 'KSERVE' });
  await answer(page, replies);
  await waitForTable(page, 3);
  return replies;
}

describe('log panel health', () => {
  it('shows the figures the host sent by version, newest first, with the total, and marks the newest worse', async () => {
    const page = await harness.open();
    const clock = clockAt(await page.evaluate(() => Date.now()));
    const replies = healthReplies(rollout(clock.now()), { clock, servingTool: 'KSERVE', loggingMode: 'ALL' });
    const five = replies[300_000]!;
    const [v3, v2] = five.snapshot.versions;
    assert.ok(v3 && v2 && v3.version === 3 && v2.version === 2);
    assert.equal(five.comparison?.errorRate.verdict, 'worse', five.comparison?.errorRate.reason);
    assert.equal(five.comparison?.p95.verdict, 'worse', five.comparison?.p95.reason);

    await answer(page, replies);
    await waitForTable(page, 3);
    assert.deepEqual(await tableText(page), [
      expectedRow('v3', v3, { errors: 'worse', p95: 'worse' }),
      expectedRow('v2', v2),
      expectedRow('All versions', five.snapshot.all),
    ]);
    // The numbers a person reads: v3's p95 is about 50 ms, v2's about 23 ms; v3 has its no-responses.
    assert.ok(v3.noResponse > 0 && v2.noResponse === 0);
    assert.equal(
      (await page.locator('#health-comparison').textContent())?.replace(/\s+/g, ' ').trim(),
      'v3 (newest) against v2: error rate worse p95 latency worse',
    );
    // Why, on the mark itself.
    assert.match(
      (await page
        .locator('#health-table tbody tr[data-key$="@3"] td[data-col="errors"] .health-verdict')
        .getAttribute('title')) ?? '',
      /^v3: [\d.]+ % \(\d+ of \d+\), v2: [\d.]+ % \(\d+ of \d+\); z = [\d.]+\. A version is marked worse or better only when/,
    );
    assert.match(
      (await page.locator('#health-notes').textContent()) ?? '',
      /Latency: measured between the two logged events \(Kafka timestamps of the request and the response\)/,
    );
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('draws rate, errors and p95 over time with one line per version in each chart', async () => {
    const page = await harness.open();
    await showRollout(page);
    await page.locator('.health-chart-p95 canvas').waitFor();
    assert.deepEqual(await page.locator('.health-chart .legend-item').allTextContents(), [
      'v3',
      'v2',
      'v3',
      'v2',
      'v3',
      'v2',
    ]);
    assert.deepEqual(await page.locator('.health-chart-title').allTextContents(), [
      'Requests/s',
      'Errors per 5 s',
      'p95 latency, ms',
    ]);
    const labels = await page
      .locator('.health-chart .chart-plot')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.match(
      labels[0]!,
      /^Requests\/s by version, per 5 s from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d: v3 up to [\d.]+, v2 up to [\d.]+\.$/,
    );
    assert.match(labels[1]!, /^Errors per 5 s by version, .*: v3 up to [1-9]\d*, v2 up to \d+\.$/);
    assert.match(
      labels[2]!,
      /^p95 latency, ms by version, .*: v3 up to (4[0-9]|5[0-9]), v2 up to (1[7-9]|2[0-9])\.$/,
    );
    // Both versions' colours are painted on every chart (blue for v2, seen first; orange for v3).
    for (const figure of ['rate', 'errors', 'p95']) {
      const colours = await page.evaluate((figure) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`.health-chart-${figure} canvas`);
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) return [0, 0];
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const near = (i: number, rgb: number[]) => rgb.every((c, k) => Math.abs((data[i + k] ?? 0) - c) < 30);
        let blue = 0;
        let orange = 0;
        for (let i = 0; i < data.length; i += 4) {
          if ((data[i + 3] ?? 0) < 100) continue;
          if (near(i, [0x37, 0x94, 0xff])) blue++;
          if (near(i, [0xd1, 0x86, 0x16])) orange++;
        }
        return [blue, orange];
      }, figure);
      assert.ok(
        colours[0]! > 0 && colours[1]! > 0,
        `${figure}: blue ${colours[0]} px, orange ${colours[1]} px`,
      );
    }
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('switches the window by keyboard: asks the host for it and shows its figures', async () => {
    const page = await harness.open();
    const replies = await showRollout(page);

    // From the toolbar's last control ("Server logs", after "Replay to…" whose Clear is hidden with nothing
    // chosen), Tab reaches the section's toggle, then the window.
    await page.locator('#btn-server-logs').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'health-toggle');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'health-window');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() =>
      window.__logViewerPosted.some(
        (m) => m.method === 'health' && (m.params as { windowMs: number }).windowMs === 900_000,
      ),
    );
    const fifteen = replies[900_000]!;
    const all = fifteen.snapshot.all;
    // Over 15 minutes the 10 minutes of calls are all in, and v2's older calls weigh in.
    await page.waitForFunction(
      (want) => document.querySelector('#health-table tfoot td[data-col="rate"]')?.textContent === want,
      formatPerSecond(all.requestsPerSecond),
    );
    assert.deepEqual((await tableText(page)).at(-1), expectedRow('All versions', all));
    assert.equal(await page.locator('.health-chart-title').nth(1).textContent(), 'Errors per 15 s');
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('collapses to one line of figures, by keyboard, and opens again', async () => {
    const page = await harness.open();
    const replies = await showRollout(page);
    await page.locator('#health-toggle').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#health-toggle').getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#health-table').isVisible(), false);
    const all = replies[300_000]!.snapshot.all;
    assert.equal(
      await page.locator('#health-summary').textContent(),
      `${formatPerSecond(all.requestsPerSecond)} req/s · errors ${formatPercent(all.errorRate!)} · p95 ${formatMs(all.latency.p95!)} · v3 worse than v2`,
    );
    assert.equal(await page.locator('#health-summary').isVisible(), true);
    await screenshot(page, 'log-health-collapsed');
    await page.keyboard.press(' ');
    assert.equal(await page.locator('#health-toggle').getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#health-table').isVisible(), true);
    await page.close();
  });

  it('DEFAULT: says latency is not logged there, and draws no p95 chart', async () => {
    const page = await harness.open();
    const clock = clockAt(await page.evaluate(() => Date.now()));
    const rows: LogRow[] = [];
    for (let i = 0; i < 120; i++)
      rows.push({
        ...aCombinedRow({ timeMs: clock.now() - 60_000 + i * 500, httpCode: i % 10 === 0 ? 502 : 200 }),
        outcome: i % 10 === 0 ? 'http-error' : 'ok',
        id: i + 1,
        rev: 0,
      });
    const replies = healthReplies(rows, { clock, servingTool: 'DEFAULT' });
    await answer(page, replies);
    await waitForTable(page, 1);
    const [row] = await tableText(page);
    assert.deepEqual(row, [
      'v1',
      formatPerSecond(replies[300_000]!.snapshot.all.requestsPerSecond),
      '10 %',
      '—',
      'not logged',
    ]);
    assert.match(
      (await page.locator('#health-notes').textContent()) ?? '',
      /Latency is not logged here: DEFAULT deployments write one record per call, with one time\./,
    );
    await page.locator('.health-chart-rate canvas').waitFor();
    assert.equal(await page.locator('.health-chart-p95').isVisible(), false);
    await page.close();
  });

  it('PREDICTIONS: shows no error rate and says why', async () => {
    const page = await harness.open();
    const clock = clockAt(await page.evaluate(() => Date.now()));
    const rows = Array.from({ length: 60 }, (_, i) => ({
      ...aCall(1, clock.now() - 30_000 + i * 500, { latencyMs: 5 }),
      kind: 'response' as const,
      responseKafka: undefined,
    }));
    await answer(page, healthReplies(rows, { clock, servingTool: 'KSERVE', loggingMode: 'PREDICTIONS' }));
    await waitForTable(page, 1);
    const errors = page.locator('#health-table td[data-col="errors"]');
    assert.equal(await errors.textContent(), '—');
    assert.equal(
      await errors.getAttribute('title'),
      'No error rate: failed calls are not logged in this mode.',
    );
    assert.match(
      (await page.locator('#health-notes').textContent()) ?? '',
      /PREDICTIONS mode logs successful responses only: failed calls are not in the topic, so no error rate is shown\./,
    );
    await page.close();
  });
});

describe('log panel health, layout', () => {
  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    for (const width of [800, 1000, 1400]) {
      it(`${theme}, ${width} px: nothing in the strip is cut or wrapped`, async () => {
        const page = await harness.open({ theme, width, height: 820 });
        await populateScene(page);
        await showRollout(page);
        await page.locator('.health-chart-p95 canvas').waitFor();
        const faults = await page.evaluate(() => {
          const out: string[] = [];
          const one = (e: Element) => {
            const r = e.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(e).lineHeight) || 18;
            const text = (e.textContent ?? '').trim();
            if (e.scrollWidth > e.clientWidth + 1) out.push(`cut: ${text}`);
            if (r.height > line * 1.6) out.push(`wrapped (${Math.round(r.height)} px): ${text}`);
            if (r.right > window.innerWidth || r.left < 0) out.push(`outside the window: ${text}`);
          };
          document
            .querySelectorAll(
              '#health-table th, #health-table td, .health-bar > *, .health-chart-title, .health-comparison-part, .health-chart .legend-item',
            )
            .forEach(one);
          // The charts never run under the table.
          const table = document.querySelector('#health-table')!.getBoundingClientRect();
          for (const c of Array.from(document.querySelectorAll('.health-chart'))) {
            const r = c.getBoundingClientRect();
            const apart = r.left >= table.right || r.top >= table.bottom || r.bottom <= table.top;
            if (!apart) out.push('a chart overlaps the table');
            if (r.width < 200) out.push(`a chart is ${Math.round(r.width)} px wide`);
          }
          return out;
        });
        await screenshot(page, `log-health-${theme}-${width}`);
        assert.deepEqual(faults, []);
        assert.deepEqual(await problems(page), []);
        await page.close();
      });
    }
  }
});
