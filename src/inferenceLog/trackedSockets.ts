// The connections kafkajs opens, made by us (kafkajs' `socketFactory` option, the same net/tls calls as
// its own factory) so that they can be closed on demand. kafkajs has no way to abort a request in flight:
// against a broker that accepts connections but never answers, disconnect() waits for the request
// timeout. Closing the sockets with an error makes every pending request fail at once (kafkajs acts on
// a socket's 'error', not on a bare 'close').
import { Socket as NetSocket, connect as netConnect, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';

const KEEP_ALIVE_MS = 60_000;

export interface SocketRequest {
  host: string;
  port: number;
  ssl: ConnectionOptions;
  onConnect: () => void;
}

export class TrackedSockets {
  private readonly open_ = new Set<Socket>();
  private closed = false;

  /** kafkajs' socket factory. After closeAll() it connects nowhere: the socket fails on the next tick. */
  open({ host, port, ssl, onConnect }: SocketRequest): Socket {
    if (this.closed) {
      const refused = new NetSocket();
      setImmediate(() => refused.destroy(stoppedError()));
      return refused;
    }
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_MS);
    this.open_.add(socket);
    socket.once('close', () => this.open_.delete(socket));
    return socket;
  }

  /** How many are open now. */
  get size(): number {
    return this.open_.size;
  }

  /** Closes every socket now and every one made from now on. */
  closeAll(): void {
    this.closed = true;
    for (const s of this.open_) s.destroy(stoppedError());
  }
}

function stoppedError(): Error {
  return new Error('the log session was closed');
}
