// What drift is measured against: the training dataset of the deployment's model version (its statistics,
// fetched once, when the drift pane first asks), or a window the person captured ("Use this window as
// reference"). Which one is used follows the person's choice when it is available, else training, else
// the captured window.
import type { DriftReference, TableAccumulator } from '../../../features';
import { referenceFromTrainingStatistics, referenceFromWindow } from '../../../features';
import type { DriftReferenceKind, TrainingReferenceState } from '../../../protocol/logViewerFeatures';
import type { FeatureSources } from './featureSources';

/** The reference the figures are measured against, from what is available. */
export function chooseReference(
  wanted: DriftReferenceKind | undefined,
  available: { training: boolean; window: boolean },
): DriftReferenceKind | undefined {
  if (wanted && available[wanted]) return wanted;
  if (available.training) return 'training';
  if (available.window) return 'window';
  return undefined;
}

export interface CapturedReference {
  label: string;
  inputs: DriftReference;
  outputs: DriftReference;
}

/** 24-hour local time, as the rest of the panel writes times. */
function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Freezes a window's statistics (requests and predictions) as a reference. */
export function captureWindow(
  merged: { rows: number; inputs: TableAccumulator; outputs: TableAccumulator },
  fromMs: number,
  toMs: number,
): CapturedReference {
  const label = `the window ${clockTime(fromMs)}–${clockTime(toMs)} (${merged.rows.toLocaleString('en-US')} rows)`;
  return {
    label,
    inputs: referenceFromWindow(merged.inputs, { label }),
    outputs: referenceFromWindow(merged.outputs, { label }),
  };
}

interface TrainingEntry {
  state: TrainingReferenceState;
  reference?: DriftReference;
  /** Settles when the fetch has finished (never rejects). */
  done: Promise<void>;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The training references of the model versions asked for, each fetched once. */
export class TrainingReferences {
  private readonly entries = new Map<number, TrainingEntry>();

  constructor(
    private readonly sources: FeatureSources,
    /** Called when a fetch finishes, so the pane can ask again. */
    private readonly onSettled: () => void = () => undefined,
  ) {}

  /** The state for `version`, starting the fetch on first ask. */
  get(version: number): TrainingEntry {
    let e = this.entries.get(version);
    if (!e) {
      const entry: TrainingEntry = { state: { state: 'loading' }, done: Promise.resolve() };
      entry.done = this.fetch(version, entry);
      this.entries.set(version, entry);
      e = entry;
    }
    return e;
  }

  /** Resolves once `version`'s fetch has finished (tests, and callers that can wait). */
  async settled(version: number): Promise<TrainingEntry> {
    const e = this.get(version);
    await e.done;
    return e;
  }

  private async fetch(version: number, e: TrainingEntry): Promise<void> {
    try {
      const answer = await this.sources.trainingStatistics(version);
      if ('none' in answer) {
        e.state = { state: 'none', reason: answer.none };
      } else {
        const reference = referenceFromTrainingStatistics(answer.statistics, { label: answer.label });
        if (reference.features.length === 0) {
          const why = reference.skipped[0]?.reason ?? 'no feature could be used';
          e.state = { state: 'none', reason: `The statistics of ${answer.label} cannot be used: ${why}` };
        } else {
          e.reference = reference;
          e.state = { state: 'ready', label: answer.label };
        }
      }
    } catch (err) {
      e.state = { state: 'failed', reason: describe(err) };
    }
    this.onSettled();
  }
}

/**
 * A training reference holds the label too (the feature store profiles it with the features); it is the
 * model's output, not a request feature, so it is set aside instead of showing as "not in the requests".
 * When the model names its inputs (schema or input example), only those are compared.
 */
export function requestFeaturesOnly(
  reference: DriftReference,
  names: { inputs: readonly string[]; outputs: readonly string[] },
): DriftReference {
  const lower = (list: readonly string[]) => new Set(list.map((n) => n.toLowerCase()));
  const outputs = lower(names.outputs);
  const inputs = lower(names.inputs);
  const why = (name: string): string | undefined => {
    const n = name.toLowerCase();
    if (outputs.has(n)) return "The model's output (the training label), not a request feature.";
    if (inputs.size > 0 && !inputs.has(n))
      return "Not among the model's inputs (the training label, or a feature the model does not take).";
    return undefined;
  };
  const kept = reference.features.filter((f) => why(f.name) === undefined);
  if (kept.length === reference.features.length) return reference;
  return {
    ...reference,
    features: kept,
    skipped: [
      ...reference.skipped,
      ...reference.features.flatMap((f) => {
        const reason = why(f.name);
        return reason ? [{ name: f.name, reason }] : [];
      }),
    ],
  };
}
