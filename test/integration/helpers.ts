// Shared helpers of the integration suite: the running extension's API, the sandbox's connection, and walking
// the real tree provider the way the tree view does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SandboxInfo } from '../../scripts/vscode/workbench.mjs';
import type { HopsworksExtensionApi } from '../../src/extension';
import type { ProjectClient } from '../../src/hopsworks/projectClient';
import type { Deployment } from '../../src/hopsworks/types';
import { sessionFactory } from '../../src/panels/logViewer/logViewerLoader';
import type { TreeNode } from '../../src/views/treeProvider';

export const EXTENSION_ID = 'hopsworks-community.hopsworks-vscode';

/** What the suite's sandbox printed when it started (sandbox-on-free-ports.mjs), as workbench.mjs types it. */
export type { SandboxInfo };

export function sandbox(): SandboxInfo {
  const raw = process.env.HOPSWORKS_SANDBOX;
  assert.ok(raw, 'HOPSWORKS_SANDBOX is not set: run the suite through scripts/vscode/run-integration.mjs');
  return JSON.parse(raw) as SandboxInfo;
}

export async function extensionApi(): Promise<HopsworksExtensionApi> {
  const ext = vscode.extensions.getExtension<HopsworksExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export async function children(api: HopsworksExtensionApi, node?: TreeNode): Promise<TreeNode[]> {
  return api.tree.getChildren(node);
}

/** The node under `parent` whose label is `label` (fails with the labels that were there). */
export async function child(
  api: HopsworksExtensionApi,
  parent: TreeNode | undefined,
  label: string,
): Promise<TreeNode> {
  const nodes = await children(api, parent);
  const found = nodes.find((n) => n.d.label === label);
  assert.ok(
    found,
    `no "${label}" under ${parent?.d.label ?? 'the root'}; saw ${nodes.map((n) => n.d.label).join(', ')}`,
  );
  return found;
}

/** A message dialog of `vscode.window` that a test answers in the person's place. */
export type MessageDialog = 'showWarningMessage' | 'showInformationMessage';

/**
 * Runs `action` while the extension's `dialog` messages are answered with `answer` (undefined = the person
 * dismissed it), and returns what was shown. The extension and this suite share one `vscode` API object
 * (same extension folder), so this is the dialog the extension really shows.
 */
export async function answeringMessages<T>(
  dialog: MessageDialog,
  answer: string | undefined,
  action: () => Thenable<T> | Promise<T>,
): Promise<{ result: T; asked: string[] }> {
  const asked: string[] = [];
  const window = vscode.window as Record<MessageDialog, unknown>;
  const original = window[dialog];
  window[dialog] = (message: string) => {
    asked.push(message);
    return Promise.resolve(answer);
  };
  try {
    return { result: await action(), asked };
  } finally {
    window[dialog] = original;
  }
}

/** answeringMessages for the extension's modal warnings (its confirmations). */
export function answeringWarnings<T>(
  answer: string | undefined,
  action: () => Thenable<T> | Promise<T>,
): Promise<{ result: T; asked: string[] }> {
  return answeringMessages('showWarningMessage', answer, action);
}

/** Connects the way another extension or a script does, with the person allowing it in the dialog. */
export async function connect(
  api: HopsworksExtensionApi,
  apiKey = sandbox().apiKey,
  project = sandbox().project,
): Promise<boolean> {
  const s = sandbox();
  const { result: ok, asked } = await answeringWarnings('Connect', () =>
    vscode.commands.executeCommand<boolean>('hopsworks.connect', {
      host: s.host,
      port: s.port,
      project,
      apiKey,
    }),
  );
  assert.equal(asked.length, 1, `expected one confirmation, saw: ${asked.join(' | ')}`);
  assert.ok(asked[0]!.includes(`${project} on ${s.host}:${s.port}`), asked[0]);
  return ok === true && api.connection.state.kind === 'connected';
}

export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      assert.fail(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The extension, connected to the sandbox. Activation connects from the settings too (after reading the
 * keychain): whichever connect comes last wins, so this tries until connected.
 */
export async function connectedApi(): Promise<HopsworksExtensionApi> {
  const api = await extensionApi();
  await eventually('a connection to the sandbox', async () =>
    api.connection.state.kind === 'connected' || (await connect(api)) ? true : undefined,
  );
  return api;
}

/** Leaves the workbench as the next suite expects it: no editor open, the extension connected. */
export async function closeEditorsAndReconnect(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const api = await extensionApi();
  if (api.connection.state.kind !== 'connected') await connect(api);
}

/** The log panel's session factory for `deployment`, as the extension builds it: its bundled pipeline, 10 000 rows. */
export function panelSessions(project: ProjectClient, deployment: Deployment, noResponseTimeoutMs = 30_000) {
  return sessionFactory(project, deployment, {
    extensionPath: vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath,
    capacity: 10_000,
    noResponseTimeoutMs,
  });
}

/** A deployment the sandbox seeds, read through `project`; fails saying which one when it is not there. */
export async function seededDeployment(project: ProjectClient, name: string): Promise<Deployment> {
  const deployment = await project.getDeploymentByName(name);
  assert.ok(deployment, `seeded deployment ${name} is missing`);
  return deployment;
}
