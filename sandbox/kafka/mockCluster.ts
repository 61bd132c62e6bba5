// librdkafka's built-in mock cluster (Debian package librdkafka1), loaded with koffi. It is a real Kafka
// wire-protocol server with in-memory logs and consumer groups; our proxy sits in front of it.
import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';

// Opaque C handles; the brands stop one kind of handle being passed where another is expected.
type Handle<Brand extends string> = { readonly __brand: Brand };
type Rk = Handle<'rd_kafka_t'>;
type Conf = Handle<'rd_kafka_conf_t'>;
type Mcluster = Handle<'rd_kafka_mock_cluster_t'>;

interface Librdkafka {
  versionStr: () => string;
  confNew: () => Conf;
  confSet: (conf: Conf, name: string, value: string, errstr: Buffer, size: number) => number;
  confDestroy: (conf: Conf) => void;
  newClient: (type: number, conf: Conf, errstr: Buffer, size: number) => Rk | null;
  destroy: (rk: Rk) => void;
  clusterNew: (rk: Rk, brokers: number) => Mcluster | null;
  clusterDestroy: (mc: Mcluster) => void;
  clusterBootstraps: (mc: Mcluster) => string;
  topicCreate: (mc: Mcluster, topic: string, partitions: number, replicationFactor: number) => number;
}

let loaded: Librdkafka | undefined;

function lib(): Librdkafka {
  if (loaded) return loaded;
  let l: LibraryHandle;
  try {
    l = koffi.load('librdkafka.so.1');
  } catch (e) {
    throw new Error(
      `cannot load librdkafka.so.1 (install the Debian package librdkafka1): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  koffi.opaque('rd_kafka_t');
  koffi.opaque('rd_kafka_conf_t');
  koffi.opaque('rd_kafka_mock_cluster_t');
  loaded = {
    versionStr: l.func('const char *rd_kafka_version_str(void)') as Librdkafka['versionStr'],
    confNew: l.func('rd_kafka_conf_t *rd_kafka_conf_new(void)') as Librdkafka['confNew'],
    confSet: l.func(
      'int rd_kafka_conf_set(rd_kafka_conf_t *conf, const char *name, const char *value, _Out_ uint8_t *errstr, size_t errstr_size)',
    ) as Librdkafka['confSet'],
    confDestroy: l.func('void rd_kafka_conf_destroy(rd_kafka_conf_t *conf)') as Librdkafka['confDestroy'],
    newClient: l.func(
      'rd_kafka_t *rd_kafka_new(int type, rd_kafka_conf_t *conf, _Out_ uint8_t *errstr, size_t errstr_size)',
    ) as Librdkafka['newClient'],
    destroy: l.func('void rd_kafka_destroy(rd_kafka_t *rk)') as Librdkafka['destroy'],
    clusterNew: l.func(
      'rd_kafka_mock_cluster_t *rd_kafka_mock_cluster_new(rd_kafka_t *rk, int broker_cnt)',
    ) as Librdkafka['clusterNew'],
    clusterDestroy: l.func(
      'void rd_kafka_mock_cluster_destroy(rd_kafka_mock_cluster_t *mcluster)',
    ) as Librdkafka['clusterDestroy'],
    clusterBootstraps: l.func(
      'const char *rd_kafka_mock_cluster_bootstraps(const rd_kafka_mock_cluster_t *mcluster)',
    ) as Librdkafka['clusterBootstraps'],
    topicCreate: l.func(
      'int rd_kafka_mock_topic_create(rd_kafka_mock_cluster_t *mcluster, const char *topic, int partition_cnt, int replication_factor)',
    ) as Librdkafka['topicCreate'],
  };
  return loaded;
}

function cString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.toString('utf8', 0, end < 0 ? buf.length : end);
}

export interface MockCluster {
  /** "127.0.0.1:port[,…]" of the mock's own listeners (ephemeral ports). */
  readonly bootstraps: string;
  readonly brokerCount: number;
  readonly librdkafkaVersion: string;
  /** Returns the Kafka error code (0 = created); the mock itself checks for an existing topic. */
  createTopic(name: string, partitions: number, replicationFactor: number): number;
  destroy(): void;
}

const RD_KAFKA_PRODUCER = 0;

export function createMockCluster(opts: { brokerCount?: number; logLevel?: number } = {}): MockCluster {
  const k = lib();
  const brokerCount = opts.brokerCount ?? 1;
  const errbuf = Buffer.alloc(512);
  const conf = k.confNew();
  const settings: [string, string][] = [['log_level', String(opts.logLevel ?? 3)]];
  for (const [name, value] of settings) {
    if (k.confSet(conf, name, value, errbuf, errbuf.length) !== 0) {
      k.confDestroy(conf);
      throw new Error(`librdkafka config ${name}: ${cString(errbuf)}`);
    }
  }
  // rd_kafka_new takes ownership of conf on success only.
  const rk = k.newClient(RD_KAFKA_PRODUCER, conf, errbuf, errbuf.length);
  if (!rk) {
    k.confDestroy(conf);
    throw new Error(`rd_kafka_new failed: ${cString(errbuf)}`);
  }
  const mc = k.clusterNew(rk, brokerCount);
  if (!mc) {
    k.destroy(rk);
    throw new Error('rd_kafka_mock_cluster_new failed');
  }
  let destroyed = false;
  const live = (): Mcluster => {
    if (destroyed) throw new Error('the mock cluster has been destroyed');
    return mc;
  };
  return {
    bootstraps: k.clusterBootstraps(mc),
    brokerCount,
    librdkafkaVersion: k.versionStr(),
    createTopic(name, partitions, replicationFactor) {
      return k.topicCreate(live(), name, partitions, replicationFactor);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      k.clusterDestroy(mc);
      k.destroy(rk);
    },
  };
}
