// What a command was run on. From a tree item VS Code passes the item's node; a script, a keybinding or a
// test may pass the object itself (executeCommand('hopsworks.startDeployment', deployment)); from the
// palette nothing, and the command asks with a quick pick instead.
import type { Deployment, ModelVersion } from '../hopsworks/types';

/** The fields read from an argument of unknown shape. */
interface Arg {
  kind?: unknown;
  deployment?: Deployment;
  model?: ModelVersion;
  name?: unknown;
}

function asArg(arg: unknown): Arg | undefined {
  return typeof arg === 'object' && arg !== null ? arg : undefined;
}

/** The deployment of a deployment item ({ kind: 'deployment', deployment }), or a Deployment passed as is. */
export function deploymentOf(arg: unknown): Deployment | undefined {
  const a = asArg(arg);
  if (!a) return undefined;
  // Every tree node has a kind and a Deployment has none: anything else with a kind is another item.
  if ('kind' in a) return a.kind === 'deployment' ? a.deployment : undefined;
  return typeof a.name === 'string' ? (a as Deployment) : undefined;
}

/** The model version of a model-version item ({ kind: 'modelVersion', model }). */
export function modelVersionOf(arg: unknown): ModelVersion | undefined {
  const a = asArg(arg);
  return a?.kind === 'modelVersion' ? a.model : undefined;
}
