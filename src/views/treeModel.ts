// Pure description of the Hopsworks tree: what each node shows, built from client data.
// No `vscode` import, so the labels, icons and context values a user sees are unit-tested under plain Node;
// views/treeProvider.ts only maps these descriptors onto vscode.TreeItem.
import { deploymentModel, modelLabel } from '../deployments/deploymentModel';
import { loggingModeOf, loggingTopic } from '../deployments/loggerTopics';
import { stateLabel } from '../deployments/stateWords';
import type { Deployment, DeploymentStatus, ModelVersion, ServingTool } from '../hopsworks/types';
import { SERVING_TOOLS, TRANSITIONAL_STATUSES, isOneOf, normalizeStatus } from '../hopsworks/types';

export type NodeKind =
  | 'project'
  | 'modelsSection'
  | 'deploymentsSection'
  | 'model'
  | 'modelVersion'
  | 'deployment'
  | 'detail'
  | 'message';

export interface TreeIcon {
  /** codicon id, e.g. `pass-filled`, `loading~spin` */
  id: string;
  /** theme color id, e.g. `testing.iconPassed` */
  color?: string;
}

export interface NodeDescriptor {
  kind: NodeKind;
  /** stable across refreshes, so VS Code keeps expansion and selection */
  id: string;
  label: string;
  description?: string;
  /** plain text (rendered as text, never as HTML/markdown) */
  tooltip?: string;
  icon?: TreeIcon;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** drives the `viewItem` when clauses of menus in package.json */
  contextValue?: string;
}

export interface ProjectRef {
  projectId: number;
  projectName: string;
  host: string;
}

const STATUS_ICONS: Record<DeploymentStatus, TreeIcon> = {
  RUNNING: { id: 'pass-filled', color: 'testing.iconPassed' },
  IDLE: { id: 'debug-pause', color: 'testing.iconPassed' },
  CREATED: { id: 'circle-large-outline' },
  STOPPED: { id: 'circle-slash', color: 'disabledForeground' },
  FAILED: { id: 'error', color: 'testing.iconFailed' },
  CREATING: { id: 'loading~spin', color: 'charts.yellow' },
  STARTING: { id: 'loading~spin', color: 'charts.yellow' },
  UPDATING: { id: 'loading~spin', color: 'charts.yellow' },
  STOPPING: { id: 'loading~spin', color: 'charts.yellow' },
  UNKNOWN: { id: 'question', color: 'charts.orange' },
};

export function statusIcon(status: DeploymentStatus): TreeIcon {
  return STATUS_ICONS[status];
}

/** The state as the tree shows it (the words are those of deployments/stateWords.ts). */
export function statusLabel(status: DeploymentStatus): string {
  return stateLabel(status);
}

export function isTransitional(d: Deployment): boolean {
  return TRANSITIONAL_STATUSES.has(normalizeStatus(d.status));
}

export function projectNode(p: ProjectRef): NodeDescriptor {
  return {
    kind: 'project',
    id: `project:${p.host}:${p.projectId}`,
    label: p.projectName,
    description: p.host,
    tooltip: `Project ${p.projectName} (id ${p.projectId}) on ${p.host}`,
    icon: { id: 'project' },
    collapsible: 'expanded',
    contextValue: 'project',
  };
}

/** The two sections under a project, in tree order: kind (also its context value), id prefix, label, icon. */
const SECTIONS = [
  { kind: 'modelsSection', idPrefix: 'models', label: 'Models', icon: 'symbol-class' },
  { kind: 'deploymentsSection', idPrefix: 'deployments', label: 'Deployments', icon: 'server-process' },
] as const;

export function sectionNodes(p: ProjectRef): NodeDescriptor[] {
  return SECTIONS.map((s) => ({
    kind: s.kind,
    id: `${s.idPrefix}:${p.projectId}`,
    label: s.label,
    icon: { id: s.icon },
    collapsible: 'expanded',
    contextValue: s.kind,
  }));
}

export function formatDate(epochMs: number | undefined): string | undefined {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return undefined;
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function formatMetrics(metrics: Record<string, number> | undefined): string[] {
  if (!metrics) return [];
  return Object.entries(metrics).map(([k, v]) => `${k}: ${Number.isInteger(v) ? v : v.toFixed(4)}`);
}

/** A model name node; `latest` is the newest version as returned by `filter_by=latest_version`. */
export function modelNode(latest: ModelVersion): NodeDescriptor {
  const lines = [
    `Model ${latest.name}`,
    `Latest version: ${latest.version}`,
    latest.framework ? `Framework: ${latest.framework}` : undefined,
    latest.description ? `Description: ${latest.description}` : undefined,
  ].filter((l): l is string => Boolean(l));
  return {
    kind: 'model',
    id: `model:${latest.name}`,
    label: latest.name,
    description: [`v${latest.version}`, latest.framework].filter(Boolean).join(' · '),
    tooltip: lines.join('\n'),
    icon: { id: 'symbol-misc' },
    collapsible: 'collapsed',
    contextValue: 'model',
  };
}

export function modelVersionNode(m: ModelVersion): NodeDescriptor {
  const created = formatDate(m.created);
  const metrics = formatMetrics(m.metrics);
  const lines = [
    `${m.name} version ${m.version}`,
    m.framework ? `Framework: ${m.framework}` : undefined,
    created ? `Created: ${created}${m.userFullName ? ` by ${m.userFullName}` : ''}` : undefined,
    m.description ? `Description: ${m.description}` : undefined,
    metrics.length ? `Metrics:\n  ${metrics.join('\n  ')}` : 'Metrics: none',
  ].filter((l): l is string => Boolean(l));
  return {
    kind: 'modelVersion',
    id: `modelVersion:${m.name}:${m.version}`,
    label: `v${m.version}`,
    description: [m.framework, created?.slice(0, 10), metrics[0]].filter(Boolean).join(' · '),
    tooltip: lines.join('\n'),
    icon: { id: 'versions' },
    collapsible: 'none',
    contextValue: 'modelVersion',
  };
}

/** Topic + mode as a user reads it, or undefined when the deployment does not log. */
export function loggingSummary(d: Deployment): string | undefined {
  const topic = loggingTopic(d);
  return topic === undefined ? undefined : `${topic} (${loggingModeOf(d)})`;
}

const SERVING_TOOL_LABELS: Record<ServingTool, string> = { KSERVE: 'KServe', DEFAULT: 'Docker/Kubernetes' };

export function servingToolLabel(tool: string | undefined): string {
  // A tool a newer server knows and this code does not is shown as the server names it.
  return isOneOf(SERVING_TOOLS, tool) ? SERVING_TOOL_LABELS[tool] : (tool ?? 'unknown');
}

export function deploymentContextValue(d: Deployment): string {
  const status = normalizeStatus(d.status);
  // One string carries every fact a menu `when` clause needs, matched with `viewItem =~ /…/`. A status the
  // extension does not know is UNKNOWN here, and the menus offer both Start and Stop for it: the server decides.
  return [
    'deployment',
    `status=${status}`,
    deploymentModel(d) ? 'model' : 'nomodel',
    loggingSummary(d) ? 'logging' : 'nologging',
  ].join(';');
}

/**
 * Running instances beside what the deployment asks for. `requestedInstances` is the smallest number (0 = scale to
 * zero), so "1 of 0" read as nonsense; 4.6+ says min and max in `predictorScalingConfig`.
 */
export function instancesSummary(d: Deployment): string | undefined {
  const min = d.predictorScalingConfig?.minInstances ?? d.requestedInstances;
  const max = d.predictorScalingConfig?.maxInstances;
  const parts: string[] = [];
  if (d.availableInstances !== undefined) parts.push(`${d.availableInstances} running`);
  if (min !== undefined && max !== undefined && max !== min) parts.push(`scales from ${min} to ${max}`);
  else if (min === 0) parts.push('scales to zero when unused');
  else if (min !== undefined) parts.push(`${min} requested`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The model line of the tooltip; a deployment without a model runs its script alone. */
function modelLine(d: Deployment): string {
  if (deploymentModel(d)) return `Model: ${modelLabel(d)}`;
  return `Model: none (a Python deployment: it runs its script${d.predictor ? ` ${d.predictor}` : ''} only)`;
}

export function deploymentNode(d: Deployment): NodeDescriptor {
  const status = normalizeStatus(d.status);
  const logging = loggingSummary(d);
  const reason = d.condition?.reason;
  const instances = instancesSummary(d);
  const lines = [
    `Deployment ${d.name}`,
    `Status: ${statusLabel(status)}${d.status && status === 'UNKNOWN' ? ` (${d.status})` : ''}`,
    reason ? `Condition: ${reason}` : undefined,
    modelLine(d),
    `Serving: ${servingToolLabel(d.servingTool)}${d.modelServer ? ` · ${d.modelServer}` : ''}`,
    `Logging: ${logging ?? 'off'}`,
    instances ? `Instances: ${instances}` : undefined,
    d.hopsworksInferencePath ? `Inference path: ${d.hopsworksInferencePath}` : undefined,
  ].filter((l): l is string => Boolean(l));
  return {
    kind: 'deployment',
    id: `deployment:${d.id ?? d.name}`,
    label: d.name,
    description: `${statusLabel(status)} · ${modelLabel(d)}`,
    tooltip: lines.join('\n'),
    icon: statusIcon(status),
    collapsible: 'collapsed',
    contextValue: deploymentContextValue(d),
  };
}

/** The rows under an expanded deployment. */
export function deploymentDetailNodes(d: Deployment): NodeDescriptor[] {
  const key = d.id ?? d.name;
  const detail = (name: string, label: string, description: string, icon: string, tooltip?: string) => ({
    kind: 'detail' as const,
    id: `deployment:${key}:${name}`,
    label,
    description,
    tooltip: tooltip ?? `${label}: ${description}`,
    icon: { id: icon },
    collapsible: 'none' as const,
    contextValue: `detail.${name}`,
  });
  const rows = [
    detail(
      'model',
      'Model',
      deploymentModel(d) ? modelLabel(d) : 'none (runs its script only)',
      'symbol-misc',
    ),
    detail(
      'serving',
      'Serving',
      `${servingToolLabel(d.servingTool)}${d.modelServer ? ` · ${d.modelServer}` : ''}`,
      'server',
    ),
    detail('logging', 'Logging', loggingSummary(d) ?? 'off', 'output'),
  ];
  if (d.condition?.reason) rows.push(detail('condition', 'Condition', d.condition.reason, 'info'));
  return rows;
}

export function messageNode(id: string, label: string, icon = 'info', tooltip?: string): NodeDescriptor {
  return { kind: 'message', id: `message:${id}`, label, tooltip, icon: { id: icon }, collapsible: 'none' };
}

/** Versions newest first: the server cannot sort by version (hopsworks-rest.md §3.1). */
export function sortVersions(versions: ModelVersion[]): ModelVersion[] {
  return [...versions].sort((a, b) => b.version - a.version);
}

export function sortByName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name));
}
