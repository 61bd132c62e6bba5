// "Copy as curl": a command a person can paste into a POSIX shell. The API key is never in it: the header reads
// it from $HOPSWORKS_API_KEY (the variable the extension itself reads), so the text can be shared or logged.
// No vscode: unit-tested.

export const API_KEY_VARIABLE = 'HOPSWORKS_API_KEY';

export interface CurlOptions {
  url: string;
  /** Sent as JSON. */
  body: unknown;
  /** The CA file the connection trusts (hopsworks.tls.caFile), so curl trusts the same server. */
  caFile?: string;
  /** The person turned certificate checks off for this host (hopsworks.tls.verify = false). */
  insecure?: boolean;
}

/** Single-quoted for a POSIX shell: nothing inside is expanded ($, `, \, ! stay as they are). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(o: CurlOptions): string {
  const lines = [
    `curl -X POST ${shellQuote(o.url)}`,
    // Double quotes: the shell puts the key in from the environment, so it is never written here.
    `-H "Authorization: ApiKey $${API_KEY_VARIABLE}"`,
    `-H ${shellQuote('Content-Type: application/json')}`,
  ];
  // As the connection does: no check at all when the person turned it off, else the CA file it trusts.
  if (o.insecure) lines.push('--insecure');
  else if (o.caFile) lines.push(`--cacert ${shellQuote(o.caFile)}`);
  lines.push(`-d ${shellQuote(JSON.stringify(o.body))}`);
  return lines.join(' \\\n  ');
}
