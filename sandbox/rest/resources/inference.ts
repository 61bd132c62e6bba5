// Inference through Hopsworks (hopsworks-rest.md §7): `models/{name}[/versions/{n}]:{verb}` answered by the
// sandbox model server, through the same call path as the background traffic: an Idle deployment wakes up,
// the pods log the request, and the call is logged to the deployment's topic as the cluster's logger would.
import type { RestContext } from '../context';
import { checkProject } from '../context';
import { restError } from '../errors';
import type { Reply, Request, Router } from '../router';
import { json } from '../router';

const VERBS = new Set(['predict', 'classify', 'regress', 'test']);
const SERVING_STATES = new Set(['Running', 'Idle', 'Updating']);

export function registerInference(router: Router, ctx: RestContext): void {
  router.add('GET', '/project/:pid/inference/endpoints', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    // No Istio ingress in the sandbox: clients go through the Hopsworks path.
    return json(200, []);
  });

  router.add(
    'POST',
    '/project/:pid/inference/models/:nameVerb',
    'SERVING',
    (req) => infer(ctx, req, req.params.nameVerb ?? '', undefined),
    { consumesJson: true },
  );

  router.add(
    'POST',
    '/project/:pid/inference/models/:name/versions/:versionVerb',
    'SERVING',
    (req) => {
      const [version, verb] = splitVerb(req.params.versionVerb ?? '');
      return infer(ctx, req, `${req.params.name ?? ''}${verb === undefined ? '' : `:${verb}`}`, version);
    },
    { consumesJson: true },
  );
}

function splitVerb(segment: string): [string, string | undefined] {
  const colon = segment.lastIndexOf(':');
  return colon < 0 ? [segment, undefined] : [segment.slice(0, colon), segment.slice(colon + 1)];
}

function infer(ctx: RestContext, req: Request, nameVerb: string, version: string | undefined): Reply {
  checkProject(ctx, req.params.pid);
  const [name, verb] = splitVerb(nameVerb);
  if (verb === undefined || !VERBS.has(verb)) throw restError('MISSING_VERB');
  const serving = ctx.state.findServingByName(name);
  if (!serving) throw restError('SERVING_NOT_FOUND');
  if (!SERVING_STATES.has(serving.status)) throw restError('SERVING_NOT_RUNNING');
  if (version !== undefined && version !== String(serving.spec.modelVersion)) {
    throw restError(
      'SERVING_INSTANCE_BAD_REQUEST',
      `Model version ${version} is not served by deployment ${name} (it serves version ${serving.spec.modelVersion})`,
    );
  }
  if (req.body.trim() === '') throw restError('INFERENCE_BAD_REQUEST', 'Empty request body');

  const userAgent = req.headers['user-agent'];
  const { answer, logged } = ctx.calls.call(serving, req.body, {
    ...(userAgent ? { metadata: JSON.stringify({ 'user-agent': [userAgent] }) } : {}),
  });
  // Hopsworks logs asynchronously and drops what it cannot write; the client's answer never waits for Kafka.
  logged.catch((e: unknown) => ctx.log(`inference log to ${serving.topicName ?? '?'} failed: ${String(e)}`));
  if (answer.status === 200) return { status: 200, text: answer.body, contentType: 'application/json' };
  throw restError(
    answer.status >= 500 ? 'SERVING_INSTANCE_INTERNAL' : 'SERVING_INSTANCE_BAD_REQUEST',
    answer.body,
  );
}
