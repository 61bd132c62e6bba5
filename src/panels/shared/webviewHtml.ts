// The HTML shell every panel loads: a strict Content-Security-Policy (nothing by default, our script only by
// nonce, styles and fonts only from the extension's own resource roots), one bundled script, and an empty
// root the script fills. Pure (no 'vscode'), so the webview tests load exactly this in headless Chromium.

export interface WebviewShellOptions {
  /** `webview.cspSource`: the origin VS Code serves `localResourceRoots` from. */
  cspSource: string;
  /** `asWebviewUri` of the panel's bundle, e.g. dist/webview/deploymentForm.js. */
  scriptUri: string;
  /** `asWebviewUri` of stylesheets to link (e.g. the codicon font CSS), if any. */
  styleUris?: readonly string[];
  /** Fresh per render: `makeNonce()`. */
  nonce: string;
  /** Document title (read by screen readers when the panel gets focus). */
  title: string;
  /** id of the element the script renders into. Default `root`. */
  rootId?: string;
}

/** 128 random bits, base64url: a nonce nobody can guess, from the Web Crypto API Node and browsers share. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For the few values the shell puts into markup (URIs, title). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * The Content-Security-Policy of a panel. Styles by nonce too: the component library probes browser features
 * with a short-lived <style> element, which it marks with the nonce it reads from `<meta property="csp-nonce">`.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

export function renderWebviewHtml(o: WebviewShellOptions): string {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(o.nonce))
    throw new Error('The nonce must be at least 16 base64url characters.');
  const rootId = o.rootId ?? 'root';
  const links = (o.styleUris ?? [])
    .map((u) => `    <link rel="stylesheet" href="${escapeHtml(u)}" nonce="${o.nonce}">\n`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <meta property="csp-nonce" content="${o.nonce}">
${links}    <title>${escapeHtml(o.title)}</title>
  </head>
  <body>
    <div id="${escapeHtml(rootId)}"></div>
    <script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>
  </body>
</html>
`;
}
