// The sandbox's Kafka broker on its own, as the pipeline tests use it: started in before() on ephemeral ports
// with TLS material of a project user, a connected kafkajs producer to write the topics, and the sessions a
// test opens on its plaintext listener, all ended in after(). Call it at the level whose tests share it.
import { after, before } from 'node:test';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { KafkaConfig, Producer } from 'kafkajs';
import { startKafkaBroker } from '../../sandbox/kafka/broker';
import type { KafkaBroker } from '../../sandbox/kafka/broker';
import { generateTlsMaterial } from '../../sandbox/tls/certs';
import { createInferenceLogSession } from '../../src/inferenceLog';
import type { InferenceLogSession, InferenceLogSessionOptions } from '../../src/inferenceLog';
import { SCHEMA_V3 } from '../builders/inferenceRecords';

export type SessionOptions = Partial<InferenceLogSessionOptions> & { topic: string };

export interface BrokerForTests {
  /** Set once before() has run, as are the others. */
  readonly broker: KafkaBroker;
  /** The CA, server and client material the broker's TLS listener was started with. */
  readonly tls: Awaited<ReturnType<typeof generateTlsMaterial>>;
  readonly kafka: Kafka;
  readonly producer: Producer;
  /** A session on the plaintext listener (schema v3 unless `opts` says otherwise), disposed in after(). */
  session(opts: SessionOptions): InferenceLogSession;
}

/**
 * `client` adds to the producer's kafkajs settings (e.g. retries through an outage); `sessionDefaults` is what
 * every session of the file starts from before its own options.
 */
export function brokerForTests(
  client: Omit<KafkaConfig, 'brokers' | 'logLevel'> = {},
  sessionDefaults: Partial<InferenceLogSessionOptions> = {},
): BrokerForTests {
  let on: { broker: KafkaBroker; tls: BrokerForTests['tls']; kafka: Kafka; producer: Producer } | undefined;
  const sessions: InferenceLogSession[] = [];
  const started = () => {
    if (!on) throw new Error('the test broker is read before its before() hook has started it');
    return on;
  };

  before(async () => {
    const tls = await generateTlsMaterial('sandbox__tester');
    const broker = await startKafkaBroker({
      plaintextPort: 0,
      tlsPort: 0,
      tls: { caPem: tls.ca.certPem, certPem: tls.server.certPem, keyPem: tls.server.keyPem },
    });
    const kafka = new Kafka({ ...client, brokers: [broker.plaintextBootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    on = { broker, tls, kafka, producer };
    await producer.connect();
  });

  after(async () => {
    await Promise.all(sessions.map((s) => s.dispose()));
    await on?.producer.disconnect();
    await on?.broker.stop();
  });

  return {
    get broker() {
      return started().broker;
    },
    get tls() {
      return started().tls;
    },
    get kafka() {
      return started().kafka;
    },
    get producer() {
      return started().producer;
    },
    session(opts) {
      const s = createInferenceLogSession({
        brokers: [started().broker.plaintextBootstrap],
        schemaJson: SCHEMA_V3,
        ...sessionDefaults,
        ...opts,
      });
      sessions.push(s);
      return s;
    },
  };
}
