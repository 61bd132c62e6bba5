// Everything scoped to one project. Obtained from HopsworksClient.project(id, name); shares its connection.
// A write refused for the caller's project role is explained with the role itself, read from the caller's
// memberships ("Your role in project mlops is Data scientist; starting a deployment needs Data owner.").
// Reads are shared (readShare.ts): a caller asking for what another has just read, or is reading, gets that
// answer instead of a new request; each write ends the sharing of what it may have changed.
import * as deployments from './deployments';
import * as featureStore from './featureStore';
import type { StatisticsOptions } from './featureStore';
import type {
  FeatureView,
  ModelSchema,
  Statistics,
  TrainingDataset,
  TrainingDatasetLink,
} from './featureStoreTypes';
import { roleRefusalMessage } from './errorMessages';
import { HopsworksError } from './errors';
import { predict } from './inference';
import * as kafka from './kafka';
import { getBrokerEndpoints, getCredentials } from './kafkaAccess';
import * as modelFiles from './modelFiles';
import * as models from './models';
import type { ReadOptions, ReadShareOptions } from './readShare';
import { ReadShare } from './readShare';
import { getTrainingDatasetLink } from './trainingData';
import type { TrainedModelRef } from './trainingData';
import { listProjects } from './projects';
import type { Transport } from './transport';
import type {
  CreateTopicRequest,
  Credentials,
  Deployment,
  DeploymentLogs,
  KafkaTopic,
  LogsQuery,
  ModelVersion,
  Subject,
} from './types';

export class ProjectClient {
  readonly #t: Transport;
  readonly #reads: ReadShare;

  constructor(
    transport: Transport,
    readonly projectId: number,
    readonly projectName: string,
    share: ReadShareOptions = {},
  ) {
    this.#t = transport;
    this.#reads = new ReadShare({ closed: () => transport.closed, ...share });
  }

  listLatestModels(opts?: ReadOptions): Promise<ModelVersion[]> {
    return this.#reads.read('models', () => models.listLatestModels(this.#t, this.projectId), opts);
  }
  /** Newest first. */
  listModelVersions(name: string, opts?: ReadOptions): Promise<ModelVersion[]> {
    return this.#reads.read(
      `models:${name}`,
      () => models.listModelVersions(this.#t, this.projectId, name),
      opts,
    );
  }
  getModelVersion(name: string, version: number, opts?: ReadOptions): Promise<ModelVersion | undefined> {
    return this.#reads.read(
      `model:${name}:${version}`,
      () => models.getModelVersion(this.#t, this.projectId, name, version),
      opts,
    );
  }

  listDeployments(opts?: ReadOptions): Promise<Deployment[]> {
    return this.#reads.read('deployments', () => deployments.listDeployments(this.#t, this.projectId), opts);
  }
  /** A newer read of one deployment also updates the shared list, so the list is never older than it. */
  async getDeployment(id: number, opts?: ReadOptions): Promise<Deployment | undefined> {
    const d = await this.#reads.read(
      `deployment:${id}`,
      () => deployments.getDeployment(this.#t, this.projectId, id),
      opts,
    );
    this.#reads.update<Deployment[]>('deployments', (list) =>
      d ? list.map((x) => (x.id === id ? structuredClone(d) : x)) : list.filter((x) => x.id !== id),
    );
    return d;
  }
  getDeploymentByName(name: string): Promise<Deployment | undefined> {
    return deployments.getDeploymentByName(this.#t, this.projectId, name);
  }
  /**
   * Creates when `d.id` is absent, updates when set (the server merges: a field sent empty keeps its stored
   * value). Resolves to the deployment as GET shows it right after, with its current state; poll
   * `getDeployment` while that state is transitional to learn how it settles.
   */
  async saveDeployment(d: Deployment): Promise<Deployment> {
    // A logger with CREATE makes a topic as well.
    const touched =
      d.kafkaTopicDTO?.name?.toUpperCase() === 'CREATE' ? ['deployment', 'topics'] : ['deployment'];
    const saved = await this.#writing(
      touched,
      this.#explainingRole(deployments.saveDeployment(this.#t, this.projectId, d)),
    );
    // The save read the deployment back with GET: that is what a read right now returns.
    if (saved.id !== undefined && saved.status !== undefined) {
      void this.#reads.read(`deployment:${saved.id}`, () => Promise.resolve(saved));
    }
    return saved;
  }
  startDeployment(id: number): Promise<void> {
    return this.#writing(
      ['deployment'],
      this.#explainingRole(deployments.startDeployment(this.#t, this.projectId, id)),
    );
  }
  stopDeployment(id: number): Promise<void> {
    return this.#writing(
      ['deployment'],
      this.#explainingRole(deployments.stopDeployment(this.#t, this.projectId, id)),
    );
  }
  deleteDeployment(id: number): Promise<void> {
    return this.#writing(
      ['deployment'],
      this.#explainingRole(deployments.deleteDeployment(this.#t, this.projectId, id)),
    );
  }
  /** Server logs of the predictor or transformer; see `LogsQuery` for what each server version reads. Never shared. */
  getLogs(id: number, query: LogsQuery): Promise<DeploymentLogs[]> {
    return deployments.getLogs(this.#t, this.projectId, id, query);
  }

  listTopics(opts?: ReadOptions): Promise<KafkaTopic[]> {
    return this.#reads.read('topics', () => kafka.listTopics(this.#t, this.projectId), opts);
  }
  createTopic(req: CreateTopicRequest): Promise<KafkaTopic> {
    return this.#writing(['topics'], this.#explainingRole(kafka.createTopic(this.#t, this.projectId, req)));
  }
  getTopicSubject(topic: string): Promise<Subject> {
    return kafka.getTopicSubject(this.#t, this.projectId, topic);
  }
  getSubject(subject: string, version: number | 'latest'): Promise<Subject> {
    return kafka.getSubject(this.#t, this.projectId, subject, version);
  }
  /** The version numbers registered under `subject`, oldest first. */
  listSubjectVersions(subject: string): Promise<number[]> {
    return kafka.listSubjectVersions(this.#t, this.projectId, subject);
  }

  /** Secrets (client key): keep in memory only. */
  getCredentials(): Promise<Credentials> {
    return getCredentials(this.#t, this.projectId);
  }
  /** `host:port` list of the brokers' external (mutual-TLS) listener. */
  getBrokerEndpoints(opts?: ReadOptions): Promise<string[]> {
    return this.#reads.read('brokers', () => getBrokerEndpoints(this.#t, this.projectId), opts);
  }

  /** The version's `model_schema.json`, parsed; undefined when it has none. Needs the DATASET_VIEW scope. */
  getModelSchema(model: modelFiles.ModelRef, opts?: ReadOptions): Promise<ModelSchema | undefined> {
    return this.#reads.read(
      `modelFile:schema:${modelFiles.modelVersionPath(this.projectName, model)}`,
      () => modelFiles.getModelSchema(this.#t, this.projectId, this.projectName, model),
      opts,
    );
  }
  /** The version's `input_example.json`, parsed; undefined when it has none. Needs the DATASET_VIEW scope. */
  getInputExample(model: modelFiles.ModelRef, opts?: ReadOptions): Promise<unknown> {
    return this.#reads.read(
      `modelFile:example:${modelFiles.modelVersionPath(this.projectName, model)}`,
      () => modelFiles.getInputExample(this.#t, this.projectId, this.projectName, model),
      opts,
    );
  }
  /** The feature view and training-dataset version the model version was trained on, if it has that link. */
  getTrainingDatasetLink(model: TrainedModelRef): Promise<TrainingDatasetLink | undefined> {
    return getTrainingDatasetLink(this.#t, this.projectId, model);
  }
  getFeatureView(ref: featureStore.FeatureViewRef): Promise<FeatureView | undefined> {
    return featureStore.getFeatureView(this.#t, this.projectId, ref);
  }
  getTrainingDataset(link: Omit<TrainingDatasetLink, 'source'>): Promise<TrainingDataset | undefined> {
    return featureStore.getTrainingDataset(this.#t, this.projectId, link);
  }
  /** Newest statistics of the training dataset (per feature, per split when it has splits); undefined if none. */
  getTrainingDatasetStatistics(
    link: Omit<TrainingDatasetLink, 'source'>,
    opts?: StatisticsOptions,
  ): Promise<Statistics | undefined> {
    return featureStore.getTrainingDatasetStatistics(this.#t, this.projectId, link, opts);
  }

  /** `signal` ends the request early (it then rejects with causeCode `CANCELLED`). */
  predict(deploymentName: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    return predict(this.#t, this.projectId, deploymentName, body, signal);
  }

  /** Nothing read so far is handed out again: the next read of anything asks the server. */
  forgetReads(): void {
    this.#reads.forgetAll();
  }

  /** The write's result; once it ended (done or failed, it may have changed something) `keys` are read anew. */
  async #writing<T>(keys: string[], write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.#reads.forget(...keys);
    }
  }

  /** A refusal for the project role gets the caller's role in its message; anything else passes unchanged. */
  async #explainingRole<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (e) {
      if (!(e instanceof HopsworksError) || e.refusal?.kind !== 'role') throw e;
      let role: string | undefined;
      try {
        role = (await listProjects(this.#t)).find((m) => m.project.id === this.projectId)?.teamRole;
      } catch {
        // The message without the role still says what is needed.
      }
      const refusal = { ...e.refusal, ...(role ? { role } : {}) };
      throw new HopsworksError({
        kind: e.kind,
        message: roleRefusalMessage(this.projectName, refusal.action, role),
        method: e.method,
        path: e.path,
        refusal,
        ...(e.status !== undefined ? { status: e.status } : {}),
        ...(e.errorCode !== undefined ? { errorCode: e.errorCode } : {}),
        ...(e.errorMsg !== undefined ? { errorMsg: e.errorMsg } : {}),
        ...(e.usrMsg !== undefined ? { usrMsg: e.usrMsg } : {}),
      });
    }
  }
}
