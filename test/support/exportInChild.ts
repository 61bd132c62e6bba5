// Runs one export in a process of its own, so a test can give it limits the test runner must not have: a
// maximum file size (ulimit -f: the disk "fills up" mid-write) or another user (no permission, also when
// the suite runs as root). Prints one JSON line: {"ok":true,"rows":N} or {"ok":false,"message","code"}.
// Usage: node --import tsx test/support/exportInChild.ts <path> <jsonl|csv> <rows> <payload bytes> (the test
// runs it bundled by esbuild, so that another user can run it without reading the checkout)
import { ExportError, InferenceLogSession, ManualClock, avroTypeFor } from '../../src/inferenceLog';
import type { ExportFormat } from '../../src/inferenceLog';

const V3 =
  '{"type":"record","name":"inferencelog","fields":[{"name":"modelId","type":"int"},{"name":"modelName","type":"string"},{"name":"modelVersion","type":"int"},{"name":"requestTimestamp","type":"long"},{"name":"responseHttpCode","type":"int"},{"name":"inferenceRequest","type":"string"},{"name":"inferenceResponse","type":"string"},{"name":"modelServer","type":"string"},{"name":"servingTool","type":"string"}]}';

async function main(): Promise<void> {
  const [file, format, rows, bytes] = process.argv.slice(2);
  const s = new InferenceLogSession({
    brokers: ['127.0.0.1:9'],
    topic: 'irisflask-inf0937',
    schemaJson: V3,
    clock: new ManualClock(),
  });
  const v3 = avroTypeFor(V3);
  const body = `{"instances": [["${'x'.repeat(Number(bytes))}"]]}`;
  s.ingest(
    Array.from({ length: Number(rows) }, (_, i) => ({
      partition: 0,
      offset: String(i),
      timestampMs: 1718007125000,
      key: null,
      value: v3.toBuffer({
        modelId: 7,
        modelName: 'irisflask',
        modelVersion: 1,
        requestTimestamp: 1718007125000 + i,
        responseHttpCode: 200,
        inferenceRequest: body,
        inferenceResponse: '{"predictions": [0]}',
        modelServer: 'PYTHON',
        servingTool: 'DEFAULT',
      }),
    })),
  );
  try {
    const r = await s.exportTo(file!, format as ExportFormat);
    console.log(JSON.stringify({ ok: true, rows: r.rows }));
  } catch (e) {
    const code = e instanceof ExportError ? e.code : undefined;
    console.log(JSON.stringify({ ok: false, message: (e as Error).message, code }));
  } finally {
    await s.dispose();
  }
}

void main();
