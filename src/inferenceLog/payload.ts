// Classifies a logged HTTP body: KServe V1, Open Inference Protocol (V2), other JSON, or plain text.
// Bodies are whatever the model server sent (an HTML error page included), so nothing here may throw.
import { parseableJson } from './jsonLimits';
import type { Payload, PayloadFormat } from './types';

/**
 * The body's format, and its parsed value when it is JSON the host agrees to parse (jsonLimits.ts). A
 * body too big or too deeply nested to parse is classified from its first key, unchecked and without
 * `json` (callers then show and export it as text): see unparsedFormat.
 */
export function parsePayload(text: string): Payload {
  if (text.length === 0) return { text, format: 'empty' };
  // Cheap pre-check: JSON.parse on a long HTML page throws after scanning, and throwing is slow.
  const first = firstNonSpace(text);
  if (first !== '{' && first !== '[' && first !== '"' && !/^\s*(-?\d|true|false|null)/.test(text)) {
    return { text, format: 'text' };
  }
  if (!parseableJson(text)) return { text, format: unparsedFormat(text, first) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { text, format: 'text' };
  }
  const { format, data } = classify(json);
  return data === undefined ? { text, format, json } : { text, format, json, data };
}

/** Just the format, for callers that keep only the text. */
export function payloadFormat(text: string): PayloadFormat {
  return parsePayload(text).format;
}

/**
 * A payload that is classified on first look. Every event carries one, but only the few rows a person
 * opens ever need the format: parsing every body on ingest cost more than decoding the Avro record.
 */
export class LazyPayload implements Payload {
  private parsed: Payload | undefined;

  constructor(readonly text: string) {}

  get format(): PayloadFormat {
    return this.parse().format;
  }

  get json(): unknown {
    return this.parse().json;
  }

  get data(): unknown {
    return this.parse().data;
  }

  private parse(): Payload {
    return (this.parsed ??= parsePayload(this.text));
  }
}

/**
 * The format of a body that is not parsed, read off its head: V1 when the first key is `instances` or
 * `predictions`, V2 when it is `inputs`/`outputs` holding objects (tensors), else `json` for what opens
 * like an object or array, `text` for the rest.
 */
function unparsedFormat(text: string, first: string): PayloadFormat {
  if (first !== '{' && first !== '[') return 'text';
  const head = /^\s*\{\s*"(instances|predictions|inputs|outputs)"\s*:\s*(\[\s*\{)?/.exec(text.slice(0, 256));
  if (!head) return 'json';
  if (head[1] === 'instances' || head[1] === 'predictions') return 'v1';
  return head[2] ? 'v2' : 'v1';
}

function firstNonSpace(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return s[i] ?? '';
  }
  return '';
}

function isTensorList(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((t) => typeof t === 'object' && t !== null && 'name' in t && 'datatype' in t)
  );
}

function classify(json: unknown): { format: PayloadFormat; data?: unknown } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { format: 'json' };
  const o = json as Record<string, unknown>;
  if (isTensorList(o.inputs)) return { format: 'v2', data: o.inputs };
  if (isTensorList(o.outputs)) return { format: 'v2', data: o.outputs };
  if ('instances' in o) return { format: 'v1', data: o.instances };
  if ('predictions' in o) return { format: 'v1', data: o.predictions };
  // TF Serving's columnar request and the Python server's request both use a bare `inputs`.
  if ('inputs' in o) return { format: 'v1', data: o.inputs };
  return { format: 'json' };
}
