// A local stand-in for a Hopsworks cluster: the REST API over HTTPS (certificate from a CA made fresh per
// start), a Kafka broker with a mutual-TLS listener for clients and a plaintext one "inside" the cluster,
// seeded project state, deployment lifecycle, and inference-log traffic for Running deployments.
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
import { ALL_SCOPES, ApiKeys } from './rest/auth';
import type { RestContext } from './rest/context';
import { Lifecycle } from './rest/lifecycle';
import { buildRouter } from './rest/routes';
import { PROJECT_ID, PROJECT_NAME, USERNAME, seedState } from './rest/seed';
import { API_PREFIX, startRestServer } from './rest/server';
import type { RestServer } from './rest/server';
import { generateTlsMaterial } from './tls/certs';
import { TrafficGenerator } from './traffic/generator';
import { InferenceLogger } from './traffic/inferenceLogger';

export interface SandboxOptions {
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
  log?: (line: string) => void;
}

export interface Sandbox {
  host: '127.0.0.1';
  port: number;
  baseUrl: string;
  project: string;
  projectId: number;
  /** full scopes */
  apiKey: string;
  /** for error-path tests */
  keys: { noServingScope: string; noDatasetScope: string; unknown: string };
  /** CA that signed the REST server's certificate (and the broker's, and the project user's client certificate) */
  caCertPem: string;
  caFile: string;
  kafka: KafkaBroker;
  setTrafficRate(perSecond: number): void;
  /** Shifts the named features of the generated traffic by the given amounts (replacing earlier ones); null = off. */
  setDrift(shifts: DriftShifts | null): void;
  stop(): Promise<void>;
}

export const DEFAULT_PORTS = { rest: 28181, plaintext: 29092, tls: 29093, control: 29094 } as const;

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const log = opts.log ?? (() => undefined);
  const stepMs = opts.lifecycleStepMs ?? 2000;
  const rate = opts.trafficPerSecond ?? 2;
  if (!(stepMs >= 0) || !(rate >= 0))
    throw new RangeError('lifecycleStepMs and trafficPerSecond must be ≥ 0');

  const state = seedState();
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
    const apiKey = keys.create(ALL_SCOPES);
    const noServingScope = keys.create(ALL_SCOPES.filter((s) => s !== 'SERVING'));
    const noDatasetScope = keys.create(ALL_SCOPES.filter((s) => s !== 'DATASET_VIEW'));
    const drift = new DriftSwitch(opts.drift);

    const lifecycle = new Lifecycle(state, stepMs, (s, from) =>
      log(`deployment ${s.spec.name}: ${from} → ${s.status}`),
    );
    cleanups.push(() => Promise.resolve(lifecycle.stopAll()));

    const producer = await connectProducer(broker.plaintextBootstrap, log);
    cleanups.push(() => producer.disconnect());
    const logger = new InferenceLogger(producer, state);

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
      log,
    };

    const rest: RestServer = await startRestServer({
      port: opts.port ?? DEFAULT_PORTS.rest,
      certPem: tls.server.certPem,
      keyPem: tls.server.keyPem,
      router: buildRouter(ctx),
      keys,
      log,
    });
    cleanups.push(() => rest.close());
    const baseUrl = `https://127.0.0.1:${rest.port}`;
    apiUrl = `${baseUrl}${API_PREFIX}`;

    const traffic = new TrafficGenerator({
      state,
      logger,
      perSecond: rate,
      drift,
      ...(opts.randomSeed !== undefined ? { random: seededRandom(opts.randomSeed) } : {}),
      log,
    });
    traffic.start();
    cleanups.push(() => traffic.stop());

    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port: rest.port,
      baseUrl,
      project: PROJECT_NAME,
      projectId: PROJECT_ID,
      apiKey,
      keys: { noServingScope, noDatasetScope, unknown: ApiKeys.unknownKey() },
      caCertPem: tls.ca.certPem,
      caFile,
      kafka: broker,
      setTrafficRate: (perSecond) => traffic.setRate(perSecond),
      setDrift: (shifts) => drift.set(shifts),
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
