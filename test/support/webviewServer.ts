// A webview the way a panel host serves it, over loopback HTTP on an ephemeral port: the real HTML shell of
// src/panels/shared/webviewHtml.ts (its CSP names this origin) and the panel's bundle, nothing else.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { makeNonce, renderWebviewHtml } from '../../src/panels/shared/webviewHtml';

export interface WebviewServer {
  /** `http://127.0.0.1:<port>`; the shell is at `/`. */
  origin: string;
  close(): Promise<void>;
}

/** Serves the shell at `/` and the bundle file at `/dist/webview/<its name>`; a fresh nonce per page. */
export async function serveWebview(opts: { bundle: string; title: string }): Promise<WebviewServer> {
  const script = await readFile(opts.bundle);
  const scriptPath = `/dist/webview/${path.basename(opts.bundle)}`;
  let origin = '';
  const server = createServer((req, res) => {
    if (req.url === '/') {
      const html = renderWebviewHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}${scriptPath}`,
        title: opts.title,
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.url === scriptPath) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
