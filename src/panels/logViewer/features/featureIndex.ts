// The feature view of the rows a panel holds: pages of the feature table (one line per instance), the
// payload table filtered by a feature expression or by schema fit, and the names a filter may use. Every
// page is computed here from the session's rows: the webview gets at most a page of lines, never the store.
//
// A page needs the number of matching lines before it, so each query walks the held rows; what each row
// contributes (instances, matches, fit) is cached per row (rowFacts.ts), so only rows not seen since the
// filter or the column names changed are parsed, in slices that yield to the event loop.
import type { CompiledFilter, FilterNames } from '../../../features';
import { FilterSyntaxError, compileFilterExpression } from '../../../features';
import type { RowChange } from '../../../inferenceLog';
import type { LogRow, QueryRequest, QueryResult, RowFilter } from '../../../inferenceLog/types';
import type { QueryReply } from '../../../protocol/logViewer';
import type {
  FeatureColumnsView,
  FeatureFilter,
  FeatureLine,
  FeaturePageReply,
  FeatureQueryParams,
  FilterCheck,
  RowFitView,
} from '../../../protocol/logViewerFeatures';
import { MAX_SHOWN_COLUMNS } from '../../../protocol/logViewerFeatures';
import { toSummary } from '../logViewerRows';
import type { ModelColumns } from './modelColumns';
import type { RowAnalysis } from './rowAnalysis';
import { analyseRow, cellsOf, instanceMisfit, matchingInstances } from './rowAnalysis';
import type { RowFacts } from './rowFacts';
import { RowFactsCache } from './rowFacts';
import type { Tally } from './lineTally';
import { LiveTally, scanTally } from './lineTally';

/** The part of a log session the index reads. */
export interface FeatureRowSource {
  query(req: QueryRequest): QueryResult;
  get(id: number): LogRow | undefined;
  stats(): { rows: number; capacity: number };
  /** Every row as it is added or updated. Returns unsubscribe. */
  onRow(listener: (row: LogRow, change: RowChange) => void): () => void;
}

/** Column names remembered from payloads per side (for filter validation when there is no schema). */
const MAX_SEEN_NAMES = 1_000;

/** A feature filter the parser refused: the message says where, and the reply carries the position. */
export class FeatureFilterError extends Error {
  override name = 'FeatureFilterError';
  constructor(readonly check: Extract<FilterCheck, { ok: false }>) {
    super(
      `Feature filter: ${check.reason} (at column ${check.position + 1}). Correct it, or clear it to see every row.`,
    );
  }
}

interface Compiled {
  filter: CompiledFilter | undefined;
  misfitOnly: boolean;
  epoch: number;
}

export class FeatureIndex {
  private readonly cache = new RowFactsCache();
  private readonly seen = { inputs: new Set<string>(), outputs: new Set<string>() };
  private epoch = 0;
  private epochKey = '';
  private readonly live: LiveTally;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly rows: FeatureRowSource,
    private readonly columns: ModelColumns,
    /** The deployment's model version: its column names lead the table's header. */
    private readonly preferredVersion: () => number,
  ) {
    this.live = new LiveTally(rows);
    this.unsubscribe = rows.onRow((row, change) => {
      if (change === 'updated') this.live.changed(row.id);
    });
  }

  /** Forgets every cached fact (after Clear or a restart). */
  reset(): void {
    this.cache.clear();
    this.seen.inputs.clear();
    this.seen.outputs.clear();
    this.live.reset();
    this.epoch++;
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** The names a filter may use now; empty (anything goes) while a side has none to check against. */
  names(): FilterNames {
    const version = this.preferredVersion();
    const sets = this.columns.get(version);
    const inputs = new Set([...sets.input.columns.map((c) => c.name), ...this.seen.inputs]);
    const outputs = new Set([...sets.output.columns.map((c) => c.name), ...this.seen.outputs]);
    if (inputs.size === 0 || outputs.size === 0) return {};
    return { features: [...inputs], predictions: [...outputs] };
  }

  check(expression: string): FilterCheck {
    try {
      compileFilterExpression(expression, this.names());
      return { ok: true };
    } catch (err) {
      if (err instanceof FilterSyntaxError)
        return { ok: false, reason: err.reason, position: err.position, length: err.length };
      throw err;
    }
  }

  /** Throws FeatureFilterError for a filter that does not parse. */
  compile(features: FeatureFilter): Compiled {
    const text = features.expression?.trim() ?? '';
    let filter: CompiledFilter | undefined;
    if (text !== '') {
      try {
        filter = compileFilterExpression(text, this.names());
      } catch (err) {
        if (err instanceof FilterSyntaxError)
          throw new FeatureFilterError({
            ok: false,
            reason: err.reason,
            position: err.position,
            length: err.length,
          });
        throw err;
      }
    }
    // Facts depend on the filter and on the column sets known (names, and the fit against them).
    const key = `${this.columns.generation}\u0000${text}`;
    if (key !== this.epochKey) {
      this.epochKey = key;
      this.epoch++;
    }
    return { filter, misfitOnly: features.misfitOnly === true, epoch: this.epoch };
  }

  analyse(row: LogRow): RowAnalysis {
    const a = analyseRow(row, this.columns.get(row.modelVersion));
    this.remember(this.seen.inputs, a.inputs?.columns);
    this.remember(this.seen.outputs, a.outputs?.columns);
    return a;
  }

  fitOf(row: LogRow): RowFitView {
    return this.analyse(row).fit;
  }

  /** The row's facts under `c`, from the cache or worked out now. */
  facts(row: LogRow, c: Compiled): RowFacts {
    const known = this.cache.get(row, c.epoch);
    if (known) return known;
    const a = this.analyse(row);
    const facts: RowFacts = {
      fit: a.fit.verdict,
      instances: a.instances,
      matched: c.filter ? matchingInstances(row, a, c.filter).length : a.instances,
    };
    this.cache.set(row, c.epoch, facts);
    return facts;
  }

  /** Whether a row passes the feature filter (any instance matches) and the fit filter. */
  accepts(row: LogRow, c: Compiled): boolean {
    if (!c.filter && !c.misfitOnly) return true;
    const f = this.facts(row, c);
    return f.matched > 0 && (!c.misfitOnly || f.fit === 'misfit');
  }

  /** The payload table's page with the feature filter applied: whole logged rows, as `query` answers. */
  async rowsPage(p: FeatureQueryParams): Promise<QueryReply> {
    const c = this.compile(p.features);
    const tally = await this.tally(p.filter, c);
    const total = tally.rows;
    const offset = p.fromEnd ? Math.max(0, total - p.limit) : Math.min(p.offset, total);
    const rows: LogRow[] = [];
    for (const row of tally.fromRow(offset)) {
      if (rows.length >= p.limit) break;
      rows.push(row);
    }
    return { total, offset, rows: rows.map(toSummary) };
  }

  /** A page of the feature table: `limit` lines (instances) from `offset`, or the newest ones. */
  async linesPage(p: FeatureQueryParams): Promise<FeaturePageReply> {
    const c = this.compile(p.features);
    const tally = await this.tally(p.filter, c);
    const total = tally.lines;
    const offset = p.fromEnd ? Math.max(0, total - p.limit) : Math.min(p.offset, total);
    const picked: { row: LogRow; a: RowAnalysis; instances: number[] }[] = [];
    let lines = 0;
    for (const { row, skip } of tally.fromLine(offset)) {
      if (lines >= p.limit) break;
      const a = this.analyse(row);
      const chosen = matchingInstances(row, a, c.filter).slice(skip, skip + p.limit - lines);
      if (chosen.length === 0) continue;
      picked.push({ row, a, instances: chosen });
      lines += chosen.length;
    }
    const inputs = this.header(
      'inputs',
      picked.map((x) => x.a.inputs?.columns ?? []),
    );
    const outputs = this.header(
      'outputs',
      picked.map((x) => x.a.outputs?.columns ?? []),
    );
    const out: FeatureLine[] = [];
    for (const { row, a, instances } of picked) {
      for (const k of instances) out.push(this.line(row, a, k, inputs.names, outputs.names));
    }
    return { total, offset, inputs, outputs, lines: out };
  }

  /**
   * Lines per held row under the filters. Without a base filter (search, kind, status…) the counts are kept
   * from page to page; with one, the rows it lets through are counted anew, as the store filters anew.
   */
  private tally(filter: RowFilter, c: Compiled): Promise<Tally> {
    const count = (row: LogRow) => {
      const f = this.facts(row, c);
      return c.misfitOnly && f.fit !== 'misfit' ? 0 : f.matched;
    };
    if (hasBaseFilter(filter)) {
      const held = this.rows.query({ offset: 0, limit: this.rows.stats().rows, filter }).rows;
      return scanTally(held, count);
    }
    return this.live.refresh(`${c.epoch}\u0000${c.misfitOnly}`, count);
  }

  /** The deployment's version's names first (a stable header), then names only these payloads had. */
  private header(side: 'inputs' | 'outputs', tables: readonly (readonly string[])[]): FeatureColumnsView {
    const sets = this.columns.get(this.preferredVersion());
    const set = side === 'inputs' ? sets.input : sets.output;
    const names = new Set(set.columns.map((c) => c.name));
    for (const cols of tables) for (const n of cols) names.add(n);
    const all = [...names];
    const view: FeatureColumnsView = {
      source: set.source,
      names: all.slice(0, MAX_SHOWN_COLUMNS),
      hidden: Math.max(0, all.length - MAX_SHOWN_COLUMNS),
    };
    if (sets.note) view.note = sets.note;
    return view;
  }

  private line(
    row: LogRow,
    a: RowAnalysis,
    k: number,
    inputNames: readonly string[],
    outputNames: readonly string[],
  ): FeatureLine {
    const line: FeatureLine = {
      id: row.id,
      rev: row.rev,
      instance: k,
      instances: a.instances,
      kind: row.kind,
      outcome: row.outcome,
      timeMs: row.timeMs,
      timeResolutionMs: row.timeResolutionMs,
      modelVersion: row.modelVersion,
      httpCode: row.httpCode,
      inputs: cellsOf(a.inputs, k, inputNames),
      outputs: cellsOf(a.outputs, k, outputNames),
    };
    if (row.latencyMs !== undefined) line.latencyMs = row.latencyMs;
    const misfit = instanceMisfit(a, k);
    if (misfit) line.misfit = misfit;
    return line;
  }

  private remember(into: Set<string>, names: readonly string[] | undefined): void {
    if (!names) return;
    for (const n of names) {
      if (into.size >= MAX_SEEN_NAMES) return;
      into.add(n);
    }
  }
}

function hasBaseFilter(f: RowFilter): boolean {
  const some = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined);
  return (
    // On a shared topic the panel keeps to its own deployment's rows: the other deployment's lines (and the
    // columns of its model version) must not enter the counts or the header.
    f.servingId !== undefined ||
    Boolean(f.text?.trim()) ||
    some(f.kind) ||
    some(f.status) ||
    f.errorsOnly === true ||
    f.undecodableOnly === true
  );
}
