// When HOPSWORKS_API_KEY (read the way the Hopsworks Python client reads it) may be sent to the host the
// settings name. A workspace or a changed setting must not be able to send a key from the environment to a
// host nobody chose for it, so the key goes only to the host the environment itself names
// (HOPSWORKS_HOST/HOPSWORKS_PORT, as `hopsworks.login()` reads them) or to a host the person confirmed once.
// vscode-free, so the rule is unit-tested under plain Node.

export const ENV_API_KEY = 'HOPSWORKS_API_KEY';
export const ENV_HOST = 'HOPSWORKS_HOST';
export const ENV_PORT = 'HOPSWORKS_PORT';

export interface HostPort {
  host: string;
  port: number;
}

export type EnvKeyDecision =
  /** no key in the environment */
  | { kind: 'none' }
  /** the environment names this very host, or the person confirmed it before */
  | { kind: 'use'; apiKey: string; why: 'environmentNamesHost' | 'confirmed' }
  /** a key is there but nobody chose this host for it: ask first */
  | { kind: 'ask'; apiKey: string };

/** `host:port`, lower-cased: one remembered confirmation per cluster. */
export function hostId(t: HostPort): string {
  return `${t.host.trim().toLowerCase()}:${t.port}`;
}

function envPort(raw: string | undefined): number {
  const n = Number(raw?.trim());
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : 443;
}

export function decideEnvApiKey(
  env: Readonly<Record<string, string | undefined>>,
  target: HostPort,
  confirmedHosts: ReadonlySet<string>,
): EnvKeyDecision {
  const apiKey = env[ENV_API_KEY]?.trim();
  if (!apiKey) return { kind: 'none' };
  const envHost = env[ENV_HOST]?.trim();
  if (envHost && hostId({ host: envHost, port: envPort(env[ENV_PORT]) }) === hostId(target)) {
    return { kind: 'use', apiKey, why: 'environmentNamesHost' };
  }
  if (confirmedHosts.has(hostId(target))) return { kind: 'use', apiKey, why: 'confirmed' };
  return { kind: 'ask', apiKey };
}
