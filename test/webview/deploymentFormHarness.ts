// The deployment form's browser harness: the real HTML shell of src/panels/shared/webviewHtml.ts and the bundled
// dist/webview/deploymentForm.js in headless Chromium under the real CSP, with a stand-in for VS Code's
// acquireVsCodeApi that records what the page posts and answers its init request with the given FormInit.
import type { Browser, Page } from 'playwright-core';
import type { DeploymentSpec } from '../../src/deployments/spec';
import type { FormInit } from '../../src/protocol/deploymentForm';
import { launchChromium } from '../support/chromium';
import { buildWebviewBundle } from '../support/webviewBundle';
import type { WebviewServer } from '../support/webviewServer';
import { serveWebview } from '../support/webviewServer';

export interface Posted {
  type: string;
  id?: number;
  method?: string;
  params?: { action: string; spec: DeploymentSpec };
}

declare global {
  interface Window {
    __formPosted: Posted[];
    __formProblems: string[];
  }
}

export interface FormOptions {
  /** VS Code theme colours (CSS variables) for the document; none by default. */
  theme?: Record<string, string>;
  /** Viewport height in pixels (the width is 900). */
  height?: number;
}

export interface FormHarness {
  open(init: FormInit, opts?: FormOptions): Promise<Page>;
  /** Page errors, console errors and CSP violations seen on a page so far. */
  problems(page: Page): Promise<string[]>;
  close(): Promise<void>;
}

export async function startFormHarness(): Promise<FormHarness> {
  const server: WebviewServer = await serveWebview({
    bundle: await buildWebviewBundle('deploymentForm'),
    title: 'Deployment form',
  });
  const browser: Browser = await launchChromium();
  const errors = new WeakMap<Page, string[]>();
  return {
    async open(init, opts = {}) {
      const page = await browser.newPage({ viewport: { width: 900, height: opts.height ?? 1000 } });
      const seen: string[] = [];
      errors.set(page, seen);
      page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') seen.push(`console: ${m.text()}`);
      });
      // A string, not a function: the test runner's TypeScript transform would add helpers the page lacks.
      await page.addInitScript(`
        window.__formPosted = [];
        window.__formProblems = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__formProblems.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));
        const init = ${JSON.stringify(init)};
        window.acquireVsCodeApi = () => ({
          postMessage(m) {
            window.__formPosted.push(JSON.parse(JSON.stringify(m)));
            if (m.type === 'request' && m.method === 'init') {
              setTimeout(() => window.postMessage({ type: 'response', id: m.id, ok: true, result: init }, '*'), 0);
            }
          },
          getState() { return undefined; },
          setState() {},
        });
        // VS Code puts the theme's colours on the document as CSS variables; the element exists only later.
        document.addEventListener('DOMContentLoaded', () => {
          for (const [k, v] of Object.entries(${JSON.stringify(opts.theme ?? {})}))
            document.documentElement.style.setProperty(k, v);
        });
      `);
      await page.goto(server.origin);
      await page
        .locator('#form-title')
        .waitFor({ timeout: 10_000 })
        .catch((e: unknown) => {
          throw new Error(`The form did not render (${seen.join(' | ')}): ${String(e)}`);
        });
      return page;
    },
    async problems(page) {
      const own = errors.get(page)?.splice(0) ?? [];
      return [...own, ...(await page.evaluate(() => window.__formProblems.splice(0)))];
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** The spec of the first submit the page posted (waits for it). */
export async function submittedSpec(page: Page): Promise<DeploymentSpec> {
  await page.waitForFunction(() => window.__formPosted.some((m) => m.method === 'submit'));
  const posted = await page.evaluate(() => window.__formPosted);
  return posted.find((m) => m.method === 'submit')!.params!.spec;
}

export const isDisabled = (page: Page, sel: string): Promise<boolean> =>
  page.locator(sel).evaluate((e) => e.hasAttribute('disabled'));

/** Picks an option of a toolkit drop-down the way a person does: open it, click the option. */
export async function choose(page: Page, dropdown: string, option: string): Promise<void> {
  await page.locator(dropdown).click();
  const item = page.locator(`${dropdown} vscode-option`, { hasText: option });
  const value = await item.getAttribute('value');
  await item.click();
  // The toolkit sets its value and fires the form's change handler (which derives other fields) while it handles
  // the click, which may end after Playwright's click returns; wait for the value so the test reads the form
  // after the choice. On a busy machine the read came first once (a ≤ 4.5 script path still bare after v3).
  const wanted: { sel: string; value: string | null } = { sel: dropdown, value };
  await page.waitForFunction(
    (w) => document.querySelector<HTMLElement & { value?: string }>(w.sel)?.value === w.value,
    wanted,
  );
}
