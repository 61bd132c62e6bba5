// "Hopsworks: Connect…" and "Hopsworks: Disconnect". The key is asked once, tried, and only then stored in
// SecretStorage; host, port and project go to the user settings.
import * as vscode from 'vscode';
import type { ApiKeyStore } from '../connection/apiKeyStore';
import { looksLikeApiKey } from '../connection/apiKeyStore';
import type { ConnectionManager } from '../connection/connectionManager';
import type { ConnectionTarget } from '../connection/settings';
import { describeTarget, readTarget, SECTION, writeTarget } from '../connection/settings';
import { showError } from './notify';

interface HostPort {
  host: string;
  port: number;
}

/** Accepts `host`, `host:port` or a pasted URL such as `https://c.app.hopsworks.ai/p/119`. */
export function parseHostInput(text: string): HostPort | undefined {
  const t = text.trim();
  if (!t) return undefined;
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(t) ? t : `https://${t}`);
    if (!url.hostname) return undefined;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 443 };
  } catch {
    return undefined;
  }
}

export function registerConnectionCommands(
  connection: ConnectionManager,
  keys: ApiKeyStore,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('hopsworks.connect', (args?: ConnectArgs) =>
      isConnectArgs(args) ? connectWith(connection, keys, log, args) : connect(connection, keys, log),
    ),
    vscode.commands.registerCommand('hopsworks.disconnect', async () => {
      const s = connection.state;
      if (s.kind !== 'disconnected') {
        // Signing out forgets the key, so the next start does not reconnect silently.
        await keys.delete(s.target.host, s.target.port);
        log.info(`Disconnected from ${describeTarget(s.target)} and removed its API key from the keychain.`);
      }
      connection.disconnect();
    }),
    vscode.commands.registerCommand('hopsworks.reconnect', () => connection.connectFromSettings()),
  ];
}

/** Lets scripts, tests and other extensions connect without the prompts (same checks, same key storage). */
export interface ConnectArgs {
  host: string;
  port: number;
  project: string;
  apiKey: string;
}

function isConnectArgs(a: unknown): a is ConnectArgs {
  const o = a as Partial<ConnectArgs> | undefined;
  return (
    typeof o === 'object' &&
    typeof o.host === 'string' &&
    typeof o.port === 'number' &&
    typeof o.project === 'string' &&
    typeof o.apiKey === 'string'
  );
}

async function connectWith(
  connection: ConnectionManager,
  keys: ApiKeyStore,
  log: vscode.LogOutputChannel,
  a: ConnectArgs,
): Promise<boolean> {
  // Another extension or a command link can run this command: connecting stores the key it brings and
  // rewrites the person's settings, so the person says yes first, seeing where it goes.
  const where = `${a.project} on ${describeTarget({ host: a.host, port: a.port })}`;
  const allow = 'Connect';
  const choice = await vscode.window.showWarningMessage(
    `Connect to Hopsworks project ${where} with an API key provided by the caller?`,
    {
      modal: true,
      detail:
        'Something other than the Connect… prompts asked for this connection (another extension, a link or a script). ' +
        'If you allow it, its API key is stored in your keychain for that host and your settings are set to this host, port and project.',
    },
    allow,
  );
  if (choice !== allow) {
    log.info(`A request to connect to ${where} was declined.`);
    return false;
  }
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return finishConnect(
    connection,
    keys,
    log,
    {
      host: a.host,
      port: a.port,
      project: a.project,
      verifyTls: cfg.get<boolean>('tls.verify', true),
      caFile: cfg.get<string>('tls.caFile', '') || undefined,
    },
    a.apiKey.trim(),
  );
}

/** Connects, and only when that worked stores the key (SecretStorage) and the target (settings). */
async function finishConnect(
  connection: ConnectionManager,
  keys: ApiKeyStore,
  log: vscode.LogOutputChannel,
  target: ConnectionTarget,
  key: string,
): Promise<boolean> {
  const state = await connection.connect(target, key);
  if (state.kind === 'connected') {
    await keys.set(target.host, target.port, key);
    await writeTarget(target);
    void vscode.window.showInformationMessage(`Connected to ${target.project} on ${describeTarget(target)}.`);
    return true;
  }
  if (state.kind === 'error') {
    showError(log, `Could not connect to ${describeTarget(target)}`, new Error(state.message));
  }
  return false;
}

async function connect(connection: ConnectionManager, keys: ApiKeyStore, log: vscode.LogOutputChannel) {
  const saved = readTarget();
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const title = 'Connect to Hopsworks';

  const hostText = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: 'Host name of your Hopsworks cluster (a URL or host:port works too)',
    placeHolder: 'c.app.hopsworks.ai',
    value: saved ? describeTarget(saved) : cfg.get<string>('host', ''),
    ignoreFocusOut: true,
    validateInput: (v) => (parseHostInput(v) ? undefined : 'Enter a host name, host:port or https:// URL'),
  });
  if (hostText === undefined) return;
  const hp = parseHostInput(hostText)!;

  const portText = await vscode.window.showInputBox({
    title: `${title} (2/3)`,
    prompt: 'HTTPS port',
    value: String(hp.port !== 443 ? hp.port : (saved?.port ?? hp.port)),
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? undefined : 'A port from 1 to 65535',
  });
  if (portText === undefined) return;
  const port = Number(portText);

  const existingKey = await keys.get(hp.host, port);
  const apiKey = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: existingKey
      ? 'API key (leave empty to keep the stored one). Scopes: PROJECT, MODELREGISTRY, SERVING, KAFKA, FEATURESTORE, DATASET_VIEW'
      : 'API key from Hopsworks > Account settings > API keys. Scopes: PROJECT, MODELREGISTRY, SERVING, KAFKA, FEATURESTORE, DATASET_VIEW',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      (v === '' && existingKey) || looksLikeApiKey(v)
        ? undefined
        : 'A Hopsworks API key looks like <prefix>.<secret>',
  });
  if (apiKey === undefined) return;
  const key = apiKey === '' ? existingKey! : apiKey.trim();

  let target: ConnectionTarget = {
    host: hp.host,
    port,
    project: saved?.project ?? '',
    verifyTls: cfg.get<boolean>('tls.verify', true),
    caFile: cfg.get<string>('tls.caFile', '') || undefined,
  };

  const projectName = await pickProject(connection, target, key, log);
  if (!projectName) return;
  target = { ...target, project: projectName };
  return finishConnect(connection, keys, log, target, key);
}

/** Lists the projects the key can see (this also proves host, TLS and key); falls back to typing a name. */
async function pickProject(
  connection: ConnectionManager,
  target: ConnectionTarget,
  key: string,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  let names: string[] = [];
  let client: Awaited<ReturnType<ConnectionManager['createClient']>> | undefined;
  try {
    const c = (client = await connection.createClient(target, key));
    names = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Contacting ${describeTarget(target)}…` },
      async () => (await c.listProjects()).map((m) => m.project.name).sort(),
    );
  } catch (err) {
    showError(log, `Could not list projects on ${describeTarget(target)}`, err);
    return undefined;
  } finally {
    // Only a probe: the connection builds its own client, so this one must not keep sockets or the key.
    client?.dispose();
  }
  if (names.length === 0) {
    return vscode.window.showInputBox({
      title: 'Connect to Hopsworks: project',
      prompt: 'No project is visible to this key. Type the project name',
      value: target.project,
      ignoreFocusOut: true,
    });
  }
  const picked = await vscode.window.showQuickPick(names, {
    title: 'Connect to Hopsworks: project',
    placeHolder: 'Choose the project whose models and deployments to show',
    ignoreFocusOut: true,
  });
  return picked;
}
