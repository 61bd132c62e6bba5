// Shared helpers of the integration suite: the running extension's API, the sandbox's connection, and walking
// the real tree provider the way the tree view does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HopsworksExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/treeProvider';

export const EXTENSION_ID = 'hopsworks-community.hopsworks-vscode';

export interface SandboxInfo {
  host: string;
  port: number;
  project: string;
  projectId: number;
  apiKey: string;
  keys: { noServingScope: string; unknown: string };
}

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

export async function connect(api: HopsworksExtensionApi, apiKey = sandbox().apiKey): Promise<boolean> {
  const s = sandbox();
  const ok = await vscode.commands.executeCommand<boolean>('hopsworks.connect', {
    host: s.host,
    port: s.port,
    project: s.project,
    apiKey,
  });
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
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
