// The DOM helpers every panel's browser code shares. Element building can only ever produce text: every
// string from Kafka or Hopsworks goes through textContent or setAttribute, never innerHTML, so a payload like
// `<img onerror=…>` stays characters.

export interface ElOptions {
  className?: string;
  text?: string;
  title?: string;
  id?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  opts: ElOptions = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (opts.className) e.className = opts.className;
  if (opts.id) e.id = opts.id;
  if (opts.title) e.title = opts.title;
  for (const [k, v] of Object.entries(opts.attrs ?? {})) e.setAttribute(k, v);
  if (opts.text !== undefined) e.textContent = opts.text;
  else if (children.length) e.append(...children);
  return e;
}

/**
 * Adds a panel's stylesheet (bundled as text: esbuild's css text loader) as a <style> carrying the page's
 * nonce. The panel's Content-Security-Policy (src/panels/shared/webviewHtml.ts) admits styles from the extension's
 * resource roots or by that nonce, and nothing inline without it. `document.currentScript` is set only while
 * the bundle's top level runs, hence the fallback to the nonce-bearing <script> of the shell.
 */
export function adoptStyles(cssText: string): void {
  const style = document.createElement('style');
  const script = document.currentScript ?? document.querySelector('script[nonce]');
  const nonce = (script as HTMLScriptElement | null)?.nonce;
  if (nonce) style.nonce = nonce;
  style.textContent = cssText;
  document.head.append(style);
}

/** Reads a theme colour (a `--vscode-*` variable) for canvas drawing, with a fallback. */
export function themeColor(variable: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(variable).trim();
  return v || fallback;
}
