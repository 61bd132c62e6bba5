// The real deployment form (the HTML shell of src/panels/shared/webviewHtml.ts + the bundled
// dist/webview/deploymentForm.js) in headless Chromium, served over loopback HTTP under its real CSP, with a
// stand-in for VS Code's acquireVsCodeApi that records what the page posts and answers the init request.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { defaultSpec } from '../../src/deployments/defaults';
import type { DeploymentSpec } from '../../src/deployments/spec';
import type { KafkaTopic } from '../../src/hopsworks/types';
import type { FormInit, SubmitResult } from '../../src/protocol/deploymentForm';
import { aDeployment, aModelVersion } from '../builders/deployment';
import { DARK_MODERN_TEXT_AND_CONTROLS } from './darkModern';
import { startFormHarness } from './deploymentFormHarness';
import type { FormHarness, Posted } from './deploymentFormHarness';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREENSHOT = path.join(ROOT, 'test-output/screenshots/deployment-form.png');
const EVIL = '<img src=x onerror="window.__pwned=1">';

const variables = {
  kserveInstalled: true,
  scaleToZeroRequired: false,
  maxInstances: 5,
  maxCores: 4,
  maxMemory: 8192,
  maxGpus: 0,
};

const topics: KafkaTopic[] = [
  {
    name: 'irisclassifier-inf4821',
    numOfPartitions: 2,
    numOfReplicas: 1,
    schemaName: 'inferenceschema',
    schemaVersion: 4,
  },
  {
    name: 'fraudtf-inf5510',
    numOfPartitions: 1,
    numOfReplicas: 1,
    schemaName: 'inferenceschema',
    schemaVersion: 3,
  },
  { name: EVIL, numOfPartitions: 1, numOfReplicas: 1, schemaName: 'events', schemaVersion: 1 },
];

const model = aModelVersion({ name: 'irisclassifier', version: 3, framework: 'SKLEARN' });

function createInit(): FormInit {
  const existingNames = ['irisclassifier', 'fraudtf'];
  return {
    context: {
      mode: 'create',
      projectName: 'mlops',
      variables,
      existingNames,
      topics,
      brokerCount: 1,
      versions: [3, 2, 1].map((version) => ({ version, framework: 'SKLEARN' })),
      // A version that is not known: what every Hopsworks version reads (deploymentFormVersions.test.ts has each).
      features: { artifacts: false, scalingConfig: false, envVars: false },
    },
    spec: defaultSpec(model, { projectName: 'mlops', variables, existingNames }),
  };
}

/** A few Dark Modern theme variables, injected the way VS Code injects them into every webview. */
const THEME: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  ...DARK_MODERN_TEXT_AND_CONTROLS,
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textLink-activeForeground': '#4daafc',
  '--vscode-textBlockQuote-background': '#2b2b2b',
  '--vscode-textBlockQuote-border': '#616161',
  '--vscode-input-placeholderForeground': '#989898',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-inputValidation-errorBackground': '#5a1d1d',
  '--vscode-inputValidation-errorBorder': '#be1100',
  '--vscode-inputValidation-infoBackground': '#063b49',
  '--vscode-inputValidation-infoBorder': '#1a85ff',
};

declare global {
  interface Window {
    __pwned?: number;
  }
}

let form: FormHarness;

before(async () => {
  form = await startFormHarness();
});

after(async () => {
  await form?.close();
});

const openForm = (init: FormInit = createInit()): Promise<Page> => form.open(init, { theme: THEME, height: 900 });

/** Page errors, console errors and CSP violations seen so far; every test expects none. */
const problems = (page: Page): Promise<string[]> => form.problems(page);

async function submitMessage(page: Page): Promise<Posted> {
  await page.waitForFunction(() => window.__formPosted.some((m) => m.method === 'submit'));
  const posted = await page.evaluate(() => window.__formPosted);
  return posted.find((m) => m.method === 'submit')!;
}

async function reply(page: Page, id: number, result: SubmitResult): Promise<void> {
  await page.evaluate(
    ({ id, result }) => window.postMessage({ type: 'response', id, ok: true, result }, '*'),
    { id, result },
  );
}

/** The accessibility-tree node of a named text box, as Chromium exposes it to assistive technology. */
async function accessibleField(
  page: Page,
  name: string,
): Promise<{ invalid?: string; description?: string } | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: {
        role?: { value?: string };
        name?: { value?: string };
        description?: { value?: string };
        properties?: { name: string; value: { value?: unknown } }[];
      }[];
    };
    const node = nodes.find((n) => n.role?.value === 'textbox' && n.name?.value === name);
    if (!node) return undefined;
    const invalid = node.properties?.find((p) => p.name === 'invalid')?.value.value;
    return {
      invalid: typeof invalid === 'string' ? invalid : undefined,
      description: node.description?.value,
    };
  } finally {
    await cdp.detach();
  }
}

const isDisabled = (page: Page, sel: string) => page.locator(sel).evaluate((e) => e.hasAttribute('disabled'));

/** The colour a text field's border is drawn in (the toolkit draws it inside its shadow root). */
const borderColor = (page: Page, sel: string) =>
  page
    .locator(sel)
    .evaluate((e) => getComputedStyle(e.shadowRoot!.querySelector('[part="root"]')!).borderTopColor);

/** THEME's --vscode-inputValidation-errorBorder (#be1100), as getComputedStyle reports it. */
const ERROR_BORDER = 'rgb(190, 17, 0)';

describe('deployment form webview', () => {
  it('says ready, then asks for init, and shows the simplified form with the defaults', async () => {
    const page = await openForm();
    const posted = await page.evaluate(() => window.__formPosted);
    assert.deepEqual(posted.slice(0, 2), [
      { type: 'ready' },
      { type: 'request', id: 1, method: 'init', params: {} },
    ]);
    assert.equal(await page.locator('#form-title').textContent(), 'Deploy irisclassifier v3');
    assert.equal(await page.locator('#f-name input').inputValue(), 'irisclassifier2');
    assert.equal(await page.locator('#advanced').isVisible(), false);
    assert.equal(await isDisabled(page, '#submit-create'), false);
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('expands Advanced options; CREATE shows partitions and replicas, an existing topic lists only eligible ones', async () => {
    const page = await openForm();
    const toggle = page.locator('#advanced-toggle');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#advanced').isVisible(), true);
    assert.equal(await page.locator('#box-create-topic').isVisible(), true);
    assert.equal(await page.locator('#f-logger-partitions input').inputValue(), '1');
    assert.equal(await page.locator('#f-logger-replicas input').inputValue(), '1');
    assert.match((await page.locator('#h-logger-replicas').textContent()) ?? '', /At most 1/);

    await page.locator('#f-logger-topic-EXISTING').click();
    assert.equal(await page.locator('#box-create-topic').isVisible(), false);
    assert.equal(await page.locator('#box-existing-topic').isVisible(), true);
    const options = await page.locator('#f-existing-topic vscode-option').allTextContents();
    assert.deepEqual(
      options.map((o) => o.trim()),
      ['irisclassifier-inf4821 (schema v4, 2 partitions)'],
    );
    const excluded = await page.locator('#excluded-topics').textContent();
    assert.match(excluded ?? '', /fraudtf-inf5510.*version 3; KServe deployments need version 4/);

    await page.locator('#f-logger-topic-CREATE').click();
    assert.equal(await page.locator('#box-create-topic').isVisible(), true);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('without KServe the logging mode is fixed to ALL, and the form says why', async () => {
    const page = await openForm();
    await page.locator('#advanced-toggle').click();
    await page.locator('#f-logger-mode-MODEL_INPUTS').click();
    await page.locator('#f-servingTool-DEFAULT').click();
    assert.equal(await page.locator('#f-logger-mode').isVisible(), false);
    const fixed = page.locator('#mode-fixed');
    assert.equal(await fixed.isVisible(), true);
    assert.match(
      (await fixed.textContent()) ?? '',
      /Logs model inputs and predictions \(ALL\).*always log both/,
    );
    // Without KServe a Python deployment needs a predictor script: the form says so and holds the submit.
    assert.match((await page.locator('#e-predictor').textContent()) ?? '', /need a predictor script/);
    assert.equal(await isDisabled(page, '#submit-create'), true);
    await page.locator('#f-predictor input').fill('/Projects/mlops/Models/irisclassifier/3/predict.py');
    assert.equal(await isDisabled(page, '#submit-create'), false);
    await page.locator('#submit-create').click();
    const msg = await submitMessage(page);
    assert.equal(msg.params?.spec.servingTool, 'DEFAULT');
    assert.equal(msg.params?.spec.logger.mode, 'ALL');
    assert.equal(msg.params?.spec.requestedInstances, 1);
    await page.close();
  });

  it('0 partitions shows the error on the field and disables submit until fixed', async () => {
    const page = await openForm();
    await page.locator('#advanced-toggle').click();
    await page.locator('#f-logger-partitions input').fill('0');
    assert.equal(
      await page.locator('#e-logger-partitions').textContent(),
      'Enter a whole number of partitions, 1 or more.',
    );
    assert.equal(await page.locator('#f-logger-partitions').getAttribute('aria-invalid'), 'true');
    assert.equal(await isDisabled(page, '#submit-create'), true);
    assert.equal(await isDisabled(page, '#submit-create-start'), true);
    // What a screen reader gets: the textbox named "Partitions", invalid, described by its hint and error.
    const field = await accessibleField(page, 'Partitions');
    assert.equal(field?.invalid, 'true');
    assert.match(field?.description ?? '', /Enter a whole number of partitions, 1 or more\./);
    assert.match(
      (await page.locator('#form-summary').textContent()) ?? '',
      /Partitions \(Advanced options\)/,
    );
    await page.locator('#f-logger-partitions input').fill('2');
    assert.equal(await page.locator('#e-logger-partitions').isVisible(), false);
    assert.equal(await page.locator('#f-logger-partitions').getAttribute('aria-invalid'), null);
    assert.equal(await isDisabled(page, '#submit-create'), false);
    await page.close();
  });

  it('submits exactly the spec the user chose, shows progress, then edits what it created', async () => {
    const init = createInit();
    const page = await openForm(init);
    await page.locator('#f-name input').fill('irisprod');
    await page.locator('#advanced-toggle').click();
    await page.locator('#f-logger-partitions input').fill('2');
    await page.locator('#f-logger-mode-MODEL_INPUTS').click();
    await page.locator('#f-description').locator('textarea').fill('Iris, logging inputs');
    await page.locator('#submit-create-start').click();
    const msg = await submitMessage(page);

    const expected: DeploymentSpec = structuredClone(init.spec);
    expected.name = 'irisprod';
    expected.logger = { topic: { kind: 'CREATE', partitions: 2, replicas: 1 }, mode: 'MODEL_INPUTS' };
    expected.description = 'Iris, logging inputs';
    assert.deepEqual(msg, {
      type: 'request',
      id: 2,
      method: 'submit',
      params: { action: 'createAndStart', spec: expected },
    });
    assert.equal(await isDisabled(page, '#submit-create'), true, 'no second submit while one runs');

    await page.evaluate(() =>
      window.postMessage(
        {
          type: 'event',
          name: 'progress',
          payload: { phase: 'waiting', message: 'irisprod: Starting', status: 'Starting' },
        },
        '*',
      ),
    );
    await page.locator('#progress-text', { hasText: 'irisprod: Starting' }).waitFor();

    const saved = aDeployment({
      id: 77,
      name: 'irisprod',
      modelName: 'irisclassifier',
      modelVersion: 3,
      status: 'Running',
      inferenceLogging: 'MODEL_INPUTS',
      kafkaTopicDTO: { name: 'irisprod-inf1234', schemaName: 'inferenceschema', schemaVersion: 4 },
    });
    const editInit: FormInit = {
      context: { ...init.context, mode: 'edit', existing: saved },
      spec: {
        ...expected,
        logger: { topic: { kind: 'EXISTING', name: 'irisprod-inf1234' }, mode: 'MODEL_INPUTS' },
      },
    };
    const message =
      'Created deployment irisprod, logging MODEL_INPUTS to topic irisprod-inf1234. Its state is Running.';
    await reply(page, msg.id, { ok: true, outcome: 'running', message, init: editInit });
    await page.locator('#form-title', { hasText: 'Edit deployment irisprod' }).waitFor();
    assert.equal(await page.locator('#form-result').textContent(), message);
    assert.equal(await page.locator('#submit-save').isVisible(), true);
    assert.equal(await page.locator('#submit-create').count(), 0);
    assert.equal(await isDisabled(page, '#f-apiProtocol'), true, 'the API protocol is fixed after creation');
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('a server error lands on its field, and everything typed stays', async () => {
    const page = await openForm();
    await page.locator('#f-name input').fill('irisnolog');
    await page.locator('#advanced-toggle').click();
    await page.locator('#f-logger-partitions input').fill('3');
    await page.locator('#f-environment input').fill('pandas-inference-pipeline');
    await page.locator('#advanced-toggle').click();
    await page.locator('#submit-create').click();
    const msg = await submitMessage(page);
    await reply(page, msg.id!, {
      ok: false,
      fieldErrors: { name: 'A deployment named irisnolog already exists in this project.' },
    });
    await page.locator('#e-name', { hasText: 'already exists' }).waitFor();
    assert.equal(await page.locator('#f-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#f-name input').inputValue(), 'irisnolog');
    assert.equal(await page.locator('#f-logger-partitions input').inputValue(), '3');
    assert.equal(await page.locator('#f-environment input').inputValue(), 'pandas-inference-pipeline');
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, 'f-name', 'focus moves to the field to fix');

    // Editing the field clears the server's message; its own rules take over again.
    await page.locator('#f-name input').fill('irisprod');
    assert.equal(await page.locator('#e-name').isVisible(), false);

    // An error on a field inside the collapsed Advanced options opens them.
    await page.locator('#advanced-toggle').click();
    await page.locator('#submit-create').click();
    await page.waitForFunction(() => window.__formPosted.filter((m) => m.method === 'submit').length === 2);
    const second = (await page.evaluate(() => window.__formPosted)).filter((m) => m.method === 'submit')[1]!;
    await reply(page, second.id!, {
      ok: false,
      fieldErrors: {
        'logger.replicas': 'Hopsworks refused the topic: the replication factor is above the broker count.',
      },
    });
    await page.locator('#e-logger-replicas', { hasText: 'replication factor' }).waitFor();
    assert.equal(await page.locator('#advanced').isVisible(), true);
    await page.close();
  });

  it('outlines an invalid field in the error colour, and only while it is invalid', async () => {
    const page = await openForm();
    assert.notEqual(await borderColor(page, '#f-name'), ERROR_BORDER);
    await page.locator('#f-name input').fill('iris prod');
    await page.locator('#e-name', { hasText: 'cannot contain spaces' }).waitFor();
    assert.equal(await borderColor(page, '#f-name'), ERROR_BORDER, 'also while the field has focus');
    await page.locator('#f-requestedInstances input').focus();
    assert.equal(await borderColor(page, '#f-name'), ERROR_BORDER);
    assert.notEqual(await borderColor(page, '#f-requestedInstances'), ERROR_BORDER);
    await page.locator('#f-name input').fill('irisprod');
    assert.equal(await page.locator('#e-name').isVisible(), false);
    assert.notEqual(await borderColor(page, '#f-name'), ERROR_BORDER);
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('names the fields to fix in the summary exactly as their labels read', async () => {
    const page = await openForm();
    await page.locator('#f-name input').fill('');
    await page.locator('#advanced-toggle').click();
    await page.locator('#f-resources-limits-memory input').fill('0');
    await page.locator('#f-logger-partitions input').fill('0');
    assert.equal(
      await page.locator('#form-summary').textContent(),
      'To fix: Name, Partitions (Advanced options), Memory limit (MB) (Advanced options).',
    );
    // Each name in the summary is the accessible name of the text box it points at, invalid.
    for (const label of ['Name', 'Partitions', 'Memory limit (MB)']) {
      assert.equal((await accessibleField(page, label))?.invalid, 'true', label);
    }
    await page.close();
  });

  it('says "1 partition" of a one-partition topic', async () => {
    const page = await openForm();
    await page.locator('#f-servingTool-DEFAULT').click();
    await page.locator('#advanced-toggle').click();
    await page.locator('#f-logger-topic-EXISTING').click();
    const options = await page.locator('#f-existing-topic vscode-option').allTextContents();
    assert.deepEqual(
      options.map((o) => o.trim()),
      ['fraudtf-inf5510 (schema v3, 1 partition)'],
    );
    await page.close();
  });

  it('locks "Batch requests" off where batching cannot apply, but lets the user untick it', async () => {
    const page = await openForm();
    await page.locator('#advanced-toggle').click();
    assert.equal(await isDisabled(page, '#f-batching'), false);
    await page.locator('#f-servingTool-DEFAULT').click();
    assert.equal(await isDisabled(page, '#f-batching'), true);
    assert.equal(
      await page.locator('#h-batching').textContent(),
      'Python deployments need KServe for request batching.',
    );
    await page.locator('#f-servingTool-KSERVE').click();
    assert.equal(await isDisabled(page, '#f-batching'), false);

    // Ticked on KServe, then KServe dropped: the box stays free so the error it causes can be fixed.
    await page.locator('#f-batching').click();
    await page.locator('#f-servingTool-DEFAULT').click();
    assert.equal(
      await page.locator('#e-batching').textContent(),
      'Request batching in Python deployments needs KServe.',
    );
    assert.equal(await isDisabled(page, '#f-batching'), false);
    await page.locator('#f-batching').click();
    assert.equal(await page.locator('#e-batching').isVisible(), false);
    assert.equal(await isDisabled(page, '#f-batching'), true);
    assert.deepEqual(await problems(page), []);
    await page.close();
  });

  it('renders text from the server as text, never as markup', async () => {
    const page = await openForm();
    await page.locator('#advanced-toggle').click();
    await page.locator('#f-logger-topic-EXISTING').click();
    const excluded = await page.locator('#excluded-topics li').allTextContents();
    assert.ok(
      excluded.some((t) => t.includes(EVIL)),
      'the topic name is shown verbatim',
    );
    await page.locator('#f-logger-topic-CREATE').click();
    await page.locator('#submit-create').click();
    const msg = await submitMessage(page);
    await reply(page, msg.id!, { ok: false, fieldErrors: {}, formError: `Hopsworks said: ${EVIL}` });
    await page.locator('#form-error', { hasText: 'Hopsworks said' }).waitFor();
    assert.equal(await page.locator('#form-error').textContent(), `Hopsworks said: ${EVIL}`);
    // Playwright's CSS engine looks into shadow roots too.
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(await problems(page), []);
    await page.close();
  });
});
