// `npm run bench`: runs every section in bench/sections/ (one file per area, added independently) and
// prints "metric value" lines. `--json` makes the last line one JSON object with every metric.
// `--only <section>` runs one section. Prints numbers, asserts nothing.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResults, BenchSection } from './section';

async function loadSections(): Promise<BenchSection[]> {
  const dir = path.join(__dirname, 'sections');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const sections: BenchSection[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: BenchSection };
    if (mod.default && typeof mod.default.run === 'function') sections.push(mod.default);
  }
  return sections;
}

function format(v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 100) / 100);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const all: BenchResults = {};
  let failed = 0;
  for (const section of await loadSections()) {
    if (only && section.name !== only) continue;
    const started = Date.now();
    process.stderr.write(`# ${section.name}\n`);
    try {
      const results = await section.run({ note: (line) => process.stderr.write(`  ${line}\n`) });
      for (const [k, v] of Object.entries(results)) {
        all[k] = v;
        console.log(`${k} ${format(v)}`);
      }
    } catch (e) {
      failed++;
      process.stderr.write(`  section ${section.name} failed: ${(e as Error).stack ?? String(e)}\n`);
    }
    process.stderr.write(`  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  if (json) console.log(JSON.stringify(all));
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
