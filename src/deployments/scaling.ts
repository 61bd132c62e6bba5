// 4.6+ scaling configs (`predictorScalingConfig` / `transformerScalingConfig`): the defaults the Python client
// sends (PY-4.6 scaling_config.py `get_default_scaling_configuration`), the spec ↔ JSON of one config, and the
// bounds its docstrings give, which the form checks before the server does.
import type { ScalingConfig, ServingTool, ServingVariables } from '../hopsworks/types';
import { SCALE_METRICS, isOneOf } from '../hopsworks/types';
import { SCALING_KEYS } from './spec';
import type { ScalingSpec } from './spec';

/** PY-4.6 constants SCALING_CONFIG. */
export const SCALING_DEFAULTS = {
  minInstances: 1,
  scaleMetric: 'CONCURRENCY',
  target: 100,
  panicWindowPercentage: 10,
  panicThresholdPercentage: 200,
  stableWindowSeconds: 60,
  scaleToZeroRetentionSeconds: 0,
} as const;

/** What the Python client sends for a new component: scale-to-zero where the cluster requires it, else 1. */
export function defaultScaling(tool: ServingTool, variables: ServingVariables): ScalingSpec {
  const kserve = tool === 'KSERVE';
  const minInstances = kserve && variables.scaleToZeroRequired ? 0 : SCALING_DEFAULTS.minInstances;
  if (!kserve) return { minInstances };
  return {
    minInstances,
    scaleMetric: SCALING_DEFAULTS.scaleMetric,
    target: SCALING_DEFAULTS.target,
    panicWindowPercentage: SCALING_DEFAULTS.panicWindowPercentage,
    panicThresholdPercentage: SCALING_DEFAULTS.panicThresholdPercentage,
    stableWindowSeconds: SCALING_DEFAULTS.stableWindowSeconds,
    scaleToZeroRetentionSeconds: SCALING_DEFAULTS.scaleToZeroRetentionSeconds,
  };
}

/**
 * The form's view of a saved config. A component the server sized without one (created with the deprecated
 * instance count) reads as that count, so the form shows what the server runs.
 */
export function scalingFrom(config: ScalingConfig | undefined, instances: number): ScalingSpec {
  const spec: ScalingSpec = { minInstances: config?.minInstances ?? instances };
  if (!config) return spec;
  for (const key of SCALING_KEYS) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    if (key === 'scaleMetric') {
      spec.scaleMetric = String(value);
    } else if (typeof value === 'number') {
      spec[key] = value;
    }
  }
  return spec;
}

/**
 * The config to send: the saved one (which may hold fields this code does not know) with the spec's values
 * written over it; a value the user emptied is removed, so the server's default applies.
 */
export function scalingJson(spec: ScalingSpec, saved?: ScalingConfig): ScalingConfig {
  const json: ScalingConfig = { ...(saved ?? {}), minInstances: spec.minInstances };
  for (const key of SCALING_KEYS) {
    const value = spec[key];
    if (value === undefined) delete json[key];
    else (json as Record<string, unknown>)[key] = value;
  }
  return json;
}

/** One message per field of a config that breaks a bound; keys are the ScalingSpec members. */
export type ScalingErrors = Partial<Record<keyof ScalingSpec, string>>;

const whole = (n: number) => Number.isInteger(n);

export function scalingErrors(
  s: ScalingSpec,
  tool: ServingTool,
  vars: ServingVariables,
  what: 'predictor' | 'transformer',
  saved?: ScalingConfig,
): ScalingErrors {
  const e: ScalingErrors = {};
  const kserve = tool === 'KSERVE';
  const cap = vars.maxInstances;
  const min = s.minInstances;
  if (!whole(min) || min < 0) e.minInstances = 'Enter a whole number of instances, 0 or more.';
  else if (cap !== -1 && min > cap) e.minInstances = `This cluster allows at most ${cap} instances.`;
  else if (kserve && vars.scaleToZeroRequired && min !== 0) {
    e.minInstances = `This cluster requires scale-to-zero for KServe deployments: set the ${what}'s minimum to 0.`;
  } else if (!kserve && min === 0) {
    e.minInstances = 'Scale-to-zero (a minimum of 0) needs KServe; set at least 1.';
  }

  const max = s.maxInstances;
  if (max !== undefined) {
    if (!whole(max) || max < 1) e.maxInstances = 'Enter a whole number of instances, 1 or more.';
    else if (whole(min) && max < min) e.maxInstances = `The maximum cannot be below the minimum (${min}).`;
    else if (cap !== -1 && max > cap) e.maxInstances = `This cluster allows at most ${cap} instances.`;
  }
  // A metric a newer server offers (and this code does not know) passes when it is the one saved.
  const savedMetric = saved?.scaleMetric;
  if (
    s.scaleMetric !== undefined &&
    !isOneOf(SCALE_METRICS, s.scaleMetric) &&
    s.scaleMetric !== savedMetric
  ) {
    e.scaleMetric = 'Choose concurrency or requests per second.';
  }
  if (s.target !== undefined && !(Number.isFinite(s.target) && s.target > 0)) {
    e.target = 'Enter a target above 0.';
  }
  const range = (v: number | undefined, lo: number, hi: number, integer: boolean): boolean =>
    v === undefined || (Number.isFinite(v) && (!integer || whole(v)) && v >= lo && v <= hi);
  if (!range(s.panicWindowPercentage, 1, 100, false)) {
    e.panicWindowPercentage = 'Enter a percentage from 1 to 100.';
  }
  if (!range(s.panicThresholdPercentage, 1, 200, false)) {
    e.panicThresholdPercentage = 'Enter a percentage from 1 to 200.';
  }
  if (!range(s.stableWindowSeconds, 1, 3600, true)) {
    e.stableWindowSeconds = 'Enter a whole number of seconds from 1 to 3600.';
  }
  const retention = s.scaleToZeroRetentionSeconds;
  if (retention !== undefined && !(whole(retention) && retention >= 0)) {
    e.scaleToZeroRetentionSeconds = 'Enter a whole number of seconds, 0 or more.';
  }
  return e;
}
