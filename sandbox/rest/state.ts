// The sandbox cluster's in-memory state: one project with its members, its model registry, Kafka topics and
// subjects, deployments, model artifacts (≤4.5), quotas and the cluster variables. Resources read and change
// it; nothing here does I/O.
import type { Profile } from '../profiles';
import type {
  ApiProtocol,
  Batching,
  Condition,
  InferenceLogging,
  ModelFramework,
  ModelServer,
  ProjectRole,
  Resources,
  ScalingConfig,
  ServingStatus,
  ServingTool,
} from '../types';
import { INFERENCE_SUBJECT } from './inferenceSchemas';

export type { ServingStatus } from '../types';

/** The project and its owner (the Data owner who created it; other members are in `members`). */
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

/** A user of the project and the role `ProjectAuthFilter` checks (`findCurrentRole`). */
export interface MemberRecord {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  role: ProjectRole;
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
  /**
   * Set on a version whose predictor crashes on start-up (the deployment ends Failed): the last line of the
   * Python traceback its pod prints, e.g. `ModuleNotFoundError: No module named 'xgboost'`.
   */
  crashesWith?: string;
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

/** What the client defined, after validation, server defaults and (on update) the merge with what was stored. */
export interface ServingSpec {
  name: string;
  description?: string;
  /** The four model fields are absent on a deployment without a model (4.6+, "Python deployment"). */
  modelName?: string;
  modelPath?: string;
  modelVersion?: number;
  modelFramework?: ModelFramework;
  modelServer: ModelServer;
  servingTool: ServingTool;
  /** As stored: a full path, or (≤4.5, inside an artifact) the bare file name. */
  predictor?: string;
  configFile?: string;
  transformer?: string;
  requestedInstances: number;
  requestedTransformerInstances?: number;
  predictorResources: Resources;
  transformerResources?: Resources;
  batchingConfiguration: Batching;
  inferenceLogging?: InferenceLogging;
  apiProtocol: ApiProtocol;
  environmentDTO?: { name: string };
  /** ≤4.5: the model artifact holding the scripts; 0 = MODEL-ONLY. */
  artifactVersion?: number;
  /** 4.6+ */
  predictorScalingConfig?: ScalingConfig;
  transformerScalingConfig?: ScalingConfig;
  /** 4.8+ */
  predictorEnvVars?: string[];
  transformerEnvVars?: string[];
  vllmVariant?: string;
  vllmImageTag?: string;
}

export interface ServingRecord {
  id: number;
  spec: ServingSpec;
  /** name of the inference-log topic, when logging */
  topicName?: string;
  created: number;
  creator: string;
  /** 4.6+: deployment version, +1 on every update that changes it. */
  version: number;
  status: ServingStatus;
  condition: Condition;
  availableInstances: number;
  availableTransformerInstances: number;
  /** epoch ms of the last START (null again after STOP), as `Serving.deployed` */
  deployed?: number;
  revision?: string;
  /** epoch ms of the last request (or of becoming Running): scale-to-zero counts from it. */
  lastActivity: number;
}

/** Scripts of one artifact of a model version (≤4.5), by bare file name. */
export interface ArtifactRecord {
  predictor?: string;
  transformer?: string;
}

/** Per-project limits; -1 = no quota (`QuotasEnforcement.NO_QUOTA`). */
export interface Quotas {
  /** Kafka topics of the project (`Project.kafkaMaxNumTopics`). */
  topics: number;
  /** Deployments of the project. */
  deployments: number;
  /** Deployments that are not Creating/Created/Stopping/Stopped. */
  runningDeployments: number;
}

export class SandboxState {
  readonly models: ModelRecord[] = [];
  readonly subjects: SubjectRecord[] = [];
  readonly topics = new Map<string, TopicRecord>();
  readonly servings = new Map<number, ServingRecord>();
  readonly variables = new Map<string, string>();
  readonly members: MemberRecord[] = [];
  /** `<model>/<version>` → artifact version → scripts */
  readonly artifacts = new Map<string, Map<number, ArtifactRecord>>();
  private nextServingId = 1;
  private nextSchemaId = 1;

  constructor(
    readonly profile: Profile,
    readonly project: ProjectRecord,
    readonly featureStoreId: number,
    readonly quotas: Quotas,
  ) {}

  /** Full name of the project owner, who created every seeded object. */
  get userFullName(): string {
    return `${this.project.firstName} ${this.project.lastName}`;
  }

  member(username: string): MemberRecord | undefined {
    return this.members.find((m) => m.username === username);
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

  artifactsOf(modelName: string | undefined, version: number | undefined): Map<number, ArtifactRecord> {
    const key = `${modelName ?? ''}/${version ?? ''}`;
    let found = this.artifacts.get(key);
    if (!found) {
      found = new Map();
      this.artifacts.set(key, found);
    }
    return found;
  }
}
