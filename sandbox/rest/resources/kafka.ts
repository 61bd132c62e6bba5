// Kafka topics, subjects and broker endpoints (hopsworks-rest.md §5, §6.1). Topics are created for real on
// the sandbox broker; subject endpoints answer errors in the schema-registry shape.
import type { CreateTopicRequest } from '../serverTypes';
import type { RestContext } from '../context';
import { checkProject, collection, paginate, projectUrl } from '../context';
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
      collection(
        href,
        paginate(topics, req.query).map((t) => topicDto(ctx, t)),
        topics.length,
      ),
    );
  });

  router.add('POST', '/project/:pid/kafka/topics', 'KAFKA', async (req) => {
    checkProject(ctx, req.params.pid);
    const body = parseTopicRequest(req.body);
    if (state.topics.has(body.name)) throw restError('TOPIC_ALREADY_EXISTS', `name: ${body.name}`);
    if (!state.findSubject(body.schemaName, body.schemaVersion)) {
      throw restError('SCHEMA_NOT_FOUND', `subject: ${body.schemaName}, version: ${body.schemaVersion}`);
    }
    if (body.numOfReplicas > ctx.broker.brokerCount) {
      throw restError('TOPIC_REPLICATION_ERROR', `maximum: ${ctx.broker.brokerCount}`);
    }
    if (body.numOfPartitions <= 0) throw restError('BAD_NUM_PARTITION', 'less than 1');
    try {
      await ctx.broker.createTopic(body.name, body.numOfPartitions, body.numOfReplicas);
    } catch (e) {
      ctx.log(`could not create topic ${body.name}: ${e instanceof Error ? e.message : String(e)}`);
      throw restError('TOPIC_CREATION_FAILED');
    }
    // A concurrent request may have created it while the broker worked.
    if (state.topics.has(body.name)) throw restError('TOPIC_ALREADY_EXISTS', `name: ${body.name}`);
    const record: TopicRecord = {
      name: body.name,
      partitions: body.numOfPartitions,
      replicas: body.numOfReplicas,
      subject: body.schemaName,
      subjectVersion: body.schemaVersion,
    };
    state.topics.set(record.name, record);
    const dto = topicDto(ctx, record);
    return json(201, dto, { Location: dto.href as string });
  });

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

  router.add('DELETE', '/project/:pid/kafka/topics/:topic', 'KAFKA', (req) => {
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
  });

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

  router.add('GET', '/project/:pid/kafka/subjects/:subject/versions', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    const versions = state.subjectVersions(req.params.subject ?? '');
    if (versions.length === 0) throw new SchemaRegistryError(404, 40401);
    return { status: 200, text: `[${versions.map((v) => v.version).join(', ')}]`, contentType: 'text/plain' };
  });

  router.add('GET', '/project/:pid/kafka/subjects/:subject/versions/:version', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    return json(200, subjectDto(findSubjectVersion(ctx, req.params.subject, req.params.version)));
  });

  router.add('GET', '/project/:pid/kafka/subjects/:subject/versions/:version/schema', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    const subject = findSubjectVersion(ctx, req.params.subject, req.params.version);
    return { status: 200, text: subject.schema, contentType: 'application/json' };
  });

  router.add('GET', '/project/:pid/kafka/clusterinfo', 'KAFKA', (req) => {
    checkProject(ctx, req.params.pid);
    // Hopsworks' listeners are all TLS; `external` picks which one, and both are the mTLS listener here.
    return json(200, { href: `${projectUrl(ctx)}/kafka/clusterinfo`, brokers: [ctx.broker.tlsBootstrap] });
  });
}

function parseTopicRequest(text: string): CreateTopicRequest {
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
