// Everything scoped to one project. Obtained from HopsworksClient.project(id, name); shares its connection.
// A write refused for the caller's project role is explained with the role itself, read from the caller's
// memberships ("Your role in project mlops is Data scientist; starting a deployment needs Data owner.").
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

  constructor(
    transport: Transport,
    readonly projectId: number,
    readonly projectName: string,
  ) {
    this.#t = transport;
  }

  listLatestModels(): Promise<ModelVersion[]> {
    return models.listLatestModels(this.#t, this.projectId);
  }
  /** Newest first. */
  listModelVersions(name: string): Promise<ModelVersion[]> {
    return models.listModelVersions(this.#t, this.projectId, name);
  }
  getModelVersion(name: string, version: number): Promise<ModelVersion | undefined> {
    return models.getModelVersion(this.#t, this.projectId, name, version);
  }

  listDeployments(): Promise<Deployment[]> {
    return deployments.listDeployments(this.#t, this.projectId);
  }
  getDeployment(id: number): Promise<Deployment | undefined> {
    return deployments.getDeployment(this.#t, this.projectId, id);
  }
  getDeploymentByName(name: string): Promise<Deployment | undefined> {
    return deployments.getDeploymentByName(this.#t, this.projectId, name);
  }
  /**
   * Creates when `d.id` is absent, updates when set (the server merges: a field sent empty keeps its stored
   * value). Resolves to the deployment as GET shows it right after, with its current state; poll
   * `getDeployment` while that state is transitional to learn how it settles.
   */
  saveDeployment(d: Deployment): Promise<Deployment> {
    return this.#explainingRole(deployments.saveDeployment(this.#t, this.projectId, d));
  }
  startDeployment(id: number): Promise<void> {
    return this.#explainingRole(deployments.startDeployment(this.#t, this.projectId, id));
  }
  stopDeployment(id: number): Promise<void> {
    return this.#explainingRole(deployments.stopDeployment(this.#t, this.projectId, id));
  }
  deleteDeployment(id: number): Promise<void> {
    return this.#explainingRole(deployments.deleteDeployment(this.#t, this.projectId, id));
  }
  /** Server logs of the predictor or transformer; see `LogsQuery` for what each server version reads. */
  getLogs(id: number, query: LogsQuery): Promise<DeploymentLogs[]> {
    return deployments.getLogs(this.#t, this.projectId, id, query);
  }

  listTopics(): Promise<KafkaTopic[]> {
    return kafka.listTopics(this.#t, this.projectId);
  }
  createTopic(req: CreateTopicRequest): Promise<KafkaTopic> {
    return this.#explainingRole(kafka.createTopic(this.#t, this.projectId, req));
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
  getBrokerEndpoints(): Promise<string[]> {
    return getBrokerEndpoints(this.#t, this.projectId);
  }

  /** The version's `model_schema.json`, parsed; undefined when it has none. Needs the DATASET_VIEW scope. */
  getModelSchema(model: modelFiles.ModelRef): Promise<ModelSchema | undefined> {
    return modelFiles.getModelSchema(this.#t, this.projectId, this.projectName, model);
  }
  /** The version's `input_example.json`, parsed; undefined when it has none. Needs the DATASET_VIEW scope. */
  getInputExample(model: modelFiles.ModelRef): Promise<unknown> {
    return modelFiles.getInputExample(this.#t, this.projectId, this.projectName, model);
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

  predict(deploymentName: string, body: unknown): Promise<unknown> {
    return predict(this.#t, this.projectId, deploymentName, body);
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
