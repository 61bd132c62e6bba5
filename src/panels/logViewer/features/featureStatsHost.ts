// Statistics and drift of the window shown: the rows the table's filters let through whose time lies in
// the last 1, 5, 15 or 60 minutes. One FeatureStatsWindow follows the session row by row; when the filters,
// the window or the known column names change it is rebuilt from the rows held (in slices, so the host
// keeps answering) and then followed again. Drift compares that window with the chosen reference.
import type { Clock } from '../../../inferenceLog/clock';
import type { RowChange } from '../../../inferenceLog';
import type { LogRow } from '../../../inferenceLog/types';
import { compileFilter } from '../../../inferenceLog/rowFilter';
import type { DriftResult } from '../../../features';
import { FeatureStatsWindow, PSI_DEFINITION, PSI_THRESHOLD, computeDrift } from '../../../features';
import type {
  DriftParams,
  DriftReply,
  FeatureStatsParams,
  FeatureStatsReply,
} from '../../../protocol/logViewerFeatures';
import { MAX_SHOWN_COLUMNS } from '../../../protocol/logViewerFeatures';
import type { CapturedReference } from './driftReferences';
import { TrainingReferences, captureWindow, chooseReference, requestFeaturesOnly } from './driftReferences';
import type { FeatureIndex, FeatureRowSource } from './featureIndex';
import type { FeatureSources } from './featureSources';
import type { ModelColumns } from './modelColumns';
import { forEachYielding } from './yieldingScan';

export interface FeatureStatsSource extends FeatureRowSource {
  onRow(listener: (row: LogRow, change: RowChange) => void): () => void;
}

export interface FeatureStatsHostOptions {
  rows: FeatureStatsSource;
  index: FeatureIndex;
  columns: ModelColumns;
  sources: FeatureSources;
  clock: Clock;
  /** The deployment's model version: its training dataset is the training reference. */
  version: () => number;
  /** A training fetch finished: the drift pane should ask again. */
  onChanged?: () => void;
}

interface Followed {
  key: string;
  window: FeatureStatsWindow;
  /** Settles once the rows held when it was built have been counted. */
  seeded: Promise<void>;
}

export class FeatureStatsHost {
  private followed: Followed | undefined;
  private captured: CapturedReference | undefined;
  private readonly training: TrainingReferences;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: FeatureStatsHostOptions) {
    this.training = new TrainingReferences(o.sources, () => o.onChanged?.());
    this.unsubscribe = o.rows.onRow((row, change) => this.followed?.window.observe(row, change));
  }

  async snapshot(p: FeatureStatsParams): Promise<FeatureStatsReply> {
    const w = await this.windowFor(p);
    const s = w.snapshot();
    return {
      windowMs: s.windowMs,
      nowMs: s.nowMs,
      rows: s.rows,
      inputs: s.inputs.slice(0, MAX_SHOWN_COLUMNS),
      outputs: s.outputs.slice(0, MAX_SHOWN_COLUMNS),
      unreadable: s.unreadable,
      hidden: {
        inputs: Math.max(0, s.inputs.length - MAX_SHOWN_COLUMNS),
        outputs: Math.max(0, s.outputs.length - MAX_SHOWN_COLUMNS),
      },
    };
  }

  async drift(p: DriftParams): Promise<DriftReply> {
    const w = await this.windowFor(p);
    const merged = w.merged();
    const version = this.o.version();
    const training = this.training.get(version);
    const reply: DriftReply = {
      training: training.state,
      definition: PSI_DEFINITION,
      threshold: PSI_THRESHOLD,
      rows: merged.rows,
    };
    if (this.captured) reply.window = { label: this.captured.label };
    const used = chooseReference(p.reference, {
      training: training.reference !== undefined,
      window: this.captured !== undefined,
    });
    if (used === 'training' && training.reference) {
      const sets = this.o.columns.get(version);
      const names = {
        inputs: sets.input.source === 'positional' ? [] : sets.input.columns.map((c) => c.name),
        outputs: sets.output.columns.map((c) => c.name),
      };
      reply.inputs = limit(computeDrift(requestFeaturesOnly(training.reference, names), merged.inputs));
    } else if (used === 'window' && this.captured) {
      reply.inputs = limit(computeDrift(this.captured.inputs, merged.inputs));
      reply.outputs = limit(computeDrift(this.captured.outputs, merged.outputs));
    }
    if (used) reply.used = used;
    return reply;
  }

  /** "Use this window as reference": the window shown now becomes the reference, and is then used. */
  async capture(p: FeatureStatsParams): Promise<DriftReply> {
    const w = await this.windowFor(p);
    const now = this.o.clock.now();
    const merged = w.merged();
    if (merged.rows === 0)
      throw new Error('The window holds no rows yet: wait for traffic, or pick a longer window.');
    this.captured = captureWindow(merged, now - p.windowMs, now);
    return this.drift({ ...p, reference: 'window' });
  }

  /** Clear or a restart: the counts start over (the captured reference stays: it is the person's). */
  reset(): void {
    this.followed = undefined;
  }

  dispose(): void {
    this.unsubscribe();
    this.followed = undefined;
  }

  /** The followed window for these filters, rebuilt from the held rows when they changed. */
  private async windowFor(p: FeatureStatsParams): Promise<FeatureStatsWindow> {
    const compiled = this.o.index.compile(p.features);
    const key = JSON.stringify([p.filter, p.features, p.windowMs, this.o.columns.generation]);
    if (this.followed?.key !== key) {
      const base = compileFilter(p.filter);
      const window = new FeatureStatsWindow({
        clock: this.o.clock,
        windowMs: p.windowMs,
        columnsFor: (row) => {
          const sets = this.o.columns.get(row.modelVersion);
          return { input: sets.input, output: sets.output };
        },
        accept: (row) => (!base || base(row)) && this.o.index.accepts(row, compiled),
      });
      const held = this.o.rows.query({ offset: 0, limit: this.o.rows.stats().rows, filter: p.filter }).rows;
      const since = this.o.clock.now() - p.windowMs;
      const seeded = forEachYielding(held, (row) => {
        if (row.timeMs >= since) window.observe(row, 'added');
      });
      this.followed = { key, window, seeded };
    }
    const followed = this.followed;
    await followed.seeded;
    return followed.window;
  }
}

function limit(r: DriftResult): DriftResult {
  return { ...r, features: r.features.slice(0, MAX_SHOWN_COLUMNS), skipped: r.skipped.slice(0, 50) };
}
