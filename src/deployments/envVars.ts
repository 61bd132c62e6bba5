// 4.8+ environment variables of a predictor or transformer: `["KEY=value", …]` on the wire (PY-4.8 predictor.py
// sends `f"{k}={v}"` for each entry of a dict), one `KEY=value` per line in the form.

/** A shell variable name, as the server and the container runtime accept it. */
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The form's text → the list: one entry per line, blank lines dropped, nothing else changed. */
export function envVarsFromText(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

export function envVarsToText(list: readonly string[] | undefined): string {
  return (list ?? []).join('\n');
}

/** The first problem of a list, naming the entry; undefined when every entry is `KEY=value` with distinct keys. */
export function envVarsError(list: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const [i, entry] of list.entries()) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry.trim() : entry.slice(0, eq);
    if (eq < 0) return `Entry ${i + 1} (“${clip(entry)}”) has no “=”: write KEY=value.`;
    if (!KEY.test(key)) {
      return `Entry ${i + 1}: “${clip(key)}” is not a variable name (letters, digits and _, not starting with a digit).`;
    }
    if (seen.has(key)) return `${key} is set twice; keep one.`;
    seen.add(key);
  }
  return undefined;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
