// Loopback HTTP switch for the broker outage, so a test in another process (or a person with curl) can
// make the broker go away and come back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

export async function startControlServer(
  port: number,
  control: { setOutage(down: boolean): void; isDown(): boolean },
): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    req.resume(); // bodies are ignored, but must be read for the connection to be reused
    if (path === '/outage' || path === '/restore') {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        reply(405, { error: `use POST ${path}` });
        return;
      }
      control.setOutage(path === '/outage');
      reply(200, { down: control.isDown() });
    } else if (path === '/status' && req.method === 'GET') {
      reply(200, { down: control.isDown() });
    } else {
      reply(404, { error: 'unknown path; use POST /outage, POST /restore or GET /status' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
