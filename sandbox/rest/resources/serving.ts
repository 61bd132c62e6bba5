// Deployments (hopsworks-rest.md §4): list / get / create-or-update / start-stop / delete / logs, with the
// inference-log topic set up the way KafkaServingHelper does it.
import { randomInt } from 'node:crypto';
import type { RestContext } from '../context';
import { checkProject, intParam, projectUrl } from '../context';
import { restError } from '../errors';
import { DEFAULT_SCHEMA_VERSION, INFERENCE_SUBJECT, KSERVE_SCHEMA_VERSION } from '../inferenceSchemas';
import type { Router } from '../router';
import { empty, json } from '../router';
import type { ServingRecord, ServingSpec } from '../state';
import type { TopicRequest } from '../validation';
import { validateServing } from '../validation';

export function registerServing(router: Router, ctx: RestContext): void {
  const { state } = ctx;

  router.add('GET', '/project/:pid/serving', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    const name = req.query.get('name');
    if (name !== null) {
      const found = state.findServingByName(name);
      if (!found) throw restError('INSTANCE_NOT_FOUND');
      return json(200, servingView(ctx, found));
    }
    const model = req.query.get('model');
    const modelVersion = intParam(req.query.get('modelVersion'), 'modelVersion');
    const status = req.query.get('status')?.toLowerCase();
    const list = [...state.servings.values()].filter(
      (s) =>
        (model === null || s.spec.modelName === model) &&
        (modelVersion === undefined || (model !== null && s.spec.modelVersion === modelVersion)) &&
        (status === undefined || s.status.toLowerCase() === status),
    );
    return json(
      200,
      list.map((s) => servingView(ctx, s)),
    );
  });

  router.add('GET', '/project/:pid/serving/:id', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    return json(200, servingView(ctx, findServing(ctx, req.params.id)));
  });

  router.add('PUT', '/project/:pid/serving', 'SERVING', async (req) => {
    checkProject(ctx, req.params.pid);
    const validated = validateServing(parseBody(req.body), {
      state,
      scriptExists: (path) => scriptExists(ctx, path),
    });
    const existing = validated.id !== undefined ? state.servings.get(validated.id) : undefined;
    if (existing) ctx.lifecycle.assertUpdatable(existing);
    const topicName = await setupTopic(ctx, validated.spec, validated.topic, existing);

    // The topic set-up awaited the broker: a concurrent PUT may have taken the name meanwhile.
    const sameName = state.findServingByName(validated.spec.name);
    if (sameName && sameName !== existing) throw restError('DUPLICATED_ENTRY');

    let saved: ServingRecord;
    if (existing) {
      existing.spec = validated.spec;
      existing.topicName = topicName;
      ctx.lifecycle.updated(existing);
      saved = existing;
    } else {
      saved = {
        id: state.allocateServingId(),
        spec: validated.spec,
        topicName,
        created: Date.now(),
        creator: state.userFullName,
        status: 'Creating',
        condition: {},
        availableInstances: 0,
      };
      state.servings.set(saved.id, saved);
      ctx.lifecycle.created(saved);
    }
    ctx.log(`serving ${existing ? 'updated' : 'created'}: ${saved.spec.name} (id ${saved.id})`);
    return json(201, servingView(ctx, saved), { Location: `${projectUrl(ctx)}/serving/${saved.id}` });
  });

  router.add('POST', '/project/:pid/serving/:id', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    const serving = findServing(ctx, req.params.id);
    const action = req.query.get('action');
    if (action === null || action === '') throw restError('COMMAND_NOT_PROVIDED');
    switch (action.toUpperCase()) {
      case 'START':
        ctx.lifecycle.start(serving);
        break;
      case 'STOP':
        ctx.lifecycle.stop(serving);
        break;
      default:
        throw restError('COMMAND_NOT_RECOGNIZED', `Unknown action: ${action}`);
    }
    ctx.log(`serving ${action.toUpperCase()}: ${serving.spec.name} (id ${serving.id})`);
    return empty(200);
  });

  router.add('DELETE', '/project/:pid/serving/:id', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    const serving = findServing(ctx, req.params.id);
    ctx.lifecycle.forget(serving.id);
    state.servings.delete(serving.id);
    ctx.log(`serving deleted: ${serving.spec.name} (id ${serving.id})`);
    return empty(200);
  });

  router.add('GET', '/project/:pid/serving/:id/logs', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    const serving = findServing(ctx, req.params.id);
    const component = (req.query.get('component') ?? 'predictor').toLowerCase();
    const tail = intParam(req.query.get('tail'), 'tail') ?? 5;
    if (component !== 'predictor' && component !== 'transformer') {
      throw restError('WEBAPPLICATION', `Unknown component: ${component}`);
    }
    if (!['Running', 'Idle', 'Updating', 'Failed'].includes(serving.status)) {
      throw restError('SERVER_LOGS_NOT_AVAILABLE', 'Deployment is not running');
    }
    if (component === 'transformer' && !serving.spec.transformer) {
      throw restError('SERVER_LOGS_NOT_AVAILABLE', 'Deployment has no transformer');
    }
    const lines = serverLog(ctx, serving, component);
    return json(200, [
      {
        instanceName: `${serving.spec.name}-${component}-00001-deployment-7c9d5b8f6d-x2k4q`,
        content: lines.slice(Math.max(0, lines.length - Math.max(0, tail))).join('\n'),
      },
    ]);
  });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw restError('WEBAPPLICATION', 'The request body is not valid JSON');
  }
}

function findServing(ctx: RestContext, id: string | undefined): ServingRecord {
  const n = intParam(id, 'servingId');
  const serving = n === undefined ? undefined : ctx.state.servings.get(n);
  if (!serving) throw restError('INSTANCE_NOT_FOUND');
  return serving;
}

// The project's file system is not modelled; scripts "exist" in the places a user keeps them.
function scriptExists(ctx: RestContext, path: string): boolean {
  const root = `/Projects/${ctx.state.project.name}/`;
  return ['Models/', 'Resources/', 'Jupyter/'].some((dir) => path.startsWith(root + dir));
}

/** KafkaServingHelper.setupKafkaServingTopic: NONE → no topic, CREATE → a new topic, else the named one. */
async function setupTopic(
  ctx: RestContext,
  spec: ServingSpec,
  topic: TopicRequest | undefined,
  existing: ServingRecord | undefined,
): Promise<string | undefined> {
  if (!topic || topic.name.toUpperCase() === 'NONE') return undefined;
  if (topic.name.toUpperCase() !== 'CREATE') return topic.name;

  const { state, broker } = ctx;
  const replicas = topic.numOfReplicas ?? state.numericVariable('kafka_num_replicas', 1);
  if (replicas <= 0 || replicas > broker.brokerCount) throw restError('TOPIC_REPLICATION_ERROR');
  const partitions = topic.numOfPartitions ?? state.numericVariable('kafka_num_partitions', 1);
  if (partitions <= 0) throw restError('BAD_NUM_PARTITION', 'less than 0');

  let name: string;
  do {
    name = `${spec.name}-inf${String(randomInt(10000)).padStart(4, '0')}`;
  } while (state.topics.has(name));
  try {
    await broker.createTopic(name, partitions, replicas);
  } catch (e) {
    ctx.log(`could not create topic ${name}: ${e instanceof Error ? e.message : String(e)}`);
    throw restError('TOPIC_CREATION_FAILED');
  }
  state.topics.set(name, {
    name,
    partitions,
    replicas,
    subject: INFERENCE_SUBJECT,
    subjectVersion: spec.servingTool === 'KSERVE' ? KSERVE_SCHEMA_VERSION : DEFAULT_SCHEMA_VERSION,
  });
  ctx.log(
    `topic created for ${existing ? 'updated' : 'new'} deployment ${spec.name}: ${name} (${partitions} partitions)`,
  );
  return name;
}

export function servingView(ctx: RestContext, s: ServingRecord): Record<string, unknown> {
  const { state } = ctx;
  const subject = s.topicName ? state.topicSubject(s.topicName) : undefined;
  return {
    id: s.id,
    ...s.spec,
    inferenceLogging: s.topicName ? s.spec.inferenceLogging : undefined,
    kafkaTopicDTO: s.topicName
      ? {
          name: s.topicName,
          schemaName: subject?.subject,
          schemaVersion: subject?.version,
          schemaContent: subject?.schema,
        }
      : undefined,
    projectNamespace: state.project.name.replace(/_/g, '-'),
    created: s.created,
    creator: s.creator,
    status: s.status,
    condition: s.condition,
    availableInstances: s.availableInstances,
    availableTransformerInstances: s.spec.transformer ? s.availableInstances : undefined,
    hopsworksInferencePath: `/project/${state.project.id}/inference/models/${s.spec.name}`,
    modelServerInferencePath: `/v1/models/${s.spec.name}:predict`,
    internalPort: s.spec.servingTool === 'KSERVE' ? undefined : 8501,
    deployed: s.deployed,
    revision: s.revision,
  };
}

function serverLog(ctx: RestContext, s: ServingRecord, component: string): string[] {
  const since = new Date(s.deployed ?? s.created).toISOString();
  const model = ctx.state.findModel(s.spec.modelName, s.spec.modelVersion);
  if (s.status === 'Failed' && model?.failReason) {
    return [
      `${since} INFO Loading model ${s.spec.modelName} version ${s.spec.modelVersion}`,
      `${since} INFO Importing predictor script ${s.spec.predictor ?? ''}`,
      'Traceback (most recent call last):',
      `  File "${s.spec.predictor ?? 'predictor.py'}", line 3, in <module>`,
      '    import xgboost as xgb',
      "ModuleNotFoundError: No module named 'xgboost'",
      `${since} ERROR Predictor exited with code 1, back-off restarting failed container`,
    ];
  }
  if (s.spec.modelServer === 'TENSORFLOW_SERVING') {
    return [
      `${since} I tensorflow_serving/model_servers/server_core.cc:465] Adding/updating models.`,
      `${since} I tensorflow_serving/core/loader_harness.cc:66] Approving load for servable version {name: ${s.spec.modelName} version: ${s.spec.modelVersion}}`,
      `${since} I tensorflow_serving/core/loader_harness.cc:95] Successfully loaded servable version {name: ${s.spec.modelName} version: ${s.spec.modelVersion}}`,
      `${since} I tensorflow_serving/model_servers/server.cc:430] Exporting HTTP/REST API at:localhost:8501 ...`,
    ];
  }
  return [
    `${since} INFO kserve.model_server: Registering model: ${s.spec.name}`,
    `${since} INFO kserve.model_server: Setting max asyncio worker threads as 5`,
    `${since} INFO kserve.model_server: Starting uvicorn with 1 workers (${component})`,
    `${since} INFO uvicorn.error: Application startup complete.`,
    `${since} INFO uvicorn.access: "POST /v1/models/${s.spec.name}:predict HTTP/1.1" 200`,
  ];
}
