// Every decoded record carries its own copy of strings that repeat on every row (model name, model
// server, …). Sharing one copy keeps 100,000 rows lean. Bounded, so odd data cannot grow it forever.
export class StringInterner {
  private readonly map = new Map<string, string>();

  constructor(private readonly maxEntries = 1024) {}

  intern(s: string): string {
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    if (this.map.size < this.maxEntries) this.map.set(s, s);
    return s;
  }
}
