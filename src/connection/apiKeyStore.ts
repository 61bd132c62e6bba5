// The API key per cluster, in VS Code's SecretStorage (OS keychain). Keyed by host:port so that a workspace
// pointing `hopsworks.host` elsewhere can never make us send a key meant for another cluster.
import type * as vscode from 'vscode';

const PREFIX = 'hopsworks.apiKey/';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private static id(host: string, port: number): string {
    return `${PREFIX}${host.toLowerCase()}:${port}`;
  }

  async get(host: string, port: number): Promise<string | undefined> {
    return (await this.secrets.get(ApiKeyStore.id(host, port))) ?? undefined;
  }

  async set(host: string, port: number, key: string): Promise<void> {
    await this.secrets.store(ApiKeyStore.id(host, port), key);
  }

  async delete(host: string, port: number): Promise<void> {
    await this.secrets.delete(ApiKeyStore.id(host, port));
  }
}

/** Shape check only (the server is the judge): Hopsworks keys are `<prefix>.<secret>`. */
export function looksLikeApiKey(key: string): boolean {
  return /^[^.\s]+\.[^.\s]+$/.test(key.trim());
}
