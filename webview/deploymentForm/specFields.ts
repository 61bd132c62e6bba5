// Reading and writing the spec's numeric fields by field id, and parsing what the user typed. Kept apart from
// the view so the rules (blank = missing, only plain decimal numbers) are in one place.
import type { DeploymentSpec, FieldId } from '../../src/deployments/spec';

export const NUMERIC_FIELDS = [
  'requestedInstances',
  'logger.partitions',
  'logger.replicas',
  'resources.requests.cores',
  'resources.requests.memory',
  'resources.requests.gpus',
  'resources.limits.cores',
  'resources.limits.memory',
  'resources.limits.gpus',
  'batching.maxBatchSize',
  'batching.maxLatency',
  'batching.timeout',
  'transformer.instances',
] as const satisfies readonly FieldId[];
export type NumericField = (typeof NUMERIC_FIELDS)[number];

/**
 * What the user typed, as a number: blank → undefined, anything but a plain decimal → NaN (which the
 * validation reports on the field), so "1e3" or "0x10" are not silently read as something else.
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

export function formatNumber(n: number | undefined): string {
  return n === undefined || Number.isNaN(n) ? '' : String(n);
}

/** Partitions/replicas of a new topic live outside the spec while another topic choice is selected. */
export interface TopicDraft {
  partitions: number;
  replicas: number;
  existingName: string;
}

export function readNumber(spec: DeploymentSpec, draft: TopicDraft, f: NumericField): number | undefined {
  switch (f) {
    case 'requestedInstances':
      return spec.requestedInstances;
    case 'logger.partitions':
      return draft.partitions;
    case 'logger.replicas':
      return draft.replicas;
    case 'batching.maxBatchSize':
      return spec.batching.maxBatchSize;
    case 'batching.maxLatency':
      return spec.batching.maxLatency;
    case 'batching.timeout':
      return spec.batching.timeout;
    case 'transformer.instances':
      return spec.transformer.instances;
    default: {
      const [, side, kind] = f.split('.') as [
        'resources',
        'requests' | 'limits',
        'cores' | 'memory' | 'gpus',
      ];
      return spec.resources[side][kind];
    }
  }
}

/** Required numbers that are blank become NaN, which the validation reports as "enter a number". */
export function writeNumber(
  spec: DeploymentSpec,
  draft: TopicDraft,
  f: NumericField,
  value: number | undefined,
): void {
  const required = value ?? Number.NaN;
  switch (f) {
    case 'requestedInstances':
      spec.requestedInstances = required;
      return;
    case 'logger.partitions':
      draft.partitions = required;
      return;
    case 'logger.replicas':
      draft.replicas = required;
      return;
    case 'batching.maxBatchSize':
    case 'batching.maxLatency':
    case 'batching.timeout': {
      const key = f.slice('batching.'.length) as 'maxBatchSize' | 'maxLatency' | 'timeout';
      if (value === undefined) delete spec.batching[key];
      else spec.batching[key] = value;
      return;
    }
    case 'transformer.instances':
      spec.transformer.instances = required;
      return;
    default: {
      const [, side, kind] = f.split('.') as [
        'resources',
        'requests' | 'limits',
        'cores' | 'memory' | 'gpus',
      ];
      spec.resources[side][kind] = required;
    }
  }
}

/** The spec's logger topic, rebuilt from the chosen kind and the draft values. */
export function topicFor(
  kind: 'CREATE' | 'EXISTING' | 'NONE',
  draft: TopicDraft,
): DeploymentSpec['logger']['topic'] {
  if (kind === 'CREATE') return { kind, partitions: draft.partitions, replicas: draft.replicas };
  if (kind === 'EXISTING') return { kind, name: draft.existingName };
  return { kind };
}

/** A copy safe to post: no undefined members, no NaN (the submit buttons are disabled while any is left). */
export function plainSpec(spec: DeploymentSpec): DeploymentSpec {
  return JSON.parse(JSON.stringify(spec)) as DeploymentSpec;
}
