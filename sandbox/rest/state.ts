// The sandbox cluster's in-memory state: one project, its model registry, Kafka topics and subjects,
// deployments, and the cluster variables. Resources read and change it; nothing here does I/O.
import type {
  ApiProtocol,
  BatchingConfiguration,
  ComponentResources,
  DeploymentCondition,
  InferenceLoggingMode,
  ModelFramework,
  ModelServer,
  ScalingConfig,
  ServingTool,
} from './serverTypes';
import { INFERENCE_SUBJECT } from './inferenceSchemas';

export interface ProjectRecord {
  id: number;
  name: string;
  description: string;
  created: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface ModelRecord {
  name: string;
  version: number;
  framework: ModelFramework;
  created: number;
  description: string;
  metrics: Record<string, number>;
  environment?: string;
  program?: string;
  trainingDatasetVersion?: number;
  /** Set on a version whose deployments always end Failed; the condition reason a real cluster would show. */
  failReason?: string;
}

export interface SubjectRecord {
  /** schema id (registry-wide) */
  id: number;
  subject: string;
  version: number;
  schema: string;
}

export interface TopicRecord {
  name: string;
  partitions: number;
  replicas: number;
  subject: string;
  subjectVersion: number;
}

export type ServingStatus =
  'Creating' | 'Created' | 'Starting' | 'Failed' | 'Running' | 'Idle' | 'Updating' | 'Stopping' | 'Stopped';

/** What the client defined, after validation and server defaults. PUT replaces it whole. */
export interface ServingSpec {
  name: string;
  description?: string;
  modelName: string;
  modelPath: string;
  modelVersion: number;
  modelFramework: ModelFramework;
  modelServer: ModelServer;
  servingTool: ServingTool;
  predictor?: string;
  configFile?: string;
  transformer?: string;
  requestedInstances: number;
  requestedTransformerInstances?: number;
  predictorResources: ComponentResources;
  transformerResources?: ComponentResources;
  batchingConfiguration: BatchingConfiguration;
  inferenceLogging?: InferenceLoggingMode;
  apiProtocol: ApiProtocol;
  environmentDTO?: { name: string };
  artifactVersion?: number;
  predictorScalingConfig?: ScalingConfig;
  transformerScalingConfig?: ScalingConfig;
  predictorEnvVars?: string[];
  transformerEnvVars?: string[];
}

export interface ServingRecord {
  id: number;
  spec: ServingSpec;
  /** name of the inference-log topic, when logging */
  topicName?: string;
  created: number;
  creator: string;
  status: ServingStatus;
  condition: DeploymentCondition;
  availableInstances: number;
  deployed?: number;
  revision?: string;
}

export class SandboxState {
  readonly models: ModelRecord[] = [];
  readonly subjects: SubjectRecord[] = [];
  readonly topics = new Map<string, TopicRecord>();
  readonly servings = new Map<number, ServingRecord>();
  readonly variables = new Map<string, string>();
  private nextServingId = 1;
  private nextSchemaId = 1;

  constructor(
    readonly project: ProjectRecord,
    readonly featureStoreId: number,
  ) {}

  get userFullName(): string {
    return `${this.project.firstName} ${this.project.lastName}`;
  }

  allocateServingId(): number {
    return this.nextServingId++;
  }

  /** Seeded ids start above what the seed used so new deployments never collide. */
  reserveServingIds(upTo: number): void {
    this.nextServingId = Math.max(this.nextServingId, upTo + 1);
  }

  addSubject(subject: string, version: number, schema: string): SubjectRecord {
    const record = { id: this.nextSchemaId++, subject, version, schema };
    this.subjects.push(record);
    return record;
  }

  findSubject(subject: string, version: number): SubjectRecord | undefined {
    return this.subjects.find((s) => s.subject === subject && s.version === version);
  }

  subjectVersions(subject: string): SubjectRecord[] {
    return this.subjects.filter((s) => s.subject === subject).sort((a, b) => a.version - b.version);
  }

  findModel(name: string, version: number): ModelRecord | undefined {
    return this.models.find((m) => m.name === name && m.version === version);
  }

  findServingByName(name: string): ServingRecord | undefined {
    for (const s of this.servings.values()) if (s.spec.name === name) return s;
    return undefined;
  }

  /** Schema bound to a topic, if the topic exists. */
  topicSubject(topicName: string): SubjectRecord | undefined {
    const topic = this.topics.get(topicName);
    return topic ? this.findSubject(topic.subject, topic.subjectVersion) : undefined;
  }

  isInferenceTopic(topicName: string): boolean {
    return this.topics.get(topicName)?.subject === INFERENCE_SUBJECT;
  }

  variable(name: string): string | undefined {
    return this.variables.get(name);
  }

  numericVariable(name: string, fallback: number): number {
    const v = Number(this.variables.get(name));
    return Number.isFinite(v) ? v : fallback;
  }
}
