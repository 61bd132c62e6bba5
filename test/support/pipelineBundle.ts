// Builds dist/inferenceLog.js, the lazily loaded Kafka/Avro bundle, with the options esbuild.js uses for it, for
// sandbox tests that load it the way the panel does. Only this entry: other bundles may be mid-edit.
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function buildPipelineBundle(): Promise<void> {
  await build({
    entryPoints: [{ in: path.join(ROOT, 'src/inferenceLog/index.ts'), out: 'inferenceLog' }],
    outdir: path.join(ROOT, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
}
