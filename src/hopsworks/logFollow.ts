// Following a pod's log by polling `GET /serving/{id}/logs?tail=N` (the Kubernetes source, as the Hopsworks UI
// does): each answer is the pod's last N lines, so consecutive answers overlap. This finds the overlap and
// returns only the lines not seen before — none lost while the overlap holds, none repeated — and says when
// more lines arrived between two polls than one answer holds (a gap: poll more often or ask for more lines).

export interface FollowStep {
  /** the lines after what was already seen, in order */
  fresh: string[];
  /** true when no overlap was found: lines may have been missed between the two polls */
  gap: boolean;
}

/** The lines of one pod's `content` (newline-terminated), without the empty string after the last newline. */
export function splitLogLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * `seenTail`: the last lines already shown for the pod (at least as many as one answer holds, or all of them).
 * `fetched`: the pod's lines in the new answer. The overlap is the longest end of `seenTail` that `fetched`
 * starts with; what follows it is new. Lines carry a time and request id, so equal runs do not repeat by
 * chance; if they did, the longest overlap is the one kept.
 */
export function followStep(seenTail: readonly string[], fetched: readonly string[]): FollowStep {
  if (seenTail.length === 0) return { fresh: [...fetched], gap: false };
  if (fetched.length === 0) return { fresh: [], gap: false };
  const max = Math.min(seenTail.length, fetched.length);
  for (let k = max; k > 0; k--) {
    if (startsWithEndOf(fetched, seenTail, k)) return { fresh: fetched.slice(k), gap: false };
  }
  return { fresh: [...fetched], gap: true };
}

function startsWithEndOf(fetched: readonly string[], seen: readonly string[], k: number): boolean {
  const offset = seen.length - k;
  for (let i = 0; i < k; i++) if (fetched[i] !== seen[offset + i]) return false;
  return true;
}
