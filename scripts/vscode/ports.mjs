// Loopback ports: an ephemeral free one for servers that must be told their port, and waiting for HTTP.
import http from 'node:http';
import net from 'node:net';

/** A port the kernel just handed out on 127.0.0.1 (the caller retries if someone takes it meanwhile). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Throws if something already listens on 127.0.0.1:port. */
export function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is already in use; choose another with --port`
            : `cannot listen on 127.0.0.1:${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Resolves once GET url answers with any status; rejects after timeoutMs or when `failed()` says so. */
export async function waitForHttp(url, { timeoutMs = 60_000, failed = () => undefined } = {}) {
  const t0 = Date.now();
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(reason);
    const ok = await new Promise((resolve) => {
      const req = http.get(url, { timeout: 2000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => resolve(false));
    });
    if (ok) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
