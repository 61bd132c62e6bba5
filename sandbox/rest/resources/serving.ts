// Deployments (hopsworks-rest.md §4, §10.1): list / get / create-or-update / start-stop / delete / logs, as
// ServingService and KubeServingController answer them — quotas, roles and `@Consumes` included, an update
// merged into what is stored, the PUT answer without state, the inference-log topic set up the way
// KafkaServingHelper does it, and what differs between server versions (docs/sandbox-profiles.md).
import { randomInt } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { RestContext } from '../context';
import { checkProject, intParam, projectUrl } from '../context';
import { illegalArgument, restError, webApplicationError } from '../errors';
import { DEFAULT_SCHEMA_VERSION, INFERENCE_SUBJECT, KSERVE_SCHEMA_VERSION } from '../inferenceSchemas';
import { isDeploymentRunning } from '../lifecycle';
import type { Router } from '../router';
import { empty, json } from '../router';
import type { SandboxState, ServingRecord, ServingSpec } from '../state';
import type { TopicRequest, ValidatedServing } from '../validation';
import { mergeSpec, validateServing } from '../validation';
import { createTopicChecked } from './kafka';

const STATUSES = [
  'Creating',
  'Created',
  'Starting',
  'Failed',
  'Running',
  'Idle',
  'Updating',
  'Stopping',
  'Stopped',
];
const LOG_SOURCES = ['kubernetes', 'opensearch'];

export function registerServing(router: Router, ctx: RestContext): void {
  const { state } = ctx;

  router.add('GET', '/project/:pid/serving', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    const name = req.query.get('name');
    if (name !== null && name !== '') {
      const found = state.findServingByName(name);
      if (!found) throw restError('INSTANCE_NOT_FOUND');
      return json(200, servingView(ctx, found));
    }
    const model = req.query.get('model') || null;
    const modelVersion = intParam(req.query.get('modelVersion'), 'modelVersion');
    if (model === null && modelVersion !== undefined) {
      throw illegalArgument('Cannot filter by model version without a model name');
    }
    // ServingStatusEnum.fromString: case-insensitive; an unknown value filters nothing.
    const asked = req.query.get('status')?.toLowerCase();
    const status = STATUSES.find((s) => s.toLowerCase() === asked);
    const list = [...state.servings.values()].filter(
      (s) =>
        (model === null || s.spec.modelName === model) &&
        (modelVersion === undefined || s.spec.modelVersion === modelVersion) &&
        (status === undefined || s.status === status),
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

  router.add(
    'PUT',
    '/project/:pid/serving',
    'SERVING',
    async (req) => {
      checkProject(ctx, req.params.pid);
      const body = parseBody(req.body);
      const requestedId =
        typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
      if (requestedId === undefined || requestedId === null) enforceDeploymentsQuota(state);
      const validated = validateServing(body, { state, scriptExists: (path) => scriptExists(state, path) });
      const existing = validated.id !== undefined ? state.servings.get(validated.id) : undefined;
      if (validated.id !== undefined && !existing) throw restError('INSTANCE_NOT_FOUND');
      const saved = existing
        ? await update(ctx, existing, validated)
        : await create(ctx, validated, req.user);
      return json(201, putView(ctx, saved), { Location: `${projectUrl(ctx)}/serving/${saved.id}` });
    },
    { consumesJson: true, ownerOnly: true },
  );

  router.add(
    'POST',
    '/project/:pid/serving/:id',
    'SERVING',
    (req) => {
      checkProject(ctx, req.params.pid);
      // `action` is a ServingCommands query parameter: JAX-RS answers 404 when fromString cannot parse it.
      const raw = req.query.get('action');
      if (raw === null) throw illegalArgument('Command not provided');
      const action = raw.toUpperCase();
      if (action !== 'START' && action !== 'STOP') throw webApplicationError(404);
      const serving = findServing(ctx, req.params.id);
      if (action === 'START') {
        enforceRunningQuota(state);
        ctx.lifecycle.start(serving);
      } else {
        ctx.lifecycle.stop(serving);
      }
      ctx.log(`serving ${action}: ${serving.spec.name} (id ${serving.id})`);
      return empty(200);
    },
    { consumesJson: true, ownerOnly: true },
  );

  router.add(
    'DELETE',
    '/project/:pid/serving/:id',
    'SERVING',
    (req) => {
      checkProject(ctx, req.params.pid);
      const serving = findServing(ctx, req.params.id);
      ctx.lifecycle.assertDeletable(serving);
      ctx.lifecycle.deleted(serving);
      state.servings.delete(serving.id);
      ctx.log(`serving deleted: ${serving.spec.name} (id ${serving.id})`);
      return empty(200);
    },
    { ownerOnly: true },
  );

  router.add('GET', '/project/:pid/serving/:id/logs', 'SERVING', (req) => {
    checkProject(ctx, req.params.pid);
    return json(200, serverLogs(ctx, req.params.id, req.query));
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

// ---- quotas (QuotasEnforcement: refused when current + 1 > max; -1 = no quota) ----

function enforceDeploymentsQuota(state: SandboxState): void {
  const max = state.quotas.deployments;
  const current = state.servings.size;
  if (max !== -1 && current + 1 > max) {
    const message = `Model deployments quota reached for Project: ${state.project.name}. Current: ${current} Max: ${max}`;
    throw restError('CREATE_ERROR', message);
  }
}

function enforceRunningQuota(state: SandboxState): void {
  const max = state.quotas.runningDeployments;
  const current = [...state.servings.values()].filter(isDeploymentRunning).length;
  if (max !== -1 && current + 1 > max) {
    const message = `Running model deployments quota reached for Project: ${state.project.name}. Current: ${current} Max: ${max}`;
    throw restError('LIFECYCLE_ERROR', message);
  }
}

// ---- the project's file system, as far as scripts go ----

/**
 * Full paths "exist" in the places a user keeps scripts; a path inside a model artifact (≤4.5) exists when
 * the artifact holds that script.
 */
function scriptExists(state: SandboxState, path: string): boolean {
  const artifact = /^(.*)\/(\d+)\/Artifacts\/(\d+)\/(predictor|transformer)-([^/]+)$/.exec(path);
  if (artifact) {
    const [, modelPath = '', version = '', artifactVersion = '', component = '', file = ''] = artifact;
    const name = modelPath.split('/').pop();
    const record = state.artifactsOf(name, Number(version)).get(Number(artifactVersion));
    return (component === 'predictor' ? record?.predictor : record?.transformer) === file;
  }
  const root = `/Projects/${state.project.name}/`;
  return ['Models/', 'Resources/', 'Jupyter/'].some((dir) => path.startsWith(root + dir));
}

const basename = (path: string) => path.split('/').pop() ?? path;

/**
 * ≤4.5 KubeServingController.prepareModelArtifact: "CREATE" (-1 or null) makes the next artifact of the model
 * version (0, MODEL-ONLY, when there are no scripts) and the stored scripts become bare file names inside it;
 * an existing artifact must exist and hold the scripts named.
 */
function prepareArtifact(state: SandboxState, spec: ServingSpec): void {
  if (!state.profile.artifacts) {
    delete spec.artifactVersion;
    return;
  }
  const artifacts = state.artifactsOf(spec.modelName, spec.modelVersion);
  const v = spec.artifactVersion;
  if (v === undefined || v === -1) {
    const shared = !spec.predictor && !spec.transformer;
    const next = shared ? 0 : Math.max(0, ...artifacts.keys()) + 1;
    spec.artifactVersion = next;
    if (spec.predictor) spec.predictor = basename(spec.predictor).replace(/\.ipynb$/, '.py');
    if (spec.transformer) spec.transformer = basename(spec.transformer).replace(/\.ipynb$/, '.py');
    if (!artifacts.has(next)) {
      artifacts.set(next, {
        ...(spec.predictor ? { predictor: spec.predictor } : {}),
        ...(spec.transformer ? { transformer: spec.transformer } : {}),
      });
    }
    return;
  }
  const record = v === 0 ? (artifacts.get(0) ?? {}) : artifacts.get(v);
  if (!record) {
    throw illegalArgument(
      `Artifact with version ${v} does not exist in model ${spec.modelName ?? ''} with version ${spec.modelVersion ?? ''}`,
    );
  }
  if (v > 0) {
    if (spec.predictor !== undefined && record.predictor !== spec.predictor) {
      throw illegalArgument('Predictor script cannot change in an existent artifact');
    }
    if (spec.transformer !== undefined && record.transformer !== spec.transformer) {
      throw illegalArgument('Transformer script cannot change in an existent artifact');
    }
  }
}

// ---- create and update ----

async function create(
  ctx: RestContext,
  v: ValidatedServing,
  username: string | undefined,
): Promise<ServingRecord> {
  const { state } = ctx;
  const spec = v.spec;
  prepareArtifact(state, spec);
  const topicName = await setupTopic(ctx, spec, v.topic, undefined);
  // The topic set-up awaited the broker: a concurrent PUT may have taken the name meanwhile.
  if (state.findServingByName(spec.name)) throw restError('DUPLICATED_ENTRY');
  const member = (username !== undefined ? state.member(username) : undefined) ?? state.members[0];
  const now = Date.now();
  const saved: ServingRecord = {
    id: state.allocateServingId(),
    spec,
    topicName,
    created: now,
    creator: member ? `${member.firstName} ${member.lastName}` : state.userFullName,
    version: 1,
    status: 'Creating',
    condition: { type: 'STOPPED', status: null, reason: '' },
    availableInstances: 0,
    availableTransformerInstances: 0,
    lastActivity: now,
  };
  state.servings.set(saved.id, saved);
  ctx.lifecycle.created(saved);
  ctx.log(`serving created: ${spec.name} (id ${saved.id})`);
  return saved;
}

async function update(
  ctx: RestContext,
  existing: ServingRecord,
  v: ValidatedServing,
): Promise<ServingRecord> {
  const { state } = ctx;
  const old = existing.spec;
  // If the artifact stays, its scripts cannot change (KubeServingController.updateServing).
  if (
    state.profile.artifacts &&
    old.modelName === v.spec.modelName &&
    (old.artifactVersion ?? 0) > 0 &&
    old.artifactVersion === (v.spec.artifactVersion ?? old.artifactVersion)
  ) {
    if (old.predictor !== undefined && old.predictor !== v.spec.predictor) {
      throw illegalArgument('Predictor script cannot change in an existent artifact');
    }
    if (old.transformer !== undefined && old.transformer !== v.spec.transformer) {
      throw illegalArgument('Transformer script cannot change in an existent artifact');
    }
  }
  const merged = mergeSpec(old, v);
  prepareArtifact(state, merged);
  const topicName = await setupTopic(ctx, merged, v.topic, existing);
  // Nothing changed: the server stores nothing and rolls nothing.
  if (isDeepStrictEqual(stripUndefined(merged), stripUndefined(old)) && topicName === existing.topicName) {
    return existing;
  }
  ctx.lifecycle.assertUpdatable(existing);
  existing.spec = merged;
  existing.topicName = topicName;
  existing.version += 1;
  ctx.lifecycle.updated(existing);
  ctx.log(`serving updated: ${merged.name} (id ${existing.id}, version ${existing.version})`);
  return existing;
}

function stripUndefined(spec: ServingSpec): Record<string, unknown> {
  return JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
}

/**
 * KafkaServingHelper.setupKafkaServingTopic: NONE → no topic, CREATE → a new topic (schema v4 for KServe,
 * v3 otherwise; the project's topic quota applies), the stored topic's name → kept, another name → that topic.
 * No `kafkaTopicDTO` at all keeps nothing either: logging is dropped, as the merge replaces the topic.
 */
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
  if (topic.numOfPartitions !== undefined && topic.numOfPartitions <= 0) {
    throw restError('BAD_NUM_PARTITION', 'less than 0');
  }
  const partitions = topic.numOfPartitions ?? state.numericVariable('kafka_num_partitions', 1);
  if (replicas <= 0 || replicas > broker.brokerCount) throw restError('TOPIC_REPLICATION_ERROR');
  let name: string;
  do {
    name = `${spec.name}-inf${String(randomInt(10000)).padStart(4, '0')}`;
  } while (state.topics.has(name));
  await createTopicChecked(ctx, {
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

// ---- views ----

/** What a version writes for the stored definition (shared by GET and the PUT answer). */
function specView(ctx: RestContext, s: ServingRecord): Record<string, unknown> {
  const { state } = ctx;
  const p = state.profile;
  const spec = s.spec;
  const subject = s.topicName ? state.topicSubject(s.topicName) : undefined;
  return {
    id: s.id,
    name: spec.name,
    description: spec.description,
    ...(p.scalingConfig ? { version: s.version } : {}),
    modelName: spec.modelName,
    modelPath: spec.modelPath,
    modelVersion: spec.modelVersion,
    modelFramework: spec.modelFramework,
    modelServer: spec.modelServer,
    servingTool: spec.servingTool,
    predictor: spec.predictor,
    configFile: spec.configFile,
    transformer: spec.transformer,
    ...(p.artifacts ? { artifactVersion: spec.artifactVersion } : {}),
    requestedInstances: spec.requestedInstances,
    requestedTransformerInstances: spec.transformer ? spec.requestedTransformerInstances : undefined,
    predictorResources: spec.predictorResources,
    transformerResources: spec.transformerResources,
    ...(p.scalingConfig
      ? {
          predictorScalingConfig: spec.predictorScalingConfig,
          transformerScalingConfig: spec.transformerScalingConfig,
        }
      : {}),
    ...(p.envVars
      ? {
          predictorEnvVars: spec.predictorEnvVars,
          transformerEnvVars: spec.transformerEnvVars,
          vllmVariant: spec.vllmVariant,
          vllmImageTag: spec.vllmImageTag,
        }
      : {}),
    batchingConfiguration: spec.batchingConfiguration,
    inferenceLogging: spec.inferenceLogging,
    kafkaTopicDTO: s.topicName
      ? {
          name: s.topicName,
          schemaName: subject?.subject,
          schemaVersion: subject?.version,
          schemaContent: subject?.schema,
        }
      : undefined,
    apiProtocol: spec.apiProtocol,
    environmentDTO: spec.environmentDTO,
    projectNamespace: state.project.name.replace(/_/g, '-'),
    created: s.created,
    creator: s.creator,
    deployed: s.deployed,
    revision: s.revision,
  };
}

/** GET: the definition plus the state the controller reads from Kubernetes. */
export function servingView(ctx: RestContext, s: ServingRecord): Record<string, unknown> {
  const spec = s.spec;
  return {
    ...specView(ctx, s),
    status: s.status,
    condition: s.condition,
    availableInstances: s.availableInstances,
    availableTransformerInstances: spec.transformer ? s.availableTransformerInstances : undefined,
    hopsworksInferencePath: `/project/${ctx.state.project.id}/inference/models/${spec.name}`,
    modelServerInferencePath:
      spec.servingTool === 'KSERVE'
        ? `/v1/models/${spec.name}`
        : spec.modelServer === 'TENSORFLOW_SERVING'
          ? `/v1/models/${spec.name}/versions/${spec.modelVersion ?? ''}`
          : '/',
  };
}

/** PUT: ServingView of the saved wrapper, which the controller never fills with a state (§10.1 #2). */
function putView(ctx: RestContext, s: ServingRecord): Record<string, unknown> {
  return specView(ctx, s);
}

// ---- server logs (ServingService.get logs, KubeServingController.getLogs, 5.0 sources) ----

function serverLogs(ctx: RestContext, id: string | undefined, query: URLSearchParams): unknown[] {
  const component = query.get('component') ?? 'predictor';
  const rawTail = query.get('tail');
  // `@QueryParam Integer tail`: a value JAX-RS cannot convert is a 404.
  if (rawTail !== null && !/^[-+]?\d+$/.test(rawTail)) throw webApplicationError(404);
  const tail = rawTail === null ? 5 : Number(rawTail);
  if (component !== 'predictor' && component !== 'transformer') {
    throw illegalArgument('component not valid, possible values are predictor or transformer');
  }
  const serving = findServing(ctx, id);
  const profile = ctx.state.profile;
  // Older servers do not read source/since/until/pod: JAX-RS ignores query parameters a method does not declare.
  const source = profile.logSources ? (query.get('source') ?? 'kubernetes') : 'kubernetes';
  if (!LOG_SOURCES.includes(source)) {
    throw illegalArgument(`source not valid, possible values are ${LOG_SOURCES.join(' or ')}`);
  }
  const pod = profile.logSources ? (query.get('pod') ?? undefined) : undefined;
  if (
    source === 'kubernetes' &&
    ['Creating', 'Created', 'Idle', 'Stopped', 'Stopping'].includes(serving.status)
  ) {
    throw restError('SERVER_LOGS_NOT_AVAILABLE');
  }
  if (component === 'transformer' && (serving.spec.servingTool !== 'KSERVE' || !serving.spec.transformer)) {
    throw illegalArgument('Transformer logs only available in KServe deployments with transformer');
  }
  const logs = ctx.pods.logs;
  if (source === 'kubernetes') return logs.tail(serving.id, component, tail, pod);
  return logs.archive(serving.id, component, {
    tail,
    since: isoParam(query, 'since'),
    until: isoParam(query, 'until'),
    ...(pod !== undefined ? { pod } : {}),
  });
}

function isoParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const at = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(at))
    throw illegalArgument(`${name} must be an ISO-8601 timestamp, e.g. 2025-01-31T14:05:09Z`);
  return at;
}
