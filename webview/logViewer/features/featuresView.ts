// The feature side of the log panel, mounted by main.ts: the feature bar, the feature table shown instead of
// the payload table when "Columns: Features" is chosen, and the statistics and drift pane. It owns the
// feature filter and asks the host for everything (pages, checks, statistics, drift); the host answers from
// the rows it holds. The pane is refreshed on the panel's "changed" signal, at most every PANE_INTERVAL_MS.
import type { LogViewerProtocol, QueryParams, QueryReply, RowFilter } from '../../../src/protocol/logViewer';
import { narrowsRows } from '../filters';
import type {
  ColumnMode,
  DriftReferenceKind,
  FeatureFilter,
  FeatureLine,
  FeatureStatsParams,
} from '../../../src/protocol/logViewerFeatures';
import { adoptStyles } from '../../shared/dom';
import type { RpcClient } from '../../shared/rpcClient';
import type { SavedFeatureBar } from './featureBar';
import { FeatureBar } from './featureBar';
import { FeatureGrid } from './featureGrid';
import css from './features.css';
import type { PaneTab } from './statsPane';
import { StatsPane } from './statsPane';

adoptStyles(css);

/** The statistics are recounted on the host on each ask: a few times a minute is plenty to read. */
export const PANE_INTERVAL_MS = 2_000;

export interface SavedFeatures extends SavedFeatureBar {
  pane?: { open: boolean; tab: PaneTab; windowMs: number };
}

export interface FeaturesViewOptions {
  rpc: RpcClient<LogViewerProtocol>;
  /** The table's other filters (search, kind, status, …). */
  filter(): RowFilter;
  /** The feature filter changed: the payload table asks again. */
  onFilter(): void;
  /** Which table is shown changed. */
  onMode(mode: ColumnMode): void;
  onSelect(id: number): void;
  /** Every feature page, so the detail pane can notice its row changed. */
  onPage(lines: readonly FeatureLine[]): void;
  onFollowChange(following: boolean): void;
  persist(saved: SavedFeatures): void;
}

export class FeaturesView {
  readonly bar: FeatureBar;
  readonly grid: FeatureGrid;
  readonly pane: StatsPane;
  private reference: DriftReferenceKind | undefined;
  private paneTimer: ReturnType<typeof setTimeout> | undefined;
  private paneDue = 0;
  /** Bumped whenever what the pane shows is asked for anew: late answers to older asks are dropped. */
  private paneAsk = 0;

  constructor(private readonly o: FeaturesViewOptions) {
    this.bar = new FeatureBar({
      check: (expression) => o.rpc.request('checkFeatureFilter', { expression }),
      onFilter: () => {
        this.save();
        o.onFilter();
        this.grid.filtersChanged(this.filtered());
        this.refreshPane(true);
      },
      onMode: (mode) => this.applyMode(mode),
      onStats: (open) => this.setPaneOpen(open),
    });
    this.grid = new FeatureGrid({
      query: (p) => o.rpc.request('featurePage', { ...p, filter: o.filter(), features: this.bar.current() }),
      onSelect: (id) => o.onSelect(id),
      onPage: (lines) => o.onPage(lines),
      onFollowChange: (on) => o.onFollowChange(on),
    });
    this.pane = new StatsPane({
      onTab: () => {
        this.save();
        this.refreshPane(true);
      },
      onWindow: () => {
        this.save();
        this.refreshPane(true);
      },
      onReference: (kind) => {
        this.reference = kind;
        this.refreshPane(true);
      },
      onCapture: () => this.capture(),
      onClose: () => this.setPaneOpen(false),
    });
  }

  get mode(): ColumnMode {
    return this.bar.currentMode();
  }

  restore(saved: SavedFeatures): void {
    this.bar.restore(saved);
    if (saved.pane) {
      this.pane.select(saved.pane.tab === 'drift' ? 'drift' : 'stats', false);
      this.pane.setWindow(saved.pane.windowMs);
      if (saved.pane.open) this.setPaneOpen(true);
    }
    this.applyMode(this.bar.currentMode());
  }

  /** The payload table's page: with a feature filter in force, the host applies it too. */
  query(p: QueryParams): Promise<QueryReply> {
    const features = this.bar.current();
    if (!features.expression && !features.misfitOnly) return this.o.rpc.request('query', p);
    return this.o.rpc.request('featureQuery', { ...p, features });
  }

  /** Whether a feature filter is in force (for the payload table's "no match" wording). */
  filtered(): boolean {
    const f: FeatureFilter = this.bar.current();
    return Boolean(f.expression || f.misfitOnly);
  }

  /** The host's throttled "changed" signal. */
  changed(): void {
    this.grid.refresh();
    this.refreshPane(false);
  }

  /** The table's other filters changed. */
  filterChanged(): void {
    this.grid.filtersChanged(this.filtered() || narrowsRows(this.o.filter()));
    this.refreshPane(true);
  }

  /** After Clear or a restart. */
  reset(): void {
    this.grid.reset();
    this.refreshPane(true);
  }

  setFollowing(on: boolean): void {
    this.grid.setFollowing(on);
  }

  private applyMode(mode: ColumnMode): void {
    this.grid.setActive(mode === 'features');
    this.save();
    this.o.onMode(mode);
  }

  private setPaneOpen(open: boolean): void {
    this.pane.el.hidden = !open;
    this.bar.setStatsOpen(open);
    this.save();
    this.grid.revealSelected();
    if (open) this.refreshPane(true);
  }

  private params(): FeatureStatsParams {
    return { filter: this.o.filter(), features: this.bar.current(), windowMs: this.pane.windowMs() };
  }

  private refreshPane(now: boolean): void {
    if (this.pane.el.hidden) return;
    if (this.paneTimer) {
      if (!now) return;
      clearTimeout(this.paneTimer);
    }
    const wait = now ? 0 : Math.max(0, this.paneDue - Date.now());
    this.paneTimer = setTimeout(() => {
      this.paneTimer = undefined;
      this.paneDue = Date.now() + PANE_INTERVAL_MS;
      this.askPane();
    }, wait);
  }

  private askPane(): void {
    const ask = ++this.paneAsk;
    const fail = (err: unknown) => {
      if (ask === this.paneAsk) this.pane.showProblem(err instanceof Error ? err.message : String(err));
    };
    if (this.pane.currentTab === 'stats') {
      this.o.rpc
        .request('featureStats', this.params())
        .then((s) => ask === this.paneAsk && this.pane.showStats(s))
        .catch(fail);
    } else {
      const p = this.reference ? { ...this.params(), reference: this.reference } : this.params();
      this.o.rpc
        .request('drift', p)
        .then((d) => ask === this.paneAsk && this.pane.showDrift(d))
        .catch(fail);
    }
  }

  private capture(): void {
    const ask = ++this.paneAsk;
    this.o.rpc
      .request('captureDriftReference', this.params())
      .then((d) => {
        this.reference = 'window';
        if (ask === this.paneAsk) this.pane.showDrift(d);
      })
      .catch((err: unknown) => {
        if (ask === this.paneAsk) this.pane.showProblem(err instanceof Error ? err.message : String(err));
      });
  }

  private save(): void {
    this.o.persist({
      ...this.bar.saved(),
      pane: { open: !this.pane.el.hidden, tab: this.pane.currentTab, windowMs: this.pane.windowMs() },
    });
  }
}

