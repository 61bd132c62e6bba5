// ≤ 4.5 scripts in model artifacts (shared docs hopsworks-rest.md §10.1 #3): once a deployment has an artifact,
// GET shows its scripts by their bare file names, which name copies inside that artifact
// (`<model path>/<version>/Artifacts/<n>/predictor-<name>`, KubePredictorUtils.getPredictorFilePath). A new
// model version needs a new artifact, and a bare name sent with it (`artifactVersion: -1`) is looked up as given
// and fails with 240016: the script must be named by a full path again.
import type { Deployment } from '../hopsworks/types';
import { artifactTexts } from './ruleTexts';
import type { DeploymentSpec } from './spec';

export type ScriptComponent = 'predictor' | 'transformer';

const isBare = (script: string): boolean => !script.includes('/');

function hasArtifact(d: Deployment | undefined): d is Deployment & { artifactVersion: number } {
  return typeof d?.artifactVersion === 'number' && d.artifactVersion >= 0;
}

/** The script's copy in the deployment's artifact, a full path a new artifact can copy it from. */
export function artifactScriptPath(d: Deployment, component: ScriptComponent): string | undefined {
  const name = d[component];
  if (!hasArtifact(d) || name === undefined || !isBare(name)) return undefined;
  return `${d.modelPath}/${d.modelVersion}/Artifacts/${d.artifactVersion}/${component}-${name}`;
}

/** The spec will be saved into another artifact than the one the deployment has: its model changed. */
function needsNewArtifact(spec: DeploymentSpec, d: Deployment): boolean {
  return spec.model?.name !== d.modelName || spec.model?.version !== d.modelVersion;
}

function scriptOf(spec: DeploymentSpec, component: ScriptComponent): string | undefined {
  return component === 'predictor' ? spec.predictor : spec.transformer.script;
}

/**
 * After the model version changed in the form: a script shown by its bare name is given the full path of its
 * copy in the current artifact (which the new artifact copies), and back when the version returns, so an
 * unchanged deployment still sends what the server showed.
 */
export function followArtifact(spec: DeploymentSpec, existing: Deployment | undefined): void {
  if (!hasArtifact(existing)) return;
  const moving = needsNewArtifact(spec, existing);
  for (const component of ['predictor', 'transformer'] as const) {
    const stored = existing[component];
    const full = artifactScriptPath(existing, component);
    if (stored === undefined || full === undefined) continue;
    const current = scriptOf(spec, component);
    const next = moving && current === stored ? full : !moving && current === full ? stored : current;
    if (next === current) continue;
    if (component === 'predictor') spec.predictor = next;
    else spec.transformer.script = next;
  }
}

/**
 * A bare script name that cannot work: with another model version, or one that is not the name the artifact
 * holds. Undefined when the script is fine as it is.
 */
export function artifactScriptNeedsPath(
  spec: DeploymentSpec,
  existing: Deployment | undefined,
  component: ScriptComponent,
): string | undefined {
  if (!hasArtifact(existing)) return undefined;
  const script = scriptOf(spec, component)?.trim();
  if (!script || !isBare(script)) return undefined;
  if (needsNewArtifact(spec, existing)) return artifactTexts.newVersionNeedsPath(component);
  if (script !== existing[component]) return artifactTexts.notInArtifact(component, existing.artifactVersion);
  return undefined;
}
