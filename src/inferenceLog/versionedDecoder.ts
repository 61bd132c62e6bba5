// Decodes each message value with the version of the topic's subject that wrote it. A topic's schema can
// move on (inferenceschema v4 → v5, one optional field added) while the events already on it stay bytes of
// the old version: decoded with the new schema they would all be "truncated buffer". Avro values carry no
// version, so the one that consumes the bytes exactly is the one that wrote them: the topic's own version
// is tried first (it wrote almost every value, so the common case costs one decode as before), then every
// other version of the subject, newest first. A value becomes undecodable only when no version fits.
import type { DecodeResult } from './avroDecoder';
import { AvroDecoder, SchemaError } from './avroDecoder';

/** One registered version of the topic's subject: its number and its Avro schema text. */
export interface SchemaVersionText {
  version: number;
  schemaJson: string;
}

export interface VersionedDecoderOptions {
  /** The schema the topic is bound to (must be usable: a SchemaError is thrown otherwise). */
  schemaJson: string;
  /** Its version, when known. */
  schemaVersion?: number;
  /** Every version of the subject (may include the topic's own). Unusable ones are left out, and said. */
  others?: readonly SchemaVersionText[];
  /** Told about versions left out because their schema is not usable Avro. */
  onSkipped?: (version: number, reason: string) => void;
}

export class VersionedDecoder {
  private readonly candidates: readonly AvroDecoder[];
  private readonly triedText: string;

  /** Throws SchemaError when the topic's own schema is not usable. */
  constructor(o: VersionedDecoderOptions) {
    const own = new AvroDecoder(o.schemaJson, o.schemaVersion);
    const rest: AvroDecoder[] = [];
    const seen = new Set<string>([o.schemaJson]);
    const sorted = [...(o.others ?? [])].sort((a, b) => b.version - a.version);
    for (const s of sorted) {
      // The same text under another number decodes the same bytes: one try is enough.
      if (s.version === o.schemaVersion || seen.has(s.schemaJson)) continue;
      seen.add(s.schemaJson);
      try {
        rest.push(new AvroDecoder(s.schemaJson, s.version));
      } catch (e) {
        if (!(e instanceof SchemaError)) throw e;
        o.onSkipped?.(s.version, e.message);
      }
    }
    this.candidates = [own, ...rest];
    this.triedText = this.candidates
      .map((c) => (c.version === undefined ? "the topic's own" : `v${c.version}`))
      .join(', ');
  }

  /** The versions tried, in order (the topic's own first); `undefined` stands for an unnumbered own schema. */
  get versions(): (number | undefined)[] {
    return this.candidates.map((c) => c.version);
  }

  /** Like AvroDecoder.decode; a decoded value carries the `version` that decoded it. */
  decode(value: Buffer | null | undefined): DecodeResult {
    const own = this.candidates[0]!.decode(value);
    if (own.ok) return own;
    // Null and empty values are no bytes at all: no version will read them.
    if (this.candidates.length === 1 || !value || value.length === 0) return own;
    let fallback: DecodeResult | undefined;
    for (let i = 1; i < this.candidates.length; i++) {
      const r = this.candidates[i]!.decode(value);
      if (!r.ok) continue;
      // Versions with the same field layout (v2 and v4: eight fields of the same types) both read the
      // bytes exactly; the one whose values make sense wins, else the newest.
      if (plausible(r.record)) return r;
      fallback ??= r;
    }
    if (fallback) return fallback;
    return {
      ok: false,
      error: `no version of the topic's schema reads these bytes exactly (tried ${this.triedText}); with the topic's own: ${own.error}`,
    };
  }
}

/** What a record of an inference-log schema must look like to be taken from a version other than the topic's. */
function plausible(record: Record<string, unknown>): boolean {
  if ('messageType' in record) {
    const t = String(record.messageType).toLowerCase();
    return t === 'request' || t === 'response';
  }
  return true;
}
