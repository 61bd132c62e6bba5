// Kafka topics, subjects and broker endpoints (hopsworks-rest.md §5, §6.1). Topics are created for real on
// the sandbox broker, within the project's topic quota; creating and deleting need the Data owner role;
// subject endpoints answer errors in the schema-registry shape.
import type { RestContext } from '../context';
import { checkProject, collection, pagedCollection, projectUrl } from '../context';
import { SchemaRegistryError, illegalArgument, restError } from '../errors';
import type { Router } from '../router';
import { empty, json } from '../router';
import type { SubjectRecord, TopicRecord } from '../state';

export function registerKafka(router: Router, ctx: RestContext): void {
  const { state } = ctx;

  router.add('GET', '/project/:pid/kafka/topics', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    const shared = req.query.getAll('filter_by').find((f) => f.toLowerCase().startsWith('shared:'));
    // Every topic here belongs to the project: shared:true lists nothing.
    let topics = shared?.toLowerCase() === 'shared:true' ? [] : [...state.topics.values()];
    topics = sortTopics(topics, req.query.get('sort_by'));
    const href = `${projectUrl(ctx)}/kafka/topics`;
    return json(
      200,
      pagedCollection(href, topics, req.query, (t) => topicDto(ctx, t)),
    );
  });

  router.add(
    'POST',
    '/project/:pid/kafka/topics',
    'KAFKA',
    async (req) => {
      checkProject(ctx, req.params.pid);
      const body = parseTopicRequest(req.body);
      const record: TopicRecord = {
        name: body.name,
        partitions: body.numOfPartitions,
        replicas: body.numOfReplicas,
        subject: body.schemaName,
        subjectVersion: body.schemaVersion,
      };
      await createTopicChecked(ctx, record);
      const dto = topicDto(ctx, record);
      return json(201, dto, { Location: dto.href as string });
    },
    { consumesJson: true, ownerOnly: true },
  );

  router.add('GET', '/project/:pid/kafka/topics/:topic', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    const topic = findTopic(ctx, req.params.topic);
    const leader = ctx.broker.plaintextBootstrap;
    const href = `${projectUrl(ctx)}/kafka/topics/${encodeURIComponent(topic.name)}`;
    const partitions = Array.from({ length: topic.partitions }, (_, id) => ({
      id,
      leader,
      replicas: [leader],
      inSyncReplicas: [leader],
    }));
    return json(200, collection(href, partitions));
  });

  router.add(
    'DELETE',
    '/project/:pid/kafka/topics/:topic',
    'KAFKA',
    (req) => {
      checkProject(ctx, req.params.pid);
      const topic = findTopic(ctx, req.params.topic);
      state.topics.delete(topic.name);
      // Deployments that logged to it stop logging (the database nulls their topic reference).
      for (const s of state.servings.values()) {
        if (s.topicName === topic.name) {
          s.topicName = undefined;
          s.spec.inferenceLogging = undefined;
        }
      }
      return empty(204);
    },
    { ownerOnly: true },
  );

  router.add('GET', '/project/:pid/kafka/topics/:topic/subjects', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    const topic = findTopic(ctx, req.params.topic);
    const subject = state.findSubject(topic.subject, topic.subjectVersion);
    if (!subject) throw restError('SCHEMA_NOT_FOUND');
    return json(200, subjectDto(subject));
  });

  router.add('GET', '/project/:pid/kafka/subjects', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    const names = [...new Set(state.subjects.map((s) => s.subject))];
    // Java's Arrays.toString: not JSON (strings are not quoted), as a real cluster answers.
    return { status: 200, text: `[${names.join(', ')}]`, contentType: 'text/plain' };
  });

  // The subject-version reads are `@Consumes(APPLICATION_JSON)` too (KafkaResource): a GET with another
  // Content-Type is refused like a write.
  router.add(
    'GET',
    '/project/:pid/kafka/subjects/:subject/versions',
    'KAFKA',
    (req) => {
      checkProject(ctx, req.params.pid);
      const versions = state.subjectVersions(req.params.subject ?? '');
      if (versions.length === 0) throw new SchemaRegistryError(404, 40401);
      return {
        status: 200,
        text: `[${versions.map((v) => v.version).join(', ')}]`,
        contentType: 'text/plain',
      };
    },
    { consumesJson: true },
  );

  router.add(
    'GET',
    '/project/:pid/kafka/subjects/:subject/versions/:version',
    'KAFKA',
    (req) => {
      checkProject(ctx, req.params.pid);
      return json(200, subjectDto(findSubjectVersion(ctx, req.params.subject, req.params.version)));
    },
    { consumesJson: true },
  );

  router.add(
    'GET',
    '/project/:pid/kafka/subjects/:subject/versions/:version/schema',
    'KAFKA',
    (req) => {
      checkProject(ctx, req.params.pid);
      const subject = findSubjectVersion(ctx, req.params.subject, req.params.version);
      return { status: 200, text: subject.schema, contentType: 'application/json' };
    },
    { consumesJson: true },
  );

  router.add('GET', '/project/:pid/kafka/clusterinfo', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    // Hopsworks' listeners are all TLS; `external` picks which one, and both are the mTLS listener here.
    return json(200, { href: `${projectUrl(ctx)}/kafka/clusterinfo`, brokers: [ctx.broker.tlsBootstrap] });
  });
}

/**
 * KafkaController.createTopic: the name must be unused, the project within its topic quota (checked as the
 * server does, `topics > max`), the subject version must exist and the replicas fit the brokers; then the
 * broker creates it. Used by POST /kafka/topics and by a deployment's CREATE.
 */
export async function createTopicChecked(ctx: RestContext, record: TopicRecord): Promise<void> {
  const { state } = ctx;
  if (state.topics.has(record.name)) throw restError('TOPIC_ALREADY_EXISTS', `topic name: ${record.name}`);
  const max = state.quotas.topics;
  if (max !== -1 && state.topics.size > max) {
    throw restError('TOPIC_LIMIT_REACHED', `topic name: ${record.name}, project: ${state.project.name}`);
  }
  if (!state.findSubject(record.subject, record.subjectVersion)) {
    throw restError('SCHEMA_NOT_FOUND', `subject: ${record.subject}, version: ${record.subjectVersion}`);
  }
  if (record.replicas > ctx.broker.brokerCount) {
    throw restError('TOPIC_REPLICATION_ERROR', `maximum: ${ctx.broker.brokerCount}`);
  }
  if (record.partitions <= 0) throw restError('BAD_NUM_PARTITION', 'less than 1');
  try {
    await ctx.broker.createTopic(record.name, record.partitions, record.replicas);
  } catch (e) {
    ctx.log(`could not create topic ${record.name}: ${e instanceof Error ? e.message : String(e)}`);
    throw restError('TOPIC_CREATION_FAILED');
  }
  // A concurrent request may have created it while the broker worked.
  if (state.topics.has(record.name)) throw restError('TOPIC_ALREADY_EXISTS', `topic name: ${record.name}`);
  state.topics.set(record.name, record);
}

interface TopicBody {
  name: string;
  schemaName: string;
  schemaVersion: number;
  numOfReplicas: number;
  numOfPartitions: number;
}

function parseTopicRequest(text: string): TopicBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw restError('WEBAPPLICATION', 'The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null) throw restError('WEBAPPLICATION', 'Expected a JSON object');
  const o = body as Record<string, unknown>;
  const name = o.name;
  if (typeof name !== 'string' || name === '') throw illegalArgument('Topic name not provided');
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(name)) {
    throw illegalArgument("Topic name can only contain ASCII alphanumerics, '.', '_' and '-'");
  }
  if (typeof o.schemaName !== 'string' || typeof o.schemaVersion !== 'number') {
    throw illegalArgument('Schema name and version must be provided');
  }
  // The server compares replicas with the broker count without a null check; a real cluster answers 500.
  if (typeof o.numOfReplicas !== 'number') throw restError('UNKNOWN_ERROR', 'numOfReplicas is required');
  const partitions = typeof o.numOfPartitions === 'number' ? o.numOfPartitions : 1;
  return {
    name,
    schemaName: o.schemaName,
    schemaVersion: o.schemaVersion,
    numOfReplicas: o.numOfReplicas,
    numOfPartitions: partitions,
  };
}

function findTopic(ctx: RestContext, name: string | undefined): TopicRecord {
  const topic = name === undefined ? undefined : ctx.state.topics.get(name);
  if (!topic) throw restError('TOPIC_NOT_FOUND', `name: ${name ?? ''}`);
  return topic;
}

function findSubjectVersion(
  ctx: RestContext,
  subject: string | undefined,
  version: string | undefined,
): SubjectRecord {
  const versions = ctx.state.subjectVersions(subject ?? '');
  if (versions.length === 0) throw new SchemaRegistryError(404, 40401);
  if (version === 'latest') return versions[versions.length - 1] as SubjectRecord;
  if (!/^\d+$/.test(version ?? '')) throw new SchemaRegistryError(422, 42202);
  const found = versions.find((v) => v.version === Number(version));
  if (!found) throw new SchemaRegistryError(404, 40402);
  return found;
}

function sortTopics(topics: TopicRecord[], sortBy: string | null): TopicRecord[] {
  if (!sortBy) return topics;
  const keys = sortBy.split(',').map((part) => {
    const [field = '', dir = 'asc'] = part.split(':');
    return { field: field.toLowerCase(), sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return [...topics].sort((a, b) => {
    for (const { field, sign } of keys) {
      const d =
        field === 'schema_name'
          ? a.subject.localeCompare(b.subject)
          : field === 'name'
            ? a.name.localeCompare(b.name)
            : 0;
      if (d !== 0) return d * sign;
    }
    return 0;
  });
}

function topicDto(ctx: RestContext, t: TopicRecord): Record<string, unknown> {
  return {
    href: `${projectUrl(ctx)}/kafka/topics/${encodeURIComponent(t.name)}`,
    name: t.name,
    numOfReplicas: t.replicas,
    numOfPartitions: t.partitions,
    schemaName: t.subject,
    schemaVersion: t.subjectVersion,
    shared: false,
    ownerProjectId: ctx.state.project.id,
    accepted: true,
  };
}

function subjectDto(s: SubjectRecord): Record<string, unknown> {
  return { id: s.id, subject: s.subject, version: s.version, schema: s.schema };
}
