// Pure helpers of the log panel host: table previews and detail views of rows, the test-request template,
// and the bootstrap-servers setting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DETAIL_MAX_CHARS,
  prettyPayload,
  previewOf,
  toDetail,
  toSummary,
} from '../../src/panels/logViewer/logViewerRows';
import { loggingTopic } from '../../src/deployments/loggerTopics';
import { LogSourceError, parseBootstrapServers } from '../../src/panels/logViewer/logViewerSource';
import { testRequestTemplate } from '../../src/panels/logViewer/logViewerTestRequest';
import { PREVIEW_CHARS } from '../../src/protocol/logViewer';
import { aDeployment } from '../builders/deployment';
import { aPairRow } from '../builders/logRows';

describe('row views', () => {
  it('previews request → response on one line, cut to the preview length', () => {
    assert.equal(previewOf(aPairRow()), '{"instances": [[5.1, 3.5, 1.4, 0.2]]} → {"predictions": [0]}');
    const huge = `{"instances": [${'[1, 2, 3, 4],\n'.repeat(100_000)}[1]]}`;
    const p = previewOf(aPairRow({ requestText: huge, responseText: undefined }));
    assert.equal(p.length, PREVIEW_CHARS);
    assert.ok(p.endsWith('…'));
    assert.ok(!p.includes('\n'));
    assert.equal(
      previewOf(aPairRow({ kind: 'raw', error: 'truncated buffer', hexPreview: 'ff 01' })),
      'truncated buffer · ff 01',
    );
  });

  it('summaries carry only what the table shows', () => {
    const s = toSummary(aPairRow());
    assert.deepEqual(Object.keys(s).sort(), [
      'httpCode',
      'id',
      'inferenceId',
      'kind',
      'latencyMs',
      'modelVersion',
      'outcome',
      'preview',
      'rev',
      'timeMs',
      'timeResolutionMs',
    ]);
  });

  it('pretty-prints JSON payloads, keeps text as logged, and cuts giants', () => {
    assert.equal(prettyPayload('{"a":[1]}', 'json').text, '{\n  "a": [\n    1\n  ]\n}');
    const html = '<html><body>502 Bad Gateway</body></html>';
    assert.deepEqual(prettyPayload(html, 'text'), { format: 'text', text: html, truncated: false });
    assert.deepEqual(prettyPayload('{oops', 'json'), { format: 'json', text: '{oops', truncated: false });
    const big = prettyPayload('x'.repeat(DETAIL_MAX_CHARS + 10), 'text');
    assert.equal(big.truncated, true);
    assert.equal(big.text.length, DETAIL_MAX_CHARS);
    const d = toDetail(aPairRow({ responseKafka: { partition: 0, offset: '9', timestampMs: 1, size: 20 } }));
    assert.equal(d.responseKafka?.offset, '9');
    assert.equal(d.kafka.framing, 'bare');
  });
});

describe('test request template', () => {
  it('uses the input example when it is data, else a V1 instances template', () => {
    assert.deepEqual(JSON.parse(testRequestTemplate({ inputExample: [5.1, 3.5, 1.4, 0.2] })), {
      instances: [[5.1, 3.5, 1.4, 0.2]],
    });
    assert.deepEqual(
      JSON.parse(
        testRequestTemplate({
          inputExample: [
            [1, 2],
            [3, 4],
          ],
        }),
      ),
      {
        instances: [
          [1, 2],
          [3, 4],
        ],
      },
    );
    assert.deepEqual(JSON.parse(testRequestTemplate({ inputExample: '{"inputs": [1]}' })), { inputs: [1] });
    assert.deepEqual(JSON.parse(testRequestTemplate({ inputExample: { age: 3 } })), {
      instances: [{ age: 3 }],
    });
    const fallback = { instances: [[0.0]] };
    assert.deepEqual(
      JSON.parse(testRequestTemplate({ inputExample: { href: 'https://h/input_example.json' } })),
      fallback,
    );
    assert.deepEqual(JSON.parse(testRequestTemplate(undefined)), fallback);
    assert.deepEqual(JSON.parse(testRequestTemplate({ inputExample: 'not json' })), fallback);
  });
});

describe('log source helpers', () => {
  it('parses the bootstrap-servers setting', () => {
    assert.equal(parseBootstrapServers(''), undefined);
    assert.equal(parseBootstrapServers('  '), undefined);
    assert.deepEqual(parseBootstrapServers('localhost:9092, 10.0.0.2:9093'), [
      'localhost:9092',
      '10.0.0.2:9093',
    ]);
    assert.deepEqual(parseBootstrapServers('EXTERNAL://kafka.service.consul:9092'), [
      'kafka.service.consul:9092',
    ]);
    assert.deepEqual(parseBootstrapServers('[::1]:9092'), ['[::1]:9092']);
    for (const bad of ['localhost', 'localhost:0', 'localhost:99999', 'a b:1']) {
      assert.throws(() => parseBootstrapServers(bad), LogSourceError, bad);
    }
  });

  it('finds the topic of a deployment that logs, and none otherwise', () => {
    assert.equal(
      loggingTopic(aDeployment({ kafkaTopicDTO: { name: 'iris-inf1' }, inferenceLogging: 'ALL' })),
      'iris-inf1',
    );
    assert.equal(loggingTopic(aDeployment({ kafkaTopicDTO: { name: 'NONE' } })), undefined);
    assert.equal(loggingTopic(aDeployment({ kafkaTopicDTO: null })), undefined);
    assert.equal(
      loggingTopic(aDeployment({ kafkaTopicDTO: { name: 'iris-inf1' }, inferenceLogging: 'NONE' })),
      undefined,
    );
  });
});
