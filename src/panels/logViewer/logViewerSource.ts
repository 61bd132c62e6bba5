// Works out everything a log session needs to read one deployment's inference-log topic: the topic, its
// Avro schema, the brokers and the project's TLS material. vscode-free so it runs against the sandbox.
// The TLS material is a secret: it stays in this object in memory and is never put in a message.
import type { ProjectClient } from '../../hopsworks/projectClient';
import type { Deployment } from '../../hopsworks/types';
import type { LoggingMode, ServingTool } from '../../inferenceLog/types';
import { INFERENCE_SCHEMA_NAME, loggingModeOf, loggingTopic } from '../../deployments/loggerTopics';
import type { SubjectVersion } from './schemaHistory';
import { readSchemaHistory } from './schemaHistory';

export interface LogSource {
  deploymentName: string;
  deploymentId: number | undefined;
  modelName: string;
  modelVersion: number;
  topic: string;
  /** The Avro schema (JSON text) the topic is bound to. */
  schema: string;
  schemaVersion: number | undefined;
  /** Where the schema came from: the deployment's topic DTO or the topic's subjects endpoint. */
  schemaFrom: 'deployment' | 'subject';
  /** Every version of the topic's subject, oldest first: values written before the topic moved on decode too. */
  schemaVersions: SubjectVersion[];
  /** Why other versions of the subject could not be read (decoding goes on with what could). */
  schemaVersionsProblem?: string;
  servingTool: ServingTool;
  loggingMode: LoggingMode;
  brokers: string[];
  /** True when `hopsworks.inferenceLog.bootstrapServers` replaced the brokers Hopsworks lists. */
  brokersOverridden: boolean;
  ssl: { ca: string; cert: string; key: string };
}

/** A problem a person can act on; `message` never contains credentials. */
export class LogSourceError extends Error {
  constructor(
    message: string,
    readonly action: string,
  ) {
    super(message);
    this.name = 'LogSourceError';
  }
}

/** Splits the override setting ("host:port, host:port") into bootstrap servers; rejects what is not host:port. */
export function parseBootstrapServers(setting: string | undefined): string[] | undefined {
  const list = (setting ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim().replace(/^[A-Za-z_]+:\/\//, ''))
    .filter((s) => s !== '');
  if (list.length === 0) return undefined;
  for (const s of list) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(s);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new LogSourceError(
        `The setting hopsworks.inferenceLog.bootstrapServers has "${s.slice(0, 100)}", which is not host:port.`,
        'Fix the setting (a comma-separated list such as "localhost:9092"), or clear it to use the brokers Hopsworks lists.',
      );
    }
  }
  return list;
}

function asServingTool(v: string | undefined): ServingTool {
  return (v ?? '').toUpperCase() === 'KSERVE' ? 'KSERVE' : 'DEFAULT';
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface ResolveOptions {
  /** Raw value of `hopsworks.inferenceLog.bootstrapServers`. */
  bootstrapServers?: string;
}

/**
 * Fetches the deployment again (the tree's copy may be stale or lack the schema), then the schema, the
 * brokers and the TLS material. Every failure becomes a LogSourceError saying what to do.
 */
export async function resolveLogSource(
  project: ProjectClient,
  deployment: Deployment,
  options: ResolveOptions = {},
): Promise<LogSource> {
  const override = parseBootstrapServers(options.bootstrapServers);
  let fresh: Deployment | undefined;
  try {
    fresh =
      deployment.id !== undefined
        ? await project.getDeployment(deployment.id)
        : await project.getDeploymentByName(deployment.name);
  } catch (err) {
    throw new LogSourceError(
      `Could not read deployment "${deployment.name}": ${describe(err)}`,
      'Check the connection to Hopsworks and try again.',
    );
  }
  if (!fresh) {
    throw new LogSourceError(
      `Deployment "${deployment.name}" no longer exists in project ${project.projectName}.`,
      'Refresh the Hopsworks view.',
    );
  }
  const topic = loggingTopic(fresh);
  if (!topic) {
    throw new LogSourceError(
      `Deployment "${fresh.name}" does not log its inferences to Kafka.`,
      'Edit the deployment and turn on the inference logger, then open the logs again.',
    );
  }

  let schema = fresh.kafkaTopicDTO?.schemaContent;
  let schemaVersion = fresh.kafkaTopicDTO?.schemaVersion;
  let schemaFrom: LogSource['schemaFrom'] = 'deployment';
  let subjectName = fresh.kafkaTopicDTO?.schemaName;
  if (!schema) {
    try {
      const subject = await project.getTopicSubject(topic);
      schema = subject.schema;
      schemaVersion = subject.version;
      subjectName = subject.subject;
      schemaFrom = 'subject';
    } catch (err) {
      throw new LogSourceError(
        `Could not read the schema of topic "${topic}": ${describe(err)}`,
        'Check that your API key has the KAFKA scope and that the topic still exists.',
      );
    }
  }

  const history = await readSchemaHistory(project, subjectName || INFERENCE_SCHEMA_NAME, {
    version: schemaVersion,
    schema,
  });

  let brokers = override;
  if (!brokers) {
    try {
      brokers = await project.getBrokerEndpoints();
    } catch (err) {
      throw new LogSourceError(
        `Could not find the Kafka brokers of project ${project.projectName}: ${describe(err)}`,
        'Set hopsworks.inferenceLog.bootstrapServers to the brokers you can reach (for example a port-forward), or check the API key scopes (KAFKA, FEATURESTORE).',
      );
    }
  }

  let ssl: LogSource['ssl'];
  try {
    const c = await project.getCredentials();
    ssl = { ca: c.caChain, cert: c.clientCert, key: c.clientKey };
  } catch (err) {
    // The REST client's errors carry status and server text, never the response body's secrets.
    throw new LogSourceError(
      `Could not get the project's Kafka certificates: ${describe(err)}`,
      'Check that your API key has the PROJECT scope and that you are a member of the project.',
    );
  }

  return {
    deploymentName: fresh.name,
    deploymentId: fresh.id,
    modelName: fresh.modelName,
    modelVersion: fresh.modelVersion,
    topic,
    schema,
    schemaVersion,
    schemaFrom,
    schemaVersions: history.versions,
    ...(history.problem !== undefined ? { schemaVersionsProblem: history.problem } : {}),
    servingTool: asServingTool(fresh.servingTool),
    loggingMode: loggingModeOf(fresh),
    brokers,
    brokersOverridden: override !== undefined,
    ssl,
  };
}
