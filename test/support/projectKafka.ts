// The sandbox's Kafka reached the way the extension reaches a real cluster's, over raw REST so a test sees
// what crosses the wire: the brokers from the feature store's Kafka connector, the project's TLS material
// from /credentials, and each topic's Avro schema from the subjects endpoints.
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import type { Sandbox } from '../../sandbox/index';
import { projectRequest } from './sandbox';

export interface KafkaConnector {
  bootstrapServers: string;
  securityProtocol: string;
}

export interface ProjectCredentials {
  caChain: string;
  clientCert: string;
  clientKey: string;
}

/** The project's Kafka connector, as an external client asks for it. */
export async function kafkaConnector(sb: Sandbox): Promise<KafkaConnector> {
  const fs = (await projectRequest(sb, 'GET', '/featurestores')).json as { featurestoreId: number }[];
  return (
    await projectRequest(
      sb,
      'GET',
      `/featurestores/${fs[0]?.featurestoreId}/storageconnectors/kafka_connector/byok?external=true`,
    )
  ).json as KafkaConnector;
}

export async function projectCredentials(sb: Sandbox): Promise<ProjectCredentials> {
  return (await projectRequest(sb, 'GET', '/credentials')).json as ProjectCredentials;
}

/** A kafkajs client over mutual TLS with the project's certificates, on the connector's brokers. */
export function mutualTlsKafka(
  clientId: string,
  connector: KafkaConnector,
  creds: ProjectCredentials,
): Kafka {
  return new Kafka({
    clientId,
    brokers: connector.bootstrapServers.split(','),
    ssl: { ca: [creds.caChain], cert: creds.clientCert, key: creds.clientKey },
    logLevel: logLevel.NOTHING,
  });
}

/** The Avro type of the schema version `topic` is registered with. */
export async function topicSchemaType(sb: Sandbox, topic: string): Promise<avro.Type> {
  const subject = (await projectRequest(sb, 'GET', `/kafka/topics/${topic}/subjects`)).json as {
    subject: string;
    version: number;
  };
  const full = (
    await projectRequest(sb, 'GET', `/kafka/subjects/${subject.subject}/versions/${subject.version}`)
  ).json as { schema: string };
  return avro.Type.forSchema(JSON.parse(full.schema) as avro.Schema);
}
