// The model a deployment serves, read defensively: from 4.6 on a deployment may have no model at all (a "Python
// deployment" made with `ModelServing.create_endpoint` runs only its script; hopsworks-rest.md §10.1 #5), and the
// server then omits modelName, modelPath and modelVersion. Everything that names the model goes through here,
// so nothing shows "undefined vundefined" or asks the registry for model "undefined".
import type { Deployment } from '../hopsworks/types';

export interface DeploymentModelRef {
  name: string;
  version: number;
  /** The project whose registry holds the model, when the model path names another one (a shared registry). */
  projectName?: string;
}

type ModelFields = Partial<Pick<Deployment, 'modelName' | 'modelVersion' | 'modelPath'>>;

/** The served model version, or undefined for a deployment without a model. */
export function deploymentModel(d: ModelFields): DeploymentModelRef | undefined {
  const name = typeof d.modelName === 'string' ? d.modelName.trim() : '';
  const version = d.modelVersion;
  if (name === '' || typeof version !== 'number' || !Number.isInteger(version)) return undefined;
  const ref: DeploymentModelRef = { name, version };
  // `/Projects/{project}/Models/{name}`: a model shared from another project's registry lives there.
  const owner = /^\/Projects\/([^/]+)\/Models\//.exec(d.modelPath ?? '')?.[1];
  if (owner) ref.projectName = owner;
  return ref;
}

/** What a person reads for the model: "fraud v2", or that there is none. */
export const NO_MODEL = 'no model';

export function modelLabel(d: ModelFields): string {
  const m = deploymentModel(d);
  return m ? `${m.name} v${m.version}` : NO_MODEL;
}
