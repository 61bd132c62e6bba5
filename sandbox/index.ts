// A local stand-in for a Hopsworks cluster of a chosen version (4.2, 4.6, 4.8 or 5.0; docs/sandbox-profiles.md):
// the REST API over HTTPS (certificate from a CA made fresh per start), a Kafka broker with a mutual-TLS
// listener for clients and a plaintext one "inside" the cluster, seeded project state with two members and
// quotas, deployment lifecycle with pods and their server logs, and inference-log traffic for serving
// deployments.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import type { DriftShifts } from './data/drift';
import { DriftSwitch } from './data/drift';
import { seededRandom } from './data/random';
import { startKafkaBroker } from './kafka/broker';
import type { KafkaBroker } from './kafka/broker';
import { NEWEST_PROFILE, profile as profileOf } from './profiles';
import type { ProfileName } from './profiles';
import { ALL_SCOPES, ApiKeys } from './rest/auth';
import type { RestContext } from './rest/context';
import { projectNotFoundByFilter } from './rest/errors';
import { Lifecycle } from './rest/lifecycle';
import type { TransitionalStatus } from './rest/lifecycle';
import { buildRouter } from './rest/routes';
import { DATA_SCIENTIST, EVOLVED_TOPIC, PROJECT_ID, PROJECT_NAME, USERNAME, seedState } from './rest/seed';
import { API_PREFIX, startRestServer } from './rest/server';
import type { RestServer } from './rest/server';
import type { Quotas } from './rest/state';
import { Pods } from './serving/pods';
import { ServerLogs } from './serving/serverLogs';
import { generateTlsMaterial } from './tls/certs';
import { ServingCalls } from './traffic/calls';
import { TrafficGenerator } from './traffic/generator';
import { seedEvolvedHistory } from './traffic/history';
import { InferenceLogger } from './traffic/inferenceLogger';

export interface SandboxOptions {
  /** The Hopsworks version the sandbox stands for: 4.2, 4.6, 4.8 or 5.0 (default: the newest). */
  hopsworks?: string;
  /** REST https port, default 28181; 0 = ephemeral (tests always use 0) */
  port?: number;
  /** defaults 29092/29093/29094; 0 = ephemeral */
  kafka?: { plaintextPort?: number; tlsPort?: number; controlPort?: number };
  /** events/s per Running deployment that logs (default 2; 0 = off) */
  trafficPerSecond?: number;
  /** duration of each transitional state (default 2000) */
  lifecycleStepMs?: number;
  /** seed of the generated traffic's values (default: random); the same seed gives the same values in order */
  randomSeed?: number;
  /** start with the traffic's features shifted (feature name → amount); see setDrift */
  drift?: DriftShifts;
  /** a KServe deployment that may scale to zero goes Idle after this long without a request (default 120000) */
  idleAfterMs?: number;
  /** per-project quotas; -1 = none. Defaults: 100 topics, no deployment quotas (a cluster's defaults). */
  quotas?: Partial<Quotas>;
  log?: (line: string) => void;
}

export const DEFAULT_QUOTAS: Quotas = { topics: 100, deployments: -1, runningDeployments: -1 };

export interface Sandbox {
  /** The Hopsworks version it stands for, as given to `--hopsworks` (e.g. "4.6"). */
  hopsworks: ProfileName;
  host: '127.0.0.1';
  port: number;
  baseUrl: string;
  project: string;
  projectId: number;
  /** full scopes, of the project's Data owner */
  apiKey: string;
  /** full scopes, of a second member whose role is Data scientist (every write is refused with 403) */
  dataScientistApiKey: string;
  /** for error-path tests: the owner's key without one scope, and a well-formed key nobody has */
  keys: { noServingScope: string; noFeatureStoreScope: string; noDatasetScope: string; unknown: string };
  /** CA that signed the REST server's certificate (and the broker's, and the project user's client certificate) */
  caCertPem: string;
  caFile: string;
  kafka: KafkaBroker;
  setTrafficRate(perSecond: number): void;
  /** Shifts the named features of the generated traffic by the given amounts (replacing earlier ones); null = off. */
  setDrift(shifts: DriftShifts | null): void;
  /**
   * For tests: deployments in `status` stay in it (condition included) until the returned function is called,
   * then the steps that fell due meanwhile run in order. A state that lasts one step is seen however slow the
   * machine is, and the test says when it ends.
   */
  holdState(status: TransitionalStatus): () => void;
  /**
   * Resolves once every call made so far (REST :predict and the traffic) has its events on the broker, or its
   * write failed: a reader that then reaches the end of each partition has every event, with no quiet period
   * guessed.
   */
  inferenceLogsWritten(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_PORTS = { rest: 28181, plaintext: 29092, tls: 29093, control: 29094 } as const;

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const log = opts.log ?? (() => undefined);
  const stepMs = opts.lifecycleStepMs ?? 2000;
  const rate = opts.trafficPerSecond ?? 2;
  const idleAfterMs = opts.idleAfterMs ?? 120_000;
  if (!(stepMs >= 0) || !(rate >= 0) || !(idleAfterMs >= 0))
    throw new RangeError('lifecycleStepMs, trafficPerSecond and idleAfterMs must be ≥ 0');
  const quotas: Quotas = { ...DEFAULT_QUOTAS, ...opts.quotas };
  for (const [name, value] of Object.entries(quotas)) {
    if (!Number.isInteger(value) || value < -1)
      throw new RangeError(`quota ${name} must be a whole number ≥ -1`);
  }
  const profile = profileOf(opts.hopsworks ?? NEWEST_PROFILE);

  const state = seedState({ profile, quotas });
  const tls = await generateTlsMaterial(`${PROJECT_NAME}__${USERNAME}`);
  const stateDir = await mkdtemp(path.join(tmpdir(), 'hopsworks-sandbox-'));
  const caFile = path.join(stateDir, 'ca_chain.pem');
  await writeFile(caFile, tls.ca.certPem, { mode: 0o600 });

  const cleanups: (() => Promise<void>)[] = [() => rm(stateDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) {
      await fn().catch((e: unknown) => log(`sandbox: cleanup step failed: ${String(e)}`));
    }
  };

  try {
    const broker = await startKafkaBroker({
      plaintextPort: opts.kafka?.plaintextPort ?? DEFAULT_PORTS.plaintext,
      tlsPort: opts.kafka?.tlsPort ?? DEFAULT_PORTS.tls,
      controlPort: opts.kafka?.controlPort ?? DEFAULT_PORTS.control,
      tls: { caPem: tls.ca.certPem, certPem: tls.server.certPem, keyPem: tls.server.keyPem },
      log,
    });
    cleanups.push(() => broker.stop());
    for (const t of state.topics.values()) await broker.createTopic(t.name, t.partitions, t.replicas);

    const keys = new ApiKeys();
    const apiKey = keys.create(USERNAME, ALL_SCOPES);
    const dataScientistApiKey = keys.create(DATA_SCIENTIST, ALL_SCOPES);
    const noDatasetScope = keys.create(
      USERNAME,
      ALL_SCOPES.filter((s) => s !== 'DATASET_VIEW'),
    );
    const drift = new DriftSwitch(opts.drift);
    const noServingScope = keys.create(
      USERNAME,
      ALL_SCOPES.filter((s) => s !== 'SERVING'),
    );
    const noFeatureStoreScope = keys.create(
      USERNAME,
      ALL_SCOPES.filter((s) => s !== 'FEATURESTORE'),
    );

    const pods = new Pods(new ServerLogs());
    const lifecycle = new Lifecycle(state, pods, {
      stepMs,
      idleAfterMs,
      onTransition: (s, from) => log(`deployment ${s.spec.name}: ${from} → ${s.status}`),
    });
    cleanups.push(() => Promise.resolve(lifecycle.stopAll()));
    for (const s of state.servings.values()) lifecycle.seeded(s);

    const producer = await connectProducer(broker.plaintextBootstrap, log);
    cleanups.push(() => producer.disconnect());
    const logger = new InferenceLogger(producer, state);
    await seedEvolvedHistory(state, logger, EVOLVED_TOPIC);
    const calls = new ServingCalls({ lifecycle, pods, logger });

    let apiUrl = '';
    const ctx: RestContext = {
      state,
      lifecycle,
      broker,
      credentials: {
        caChain: tls.ca.certPem,
        clientCert: tls.client.certPem,
        clientKey: tls.client.keyPem,
        password: randomBytes(16).toString('hex'),
      },
      apiUrl: () => apiUrl,
      inferenceLogger: logger,
      drift,
      pods,
      calls,
      log,
    };

    const rest: RestServer = await startRestServer({
      port: opts.port ?? DEFAULT_PORTS.rest,
      certPem: tls.server.certPem,
      keyPem: tls.server.keyPem,
      router: buildRouter(ctx),
      keys,
      projectRole: (pid, username) => {
        if (pid !== String(state.project.id)) throw projectNotFoundByFilter();
        return state.member(username)?.role;
      },
      log,
    });
    cleanups.push(() => rest.close());
    const baseUrl = `https://127.0.0.1:${rest.port}`;
    apiUrl = `${baseUrl}${API_PREFIX}`;

    const traffic = new TrafficGenerator({
      state,
      calls,
      perSecond: rate,
      drift,
      ...(opts.randomSeed !== undefined ? { random: seededRandom(opts.randomSeed) } : {}),
      log,
    });
    traffic.start();
    cleanups.push(() => traffic.stop());

    let stopping: Promise<void> | undefined;
    return {
      hopsworks: profile.name,
      host: '127.0.0.1',
      port: rest.port,
      baseUrl,
      project: PROJECT_NAME,
      projectId: PROJECT_ID,
      apiKey,
      dataScientistApiKey,
      keys: { noServingScope, noFeatureStoreScope, noDatasetScope, unknown: ApiKeys.unknownKey() },
      caCertPem: tls.ca.certPem,
      caFile,
      kafka: broker,
      setTrafficRate: (perSecond) => traffic.setRate(perSecond),
      setDrift: (shifts) => drift.set(shifts),
      holdState: (status) => lifecycle.hold(status),
      inferenceLogsWritten: () => calls.written(),
      stop: () => (stopping ??= cleanup()),
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

// The cluster's own logger writes over the internal (plaintext) listener, as a pod inside the cluster would.
async function connectProducer(bootstrap: string, log: (line: string) => void): Promise<Producer> {
  const kafka = new Kafka({
    clientId: 'hopsworks-sandbox-inference-logger',
    brokers: [bootstrap],
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.ERROR,
    logCreator: () => {
      // During a broker outage kafkajs repeats itself for every retry; one line per change is enough.
      let last = '';
      return (entry) => {
        if (entry.log.message === last) return;
        last = entry.log.message;
        log(`kafkajs: ${entry.log.message}`);
      };
    },
  });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return producer;
}
