// Kafka wire-protocol primitives (big-endian ints, int16-length strings, compact/varint forms), just
// enough for the few messages the proxy reads or writes. Reading past the end throws, so a malformed
// frame surfaces as an error instead of a silently wrong rewrite.

export class KafkaReader {
  offset: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
  ) {
    this.offset = offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) {
      throw new RangeError(`Kafka frame truncated: need ${n} bytes at ${this.offset} of ${this.buf.length}`);
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.offset++);
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  uvarint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.buf[this.offset];
      if (b === undefined) throw new RangeError('Kafka frame truncated in a varint');
      this.offset++;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
    }
    throw new RangeError('Kafka varint too long');
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    this.need(len);
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new RangeError('unexpected null string in Kafka frame');
    return s;
  }

  /** Skips a flexible-version tagged-field section. */
  skipTaggedFields(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
      this.offset += size;
    }
  }

  rest(): Buffer {
    return this.buf.subarray(this.offset);
  }
}

export class KafkaWriter {
  private readonly parts: Buffer[] = [];

  int8(v: number): this {
    const b = Buffer.allocUnsafe(1);
    b.writeInt8(v);
    return this.raw(b);
  }

  int16(v: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(v);
    return this.raw(b);
  }

  int32(v: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(v);
    return this.raw(b);
  }

  uvarint(v: number): this {
    const bytes: number[] = [];
    let n = v >>> 0;
    while (n >= 0x80) {
      bytes.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    bytes.push(n);
    return this.raw(Buffer.from(bytes));
  }

  nullableString(s: string | null): this {
    if (s === null) return this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    return this.int16(b.length).raw(b);
  }

  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }

  /** The bytes written so far, prefixed with their int32 length: one complete Kafka frame. */
  toFrame(): Buffer {
    const body = this.toBuffer();
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(body.length);
    return Buffer.concat([size, body]);
  }
}
