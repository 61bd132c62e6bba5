// A thin Kafka-aware TCP proxy in front of librdkafka's mock broker: a plaintext and a mutual-TLS
// listener, address rewriting so clients return through the listener they used, CreateTopics answered
// locally, and an outage switch.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { FrameSplitter } from './frameSplitter';
import { encodeCreateTopicsResponse, parseCreateTopicsRequest } from './createTopics';
import type { CreateTopicsRequest, TopicResult } from './createTopics';
import { ApiKey, rewriteApiVersions, rewriteFindCoordinator, rewriteMetadata } from './responseRewrite';
import type { AdvertisedAddress } from './responseRewrite';
import { KafkaReader } from './wire';

export interface KafkaProxyOptions {
  /** The mock broker's own address. */
  upstream: { host: string; port: number };
  plaintextPort: number;
  tlsPort: number;
  tls: { caPem: string; certPem: string; keyPem: string };
  /** Answers a parsed CreateTopics request with one result per requested topic. */
  createTopics: (req: CreateTopicsRequest) => TopicResult[];
  log?: (line: string) => void;
}

const HOST = '127.0.0.1';

interface Slot {
  correlationId: number;
  response?: Buffer;
}

/** One client connection and its upstream connection; responses go back in request order. */
class ProxiedConnection {
  private readonly upstream: net.Socket;
  private readonly fromClient = new FrameSplitter();
  private readonly fromUpstream = new FrameSplitter();
  private readonly inFlight = new Map<number, { apiKey: number; version: number }>();
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    private readonly client: net.Socket,
    private readonly addr: AdvertisedAddress,
    private readonly opts: KafkaProxyOptions,
    private readonly onClose: (c: ProxiedConnection) => void,
  ) {
    this.upstream = net.connect(opts.upstream.port, opts.upstream.host);
    this.upstream.setNoDelay(true);
    client.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.guard(() => this.onClientData(chunk)));
    this.upstream.on('data', (chunk: Buffer) => this.guard(() => this.onUpstreamData(chunk)));
    // Backpressure both ways, so a slow consumer does not make the proxy buffer whole partitions.
    client.on('drain', () => this.upstream.resume());
    this.upstream.on('drain', () => client.resume());
    for (const s of [client, this.upstream]) {
      s.on('error', () => this.destroy());
      s.on('close', () => this.destroy());
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.opts.log?.(
        `kafka proxy: dropping a connection after a malformed frame: ${e instanceof Error ? e.message : String(e)}`,
      );
      this.destroy();
    }
  }

  private onClientData(chunk: Buffer): void {
    const frames = this.fromClient.push(chunk);
    if (frames.length === 0) return;
    this.upstream.cork();
    for (const frame of frames) {
      const r = new KafkaReader(frame, 4);
      const apiKey = r.int16();
      const version = r.int16();
      const correlationId = r.int32();
      if (apiKey === ApiKey.CreateTopics) {
        r.nullableString(); // client_id (request header v1; CreateTopics is not flexible before v5)
        this.slots.push({ correlationId, response: this.answerCreateTopics(r, correlationId, version) });
        continue;
      }
      if (apiKey === ApiKey.Fetch) capFetchWait(frame, r, version);
      if (!(apiKey === ApiKey.Produce && producesWithoutAck(r, version))) {
        this.slots.push({ correlationId });
        this.inFlight.set(correlationId, { apiKey, version });
      }
      if (!this.upstream.write(frame)) this.client.pause();
    }
    this.upstream.uncork();
    this.flush();
  }

  private answerCreateTopics(r: KafkaReader, correlationId: number, version: number): Buffer {
    if (version > 4) {
      // Never advertised; a client that sends it anyway gets a closed connection, as from Kafka.
      throw new Error(`CreateTopics v${version} is not supported`);
    }
    const req = parseCreateTopicsRequest(r, version);
    return encodeCreateTopicsResponse(correlationId, version, this.opts.createTopics(req));
  }

  private onUpstreamData(chunk: Buffer): void {
    for (let frame of this.fromUpstream.push(chunk)) {
      const correlationId = frame.readInt32BE(4);
      const req = this.inFlight.get(correlationId);
      this.inFlight.delete(correlationId);
      if (req?.apiKey === ApiKey.ApiVersions) frame = rewriteApiVersions(frame, req.version);
      else if (req?.apiKey === ApiKey.Metadata) frame = rewriteMetadata(frame, req.version, this.addr);
      else if (req?.apiKey === ApiKey.FindCoordinator)
        frame = rewriteFindCoordinator(frame, req.version, this.addr);
      const slot = this.slots.find((s) => s.correlationId === correlationId && !s.response);
      if (slot) slot.response = frame;
      else this.slots.push({ correlationId, response: frame });
    }
    this.flush();
  }

  private flush(): void {
    if (this.slots[0]?.response === undefined) return;
    this.client.cork();
    while (this.slots[0]?.response !== undefined) {
      const { response } = this.slots.shift() as Slot;
      if (response && !this.client.write(response)) this.upstream.pause();
    }
    this.client.uncork();
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.destroy();
    this.upstream.destroy();
    this.onClose(this);
  }
}

/**
 * A real broker answers a waiting Fetch as soon as data arrives; librdkafka's mock only answers when
 * max_wait_ms runs out (measured: kafkajs' default 5 s wait gave ~4.3 s latency per message). Capping
 * the wait makes new records reach consumers about as promptly as from Kafka, at the cost of a few
 * empty fetches per second.
 */
const FETCH_MAX_WAIT_CAP_MS = 100;

function capFetchWait(frame: Buffer, r: KafkaReader, version: number): void {
  if (version > 11) return; // flexible versions have another header; the mock stops at v11
  const probe = new KafkaReader(frame, r.offset);
  probe.nullableString(); // client_id
  probe.int32(); // replica_id
  const at = probe.offset;
  if (probe.int32() > FETCH_MAX_WAIT_CAP_MS) frame.writeInt32BE(FETCH_MAX_WAIT_CAP_MS, at);
}

/** Produce with acks=0 gets no response, so it must not hold a place in the response order. */
function producesWithoutAck(r: KafkaReader, version: number): boolean {
  const probe = new KafkaReader(r.buf, r.offset);
  probe.nullableString(); // client_id
  if (version >= 9) return false; // flexible header; the mock stops at v7
  if (version >= 3) probe.nullableString(); // transactional_id
  return probe.int16() === 0;
}

export class KafkaProxy {
  private readonly plain: net.Server;
  private readonly secure: tls.Server;
  private readonly connections = new Set<ProxiedConnection>();
  /** Raw sockets, including TLS handshakes not yet finished, so stop() and outages reach them all. */
  private readonly sockets = new Set<net.Socket>();
  private down = false;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: KafkaProxyOptions) {
    this.log = opts.log ?? (() => undefined);
    this.plain = net.createServer((socket) => this.accept(socket, this.plaintextAddress));
    this.secure = tls.createServer(
      {
        ca: opts.tls.caPem,
        cert: opts.tls.certPem,
        key: opts.tls.keyPem,
        // Hopsworks' brokers set ssl.client.auth=required: no client certificate from the CA, no session.
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => this.accept(socket, this.tlsAddress),
    );
    this.secure.on('tlsClientError', (err) => this.log(`kafka proxy: TLS handshake refused: ${err.message}`));
    for (const server of [this.plain, this.secure]) {
      server.on('connection', (socket: net.Socket) => {
        if (this.down) {
          socket.destroy();
          return;
        }
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
    }
  }

  async listen(): Promise<void> {
    await Promise.all([
      listenOn(this.plain, this.opts.plaintextPort),
      listenOn(this.secure, this.opts.tlsPort),
    ]);
  }

  get plaintextAddress(): AdvertisedAddress {
    return { host: HOST, port: (this.plain.address() as AddressInfo).port };
  }

  get tlsAddress(): AdvertisedAddress {
    return { host: HOST, port: (this.secure.address() as AddressInfo).port };
  }

  private accept(socket: net.Socket, addr: AdvertisedAddress): void {
    if (this.down) {
      socket.destroy();
      return;
    }
    const conn = new ProxiedConnection(socket, addr, this.opts, (c) => this.connections.delete(c));
    this.connections.add(conn);
  }

  /**
   * Outage: every connection is cut and new ones are accepted and closed at once. Keeping the ports
   * bound (rather than closing the listeners) means no other process can take them meanwhile, and
   * clients see a closed connection, which kafkajs treats as retriable.
   */
  setOutage(down: boolean): void {
    this.down = down;
    if (down) this.dropAll();
  }

  get isDown(): boolean {
    return this.down;
  }

  private dropAll(): void {
    for (const c of [...this.connections]) c.destroy();
    for (const s of [...this.sockets]) s.destroy();
  }

  async close(): Promise<void> {
    const closed = Promise.all([closeServer(this.plain), closeServer(this.secure)]);
    this.dropAll();
    await closed;
  }
}

function listenOn(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}
