// One server-log document per deployment and component of a project on a cluster, named by a URI that says
// which: `hopsworks-logs://<host>:<port>/<project>/<deployment id>/<deployment>-<component>.log`. The `.log`
// ending gives the editor's Log language (highlighting, folding) and the tab reads "irisclassifier-predictor.log".
// Pure string work; the VS Code layer turns it into a Uri.
import type { DeploymentComponent } from '../hopsworks/types';

export const SERVER_LOG_SCHEME = 'hopsworks-logs';

export interface DocumentKey {
  host: string;
  port: number;
  project: string;
  deploymentId: number;
  deployment: string;
  component: DeploymentComponent;
}

export function documentAuthority(k: DocumentKey): string {
  return `${k.host.toLowerCase()}:${k.port}`;
}

export function documentPath(k: DocumentKey): string {
  return `/${encodeURIComponent(k.project)}/${k.deploymentId}/${encodeURIComponent(k.deployment)}-${k.component}.log`;
}

/** The key a document's authority and path stand for, or undefined when they are not one of ours. */
export function parseDocumentKey(authority: string, path: string): DocumentKey | undefined {
  const a = /^(.+):(\d{1,5})$/.exec(authority);
  const p = /^\/([^/]+)\/(\d+)\/([^/]+)-(predictor|transformer)\.log$/.exec(path);
  if (!a || !p) return undefined;
  try {
    return {
      host: a[1]!,
      port: Number(a[2]),
      project: decodeURIComponent(p[1]!),
      deploymentId: Number(p[2]),
      deployment: decodeURIComponent(p[3]!),
      component: p[4] as DeploymentComponent,
    };
  } catch {
    return undefined;
  }
}
