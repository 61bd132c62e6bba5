// Closing a log panel while the broker accepts connections but never answers (a hung broker, a proxy that
// swallows the traffic) must end everything at once: the session's dispose resolves, every connection
// it opened is closed, and no new one is attempted. kafkajs alone waits out its 30 s request timeout,
// holding the project's credentials meanwhile. The silent broker is a real listener on loopback.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { generateTlsMaterial } from '../../sandbox/tls/certs';
import { createInferenceLogSession } from '../../src/inferenceLog';
import { waitFor } from '../support/wait';

const V3 =
  '{"type":"record","name":"inferencelog","fields":[{"name":"modelId","type":"int"},{"name":"modelName","type":"string"},{"name":"modelVersion","type":"int"},{"name":"requestTimestamp","type":"long"},{"name":"responseHttpCode","type":"int"},{"name":"inferenceRequest","type":"string"},{"name":"inferenceResponse","type":"string"},{"name":"modelServer","type":"string"},{"name":"servingTool","type":"string"}]}';

/** Twice the 5 s the issue allows, and a third of kafkajs' request timeout: a hang guard, not a timing. */
const HANG_GUARD_MS = 10_000;

let silent: Server;
let port: number;
const sockets: Socket[] = [];
let received = 0;

/** Resolves with the promise's value, or rejects naming `what` if it has not settled within the guard. */
async function settles<T>(what: string, p: Promise<T>): Promise<T> {
  let guard: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        guard = setTimeout(() => reject(new Error(`${what} did not finish (hang guard)`)), HANG_GUARD_MS);
      }),
    ]);
  } finally {
    clearTimeout(guard);
  }
}

describe('disposing a session whose broker never answers', () => {
  before(async () => {
    // Accepts every connection, reads what comes, answers nothing.
    silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (d) => (received += d.length));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  for (const listener of ['plaintext', 'mutual TLS'] as const) {
    it(`over ${listener}: dispose resolves and every connection it opened is closed`, async () => {
      const before = sockets.length;
      const tls = listener === 'mutual TLS' ? await generateTlsMaterial('sandbox__tester') : undefined;
      const s = createInferenceLogSession({
        brokers: [`127.0.0.1:${port}`],
        ssl: tls && { ca: tls.ca.certPem, cert: tls.client.certPem, key: tls.client.keyPem },
        topic: 'silent-inf0001',
        schemaJson: V3,
      });
      const states: string[] = [];
      s.onState((st) => states.push(st.state));
      const started = s.start();
      // The client got in and is waiting for an answer that never comes.
      await waitFor(
        () => sockets.length > before && received > 0,
        'the session to connect and send a request',
      );
      assert.equal(s.state.state, 'connecting');

      await settles('dispose', s.dispose());
      await settles('start', started);
      const mine = sockets.slice(before);
      await waitFor(
        () => mine.every((sock) => sock.destroyed || sock.readableEnded),
        () =>
          `${mine.filter((sock) => !(sock.destroyed || sock.readableEnded)).length} connections still open`,
      );
      assert.equal(s.state.state, 'stopped');
      assert.ok(
        !states.includes('error'),
        `no error shown for a closed panel (states: ${states.join(', ')})`,
      );
    });
  }
});
