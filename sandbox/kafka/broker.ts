// The sandbox's Kafka broker: librdkafka's mock cluster behind our proxy (plaintext + mutual TLS), with
// an outage switch and an optional loopback control port.
import { KafkaErrorCode, planTopic } from './createTopics';
import type { CreateTopicsRequest, TopicResult } from './createTopics';
import { startControlServer } from './controlServer';
import type { ControlServer } from './controlServer';
import { createMockCluster } from './mockCluster';
import type { MockCluster } from './mockCluster';
import { KafkaProxy } from './proxy';

export interface KafkaBrokerOptions {
  /** 0 = ephemeral */
  plaintextPort: number;
  /** 0 = ephemeral */
  tlsPort: number;
  /** HTTP control port on loopback; omitted = no control server, 0 = ephemeral. */
  controlPort?: number;
  /** Server certificate and the CA that client certificates must chain to. */
  tls: { caPem: string; certPem: string; keyPem: string };
  log?: (line: string) => void;
}

export interface KafkaBroker {
  /** "127.0.0.1:port" */
  plaintextBootstrap: string;
  /** "127.0.0.1:port"; mutual TLS with the CA given at start. */
  tlsBootstrap: string;
  /** "http://127.0.0.1:port" when a control port was asked for: POST /outage, POST /restore, GET /status. */
  controlUrl?: string;
  brokerCount: number;
  /** Rejects with a KafkaBrokerError carrying the Kafka error code (36 exists, 37 partitions, 38 replicas). */
  createTopic(name: string, partitions: number, replicas?: number): Promise<void>;
  setOutage(down: boolean): void;
  stop(): Promise<void>;
}

export class KafkaBrokerError extends Error {
  constructor(
    readonly kafkaErrorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'KafkaBrokerError';
  }
}

// Hopsworks' chef sets kafka_num_partitions and kafka_num_replicas to 1 (inference-logs.md §6).
const DEFAULT_PARTITIONS = 1;
const DEFAULT_REPLICAS = 1;

function createTopics(mock: MockCluster, req: CreateTopicsRequest): TopicResult[] {
  const brokerIds = Array.from({ length: mock.brokerCount }, (_, i) => i + 1); // the mock numbers from 1
  const seen = new Map<string, number>();
  for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  return req.topics.map((t): TopicResult => {
    if ((seen.get(t.name) ?? 0) > 1) {
      return {
        name: t.name,
        errorCode: KafkaErrorCode.INVALID_REQUEST,
        errorMessage: `Create topics request from client contains multiple entries for the topic ${t.name}`,
      };
    }
    const plan = planTopic(t, {
      brokerIds,
      defaultPartitions: DEFAULT_PARTITIONS,
      defaultReplicas: DEFAULT_REPLICAS,
    });
    if ('errorCode' in plan) return plan;
    if (req.validateOnly) return { name: t.name, errorCode: KafkaErrorCode.NONE, errorMessage: null };
    const errorCode = mock.createTopic(plan.name, plan.partitions, plan.replicas);
    const errorMessage =
      errorCode === KafkaErrorCode.NONE
        ? null
        : errorCode === KafkaErrorCode.TOPIC_ALREADY_EXISTS
          ? `Topic '${t.name}' already exists.`
          : `The mock broker refused to create topic '${t.name}' (Kafka error ${errorCode}).`;
    return { name: t.name, errorCode, errorMessage };
  });
}

export async function startKafkaBroker(opts: KafkaBrokerOptions): Promise<KafkaBroker> {
  const mock = createMockCluster({ brokerCount: 1 });
  const [host, portText] = (mock.bootstraps.split(',')[0] ?? '').split(':');
  const proxy = new KafkaProxy({
    upstream: { host: host ?? '127.0.0.1', port: Number(portText) },
    plaintextPort: opts.plaintextPort,
    tlsPort: opts.tlsPort,
    tls: opts.tls,
    createTopics: (req) => createTopics(mock, req),
    log: opts.log,
  });
  let control: ControlServer | undefined;
  try {
    await proxy.listen();
    if (opts.controlPort !== undefined) {
      control = await startControlServer(opts.controlPort, {
        setOutage: (down) => proxy.setOutage(down),
        isDown: () => proxy.isDown,
      });
    }
  } catch (e) {
    await proxy.close();
    mock.destroy();
    throw e;
  }

  let stopped: Promise<void> | undefined;
  return {
    plaintextBootstrap: `${proxy.plaintextAddress.host}:${proxy.plaintextAddress.port}`,
    tlsBootstrap: `${proxy.tlsAddress.host}:${proxy.tlsAddress.port}`,
    controlUrl: control?.url,
    brokerCount: mock.brokerCount,
    createTopic(name, partitions, replicas = DEFAULT_REPLICAS) {
      if (stopped) return Promise.reject(new Error('the Kafka broker has been stopped'));
      const [result] = createTopics(mock, {
        topics: [{ name, numPartitions: partitions, replicationFactor: replicas, assignments: [] }],
        timeoutMs: 0,
        validateOnly: false,
      });
      if (result && result.errorCode !== KafkaErrorCode.NONE) {
        return Promise.reject(
          new KafkaBrokerError(result.errorCode, result.errorMessage ?? `Kafka error ${result.errorCode}`),
        );
      }
      return Promise.resolve();
    },
    setOutage(down) {
      proxy.setOutage(down);
    },
    stop() {
      stopped ??= (async () => {
        await Promise.all([proxy.close(), control?.close()]);
        mock.destroy();
      })();
      return stopped;
    },
  };
}
