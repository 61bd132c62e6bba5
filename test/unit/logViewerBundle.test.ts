// Activation must never load kafkajs or avsc: they live in the separate dist/inferenceLog.js bundle, which
// the log panel requires by a computed path when it first opens. Builds the bundles in memory with the host
// options of esbuild.js and looks for code only those libraries contain.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Identifiers defined by kafkajs' and avsc's own code (class names that survive bundling). */
const KAFKAJS_MARKERS = ['KafkaJSNonRetriableError', 'KafkaJSConnectionError'];
const AVSC_MARKERS = ['LogicalType', 'BlockDecoder'];

async function bundle(entry: string): Promise<string> {
  const options: BuildOptions = {
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', './inferenceLog'],
    write: false,
    logLevel: 'silent',
  };
  const result = await build(options);
  const out = result.outputFiles?.[0];
  assert.ok(out, `no output for ${entry}`);
  return out.text;
}

function assertFree(code: string, what: string): void {
  for (const m of [...KAFKAJS_MARKERS, ...AVSC_MARKERS])
    assert.ok(!code.includes(m), `${what} contains ${m}`);
}

describe('bundles: the Kafka/Avro pipeline stays out of activation', () => {
  it('dist/inferenceLog.js carries kafkajs and avsc', async () => {
    const code = await bundle('src/inferenceLog/index.ts');
    for (const m of [...KAFKAJS_MARKERS, ...AVSC_MARKERS])
      assert.ok(code.includes(m), `inferenceLog.js lacks ${m}`);
  });

  it('dist/extension.js carries neither', async () => {
    assertFree(await bundle('src/extension.ts'), 'extension.js');
  });

  it('the log commands and panel (what extension.ts wires) carry neither, and load the pipeline by a computed path', async () => {
    const code = await bundle('src/commands/logCommands.ts');
    assertFree(code, 'the log commands bundle');
    assert.ok(code.includes('createWebviewPanel'), 'the panel is part of this bundle');
    assert.match(code, /require\(file\)/, 'the pipeline is required at run time, not bundled');
  });
});
