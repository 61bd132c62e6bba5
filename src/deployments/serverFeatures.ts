// What the connected Hopsworks version reads and writes for a deployment (shared docs hopsworks-rest.md §10.3),
// so the form shows only what that version supports and sends only what it reads. The version comes from
// `GET /variables/versions`; when it is unknown (not listed, or not readable), the deployment being edited tells
// what its server has, and a new deployment gets only what every version reads.
import type { Deployment } from '../hopsworks/types';

export interface ServerFeatures {
  /** ≤ 4.5: scripts live in numbered model artifacts; GET shows bare file names and `artifactVersion`. */
  artifacts: boolean;
  /** 4.6+: `predictorScalingConfig` / `transformerScalingConfig` size the deployment; deployments without a model. */
  scalingConfig: boolean;
  /** 4.8+: `predictorEnvVars` / `transformerEnvVars`, and `vllmVariant` / `vllmImageTag`. */
  envVars: boolean;
}

/** "4.6.1" → [4, 6]; undefined when it does not start with two numbers. */
function majorMinor(version: string | undefined): [number, number] | undefined {
  const m = /^\s*v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function atLeast(v: [number, number], major: number, minor: number): boolean {
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

/**
 * The features of a Hopsworks version. What the edited deployment itself carries counts too: a server that
 * sent a scaling config reads one back, whatever version string it reported.
 */
export function serverFeatures(version: string | undefined, existing?: Deployment): ServerFeatures {
  const v = majorMinor(version);
  const shows = {
    artifacts: typeof existing?.artifactVersion === 'number',
    scalingConfig:
      existing?.predictorScalingConfig !== undefined ||
      existing?.transformerScalingConfig !== undefined ||
      existing?.version !== undefined,
    envVars:
      existing?.predictorEnvVars !== undefined ||
      existing?.transformerEnvVars !== undefined ||
      existing?.vllmVariant !== undefined ||
      existing?.vllmImageTag !== undefined,
  };
  if (!v) return shows;
  return {
    artifacts: !atLeast(v, 4, 6) || shows.artifacts,
    scalingConfig: atLeast(v, 4, 6) || shows.scalingConfig,
    envVars: atLeast(v, 4, 8) || shows.envVars,
  };
}

/** What the README and the form say a version has, e.g. "Hopsworks 4.6.1". */
export function versionLabel(version: string | undefined): string {
  return version ? `Hopsworks ${version}` : 'this Hopsworks (version unknown)';
}
