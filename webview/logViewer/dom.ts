// Element building that can only ever produce text: every string from Kafka or Hopsworks goes through
// textContent or setAttribute, never innerHTML, so a payload like `<img onerror=…>` stays characters.

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

/** Adds the stylesheet text under the page's script nonce (the CSP allows styles by nonce only). */
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
