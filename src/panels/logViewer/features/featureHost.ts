// The log panel's feature requests (src/protocol/logViewerFeatures.ts) answered over a log session: pages
// of feature columns, the feature filter checked on the host, the schema-fit verdict of a row, statistics
// and drift of the window shown. vscode-free; the panel injects where model files and training statistics
// come from (projectFeatureSources.ts) and the host's endpoint dispatches to `handlers`.
import type { Clock } from '../../../inferenceLog/clock';
import { systemClock } from '../../../inferenceLog/clock';
import type { LogRow } from '../../../inferenceLog/types';
import type { RequestHandlers } from '../../../protocol/messages';
import type {
  FeatureColumnsView,
  LogViewerFeatureRequests,
  RowFitView,
} from '../../../protocol/logViewerFeatures';
import { FeatureIndex } from './featureIndex';
import type { FeatureSources } from './featureSources';
import { NO_FEATURE_SOURCES } from './featureSources';
import type { FeatureStatsSource } from './featureStatsHost';
import { FeatureStatsHost } from './featureStatsHost';
import { ModelColumns } from './modelColumns';

export interface FeatureHostOptions {
  rows: FeatureStatsSource;
  /** The deployment's model version (its names head the table; its training dataset is the reference). */
  version: () => number;
  sources?: FeatureSources;
  clock?: Clock;
  /** Something the panel shows changed without a new row (column names or training statistics arrived). */
  onChanged?: () => void;
}

export interface FeatureHost {
  readonly handlers: RequestHandlers<{ requests: LogViewerFeatureRequests; events: Record<string, never> }>;
  /** The schema-fit verdict of a row, for the detail pane. */
  fitOf(row: LogRow): RowFitView;
  /** The columns a page would have now (for the integration suite's probe). */
  columns(): { inputs: FeatureColumnsView; outputs: FeatureColumnsView; loaded: boolean };
  /** Clear or a restart: every cached fact and count starts over. */
  reset(): void;
  dispose(): void;
}

export function createFeatureHost(o: FeatureHostOptions): FeatureHost {
  const sources = o.sources ?? NO_FEATURE_SOURCES;
  const changed = () => o.onChanged?.();
  const columns = new ModelColumns(sources, changed);
  const index = new FeatureIndex(o.rows, columns, o.version);
  const stats = new FeatureStatsHost({
    rows: o.rows,
    index,
    columns,
    sources,
    clock: o.clock ?? systemClock,
    version: o.version,
    onChanged: changed,
  });
  // The deployment's own version is read at once: its names are the table's header.
  void columns.load(o.version());

  return {
    handlers: {
      featureQuery: (p) => index.rowsPage(p),
      featurePage: (p) => index.linesPage(p),
      checkFeatureFilter: ({ expression }) => Promise.resolve(index.check(expression)),
      featureStats: (p) => stats.snapshot(p),
      drift: (p) => stats.drift(p),
      captureDriftReference: (p) => stats.capture(p),
    },
    fitOf: (row) => index.fitOf(row),
    columns: () => {
      const version = o.version();
      const sets = columns.get(version);
      const view = (set: typeof sets.input): FeatureColumnsView => ({
        source: set.source,
        names: set.columns.map((c) => c.name),
        hidden: 0,
      });
      return { inputs: view(sets.input), outputs: view(sets.output), loaded: columns.isLoaded(version) };
    },
    reset: () => {
      index.reset();
      stats.reset();
    },
    dispose: () => {
      index.dispose();
      stats.dispose();
    },
  };
}
