// Reads scripts/system-packages.txt, the one list of the Debian packages this project needs, and says which
// of them this machine lacks. Plain files are checked (no dpkg query), so it also works where dpkg is absent.
import fs from 'node:fs';

const LIST = new URL('./system-packages.txt', import.meta.url);

/** @returns {{ name: string, proofs: string[] }[]} in the order of the file */
export function systemPackages() {
  return fs
    .readFileSync(LIST, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [name, ...proofs] = line.split(/\s+/);
      return { name, proofs };
    });
}

/**
 * The packages of the list (or of `names`, which must all be on it) that are not installed.
 * @param {string[]} [names]
 * @returns {string[]}
 */
export function missingSystemPackages(names) {
  const all = systemPackages();
  const unknown = (names ?? []).filter((n) => !all.some((p) => p.name === n));
  if (unknown.length) throw new Error(`not in scripts/system-packages.txt: ${unknown.join(', ')}`);
  return all
    .filter((p) => !names || names.includes(p.name))
    .filter((p) => !p.proofs.some((f) => fs.existsSync(f)))
    .map((p) => p.name);
}
