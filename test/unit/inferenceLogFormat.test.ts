// Payload formats are worked out when asked for, not on ingest: rows from the real decode → pair → store
// path still report V1 / V2 / JSON / text / empty for each half, and an event's payload still parses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LazyPayload, rowRequestFormat, rowResponseFormat } from '../../src/inferenceLog';
import type { ConsumedMessage, InferenceLogSession, LogRow } from '../../src/inferenceLog';
import { aDefaultMessage, aKServeMessage } from '../builders/consumedMessages';
import { SCHEMA_V3 as V3, SCHEMA_V4 as V4 } from '../builders/inferenceRecords';
import { aLogSession } from '../builders/logSessions';

const HTML = '<!doctype html>\n<title>500 Internal Server Error</title>\n';
const V2_REQUEST = '{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}';

function v3(request: string, response: string, code = 200): ConsumedMessage {
  return aDefaultMessage({ inferenceRequest: request, inferenceResponse: response, responseHttpCode: code });
}

function v4(messageType: string, inferenceId: string, payload: string, partition = 0): ConsumedMessage {
  return aKServeMessage(messageType, inferenceId, { payload }, { partition });
}

function session(schemaJson: string): InferenceLogSession {
  return aLogSession({ topic: 't', schemaJson });
}

function formats(row: LogRow | undefined): [string | undefined, string | undefined] {
  assert.ok(row);
  return [rowRequestFormat(row), rowResponseFormat(row)];
}

describe('payload formats of stored rows', () => {
  it('DEFAULT rows: V1 JSON, V2 tensors, other JSON, an HTML error page, an empty body', () => {
    const s = session(V3);
    s.ingest([
      v3('{"inputs": [[5.1, 3.5, 1.4, 0.2]]}', '{"predictions": [0]}'),
      v3(V2_REQUEST, '{"model_name":"m","outputs":[{"name":"y","shape":[1],"datatype":"INT64","data":[0]}]}'),
      v3('[1,2]', '{"hello":1}'),
      v3('{"inputs": [[5.1, "n/a", 1.4, 0.2]]}', HTML, 500),
      v3('', '{"truncated": [1,'),
    ]);
    const rows = s.query().rows;
    assert.deepEqual(rows.map(formats), [
      ['v1', 'v1'],
      ['v2', 'v2'],
      ['json', 'json'],
      ['v1', 'text'],
      ['empty', 'text'],
    ]);
  });

  it('KServe halves: a lone half has no format for the missing side; a pair has both, whichever came first', () => {
    const s = session(V4);
    s.ingest([v4('request', 'a', '{"instances": [[1]]}')]);
    const request = s.query().rows[0];
    assert.deepEqual(formats(request), ['v1', undefined], 'asked for before the response arrives');
    s.ingest([v4('response', 'a', HTML, 1)]);
    assert.deepEqual(formats(request), ['v1', 'text'], 'the joined response is classified too');

    s.ingest([v4('response', 'b', '{"predictions":[0]}', 1)]);
    const response = s.query({ order: 'newest-first' }).rows[0];
    assert.deepEqual(formats(response), [undefined, 'v1']);
    s.ingest([v4('request', 'b', V2_REQUEST)]);
    assert.equal(response?.kind, 'pair');
    assert.deepEqual(formats(response), ['v2', 'v1']);
  });

  it('an unknown message type keeps its payload as the request, classified like any other', () => {
    const s = session(V4);
    s.ingest([v4('explanation', 'c', '{"explanations": []}')]);
    const row = s.query().rows[0];
    assert.equal(row?.messageType, 'explanation');
    assert.deepEqual(formats(row), ['json', undefined]);
  });
});

describe('LazyPayload', () => {
  it('answers like parsePayload: format, parsed JSON and the main data', () => {
    const p = new LazyPayload('{"instances": [[5.1, 3.5]]}');
    assert.equal(p.text, '{"instances": [[5.1, 3.5]]}');
    assert.equal(p.format, 'v1');
    assert.deepEqual(p.json, { instances: [[5.1, 3.5]] });
    assert.deepEqual(p.data, [[5.1, 3.5]]);
    const html = new LazyPayload(HTML);
    assert.equal(html.format, 'text');
    assert.equal(html.json, undefined);
    assert.equal(html.data, undefined);
    assert.equal(new LazyPayload('').format, 'empty');
  });
});
