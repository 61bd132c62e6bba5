// The sandbox's own switches, which a real Hopsworks does not have: the traffic drift (sandbox/data/drift.ts).
// Under the REST API so a test in another process, or a person with curl, can flip it with the sandbox's API key:
//   GET    /hopsworks-api/api/sandbox/drift                         what is on, and the features it can shift
//   PUT    /hopsworks-api/api/sandbox/drift  {"shifts": {"sepal_width": 1.5}}   drift on (replaces)
//   DELETE /hopsworks-api/api/sandbox/drift                         drift off
import { checkDrift } from '../../data/drift';
import { featureNames } from '../../data/features';
import type { RestContext } from '../context';
import { illegalArgument } from '../errors';
import type { Router } from '../router';
import { json } from '../router';

function state(ctx: RestContext) {
  const shifts = ctx.drift.shifts;
  return { enabled: shifts !== undefined, shifts: shifts ?? {}, features: featureNames() };
}

export function registerSandboxControl(router: Router, ctx: RestContext): void {
  router.add('GET', '/sandbox/drift', 'PROJECT', () => json(200, state(ctx)));

  router.add('PUT', '/sandbox/drift', 'PROJECT', (req) => {
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      throw illegalArgument('The body must be JSON: {"shifts": {"<feature>": <amount>}}');
    }
    const shifts =
      typeof body === 'object' && body !== null ? (body as { shifts?: unknown }).shifts : undefined;
    try {
      ctx.drift.set(checkDrift(shifts));
    } catch (e) {
      throw illegalArgument(e instanceof Error ? e.message : String(e));
    }
    ctx.log(`traffic drift on: ${JSON.stringify(ctx.drift.shifts)}`);
    return json(200, state(ctx));
  });

  router.add('DELETE', '/sandbox/drift', 'PROJECT', () => {
    ctx.drift.set(undefined);
    ctx.log('traffic drift off');
    return json(200, state(ctx));
  });
}
