// A slice's payloads may share one joined string (kept out of the garbage collector's copying): whatever
// is shared, every row must still hold exactly the text that was logged, in order, and an undecodable
// message in the middle of the slice stays a raw row where it was.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InferenceLogSession, ManualClock, avroTypeFor } from '../../src/inferenceLog';
import type { BatchMessage } from '../../src/inferenceLog';
import { JOIN_MIN_CHARS, shareText } from '../../src/inferenceLog/sharedText';

const V3 =
  '{"type":"record","name":"inferencelog","fields":[{"name":"modelId","type":"int"},{"name":"modelName","type":"string"},{"name":"modelVersion","type":"int"},{"name":"requestTimestamp","type":"long"},{"name":"responseHttpCode","type":"int"},{"name":"inferenceRequest","type":"string"},{"name":"inferenceResponse","type":"string"},{"name":"modelServer","type":"string"},{"name":"servingTool","type":"string"}]}';
const v3 = avroTypeFor(V3);

function body(i: number): string {
  // Mostly 1 KB of ASCII; some short, some with characters beyond Latin-1, one huge.
  if (i % 17 === 0) return `{"n": ${i}}`;
  if (i % 23 === 0) return `{"text": "日本語 ${i} ${'x'.repeat(900)}"}`;
  if (i === 100) return `{"big": "${'y'.repeat(200_000)}"}`;
  return `{"instances": [[${i}, ${'1.5, '.repeat(200)}0]]}`;
}

describe('payloads sharing one string', () => {
  it('every row keeps exactly its logged text, through the session', () => {
    const s = new InferenceLogSession({
      brokers: ['127.0.0.1:9'],
      topic: 'irisflask-inf0937',
      schemaJson: V3,
      clock: new ManualClock(),
    });
    const batch: BatchMessage[] = [];
    for (let i = 0; i < 300; i++) {
      const value =
        i === 150
          ? Buffer.from('not avro at all, a stray message')
          : v3.toBuffer({
              modelId: 7,
              modelName: 'irisflask',
              modelVersion: 1,
              requestTimestamp: 1718007125000 + i,
              responseHttpCode: 200,
              inferenceRequest: body(i),
              inferenceResponse: `{"predictions": [${i}]}`,
              modelServer: 'PYTHON',
              servingTool: 'DEFAULT',
            });
      batch.push({ offset: String(i), timestamp: '1718007125000', value });
    }
    s.ingestBatch(0, batch);
    const rows = s.query({ limit: 1_000 }).rows;
    assert.equal(rows.length, 300);
    rows.forEach((row, i) => {
      assert.equal(row.kafka.offset, String(i));
      if (i === 150) {
        assert.equal(row.kind, 'raw');
        return;
      }
      assert.equal(row.requestText, body(i), `request of row ${i}`);
      assert.equal(row.responseText, `{"predictions": [${i}]}`);
    });
    void s.dispose();
  });

  it('joins only when the candidates reach the large-object size, and leaves the rest as they are', () => {
    const few = ['a'.repeat(1_000), 'b'.repeat(1_000)];
    const copy = [...few];
    shareText(few);
    assert.deepEqual(few, copy);
    const many: (string | undefined)[] = Array.from(
      { length: Math.ceil(JOIN_MIN_CHARS / 1_000) + 1 },
      (_, i) => String(i).padEnd(1_000, '.'),
    );
    many.push(undefined, 'short', 'wide 日本 '.repeat(200));
    const before = [...many];
    shareText(many);
    assert.deepEqual(many, before, 'the same texts, whether shared or not');
  });
});
