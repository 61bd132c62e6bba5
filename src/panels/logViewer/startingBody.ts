// The body a test request and "Copy as curl" start from: the served model version's input_example.json (read
// from the model's folder as hsml does; the model JSON's `inputExample` is only a reference to that file,
// hopsworks-rest.md §10.1 #13) wrapped as a KServe V1 body, else the V1 template. No vscode: tested against the
// sandbox's model files.
import { deploymentModel } from '../../deployments/deploymentModel';
import type { ProjectClient } from '../../hopsworks/projectClient';
import type { Deployment } from '../../hopsworks/types';
import { bodyFromExample, V1_TEMPLATE } from './logViewerTestRequest';

export type InputExampleApi = Pick<ProjectClient, 'getInputExample'>;

export interface StartingBody {
  body: unknown;
  /** `inputExample`: the model version's own example; `template`: it has none (or no model), or it is unreadable. */
  source: 'inputExample' | 'template';
  /** Why the example could not be used, when the model version may have one (for the log, not a failure). */
  problem?: string;
}

export async function startingBody(
  project: InputExampleApi,
  d: Pick<Deployment, 'modelName' | 'modelVersion' | 'modelPath'>,
): Promise<StartingBody> {
  const template: StartingBody = { body: V1_TEMPLATE, source: 'template' };
  const model = deploymentModel(d);
  // A deployment without a model (4.6+) has no registry entry, hence no example.
  if (!model) return template;
  let example: unknown;
  try {
    example = await project.getInputExample(model);
  } catch (err) {
    return {
      ...template,
      problem: `The input example of ${model.name} v${model.version} could not be read: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (example === undefined) return template;
  const body = bodyFromExample(example);
  if (body === undefined) {
    return {
      ...template,
      problem: `The input example of ${model.name} v${model.version} is not a row, a list of rows or an object.`,
    };
  }
  return { body, source: 'inputExample' };
}
