// Owns the live connection to one Hopsworks project: builds the REST client from settings + SecretStorage,
// verifies it by resolving the project, and tells the tree and status bar when it changes.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { HopsworksClient } from '../hopsworks/client';
import type { ProjectClient } from '../hopsworks/projectClient';
import type { ServingVariables } from '../hopsworks/types';
import type { ApiKeyStore } from './apiKeyStore';
import type { EnvKeyDecision } from './envApiKey';
import { decideEnvApiKey, ENV_API_KEY, hostId } from './envApiKey';
import type { ConnectionTarget } from './settings';
import { describeTarget, readTarget } from './settings';

export type ConnectionState =
  | { kind: 'disconnected' }
  | { kind: 'connecting'; target: ConnectionTarget }
  | { kind: 'connected'; target: ConnectionTarget; client: HopsworksClient; project: ProjectClient }
  | { kind: 'error'; target: ConnectionTarget; message: string };

/** globalState key: the `host:port`s the person allowed HOPSWORKS_API_KEY to be sent to. */
const ENV_KEY_HOSTS = 'hopsworks.envApiKeyHosts';

/** Asks whether the key from the environment may go to `target`; resolves true only on an explicit yes. */
export type EnvKeyConfirmer = (target: ConnectionTarget) => Promise<boolean>;

export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  readonly onDidChange = this.changed.event;
  private current: ConnectionState = { kind: 'disconnected' };
  private variables?: Promise<ServingVariables>;
  /** bumps on every connect/disconnect so a slow connect cannot overwrite a newer state */
  private generation = 0;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
    /** Remembers the hosts confirmed for HOPSWORKS_API_KEY (the extension's globalState). */
    private readonly memory: vscode.Memento,
    private readonly confirmEnvKey: EnvKeyConfirmer = askToUseEnvKey,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** The connected project, or undefined. */
  get project(): ProjectClient | undefined {
    return this.current.kind === 'connected' ? this.current.project : undefined;
  }

  get client(): HopsworksClient | undefined {
    return this.current.kind === 'connected' ? this.current.client : undefined;
  }

  /** True when connected (or connecting) to exactly this target. */
  isConnectedTo(t: ConnectionTarget | undefined): boolean {
    const s = this.current;
    if (!t || (s.kind !== 'connected' && s.kind !== 'connecting')) return false;
    const c = s.target;
    return (
      c.host === t.host &&
      c.port === t.port &&
      c.project === t.project &&
      c.verifyTls === t.verifyTls &&
      c.caFile === t.caFile
    );
  }

  /** Cluster variables, fetched once per connection (they drive the form's defaults). */
  servingVariables(): Promise<ServingVariables> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('Not connected to Hopsworks.'));
    this.variables ??= client.getServingVariables();
    return this.variables;
  }

  private set(state: ConnectionState): void {
    const previous = this.current;
    this.current = state;
    // The old client must not outlive its connection: disposing it aborts its pending requests and refuses
    // new ones, so no poller, test request or form started before a Disconnect keeps sending the old key.
    if (previous.kind === 'connected' && !(state.kind === 'connected' && state.client === previous.client)) {
      previous.client.dispose();
    }
    this.changed.fire(state);
  }

  /**
   * The stored key for `target`, else HOPSWORKS_API_KEY — but the environment's key only for the host the
   * environment names (HOPSWORKS_HOST) or one the person confirmed once (remembered per host).
   */
  async apiKeyFor(target: ConnectionTarget): Promise<string | undefined> {
    const stored = await this.keys.get(target.host, target.port);
    if (stored) return stored;
    const decision: EnvKeyDecision = decideEnvApiKey(this.env, target, this.confirmedEnvKeyHosts());
    if (decision.kind === 'none') return undefined;
    if (decision.kind === 'use') return decision.apiKey;
    if (!(await this.confirmEnvKey(target))) {
      this.log.info(
        `Not using ${ENV_API_KEY} for ${describeTarget(target)}: it was not confirmed for this host. Run Hopsworks: Connect… to give a key.`,
      );
      return undefined;
    }
    await this.memory.update(ENV_KEY_HOSTS, [...this.confirmedEnvKeyHosts(), hostId(target)]);
    this.log.info(`${ENV_API_KEY} confirmed for ${describeTarget(target)}.`);
    return decision.apiKey;
  }

  private confirmedEnvKeyHosts(): Set<string> {
    const saved = this.memory.get<unknown>(ENV_KEY_HOSTS);
    return new Set(Array.isArray(saved) ? saved.filter((h): h is string => typeof h === 'string') : []);
  }

  /** Connects with the saved settings and key; quietly stays disconnected when either is missing. */
  async connectFromSettings(): Promise<ConnectionState> {
    const target = readTarget();
    if (!target) {
      this.set({ kind: 'disconnected' });
      return this.current;
    }
    const apiKey = await this.apiKeyFor(target);
    if (!apiKey) {
      this.set({ kind: 'disconnected' });
      return this.current;
    }
    return this.connect(target, apiKey);
  }

  /** Builds a client for a target without touching the current state (used to try a key before saving it). */
  async createClient(target: ConnectionTarget, apiKey: string): Promise<HopsworksClient> {
    const caCertPem = target.caFile ? await readCa(target.caFile) : undefined;
    if (!target.verifyTls) {
      this.log.warn(
        `TLS certificate verification is turned off for ${describeTarget(target)} (hopsworks.tls.verify = false).`,
      );
    }
    return new HopsworksClient({
      host: target.host,
      port: target.port,
      apiKey,
      caCertPem,
      verifyTls: target.verifyTls,
      log: (line: string) => this.log.debug(line),
    });
  }

  async connect(target: ConnectionTarget, apiKey: string): Promise<ConnectionState> {
    const generation = ++this.generation;
    this.variables = undefined;
    this.set({ kind: 'connecting', target });
    let client: HopsworksClient | undefined;
    try {
      client = await this.createClient(target, apiKey);
      const info = await client.getProjectByName(target.project);
      if (generation !== this.generation) {
        client.dispose();
        return this.current;
      }
      const project = client.project(info.projectId, info.projectName);
      this.log.info(
        `Connected to project ${info.projectName} (id ${info.projectId}) on ${describeTarget(target)}.`,
      );
      this.set({ kind: 'connected', target, client, project });
      if (!target.verifyTls) this.warnUnverified(target);
    } catch (err) {
      client?.dispose();
      if (generation !== this.generation) return this.current;
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Could not connect to ${describeTarget(target)}: ${message}`);
      this.set({ kind: 'error', target, message });
    }
    return this.current;
  }

  /** Said once per host and session: every request to it could be read by anyone on the network path. */
  private readonly warnedUnverified = new Set<string>();
  private warnUnverified(target: ConnectionTarget): void {
    const key = describeTarget(target);
    if (this.warnedUnverified.has(key)) return;
    this.warnedUnverified.add(key);
    void vscode.window
      .showWarningMessage(
        `TLS certificate verification is off for ${key}: your API key is sent without checking who receives it. Prefer a CA file (hopsworks.tls.caFile).`,
        'Open Settings',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'hopsworks.tls');
      });
  }

  disconnect(): void {
    this.generation++;
    this.variables = undefined;
    this.set({ kind: 'disconnected' });
  }

  dispose(): void {
    this.generation++;
    if (this.current.kind === 'connected') this.current.client.dispose();
    this.changed.dispose();
  }
}

/** Asked once per host: a setting (or a workspace) must not send the environment's key to a host nobody chose. */
async function askToUseEnvKey(target: ConnectionTarget): Promise<boolean> {
  const use = `Use It for ${describeTarget(target)}`;
  const choice = await vscode.window.showWarningMessage(
    `${ENV_API_KEY} is set in the environment, and the settings point at ${describeTarget(target)}. Send that key to ${describeTarget(target)}?`,
    {
      modal: true,
      detail:
        'The key is used for this host only and the choice is remembered. To connect with another key, choose Cancel and run Hopsworks: Connect….',
    },
    use,
  );
  return choice === use;
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`Cannot read the CA file ${path} (${code}). Fix hopsworks.tls.caFile in the settings.`);
  }
}
