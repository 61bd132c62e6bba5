// Every endpoint of the sandbox, in one place. Literal segments are registered before parameters that could
// swallow them (`/project/getProjectInfo/x` before `/project/:pid/...`).
import type { RestContext } from './context';
import { registerDatasets } from './resources/datasets';
import { registerFeatureStore } from './resources/featurestore';
import { registerFeatureViews } from './resources/featureViews';
import { registerInference } from './resources/inference';
import { registerKafka } from './resources/kafka';
import { registerModels } from './resources/models';
import { registerProject } from './resources/project';
import { registerProvenance } from './resources/provenance';
import { registerSandboxControl } from './resources/sandboxControl';
import { registerServing } from './resources/serving';
import { registerVariables } from './resources/variables';
import { Router } from './router';

export function buildRouter(ctx: RestContext): Router {
  const router = new Router();
  registerVariables(router, ctx);
  registerProject(router, ctx);
  registerModels(router, ctx);
  registerServing(router, ctx);
  registerKafka(router, ctx);
  registerFeatureStore(router, ctx);
  registerInference(router, ctx);
  registerDatasets(router, ctx);
  registerFeatureViews(router, ctx);
  registerProvenance(router, ctx);
  registerSandboxControl(router, ctx);
  return router;
}
