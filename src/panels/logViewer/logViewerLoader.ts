// Loads the Kafka/Avro pipeline bundle (dist/inferenceLog.js) when the first log view opens, so that
// activation never loads kafkajs or avsc, and builds a pipeline session for a resolved log source.
// vscode-free: the sandbox tests build sessions the same way the panel does.
import * as path from 'node:path';
import type * as InferenceLog from '../../inferenceLog';
import type { InferenceLogSession } from '../../inferenceLog';
import type { ProjectClient } from '../../hopsworks/projectClient';
import type { Deployment } from '../../hopsworks/types';
import type { StartFrom } from '../../protocol/logViewer';
import { describeStart } from './logViewerHost';
import type { SessionFactory } from './connectionLogSession';
import type { LogSource } from './logViewerSource';
import { LogSourceError, resolveLogSource } from './logViewerSource';

export type InferenceLogModule = typeof InferenceLog;

let loaded: InferenceLogModule | undefined;

/** Requires the separately bundled pipeline once; later calls reuse it. */
export function loadInferenceLog(extensionPath: string): InferenceLogModule {
  if (!loaded) {
    const file = path.join(extensionPath, 'dist', 'inferenceLog.js');
    // A computed path on purpose: esbuild leaves it alone, so the pipeline stays out of dist/extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(file) as InferenceLogModule;
  }
  return loaded;
}

export interface SessionSettings {
  startFrom: StartFrom;
  capacity: number;
  /** `hopsworks.inferenceLog.maxMemoryMB`; the pipeline's default (256) when absent. */
  maxMemoryMB?: number;
  noResponseTimeoutMs: number;
  /** Diagnostic lines (never payloads or credentials). */
  log?: (line: string) => void;
}

/** A pipeline session for `source`, not started. Throws when the topic's schema is not usable Avro. */
export function createSession(
  mod: InferenceLogModule,
  source: LogSource,
  s: SessionSettings,
): InferenceLogSession {
  return mod.createInferenceLogSession({
    brokers: source.brokers,
    ssl: source.ssl,
    topic: source.topic,
    schemaJson: source.schema,
    schemaVersion: source.schemaVersion,
    schemaVersions: source.schemaVersions.map((v) => ({ version: v.version, schemaJson: v.schema })),
    ...(source.deploymentId !== undefined ? { servingId: source.deploymentId } : {}),
    servingTool: source.servingTool,
    loggingMode: source.loggingMode,
    startFrom: s.startFrom,
    capacity: s.capacity,
    maxMemoryMB: s.maxMemoryMB,
    noResponseTimeoutMs: s.noResponseTimeoutMs,
    log: s.log,
  });
}

export interface FactoryOptions {
  /** Where dist/inferenceLog.js lives (the extension's folder); or pass `module` directly. */
  extensionPath?: string;
  module?: InferenceLogModule;
  /** Raw `hopsworks.inferenceLog.bootstrapServers`. */
  bootstrapServers?: string;
  capacity: number;
  maxMemoryMB?: number;
  noResponseTimeoutMs: number;
  log?: (line: string) => void;
}

/**
 * Builds sessions for one deployment. Each call resolves the source afresh (so a restart after an error
 * picks up new brokers or certificates) and keeps the TLS material only inside the session it builds.
 */
export function sessionFactory(
  project: ProjectClient,
  deployment: Deployment,
  o: FactoryOptions,
): SessionFactory {
  return async (startFrom) => {
    const source = await resolveLogSource(project, deployment, { bootstrapServers: o.bootstrapServers });
    o.log?.(
      `Inference logs of ${source.deploymentName}: topic ${source.topic} (schema ${source.schemaVersion ?? '?'} from the ${source.schemaFrom}; decodes with versions ${source.schemaVersions.map((v) => v.version).join(', ') || 'none other'}), brokers ${source.brokers.join(', ')}${source.brokersOverridden ? ' (from hopsworks.inferenceLog.bootstrapServers)' : ''}, starting at ${describeStart(startFrom)}.`,
    );
    if (source.schemaVersionsProblem) o.log?.(source.schemaVersionsProblem);
    const mod = o.module ?? loadInferenceLog(requirePath(o.extensionPath));
    return createSession(mod, source, {
      startFrom,
      capacity: o.capacity,
      maxMemoryMB: o.maxMemoryMB,
      noResponseTimeoutMs: o.noResponseTimeoutMs,
      log: o.log,
    });
  };
}

function requirePath(p: string | undefined): string {
  if (!p) throw new Error('sessionFactory needs extensionPath or module.');
  return p;
}

/** The words of the panel's error state for a session that could not be built. */
export function describeSessionFailure(err: unknown): { message: string; action: string } {
  if (err instanceof LogSourceError) return { message: err.message, action: err.action };
  const e = err as { name?: unknown; message?: unknown };
  if (e && e.name === 'SchemaError') {
    return {
      message: `The topic's schema cannot be used to decode events: ${String(e.message)}`,
      action: 'Check the schema bound to the topic (Kafka → Schemas in Hopsworks).',
    };
  }
  return {
    message: err instanceof Error ? err.message : String(err),
    action: 'Check the connection to Hopsworks and press Restart.',
  };
}
