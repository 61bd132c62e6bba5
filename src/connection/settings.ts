// Reads the connection settings. The API key is deliberately not a setting: it lives in SecretStorage only.
import * as vscode from 'vscode';

export interface ConnectionTarget {
  host: string;
  port: number;
  project: string;
  verifyTls: boolean;
  /** path of a PEM file with the cluster's CA, for self-signed clusters */
  caFile?: string;
}

export const SECTION = 'hopsworks';

export function readTarget(): ConnectionTarget | undefined {
  const c = vscode.workspace.getConfiguration(SECTION);
  const host = c.get<string>('host', '').trim();
  const project = c.get<string>('project', '').trim();
  if (!host || !project) return undefined;
  const caFile = c.get<string>('tls.caFile', '').trim();
  return {
    host,
    port: c.get<number>('port', 443),
    project,
    verifyTls: c.get<boolean>('tls.verify', true),
    caFile: caFile || undefined,
  };
}

export async function writeTarget(t: Pick<ConnectionTarget, 'host' | 'port' | 'project'>): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  await c.update('host', t.host, vscode.ConfigurationTarget.Global);
  await c.update('port', t.port, vscode.ConfigurationTarget.Global);
  await c.update('project', t.project, vscode.ConfigurationTarget.Global);
}

export function describeTarget(t: Pick<ConnectionTarget, 'host' | 'port'>): string {
  return t.port === 443 ? t.host : `${t.host}:${t.port}`;
}
