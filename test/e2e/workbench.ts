// Driving the real VS Code workbench (code-server, headless Chromium) the way a person does: the activity bar,
// tree rows, context menus, quick inputs and webview panels. Locators follow VS Code's own DOM and ARIA roles.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { SandboxInfo } from '../../scripts/vscode/workbench.mjs';
import { repo } from '../../scripts/vscode/workbench.mjs';
import { jsonOr, readReply } from '../support/httpsReply';

export const SCREENSHOTS = path.join(repo, 'test-output', 'screenshots');

/**
 * How long one UI action (a click, a wait for an element) may take. Playwright's default is 30 s; on a busy
 * 2-core machine the workbench can take longer than that just to register the extension's views, and a
 * suite that fails for being slow is a broken suite. Time is not what these tests assert.
 */
export const UI_TIMEOUT_MS = 150_000;

/** Workbench settings for the screenshots: the default dark theme, as most people see VS Code. */
export const LOOK = { 'workbench.colorTheme': 'Default Dark Modern' };

export function sidebar(page: Page): Locator {
  return page.locator('[id="workbench.parts.sidebar"]');
}

/** Clicks the Hopsworks icon in the activity bar. */
export async function openHopsworksView(page: Page): Promise<void> {
  await page.locator('.activitybar .action-label[aria-label="Hopsworks"]').click();
  // With one view in the container, VS Code titles the side bar "Hopsworks: Model Serving".
  await sidebar(page)
    .locator('.title-label', { hasText: /Hopsworks/ })
    .waitFor();
}

/** Drags the side bar's edge so tree rows show their whole description in screenshots. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const box = await sidebar(page).boundingBox();
  if (!box || box.width >= width) return;
  const edge = { x: box.x + box.width + 1, y: box.y + box.height / 2 };
  await page.mouse.move(edge.x, edge.y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, edge.y, { steps: 5 });
  await page.mouse.up();
}

/** Closes the notification toasts (they would cover the panels in screenshots). */
export async function clearNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  for (let i = await toasts.count(); i > 0; i--) {
    await toasts.first().hover();
    await toasts.first().locator('.codicon-notifications-clear').click();
  }
}

/**
 * A tree row by the first line of its tooltip (VS Code makes the tooltip the row's accessible name), e.g.
 * `Deployment fraudtf` or `irisclassifier version 3`: the label alone is ambiguous (model and deployment).
 */
export function treeItem(page: Page, firstLine: string): Locator {
  const escaped = firstLine.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return sidebar(page).getByRole('treeitem', { name: new RegExp(`^${escaped}(\\s|,|$)`) });
}

/** What a person reads on a row: label and description, e.g. `fraudtf` / `Running · fraudtf v2`. */
export async function rowText(row: Locator): Promise<{ label: string; description: string }> {
  const label = (await row.locator('.label-name').first().textContent())?.trim() ?? '';
  const description = (await row.locator('.label-description').first().textContent())?.trim() ?? '';
  return { label, description };
}

/** Expands a collapsed row, clicking again if a tree refresh collapsed it meanwhile. */
export async function expand(page: Page, row: Locator, child: Locator, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await child.isVisible())) {
    if (Date.now() > deadline) assert.fail(`expanding ${await row.textContent()} showed no child row`);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await child.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
}

/** Right-clicks a row and chooses a context-menu item. */
export async function contextMenu(page: Page, row: Locator, item: RegExp): Promise<void> {
  await row.click({ button: 'right' });
  const entry = page.getByRole('menuitem', { name: item });
  await entry.waitFor();
  // VS Code's menu ignores a click that arrives before the pointer has moved onto the item.
  await entry.hover();
  await page.waitForTimeout(150);
  await entry.click();
  await entry.waitFor({ state: 'hidden' });
}

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** Types into the open input box and presses Enter, after checking which step of the flow is showing. */
export async function answerInputBox(page: Page, title: RegExp, value: string): Promise<void> {
  const widget = quickInput(page);
  await widget.locator('.quick-input-title', { hasText: title }).waitFor();
  const input = widget.locator('input.input');
  await input.fill(value);
  await input.press('Enter');
}

/**
 * The webview panel (an iframe in an iframe) whose document has `marker`; VS Code keeps hidden panels'
 * frames in the page, so the right one is found by its content.
 */
export async function webview(page: Page, marker: string, timeoutMs = 30_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outer = page.locator('iframe.webview.ready');
    const n = await outer.count();
    for (let i = n - 1; i >= 0; i--) {
      const inner = outer.nth(i).contentFrame().locator('#active-frame').contentFrame();
      if (
        await inner
          .locator(marker)
          .isVisible()
          .catch(() => false)
      )
        return inner;
    }
    if (Date.now() > deadline)
      assert.fail(`no visible webview shows ${marker} (${n} webview frame(s) in the page)`);
    await page.waitForTimeout(250);
  }
}

/** Moves the pointer off the tree (no hover tooltip) and saves a screenshot of the whole window. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.move(page.viewportSize()!.width - 5, page.viewportSize()!.height / 2);
  await page.waitForTimeout(200);
  const file = path.join(SCREENSHOTS, name);
  await page.screenshot({ path: file });
  return file;
}

/** An HTTPS call to the sandbox's REST API with the full-scope key, trusting its CA. */
export function sandboxRest(
  info: SandboxInfo,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: info.host,
        port: info.port,
        method,
        path: `/hopsworks-api/api${apiPath}`,
        ca: fs.readFileSync(info.caFile),
        headers: { authorization: `ApiKey ${info.apiKey}`, 'content-type': 'application/json' },
        timeout: 15_000,
      },
      (res) => {
        // A body that is not JSON comes back as its text, so a failing assertion shows what the server said.
        readReply(res).then(({ status, text }) => resolve({ status, json: jsonOr(text, text) }), reject);
      },
    );
    // The request's own error names only the host and the reason, never the headers.
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${apiPath} timed out`)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Every file under dir whose text contains `secret` (the API key must never reach a log or settings). */
export function filesContaining(dir: string, secret: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).size < 20_000_000 && fs.readFileSync(p).includes(secret))
        hits.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}
