// Cuts a TCP byte stream into Kafka frames (int32 size + body). Chunks are kept as a list and joined
// once per frame, so large Fetch responses arriving in many chunks are copied only once.

/** Larger than any frame a sane client or the mock sends; stops a garbage size from buffering forever. */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;

export class FrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Feeds bytes; returns every complete frame (size prefix included). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const size = this.peekSize();
      if (size < 0 || size > MAX_FRAME_BYTES) throw new RangeError(`invalid Kafka frame size ${size}`);
      if (this.buffered < 4 + size) break;
      frames.push(this.take(4 + size));
    }
    return frames;
  }

  private peekSize(): number {
    const first = this.chunks[0];
    if (first && first.length >= 4) return first.readInt32BE(0);
    const head = Buffer.concat(this.chunks, 4);
    return head.readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first && first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const all = Buffer.concat(this.chunks, this.buffered);
      out = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.buffered -= n;
    return out;
  }
}
