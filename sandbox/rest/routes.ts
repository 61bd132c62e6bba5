// Every endpoint of the sandbox, in one place. Literal segments are registered before parameters that could
// swallow them (`/project/getProjectInfo/x` before `/project/:pid/...`).
import type { RestContext } from './context';
import { registerFeatureStore } from './resources/featurestore';
import { registerInference } from './resources/inference';
import { registerKafka } from './resources/kafka';
import { registerModels } from './resources/models';
import { registerProject } from './resources/project';
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
  return router;
}
