// Kafka topics and schemas of a project (hopsworks-rest.md §5).
import { seg } from './absent';
import { HopsworksError } from './errors';
import { badResponse, expectItems, expectList, expectObject } from './responseShape';
import type { Transport, TransportResponse } from './transport';
import type { CreateTopicRequest, KafkaTopic, Subject } from './types';

function kafkaPath(projectId: number): string {
  return `/project/${seg(projectId)}/kafka`;
}

export async function listTopics(t: Transport, projectId: number): Promise<KafkaTopic[]> {
  const res = await t.request({ method: 'GET', path: `${kafkaPath(projectId)}/topics`, scope: 'KAFKA' });
  const expected = 'a list of topics with a "name"';
  return expectItems<KafkaTopic>(res, expectList(res, expected), expected, (o) => typeof o.name === 'string');
}

export async function createTopic(
  t: Transport,
  projectId: number,
  req: CreateTopicRequest,
): Promise<KafkaTopic> {
  const res = await t.request({
    method: 'POST',
    path: `${kafkaPath(projectId)}/topics`,
    body: req,
    scope: 'KAFKA',
    what: `Kafka topic "${req.name}"`,
    action: 'creating a Kafka topic',
  });
  if (res.data === undefined) return { ...req };
  const o = expectObject(res, 'the created topic');
  return { ...req, ...(o as Partial<KafkaTopic>) };
}

function toSubject(res: TransportResponse): Subject {
  const o = expectObject(res, 'a schema subject');
  // The schema is a JSON string; tolerate a server that embeds it as a JSON document instead.
  const schema =
    typeof o.schema === 'string' ? o.schema : o.schema !== undefined ? JSON.stringify(o.schema) : undefined;
  if (typeof o.subject !== 'string' || typeof o.version !== 'number' || schema === undefined) {
    throw badResponse(res, 'a schema subject with "subject", "version" and "schema"');
  }
  return { ...(o as unknown as Subject), schema };
}

/** The subject (Avro schema) the topic uses. */
export async function getTopicSubject(t: Transport, projectId: number, topic: string): Promise<Subject> {
  const res = await t.request({
    method: 'GET',
    path: `${kafkaPath(projectId)}/topics/${seg(topic)}/subjects`,
    scope: 'KAFKA',
    what: `Kafka topic "${topic}"`,
  });
  return toSubject(res);
}

export async function getSubject(
  t: Transport,
  projectId: number,
  subject: string,
  version: number | 'latest',
): Promise<Subject> {
  const path = `${kafkaPath(projectId)}/subjects/${seg(subject)}/versions/${seg(version)}`;
  if (version !== 'latest' && !(Number.isInteger(version) && version > 0)) {
    throw new HopsworksError({
      kind: 'validation',
      message: `Schema version must be a positive whole number or "latest", not ${String(version)}.`,
      method: 'GET',
      path,
    });
  }
  const res = await t.request({ method: 'GET', path, scope: 'KAFKA', what: `Schema subject "${subject}"` });
  return toSubject(res);
}

/**
 * The version numbers registered under `subject`, oldest first. The server answers `text/plain` with a
 * body like `[1, 2, 3, 4]` (valid JSON; the Python client parses it with `response.json()`).
 */
export async function listSubjectVersions(
  t: Transport,
  projectId: number,
  subject: string,
): Promise<number[]> {
  const res = await t.request({
    method: 'GET',
    path: `${kafkaPath(projectId)}/subjects/${seg(subject)}/versions`,
    scope: 'KAFKA',
    what: `Schema subject "${subject}"`,
  });
  const d = res.data;
  if (!Array.isArray(d) || !d.every((v) => Number.isInteger(v) && (v as number) > 0)) {
    throw badResponse(res, 'a list of version numbers such as [1, 2, 3]');
  }
  return [...(d as number[])].sort((a, b) => a - b);
}
