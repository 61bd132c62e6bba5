// Everything scoped to one project. Obtained from HopsworksClient.project(id, name); shares its connection.
import * as deployments from './deployments';
import { predict } from './inference';
import * as kafka from './kafka';
import { getBrokerEndpoints, getCredentials } from './kafkaAccess';
import * as models from './models';
import type { Transport } from './transport';
import type { CreateTopicRequest, Credentials, Deployment, KafkaTopic, ModelVersion, Subject } from './types';

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
  /** Creates when `d.id` is absent, replaces when set; resolves to the saved object. */
  saveDeployment(d: Deployment): Promise<Deployment> {
    return deployments.saveDeployment(this.#t, this.projectId, d);
  }
  startDeployment(id: number): Promise<void> {
    return deployments.startDeployment(this.#t, this.projectId, id);
  }
  stopDeployment(id: number): Promise<void> {
    return deployments.stopDeployment(this.#t, this.projectId, id);
  }
  deleteDeployment(id: number): Promise<void> {
    return deployments.deleteDeployment(this.#t, this.projectId, id);
  }

  listTopics(): Promise<KafkaTopic[]> {
    return kafka.listTopics(this.#t, this.projectId);
  }
  createTopic(req: CreateTopicRequest): Promise<KafkaTopic> {
    return kafka.createTopic(this.#t, this.projectId, req);
  }
  getTopicSubject(topic: string): Promise<Subject> {
    return kafka.getTopicSubject(this.#t, this.projectId, topic);
  }
  getSubject(subject: string, version: number | 'latest'): Promise<Subject> {
    return kafka.getSubject(this.#t, this.projectId, subject, version);
  }

  /** Secrets (client key): keep in memory only. */
  getCredentials(): Promise<Credentials> {
    return getCredentials(this.#t, this.projectId);
  }
  /** `host:port` list of the brokers' external (mutual-TLS) listener. */
  getBrokerEndpoints(): Promise<string[]> {
    return getBrokerEndpoints(this.#t, this.projectId);
  }

  predict(deploymentName: string, body: unknown): Promise<unknown> {
    return predict(this.#t, this.projectId, deploymentName, body);
  }
}
