// What an update cannot do (shared docs §10.1 #1): the server merges a PUT into what it stored, keeping each of
// these fields when the request leaves it empty. The form shows the saved value beside an emptied field, and
// the save's result says which were kept, instead of pretending to remove them.
import type { Deployment } from '../hopsworks/types';
import { mergeTexts } from './ruleTexts';
import { isSet } from './spec';
import type { DeploymentSpec, FieldId } from './spec';

interface Kept {
  field: FieldId;
  /** as the result sentence names it */
  label: string;
  saved: (d: Deployment) => string | undefined;
  typed: (s: DeploymentSpec) => string | undefined;
}

const KEPT: readonly Kept[] = [
  { field: 'description', label: 'description', saved: (d) => d.description, typed: (s) => s.description },
  {
    field: 'configFile',
    label: 'configuration file',
    saved: (d) => d.configFile,
    typed: (s) => s.configFile,
  },
  {
    field: 'environment',
    label: 'Python environment',
    saved: (d) => d.environmentDTO?.name,
    typed: (s) => s.environment,
  },
  {
    field: 'vllm.variant',
    label: 'vLLM variant',
    saved: (d) => d.vllmVariant,
    typed: (s) => s.vllm?.variant,
  },
  {
    field: 'vllm.imageTag',
    label: 'vLLM image tag',
    saved: (d) => d.vllmImageTag,
    typed: (s) => s.vllm?.imageTag,
  },
];

export interface KeptValue {
  field: FieldId;
  label: string;
  saved: string;
  /** What the form says beside the field. */
  note: string;
}

/** The fields the user emptied that the server will keep, with their saved values; none when creating. */
export function keptOnClear(spec: DeploymentSpec, existing: Deployment | undefined): KeptValue[] {
  if (!existing) return [];
  const out: KeptValue[] = [];
  for (const k of KEPT) {
    const saved = k.saved(existing);
    if (!isSet(saved) || isSet(k.typed(spec))) continue;
    // The vLLM options are only sent (and kept) for a vLLM deployment with them.
    if (k.field.startsWith('vllm.') && (spec.vllm === undefined || spec.modelServer !== 'VLLM')) continue;
    out.push({ field: k.field, label: k.label, saved, note: mergeTexts.kept(k.label, saved) });
  }
  return out;
}

/** The note beside one field when the server will keep its saved value; undefined otherwise. */
export function keptNote(
  spec: DeploymentSpec,
  existing: Deployment | undefined,
  field: FieldId,
): string | undefined {
  return keptOnClear(spec, existing).find((k) => k.field === field)?.note;
}
