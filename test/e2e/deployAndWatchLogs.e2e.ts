// End to end in the real VS Code workbench (code-server in headless Chromium), with the extension from this
// repository and the Hopsworks sandbox: connect through the Connect… prompts, see the deployments, deploy
// irisclassifier v3 from its context menu with a CREATE logger topic (2 partitions, MODEL_INPUTS), watch it
// reach Running, open its inference logs, send a prediction and find it decoded in the panel.
//
// The steps share one workbench and run in order; a step after a failed one fails at once (never skipped).
// Run: npm run test:e2e (builds first), or `node --import tsx --test test/e2e/deployAndWatchLogs.e2e.ts`
// after `node esbuild.js`. Screenshots: test-output/screenshots/e2e-{tree,form,log-panel}.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { SandboxInfo, Workbench } from '../../scripts/vscode/workbench.mjs';
import {
  launchChromium,
  startSandbox,
  startWorkbench,
  stopEverything,
} from '../../scripts/vscode/workbench.mjs';
import {
  answerInputBox,
  clearNotifications,
  contextMenu,
  expand,
  filesContaining,
  LOOK,
  openHopsworksView,
  quickInput,
  rowText,
  sandboxRest,
  screenshot,
  SCREENSHOTS,
  sidebar,
  treeItem,
  webview,
  UI_TIMEOUT_MS,
  widenSidebar,
} from './workbench';

const STEP_MS = 300_000;
const NEW_NAME = 'irisclassifier2';
// Three decimals: the sandbox's background traffic sends one, so this row can only be ours.
const FEATURES = [6.283, 3.141, 5.772, 2.718];

let info: SandboxInfo;
let bench: Workbench;
let browser: Browser;
let page: Page;
let form: FrameLocator;
let logs: FrameLocator;
let topicName = '';
let failedStep: string | undefined;

/** Each step runs only if every earlier one passed; otherwise it fails, naming the first failure. */
function step(title: string, fn: () => Promise<void> | void): void {
  it(title, { timeout: STEP_MS }, async () => {
    assert.equal(failedStep, undefined, `not run: the earlier step "${failedStep}" failed`);
    try {
      await fn();
    } catch (err) {
      failedStep = title;
      // What the page showed when it went wrong, next to the screenshots of the run.
      await page?.screenshot({ path: path.join(SCREENSHOTS, 'e2e-failure.png') }).catch(() => undefined);
      throw err;
    }
  });
}

before(
  async () => {
    info = await startSandbox();
    // Only the CA of the sandbox's self-signed certificate is pre-set (as a person with a private CA would);
    // host, port, key and project are entered through the Connect… prompts.
    bench = await startWorkbench({ settings: { ...LOOK, 'hopsworks.tls.caFile': info.caFile } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    // On a busy machine the workbench needs more than goto's 30 s to fire "load": wait until it is drawn.
    await page.goto(bench.url, { waitUntil: 'commit' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  },
  { timeout: 240_000 },
);

after(async () => {
  await browser?.close();
  await stopEverything();
});

describe('in the VS Code workbench: tree → deployment form → live inference log', () => {
  step('the Hopsworks view offers Connect… before any connection', async () => {
    await openHopsworksView(page);
    await widenSidebar(page, 420);
    const welcome = sidebar(page).locator('.welcome-view-content');
    await welcome.waitFor();
    assert.match(await welcome.innerText(), /Connect to a Hopsworks cluster/);
    await welcome.getByRole('button', { name: 'Connect…' }).waitFor();
  });

  step('connects through the prompts: host, port, API key, then the project from a quick pick', async () => {
    await sidebar(page).locator('.welcome-view-content').getByRole('button', { name: 'Connect…' }).click();
    await answerInputBox(page, /Connect to Hopsworks \(1\/3\)/, info.host);
    await answerInputBox(page, /Connect to Hopsworks \(2\/3\)/, String(info.port));
    const keyBox = quickInput(page).locator('input.input');
    await quickInput(page)
      .locator('.quick-input-title', { hasText: /\(3\/3\)/ })
      .waitFor();
    assert.equal(await keyBox.getAttribute('type'), 'password', 'the API key is typed into a password box');
    await answerInputBox(page, /Connect to Hopsworks \(3\/3\)/, info.apiKey);
    await quickInput(page)
      .locator('.quick-input-title', { hasText: /project/ })
      .waitFor();
    const projects = await quickInput(page).locator('.monaco-list-row').allInnerTexts();
    assert.deepEqual(
      projects.map((p) => p.trim()),
      ['mlops'],
    );
    await quickInput(page).locator('.monaco-list-row', { hasText: 'mlops' }).click();

    await page
      .locator('.notification-list-item', { hasText: `Connected to mlops on 127.0.0.1:${info.port}` })
      .waitFor();
    await clearNotifications(page);
    const project = treeItem(page, 'Project mlops');
    await project.waitFor();
    assert.deepEqual(await rowText(project), { label: 'mlops', description: '127.0.0.1' });
    assert.match(await page.locator('.statusbar').innerText(), /Hopsworks: mlops/);

    // The target is remembered in the user settings; the key is not, anywhere on the server's disk.
    const settings = JSON.parse(
      fs.readFileSync(path.join(bench.userData, 'User', 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.equal(settings['hopsworks.host'], info.host);
    assert.equal(settings['hopsworks.port'], info.port);
    assert.equal(settings['hopsworks.project'], 'mlops');
    assert.deepEqual(filesContaining(path.join(bench.userData, 'User'), info.apiKey), []);
  });

  step('shows the deployments with their states', async () => {
    const expected: Record<string, string> = {
      churnpredictor: 'Stopped · churnpredictor v2',
      fraudtf: 'Running · fraudtf v2',
      irisclassifier: 'Running · irisclassifier v3',
      irisnolog: 'Running · irisclassifier v2',
    };
    for (const [name, description] of Object.entries(expected)) {
      const row = treeItem(page, `Deployment ${name}`);
      await row.waitFor();
      assert.deepEqual(await rowText(row), { label: name, description }, `the row of deployment ${name}`);
    }
    // The state icon matches the words: a green check for Running, a slashed circle for Stopped.
    assert.equal(await treeItem(page, 'Deployment fraudtf').locator('.codicon-pass-filled').count(), 1);
    assert.equal(
      await treeItem(page, 'Deployment churnpredictor').locator('.codicon-circle-slash').count(),
      1,
    );
    await screenshot(page, 'e2e-tree.png');
  });

  step(
    '"Deploy this version…" on irisclassifier v3 opens the form; Advanced options: CREATE, 2 partitions, MODEL_INPUTS',
    async () => {
      const model = treeItem(page, 'Model irisclassifier');
      const v3 = treeItem(page, 'irisclassifier version 3');
      await expand(page, model, v3);
      assert.match((await rowText(v3)).label, /^v3$/);
      await contextMenu(page, v3, /^Deploy this version…$/i);

      form = await webview(page, '#form-title');
      assert.equal(await form.locator('#form-title').textContent(), 'Deploy irisclassifier v3');
      assert.equal(await form.locator('#f-name input').inputValue(), NEW_NAME);
      assert.equal(await form.locator('#advanced').isVisible(), false, 'Advanced options start collapsed');
      await form.locator('#advanced-toggle').click();
      assert.equal(await form.locator('#advanced-toggle').getAttribute('aria-expanded'), 'true');
      await form.locator('#f-logger-topic-CREATE').click();
      await form.locator('#f-logger-partitions input').fill('2');
      await form.locator('#f-logger-mode-MODEL_INPUTS').click();
      assert.equal(await form.locator('#e-logger-partitions').isVisible(), false, 'no error on 2 partitions');
      assert.equal(await form.locator('#submit-create-start').isDisabled(), false);
      await form.locator('#box-create-topic').scrollIntoViewIfNeeded();
      await screenshot(page, 'e2e-form.png');
    },
  );

  step(
    '"Create and start" creates the topic and the deployment, which reaches Running in the tree',
    async () => {
      await form.locator('#submit-create-start').click();
      const result = form.locator('#form-result');
      await result.waitFor({ timeout: 90_000 });
      const message = (await result.textContent()) ?? '';
      assert.match(message, new RegExp(`${NEW_NAME}.*MODEL_INPUTS.*topic ${NEW_NAME}-inf\\d+`));
      topicName = /topic (\S+?)\.?(\s|$)/.exec(message)![1]!;

      const row = treeItem(page, `Deployment ${NEW_NAME}`);
      await row.waitFor({ timeout: 30_000 });
      const seen = new Set<string>();
      const deadline = Date.now() + 90_000;
      for (;;) {
        const { description } = await rowText(row);
        seen.add(description);
        if (description === 'Running · irisclassifier v3') break;
        if (Date.now() > deadline)
          assert.fail(`${NEW_NAME} never showed Running; it showed ${[...seen].join(' | ')}`);
        await page.waitForTimeout(200);
      }
      assert.equal(await row.locator('.codicon-pass-filled').count(), 1);
      assert.match(
        (await row.getAttribute('aria-label')) ?? '',
        new RegExp(`Logging: ${topicName} \\(MODEL_INPUTS\\)`),
      );

      // What the form sent, as Hopsworks stored it.
      const deployment = await sandboxRest(
        info,
        'GET',
        `/project/${info.projectId}/serving?name=${NEW_NAME}`,
      );
      assert.equal(deployment.status, 200);
      const d = deployment.json as {
        modelVersion: number;
        inferenceLogging: string;
        kafkaTopicDTO: { name: string };
      };
      assert.equal(d.modelVersion, 3);
      assert.equal(d.inferenceLogging, 'MODEL_INPUTS');
      assert.equal(d.kafkaTopicDTO.name, topicName);
      const topic = await sandboxRest(info, 'GET', `/project/${info.projectId}/kafka/topics/${topicName}`);
      assert.equal(topic.status, 200);
      // Hopsworks answers with the topic's partitions as the broker reports them.
      const partitions = (topic.json as { items?: { id: number }[] }).items ?? [];
      assert.deepEqual(
        partitions.map((p) => p.id),
        [0, 1],
      );
    },
  );

  step('"Open inference logs" on it opens a live log panel', async () => {
    await contextMenu(page, treeItem(page, `Deployment ${NEW_NAME}`), /^Open inference logs$/i);
    logs = await webview(page, '.state-label');
    await page.locator('.tabs-container .tab.active', { hasText: `Logs: ${NEW_NAME}` }).waitFor();
    await logs.locator('.title', { hasText: NEW_NAME }).waitFor();
    await logs.locator('.state-label', { hasText: /^Live$/ }).waitFor({ timeout: 60_000 });
    assert.match(await logs.locator('body').innerText(), new RegExp(`${topicName}.*MODEL_INPUTS`));
  });

  step('a prediction sent to the sandbox appears decoded in the panel, and its detail opens', async () => {
    const body = { instances: [FEATURES] };
    const answer = await sandboxRest(
      info,
      'POST',
      `/project/${info.projectId}/inference/models/${NEW_NAME}:predict`,
      body,
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { predictions: [2] });

    // Typed into the panel's search box, as a person looks for their request among the background traffic.
    await logs.locator('#filter-text input').fill(String(FEATURES[0]));
    const row = logs.locator('.log-spacer .log-row', { hasText: String(FEATURES[0]) });
    await row.waitFor({ timeout: 60_000 });
    assert.equal(await row.count(), 1);
    assert.equal((await row.locator('.c-kind').textContent())?.trim(), 'request');
    assert.equal((await row.locator('.c-payload').textContent())?.trim(), JSON.stringify(body));

    await row.click();
    const detail = logs.locator('.detail-pane');
    await detail.waitFor();
    const text = await detail.innerText();
    assert.match(text, new RegExp(`${NEW_NAME} \\(id \\d+\\)`));
    assert.match(text, /Model version\s+3/);
    assert.match(text, /responses are not logged in this mode/);
    const request = JSON.parse(
      (await logs.locator('.detail-payload').first().textContent()) ?? '',
    ) as unknown;
    assert.deepEqual(request, body);
    await screenshot(page, 'e2e-log-panel.png');
  });

  step('the API key appears in no log or settings file of the VS Code server', () => {
    assert.deepEqual(filesContaining(path.join(bench.userData, 'logs'), info.apiKey), []);
    assert.deepEqual(filesContaining(path.join(bench.userData, 'User'), info.apiKey), []);
    assert.deepEqual(
      filesContaining(path.dirname(bench.logFile), info.apiKey).filter((f) => f === bench.logFile),
      [],
    );
  });
});
