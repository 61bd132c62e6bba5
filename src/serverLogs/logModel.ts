// The lines one server-log document shows: the pods' lines merged into one timeline, plus the notes the
// extension adds where something happened between two reads (a gap, a pod that started or ended, the
// deployment going Idle). Bounded: past `maxLines` the oldest lines go (and are counted). Every line keeps the
// time it was printed at — its own, or for a line that states none (a traceback's) the time of the line above
// it in the same pod — so a moment can be found in the text, and the lines that name an inference id can be
// found with the traceback that follows them. Pure: no I/O, no vscode.
import { inferenceIdsIn, lineNames, lineTime } from './lineFacts';
import type { IdAt } from './lineFacts';

export interface LogLine {
  kind: 'log' | 'note';
  /** pod name (log lines) */
  pod?: string;
  text: string;
  /** the time the line states, if it states one */
  ownTimeMs?: number;
  /** `ownTimeMs`, or the time of the line above it in the same pod */
  timeMs?: number;
}

/** One pod's lines from one answer, oldest first; `times` (archive source) are the server's times of each. */
export interface PodBatch {
  pod: string;
  lines: readonly string[];
  times?: readonly (number | undefined)[];
}

/** Lines of the document (indexes into `lines`), from `first` to `last` inclusive. */
export interface LineBlock {
  first: number;
  last: number;
}

export const DEFAULT_MAX_LINES = 20_000;

export class ServerLogModel {
  #lines: LogLine[] = [];
  #dropped = 0;
  readonly #lastTime = new Map<string, number>();
  readonly #pods: string[] = [];

  constructor(
    /** the tag shown for a pod on each of its lines */
    private readonly tagOf: (pod: string) => string,
    readonly maxLines = DEFAULT_MAX_LINES,
  ) {}

  get lines(): readonly LogLine[] {
    return this.#lines;
  }

  /** Lines the bound pushed out since the last clear. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Pods that printed a line shown (or dropped) since the last clear, in the order they were first seen. */
  get pods(): readonly string[] {
    return this.#pods;
  }

  clear(): void {
    this.#lines = [];
    this.#dropped = 0;
    this.#lastTime.clear();
    this.#pods.length = 0;
  }

  /**
   * Appends what several pods printed (one answer of the Kubernetes source), merged by time: a line that
   * states no time stays right after the line it follows in its pod, so a traceback is never split. Lines
   * already shown are never moved. Returns how many lines were added.
   */
  addPods(batches: readonly PodBatch[]): number {
    const groups = batches.map((b) => this.#groups(b));
    let added = 0;
    const heads = groups.map(() => 0);
    for (;;) {
      let best = -1;
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]![heads[i]!];
        if (g && (best < 0 || g.key < groups[best]![heads[best]!]!.key)) best = i;
      }
      if (best < 0) break;
      const g = groups[best]![heads[best]!++]!;
      for (const line of g.lines) this.#lines.push(line);
      added += g.lines.length;
    }
    this.#bound();
    return added;
  }

  /** Appends lines already in time order across pods (the archive source), each with the server's time. */
  addOrdered(items: readonly { pod: string; text: string; timeMs?: number }[]): number {
    for (const item of items) {
      this.#seen(item.pod);
      // `ownTimeMs` is what the text states (a traceback line states none, so it stays in its error's block);
      // the archive's own time of the line is the better time to find a moment by.
      const own = lineTime(item.text);
      const time = item.timeMs ?? own ?? this.#lastTime.get(item.pod);
      if (time !== undefined) this.#lastTime.set(item.pod, time);
      this.#lines.push(line('log', item.text, item.pod, own, time));
    }
    this.#bound();
    return items.length;
  }

  /** A line of the extension's own (a gap, a pod started or ended, a refusal), placed at the end. */
  note(text: string, atMs?: number): void {
    this.#lines.push(line('note', text, undefined, undefined, atMs));
    this.#bound();
  }

  /** The line as the document shows it: `[tag] text` for a pod's line, `--- text ---` for a note. */
  render(l: LogLine): string {
    return l.kind === 'note' ? `--- ${l.text} ---` : `[${this.tagOf(l.pod ?? '')}] ${l.text}`;
  }

  /** Where the pod's own text starts in the rendered line (for links on the ids it names). */
  textOffset(l: LogLine): number {
    return l.kind === 'note' ? 4 : this.tagOf(l.pod ?? '').length + 3;
  }

  /** The inference ids a line names, with their place in the rendered line. */
  idsIn(index: number): IdAt[] {
    const l = this.#lines[index];
    if (!l || l.kind !== 'log') return [];
    const offset = this.textOffset(l);
    return inferenceIdsIn(l.text).map((i) => ({ ...i, start: i.start + offset, end: i.end + offset }));
  }

  /**
   * The lines that name `id`, each with the lines of the same pod after it that state no time of their own:
   * an error line and its traceback are one block.
   */
  blocksNaming(id: string): LineBlock[] {
    const blocks: LineBlock[] = [];
    const lines = this.#lines;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.kind !== 'log' || !lineNames(l.text, id)) continue;
      let last = i;
      while (last + 1 < lines.length) {
        const next = lines[last + 1]!;
        if (next.kind !== 'log' || next.pod !== l.pod || next.ownTimeMs !== undefined) break;
        last++;
      }
      const prev = blocks[blocks.length - 1];
      if (prev && prev.last >= i - 1) prev.last = Math.max(prev.last, last);
      else blocks.push({ first: i, last });
      i = last;
    }
    return blocks;
  }

  /** The first line printed at or after `timeMs`; the last line when every line is older; undefined if none. */
  nearest(timeMs: number): number | undefined {
    let lastTimed: number | undefined;
    for (let i = 0; i < this.#lines.length; i++) {
      const t = this.#lines[i]!.timeMs;
      if (t === undefined) continue;
      if (t >= timeMs) return i;
      lastTimed = i;
    }
    return lastTimed;
  }

  /** The times of the oldest and the newest line shown that have one. */
  span(): { firstMs?: number; lastMs?: number } {
    const timed = this.#lines.filter((l) => l.timeMs !== undefined && l.kind === 'log');
    const out: { firstMs?: number; lastMs?: number } = {};
    if (timed[0]?.timeMs !== undefined) out.firstMs = timed[0].timeMs;
    const last = timed[timed.length - 1]?.timeMs;
    if (last !== undefined) out.lastMs = last;
    return out;
  }

  /** One pod's lines cut into groups (a timed line and the untimed lines after it), each with its sort key. */
  #groups(b: PodBatch): { key: number; lines: LogLine[] }[] {
    this.#seen(b.pod);
    const groups: { key: number; lines: LogLine[] }[] = [];
    b.lines.forEach((text, i) => {
      const own = b.times?.[i] ?? lineTime(text);
      const time = own ?? this.#lastTime.get(b.pod);
      if (own !== undefined) this.#lastTime.set(b.pod, own);
      const l = line('log', text, b.pod, own, time);
      const current = groups[groups.length - 1];
      if (own === undefined && current) current.lines.push(l);
      else groups.push({ key: time ?? -Infinity, lines: [l] });
    });
    // A pod's lines keep their order even if its clock stepped back: the key never decreases within a pod.
    for (let i = 1; i < groups.length; i++) {
      const g = groups[i]!;
      g.key = Math.max(g.key, groups[i - 1]!.key);
    }
    return groups;
  }

  #seen(pod: string): void {
    if (!this.#pods.includes(pod)) this.#pods.push(pod);
  }

  #bound(): void {
    // Cut in chunks, not per line: splicing the head of a long array on every append would be quadratic.
    if (this.#lines.length <= this.maxLines * 1.1) return;
    const excess = this.#lines.length - this.maxLines;
    this.#lines.splice(0, excess);
    this.#dropped += excess;
  }
}

function line(
  kind: LogLine['kind'],
  text: string,
  pod: string | undefined,
  own: number | undefined,
  time: number | undefined,
): LogLine {
  const l: LogLine = { kind, text };
  if (pod !== undefined) l.pod = pod;
  if (own !== undefined) l.ownTimeMs = own;
  if (time !== undefined) l.timeMs = time;
  return l;
}
