// The host side of "Open Full Payload": the detail pane shows a bounded prefix of a body, and this hands the
// whole body, as the store holds it, to an editor (payloadDocument.ts writes it in slices). Also finds the
// logged request the test-request suggestion would have used had it not been too long for the request
// editor, so the panel can offer it the same way. vscode-free.
import type { FullPayload, PayloadHalf } from '../../inferenceLog/fullPayload';
import { fullPayload } from '../../inferenceLog/fullPayload';
import { PRETTY_MAX_CHARS } from '../../inferenceLog/prettyPrefix';
import type { LogRow } from '../../inferenceLog/types';

/** Where a payload goes: an untitled editor named `name` (a file-name-like label, unique per message). */
export type OpenPayload = (payload: FullPayload, name: string) => Promise<void>;

/**
 * A name for the editor: the deployment, the half and the Kafka message it came from. The message is the
 * same body every time it is opened, even after a restart (which numbers rows anew).
 */
export function payloadName(deployment: string, row: LogRow, half: PayloadHalf): string {
  const k = half === 'response' && row.responseKafka ? row.responseKafka : row.kafka;
  const safe = deployment.replace(/[^A-Za-z0-9_.-]/g, '_') || 'deployment';
  return `${safe}-${half}-p${k.partition}-${k.offset}`;
}

/** Opens the whole of one half of row `id`; `opened` false when the row (or that half) is no longer held. */
export async function openRowPayload(
  row: LogRow | undefined,
  half: PayloadHalf,
  deployment: string,
  open: OpenPayload | undefined,
): Promise<{ opened: boolean; chars: number }> {
  const payload = row ? fullPayload(row, half) : undefined;
  if (!row || !payload || !open) return { opened: false, chars: 0 };
  await open(payload, payloadName(deployment, row, half));
  return { opened: true, chars: payload.chars };
}

/**
 * A logged request too long to be a suggestion (more than the request editor shows whole) that still looks
 * like a JSON body: worth offering through "Open Full Payload". Reads only its first characters.
 */
export function tooLongRequest(row: LogRow): { id: number; chars: number } | undefined {
  const text = row.requestText;
  if (text === undefined || text.length <= PRETTY_MAX_CHARS) return undefined;
  const head = text.slice(0, 64).trimStart();
  return head.startsWith('{') || head.startsWith('[') ? { id: row.id, chars: text.length } : undefined;
}
