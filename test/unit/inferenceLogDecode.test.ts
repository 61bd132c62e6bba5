// The documented fixtures (shared docs inference-logs.md §7) decode to the documented events with the
// schema strings the topic would be bound to; wrong schemas fail the documented way and become raw rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AvroDecoder,
  SchemaError,
  avroTypeFor,
  eventTime,
  normalizeRecord,
  parsePayload,
} from '../../src/inferenceLog';
import type { KafkaMeta } from '../../src/inferenceLog';
import {
  SCHEMA_V1 as V1,
  SCHEMA_V3 as V3,
  SCHEMA_V4 as V4,
  aDefaultRecord,
  encodeDefault,
} from '../builders/inferenceRecords';
import { aLogSession } from '../builders/logSessions';

// The documented fixtures as bytes: K1/K2 (v4, a KServe request and its response), D1 (v3). The schema
// texts they are read with come from the sandbox, as the REST API returns them; src never hard-codes them.
const K1 = Buffer.from(
  '181c69726973636c617373696669657206aad5b5e60c004833663063366432652d386131622d346337652d396635352d3262316437653961346331300e726571756573744a7b22696e7374616e636573223a205b5b352e312c20332e352c20312e342c20302e325d5d7d',
  'hex',
);
const K2 = Buffer.from(
  '181c69726973636c617373696669657206aad5b5e60c90034833663063366432652d386131622d346337652d396635352d32623164376539613463313010726573706f6e7365267b2270726564696374696f6e73223a5b305d7d',
  'hex',
);
const D1 = Buffer.from(
  '0e1269726973666c61736b02eed6a29380649003447b22696e70757473223a205b5b352e312c20332e352c20312e342c20302e325d5d7d287b2270726564696374696f6e73223a205b305d7d0c505954484f4e0e44454641554c54',
  'hex',
);

const meta: KafkaMeta = { partition: 0, offset: '5', timestampMs: 1718007126000, size: 0 };

describe('Avro decoding of the documented fixtures', () => {
  it('K1 (v4 request) decodes to the documented record, bare framing', () => {
    assert.equal(K1.length, 106);
    const r = new AvroDecoder(V4).decode(K1);
    assert.ok(r.ok);
    assert.equal(r.framing, 'bare');
    assert.deepEqual(
      { ...r.record },
      {
        servingId: 12,
        modelName: 'irisclassifier',
        modelVersion: 3,
        requestTimestamp: 1718007125,
        responseHttpCode: 0,
        inferenceId: '3f0c6d2e-8a1b-4c7e-9f55-2b1d7e9a4c10',
        messageType: 'request',
        payload: '{"instances": [[5.1, 3.5, 1.4, 0.2]]}',
      },
    );
  });

  it('K2 (v4 response) decodes with the same inferenceId and code 200', () => {
    assert.equal(K2.length, 90);
    const r = new AvroDecoder(V4).decode(K2);
    assert.ok(r.ok);
    assert.equal(r.record.inferenceId, '3f0c6d2e-8a1b-4c7e-9f55-2b1d7e9a4c10');
    assert.equal(r.record.messageType, 'response');
    assert.equal(r.record.responseHttpCode, 200);
    assert.equal(r.record.payload, '{"predictions":[0]}');
  });

  it('D1 (v3) decodes to the documented record', () => {
    assert.equal(D1.length, 91);
    const r = new AvroDecoder(V3).decode(D1);
    assert.ok(r.ok);
    assert.deepEqual(
      { ...r.record },
      {
        modelId: 7,
        modelName: 'irisflask',
        modelVersion: 1,
        requestTimestamp: 1718007125431,
        responseHttpCode: 200,
        inferenceRequest: '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}',
        inferenceResponse: '{"predictions": [0]}',
        modelServer: 'PYTHON',
        servingTool: 'DEFAULT',
      },
    );
  });

  it('K1 with the v3 schema fails with "truncated buffer"', () => {
    assert.deepEqual(new AvroDecoder(V3).decode(K1), { ok: false, error: 'truncated buffer' });
    // and avsc's own fromBuffer agrees
    assert.throws(() => avroTypeFor(V3).fromBuffer(K1), /truncated buffer/);
  });

  it('D1 with the v4 or v1 schema fails with "trailing data"', () => {
    assert.deepEqual(new AvroDecoder(V4).decode(D1), { ok: false, error: 'trailing data' });
    assert.deepEqual(new AvroDecoder(V1).decode(D1), { ok: false, error: 'trailing data' });
    assert.throws(() => avroTypeFor(V1).fromBuffer(D1), /trailing data/);
  });

  it('accepts Confluent framing (magic 0 + schema id) and says so', () => {
    const header = Buffer.from([0, 0, 0, 0x01, 0x2c]); // schema id 300
    const r = new AvroDecoder(V4).decode(Buffer.concat([header, K2]));
    assert.ok(r.ok);
    assert.equal(r.framing, 'confluent');
    assert.equal(r.schemaId, 300);
    assert.equal(r.record.payload, '{"predictions":[0]}');
    const d = new AvroDecoder(V3).decode(Buffer.concat([header, D1]));
    assert.ok(d.ok);
    assert.equal(d.framing, 'confluent');
    assert.equal(d.record.modelName, 'irisflask');
  });

  it('rejects empty values and garbage with an error, never a throw', () => {
    const dec = new AvroDecoder(V4);
    // A null value and an empty one read differently.
    assert.deepEqual(dec.decode(null), {
      ok: false,
      error: 'null value (a tombstone: the message has no value at all)',
    });
    assert.deepEqual(dec.decode(Buffer.alloc(0)), { ok: false, error: 'empty value (0 bytes)' });
    const garbage = dec.decode(Buffer.from('this is not avro at all, just some text', 'utf8'));
    assert.equal(garbage.ok, false);
  });

  it('a later schema version works the same way (v5 with an extra field)', () => {
    const fields = JSON.parse(V4) as { fields: unknown[] };
    const v5 = JSON.stringify({ ...fields, fields: [...fields.fields, { name: 'traceId', type: 'string' }] });
    const type = avroTypeFor(v5);
    const buf = type.toBuffer({
      servingId: 1,
      modelName: 'm',
      modelVersion: 2,
      requestTimestamp: 1718007125,
      responseHttpCode: 200,
      inferenceId: 'x',
      messageType: 'response',
      payload: '{"predictions":[1]}',
      traceId: 'abc',
    });
    const r = new AvroDecoder(v5).decode(buf);
    assert.ok(r.ok);
    const e = normalizeRecord(r.record, meta);
    assert.equal(e.kind, 'response');
    assert.deepEqual(e.extra, { traceId: 'abc' });
  });

  it('caches one avsc Type per schema string', () => {
    assert.equal(avroTypeFor(V4), avroTypeFor(V4));
  });

  it('a schema that is not JSON or not Avro is a SchemaError with a clear message', () => {
    assert.throws(
      () => new AvroDecoder('{not json'),
      (e: unknown) => e instanceof SchemaError && /not valid JSON/.test(e.message),
    );
    assert.throws(
      () => new AvroDecoder('{"type":"record","name":"x","fields":[{"name":"a","type":"nope"}]}'),
      SchemaError,
    );
  });
});

describe('normalisation into the event model', () => {
  it('K1 → a KServe request, timestamp seconds → ms, V1 instances parsed', () => {
    const r = new AvroDecoder(V4).decode(K1);
    assert.ok(r.ok);
    const e = normalizeRecord(r.record, meta);
    assert.equal(e.kind, 'request');
    assert.equal(e.model, 'irisclassifier');
    assert.equal(e.modelVersion, 3);
    assert.equal(e.servingId, 12);
    assert.equal(e.inferenceId, '3f0c6d2e-8a1b-4c7e-9f55-2b1d7e9a4c10');
    assert.equal(e.timeMs, 1718007125000);
    assert.equal(e.timeResolutionMs, 1000);
    assert.equal(e.request?.format, 'v1');
    assert.deepEqual(e.request?.data, [[5.1, 3.5, 1.4, 0.2]]);
    assert.equal(e.response, undefined);
    assert.equal(e.kafka, meta);
  });

  it('D1 → one combined event, timestamp already ms, extra v3 fields kept', () => {
    const r = new AvroDecoder(V3).decode(D1);
    assert.ok(r.ok);
    const e = normalizeRecord(r.record, meta);
    assert.equal(e.kind, 'combined');
    assert.equal(e.timeMs, 1718007125431);
    assert.equal(e.timeResolutionMs, 1);
    assert.equal(e.httpCode, 200);
    assert.equal(e.servingId, 7);
    assert.equal(e.inferenceId, '');
    assert.deepEqual(e.request?.data, [[5.1, 3.5, 1.4, 0.2]]);
    assert.deepEqual(e.response?.json, { predictions: [0] });
    assert.deepEqual(e.extra, { modelServer: 'PYTHON', servingTool: 'DEFAULT' });
  });

  it('D3: HTTP 500 with an HTML body is kept as text, not an error of ours', () => {
    const html =
      '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n';
    const buf = encodeDefault(
      aDefaultRecord({
        requestTimestamp: 1718007301877,
        responseHttpCode: 500,
        inferenceRequest: '{"inputs": [[5.1, "n/a", 1.4, 0.2]]}',
        inferenceResponse: html,
      }),
    );
    const r = new AvroDecoder(V3).decode(buf);
    assert.ok(r.ok);
    const e = normalizeRecord(r.record, meta);
    assert.equal(e.httpCode, 500);
    assert.equal(e.response?.format, 'text');
    assert.equal(e.response?.text, html);
    assert.equal(e.response?.json, undefined);
  });

  it('seconds vs milliseconds: values below 1e11 are seconds', () => {
    assert.deepEqual(eventTime(1718007125, 1), { timeMs: 1718007125000, timeResolutionMs: 1000 });
    assert.deepEqual(eventTime(1718007125431, 1), { timeMs: 1718007125431, timeResolutionMs: 1 });
    // no usable timestamp: the Kafka record time stands in
    assert.deepEqual(eventTime(0, 1718007126000), { timeMs: 1718007126000, timeResolutionMs: 1 });
  });

  it('payload formats: V1, V2 (Open Inference Protocol), other JSON, text, empty', () => {
    assert.equal(parsePayload('{"predictions":[0]}').format, 'v1');
    const v2in = parsePayload('{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}');
    assert.equal(v2in.format, 'v2');
    assert.deepEqual(v2in.data, [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }]);
    const v2out = parsePayload(
      '{"model_name":"m","outputs":[{"name":"y","shape":[1],"datatype":"INT64","data":[0]}]}',
    );
    assert.equal(v2out.format, 'v2');
    assert.equal(parsePayload('{"signature_name":"serving_default","instances":[[1]]}').format, 'v1');
    assert.equal(parsePayload('{"hello":1}').format, 'json');
    assert.equal(parsePayload('[1,2]').format, 'json');
    assert.equal(parsePayload('{"truncated": [1,').format, 'text');
    assert.equal(parsePayload('Internal Server Error').format, 'text');
    assert.equal(parsePayload('').format, 'empty');
  });

  it('message type is compared case-insensitively; unknown ones are kept visible', () => {
    const base = {
      servingId: 1,
      modelName: 'm',
      modelVersion: 1,
      requestTimestamp: 1718007125,
      responseHttpCode: 0,
      inferenceId: 'i',
      payload: '{}',
    };
    assert.equal(normalizeRecord({ ...base, messageType: 'Request' }, meta).kind, 'request');
    const odd = normalizeRecord({ ...base, messageType: 'explanation' }, meta);
    assert.equal(odd.kind, 'combined');
    assert.equal(odd.messageType, 'explanation');
    assert.equal(odd.request?.text, '{}');
  });
});

describe('undecodable messages become raw rows', () => {
  const session = (schemaJson: string) => aLogSession({ topic: 't', schemaJson });

  it('K1 on a v3-bound topic → raw row "truncated buffer" with position, size and a 64-byte hex preview', () => {
    const s = session(V3);
    s.ingest([{ partition: 2, offset: '41', timestampMs: 1718007126000, key: null, value: K1 }]);
    const { total, rows } = s.query();
    assert.equal(total, 1);
    const r = rows[0]!;
    assert.equal(r.kind, 'raw');
    assert.equal(r.outcome, 'undecodable');
    assert.equal(r.error, 'truncated buffer');
    assert.equal(r.kafka.partition, 2);
    assert.equal(r.kafka.offset, '41');
    assert.equal(r.kafka.size, 106);
    assert.equal(r.hexPreview, `${K1.subarray(0, 64).toString('hex')}…`);
    assert.equal(r.timeMs, 1718007126000);
    assert.equal(s.stats().undecodable, 1);
    assert.equal(s.stats().total, 1);
    void s.dispose();
  });

  it('D1 on a v4- or v1-bound topic → raw row "trailing data"; the flow continues with the next message', () => {
    for (const schema of [V4, V1]) {
      const s = session(schema);
      const good = schema === V4 ? K2 : encodeDefault(aDefaultRecord(), 1);
      s.ingest([
        { partition: 0, offset: '0', timestampMs: 1, key: null, value: D1 },
        { partition: 0, offset: '1', timestampMs: 2, key: null, value: good },
      ]);
      const rows = s.query().rows;
      assert.deepEqual(
        rows.map((r) => [r.kind, r.error]),
        [
          ['raw', 'trailing data'],
          [schema === V4 ? 'response' : 'combined', undefined],
        ],
      );
      assert.equal(s.stats().undecodable, 1);
      void s.dispose();
    }
  });

  it('Confluent-framed values decode in the pipeline and the row says so', () => {
    const s = session(V4);
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), K1]);
    s.ingest([{ partition: 0, offset: '3', timestampMs: 1, key: Buffer.from('3f0c'), value: framed }]);
    const r = s.query().rows[0]!;
    assert.equal(r.kind, 'request');
    assert.equal(r.kafka.framing, 'confluent');
    assert.equal(r.kafka.schemaId, 7);
    assert.equal(r.kafka.key, '3f0c');
    assert.equal(r.kafka.size, 111);
    void s.dispose();
  });
});
