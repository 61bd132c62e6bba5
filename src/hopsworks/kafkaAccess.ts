// What a Kafka consumer outside the cluster needs: the project's TLS material and the broker addresses
// (hopsworks-rest.md §6).
import { seg } from './absent';
import { HopsworksError } from './errors';
import { badResponse, expectList, expectObject, isObject } from './responseShape';
import type { Transport } from './transport';
import type { Credentials } from './types';

/** PEM client certificate, key and CA chain. Secrets: keep in memory, never log. */
export async function getCredentials(t: Transport, projectId: number): Promise<Credentials> {
  const res = await t.request({
    method: 'GET',
    path: `/project/${seg(projectId)}/credentials`,
    scope: 'PROJECT',
  });
  const o = expectObject(res, 'project credentials');
  if (typeof o.caChain !== 'string' || typeof o.clientCert !== 'string' || typeof o.clientKey !== 'string') {
    throw badResponse(res, 'project credentials with "caChain", "clientCert" and "clientKey"');
  }
  return o as unknown as Credentials;
}

function splitServers(list: string[]): string[] {
  // Entries may carry a listener prefix (`EXTERNAL://host:port`); clients want host:port.
  return list.map((s) => s.trim().replace(/^[A-Za-z_]+:\/\//, '')).filter((s) => s !== '');
}

/**
 * The connector route is absent (404, before 3.4), or the key lacks the FEATURESTORE scope (403): the Python
 * client never uses it and asks `clusterinfo` (scope KAFKA) instead, and so do we (shared docs §10.2 #1).
 */
function connectorUnavailable(e: unknown): boolean {
  return e instanceof HopsworksError && (e.status === 404 || e.status === 403);
}

/** 3.4+: the feature store's Kafka connector, external listeners. Undefined when the route is absent or empty. */
async function fromKafkaConnector(t: Transport, projectId: number): Promise<string[] | undefined> {
  const fsRes = await t.request({
    method: 'GET',
    path: `/project/${seg(projectId)}/featurestores`,
    scope: 'FEATURESTORE',
  });
  const first = expectList(fsRes, 'a list of feature stores')[0];
  if (first === undefined) return undefined;
  if (!isObject(first) || typeof first.featurestoreId !== 'number') {
    throw badResponse(fsRes, 'feature stores with a "featurestoreId"');
  }
  const res = await t.request({
    method: 'GET',
    path: `/project/${seg(projectId)}/featurestores/${seg(first.featurestoreId)}/storageconnectors/kafka_connector/byok`,
    query: new URLSearchParams({ external: 'true' }),
    scope: 'FEATURESTORE',
  });
  const o = expectObject(res, 'the Kafka connector');
  if (o.bootstrapServers === undefined || o.bootstrapServers === null) return undefined;
  if (typeof o.bootstrapServers !== 'string')
    throw badResponse(res, 'a Kafka connector with "bootstrapServers"');
  const servers = splitServers(o.bootstrapServers.split(','));
  return servers.length > 0 ? servers : undefined;
}

/** 3.0–3.3: `kafka/clusterinfo?external=true`. */
async function fromClusterInfo(t: Transport, projectId: number): Promise<string[]> {
  const res = await t.request({
    method: 'GET',
    path: `/project/${seg(projectId)}/kafka/clusterinfo`,
    query: new URLSearchParams({ external: 'true' }),
    scope: 'KAFKA',
  });
  const o = expectObject(res, 'Kafka cluster info');
  const brokers = o.brokers ?? [];
  if (!Array.isArray(brokers) || !brokers.every((b) => typeof b === 'string')) {
    throw badResponse(res, 'Kafka cluster info with a list of "brokers"');
  }
  return splitServers(brokers);
}

/** `host:port` of the brokers reachable from outside the cluster (mutual-TLS listener). */
export async function getBrokerEndpoints(t: Transport, projectId: number): Promise<string[]> {
  let servers: string[] | undefined;
  try {
    servers = await fromKafkaConnector(t, projectId);
  } catch (e) {
    if (!connectorUnavailable(e)) throw e;
  }
  if (servers) return servers;
  const fallback = await fromClusterInfo(t, projectId);
  if (fallback.length === 0) {
    throw new HopsworksError({
      kind: 'badResponse',
      message: `Hopsworks at ${t.origin} lists no Kafka brokers for this project: is Kafka enabled on the cluster?`,
      method: 'GET',
      path: `/project/${projectId}/kafka/clusterinfo`,
    });
  }
  return fallback;
}
