// Following the live pods (Kubernetes source) the way the Hopsworks UI does: poll each pod's last lines and
// keep only those not shown yet (followStep finds the overlap between the lines shown and the new answer).
// Two things of the real endpoint shape this:
// - the answer is cut at 50 000 bytes from its START (`limitBytes`), so asking for too many lines returns the
//   older ones without the newest: an answer that ends inside a line is set aside and the next poll asks for
//   fewer lines;
// - an answer holds only the last N lines, so when more than N arrived between two polls the overlap is lost:
//   that is said in the document (a gap) and the next poll asks for more.
// Pure: answers in, fresh lines and events out.
import { followStep, splitLogLines } from '../hopsworks/logFollow';
import type { FollowStep } from '../hopsworks/logFollow';
import type { DeploymentLogs } from '../hopsworks/types';
import type { PodBatch } from './logModel';

/** Kubernetes' `limitBytes` as Hopsworks sets it (KubeServingUtils.LIMIT_BYTES). */
export const LOG_LIMIT_BYTES = 50_000;

export const POLL_TAIL_START = 100;
export const POLL_TAIL_MIN = 10;
export const POLL_TAIL_MAX = 1_000;
/** Lines remembered per pod to find the overlap with the next answer (≥ the largest poll tail). */
const SEEN_KEEP = POLL_TAIL_MAX;

/** True when the server cut the pod's answer at its byte limit (it then ends inside a line). */
export function isCut(content: string): boolean {
  return content !== '' && !content.endsWith('\n');
}

/** The complete lines of an answer, without the partial line a cut leaves at the end. */
export function completeLines(content: string): string[] {
  const lines = splitLogLines(content);
  if (isCut(content)) lines.pop();
  return lines;
}

export interface FollowUpdate {
  /** what each pod printed since the last poll */
  batches: PodBatch[];
  /** pods whose new lines may not all be there: more arrived between two polls than one answer holds */
  gaps: string[];
  /** pods that appeared since the last poll (a scale-up, a restart, a new revision) */
  started: string[];
  /** pods that were followed and are gone */
  ended: string[];
}

/**
 * The lines of `fetched` that come after everything in `seen`. `followStep` finds an answer that starts inside
 * what was seen; an answer may also reach further back than what was seen (a document loaded with a short tail,
 * then polled with a longer one): then all of `seen` is inside it and only what follows is new. The whole of
 * `seen` is looked for first — the longest evidence — and its last place wins, so nothing is shown twice.
 */
export function freshAfter(seen: readonly string[], fetched: readonly string[]): FollowStep {
  const s = seen.length;
  if (s > 0 && s <= fetched.length) {
    const lastSeen = seen[s - 1];
    for (let end = fetched.length - 1; end >= s - 1; end--) {
      if (fetched[end] !== lastSeen) continue;
      let i = 1;
      while (i < s && fetched[end - i] === seen[s - 1 - i]) i++;
      if (i === s) return { fresh: fetched.slice(end + 1), gap: false };
    }
  }
  return followStep(seen, fetched);
}

export class PodFollower {
  readonly #seen = new Map<string, string[]>();
  #tail = POLL_TAIL_START;

  /** Lines per pod the next poll asks for. */
  get pollTail(): number {
    return this.#tail;
  }

  get pods(): string[] {
    return [...this.#seen.keys()];
  }

  /** After a full load: the lines shown for each pod, so the next poll continues from them. */
  seed(batches: readonly PodBatch[]): void {
    this.#seen.clear();
    for (const b of batches) this.#seen.set(b.pod, b.lines.slice(-SEEN_KEEP));
  }

  /** Forgets every pod (the next answer's lines are all new, e.g. after the document was reloaded). */
  reset(): void {
    this.#seen.clear();
    this.#tail = POLL_TAIL_START;
  }

  /** Takes one poll's answer (every live pod of the component, or the chosen one). */
  take(answer: readonly DeploymentLogs[]): FollowUpdate {
    const update: FollowUpdate = { batches: [], gaps: [], started: [], ended: [] };
    const present = new Set(answer.map((p) => p.instanceName));
    for (const pod of [...this.#seen.keys()]) {
      if (!present.has(pod)) {
        this.#seen.delete(pod);
        update.ended.push(pod);
      }
    }
    let cut = false;
    let gap = false;
    for (const p of answer) {
      const seen = this.#seen.get(p.instanceName);
      if (isCut(p.content)) {
        // The newest lines are not in it: take nothing from this pod now, ask for fewer lines next time.
        cut = true;
        continue;
      }
      const lines = splitLogLines(p.content);
      if (!seen) {
        update.started.push(p.instanceName);
        this.#seen.set(p.instanceName, lines.slice(-SEEN_KEEP));
        update.batches.push({ pod: p.instanceName, lines });
        continue;
      }
      const step = freshAfter(seen, lines);
      if (step.gap) {
        gap = true;
        update.gaps.push(p.instanceName);
      }
      if (step.fresh.length > 0) {
        const kept = [...seen, ...step.fresh];
        this.#seen.set(p.instanceName, kept.slice(-SEEN_KEEP));
        update.batches.push({ pod: p.instanceName, lines: step.fresh });
      }
    }
    if (cut) this.#tail = Math.max(POLL_TAIL_MIN, Math.floor(this.#tail / 2));
    else if (gap) this.#tail = Math.min(POLL_TAIL_MAX, this.#tail * 2);
    return update;
  }
}
