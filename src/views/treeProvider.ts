// Maps the pure node descriptors of treeModel.ts onto VS Code's tree, loads children from the connected
// project, and polls the deployments section while any deployment is in a transitional state.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import { FRESH } from '../hopsworks/readShare';
import type { Deployment, ModelVersion } from '../hopsworks/types';
import type { NodeDescriptor } from './treeModel';
import {
  deploymentDetailNodes,
  deploymentNode,
  isTransitional,
  messageNode,
  modelNode,
  modelVersionNode,
  projectNode,
  sectionNodes,
  sortByName,
  sortVersions,
} from './treeModel';

/** A tree element: what it shows plus the data its commands act on. */
export type TreeNode =
  | { d: NodeDescriptor; kind: 'project' | 'modelsSection' | 'deploymentsSection' | 'detail' | 'message' }
  | { d: NodeDescriptor; kind: 'model'; model: ModelVersion }
  | { d: NodeDescriptor; kind: 'modelVersion'; model: ModelVersion }
  | { d: NodeDescriptor; kind: 'deployment'; deployment: Deployment };

export const POLL_INTERVAL_MS = 5000;

export class HopsworksTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private deploymentsSection?: TreeNode;
  private pollTimer?: NodeJS.Timeout;
  /** The next deployments load is a poll: it asks the server instead of taking a shared answer. */
  private pollDue = false;
  /** the last deployments the tree showed, for commands invoked from the palette */
  private lastDeployments: Deployment[] = [];
  private readonly firstRender: Promise<void>;
  private resolveFirstRender!: () => void;

  constructor(
    private readonly connection: ConnectionManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.firstRender = new Promise((r) => (this.resolveFirstRender = r));
    this.disposables.push(connection.onDidChange(() => this.refresh()));
  }

  /** Resolves once the deployments have been loaded for the first time (used to measure activation). */
  whenDeploymentsShown(): Promise<void> {
    return this.firstRender;
  }

  get deployments(): readonly Deployment[] {
    return this.lastDeployments;
  }

  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  refreshDeployments(): void {
    this.changed.fire(this.deploymentsSection);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const d = node.d;
    const item = new vscode.TreeItem(
      d.label,
      d.collapsible === 'none'
        ? vscode.TreeItemCollapsibleState.None
        : d.collapsible === 'expanded'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = d.id;
    item.description = d.description;
    // Plain string tooltips are rendered as text: nothing from the server is interpreted as markdown.
    item.tooltip = d.tooltip;
    item.contextValue = d.contextValue;
    if (d.icon) {
      item.iconPath = new vscode.ThemeIcon(
        d.icon.id,
        d.icon.color ? new vscode.ThemeColor(d.icon.color) : undefined,
      );
    }
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const state = this.connection.state;
    if (state.kind !== 'connected') {
      // An empty root shows the welcome view (connect button, or the error), defined in package.json.
      return [];
    }
    const project = state.project;
    try {
      if (!node) {
        return [
          {
            kind: 'project',
            d: projectNode({
              projectId: project.projectId,
              projectName: project.projectName,
              host: state.target.host,
            }),
          },
        ];
      }
      switch (node.kind) {
        case 'project': {
          const [models, deployments] = sectionNodes({
            projectId: project.projectId,
            projectName: project.projectName,
            host: state.target.host,
          });
          this.deploymentsSection = { kind: 'deploymentsSection', d: deployments! };
          return [{ kind: 'modelsSection', d: models! }, this.deploymentsSection];
        }
        case 'modelsSection': {
          const latest = sortByName(await project.listLatestModels());
          if (latest.length === 0)
            return [{ kind: 'message', d: messageNode('noModels', 'No models in this project') }];
          return latest.map((m) => ({ kind: 'model', model: m, d: modelNode(m) }));
        }
        case 'model': {
          const versions = sortVersions(await project.listModelVersions(node.model.name));
          return versions.map((m) => ({ kind: 'modelVersion', model: m, d: modelVersionNode(m) }));
        }
        case 'deploymentsSection': {
          const fresh = this.pollDue;
          this.pollDue = false;
          const deployments = sortByName(await project.listDeployments(fresh ? FRESH : undefined));
          this.lastDeployments = deployments;
          this.schedulePoll(deployments);
          this.resolveFirstRender();
          if (deployments.length === 0) {
            return [{ kind: 'message', d: messageNode('noDeployments', 'No deployments yet') }];
          }
          return deployments.map((dep) => ({ kind: 'deployment', deployment: dep, d: deploymentNode(dep) }));
        }
        case 'deployment':
          return deploymentDetailNodes(node.deployment).map((d) => ({ kind: 'detail', d }));
        default:
          return [];
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Loading ${node?.d.label ?? 'the tree'} failed: ${message}`);
      if (node?.kind === 'deploymentsSection') this.resolveFirstRender();
      return [
        { kind: 'message', d: messageNode(`error:${node?.d.id ?? 'root'}`, message, 'error', message) },
      ];
    }
  }

  /** While anything is transitional, reload the deployments about every 5 s until it settles. */
  private schedulePoll(deployments: Deployment[]): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (deployments.some(isTransitional)) {
      this.pollTimer = setTimeout(() => {
        this.pollDue = true;
        this.refreshDeployments();
      }, POLL_INTERVAL_MS);
    }
  }

  dispose(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
