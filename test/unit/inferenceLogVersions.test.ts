// A topic's schema moves on (inferenceschema v4 → v5) while the values already on it stay bytes of the old
// version: each value is decoded with the version that consumes its bytes exactly (the topic's own first,
// then newest first), the row says which, and a value is undecodable only when no version reads it. The
// bytes are written with the sandbox's schemas through avsc (test/builders), never by the code under test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VersionedDecoder } from '../../src/inferenceLog';
import { aDefaultMessage, aGarbageMessage, aMessage } from '../builders/consumedMessages';
import {
  SCHEMA_V3,
  SCHEMA_V5,
  aDefaultRecord,
  aKServeRecord,
  encodeDefault,
  encodeKServe,
  encodeKServeV5,
  everySchemaVersion,
} from '../builders/inferenceRecords';
import { aLogSession } from '../builders/logSessions';

const ID_V4 = '0b3e8e43-7b7c-4bb4-8f55-3c8d1a6f0a01';
const ID_V5 = '0b3e8e43-7b7c-4bb4-8f55-3c8d1a6f0a02';
const METADATA = '{"user-agent":["python-requests/2.31.0"]}';

function v5Topic(): VersionedDecoder {
  return new VersionedDecoder({ schemaJson: SCHEMA_V5, schemaVersion: 5, others: everySchemaVersion() });
}

describe('decoding with the subject version that wrote each value', () => {
  it('reads v4 bytes on a v5 topic as v4 and says so; v5 bytes as v5', () => {
    const d = v5Topic();
    const old = d.decode(encodeKServe(aKServeRecord('request', ID_V4)));
    assert.ok(old.ok, old.ok ? '' : old.error);
    assert.equal(old.version, 4);
    assert.equal(old.record.inferenceId, ID_V4);
    assert.equal('metadata' in old.record, false, 'v4 has no metadata field');

    const now = d.decode(encodeKServeV5(aKServeRecord('request', ID_V5), METADATA));
    assert.ok(now.ok, now.ok ? '' : now.error);
    assert.equal(now.version, 5);
    assert.equal(now.record.metadata, METADATA);
  });

  it('tries the topic’s own version first: a v3 topic reads its own values as v3', () => {
    const d = new VersionedDecoder({ schemaJson: SCHEMA_V3, schemaVersion: 3, others: everySchemaVersion() });
    assert.deepEqual(d.versions, [3, 5, 4, 2, 1], 'own first, then newest first');
    const r = d.decode(encodeDefault(aDefaultRecord()));
    assert.ok(r.ok);
    assert.equal(r.version, 3);
  });

  it('a v2 value on a v3 topic is read as v2, though v4 reads the same bytes (its messageType would be a body)', () => {
    const d = new VersionedDecoder({ schemaJson: SCHEMA_V3, schemaVersion: 3, others: everySchemaVersion() });
    const r = d.decode(encodeDefault(aDefaultRecord({ servingType: 'PYTHON' }), 2));
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.version, 2);
    assert.equal(r.record.servingType, 'PYTHON');
  });

  it('a value no version consumes exactly is undecodable, and the error names every version tried', () => {
    const r = v5Topic().decode(Buffer.from('not avro at all, a stray message', 'utf8'));
    assert.equal(r.ok, false);
    assert.match(
      r.ok ? '' : r.error,
      /no version of the topic's schema reads these bytes exactly \(tried v5, v4, v3, v2, v1\)/,
    );
  });

  it('null and empty values keep their own words (no version reads no bytes)', () => {
    const d = v5Topic();
    const n = d.decode(null);
    const e = d.decode(Buffer.alloc(0));
    assert.ok(!n.ok && /tombstone/.test(n.error));
    assert.ok(!e.ok && /0 bytes/.test(e.error));
  });

  it('leaves out a version whose schema is not Avro, says so, and still decodes with the others', () => {
    const skipped: string[] = [];
    const d = new VersionedDecoder({
      schemaJson: SCHEMA_V5,
      schemaVersion: 5,
      others: [...everySchemaVersion(), { version: 6, schemaJson: '{"type": "nonsense"' }],
      onSkipped: (v, why) => skipped.push(`${v}: ${why}`),
    });
    assert.equal(skipped.length, 1);
    assert.match(skipped[0]!, /^6: .*not valid JSON/);
    const r = d.decode(encodeKServe(aKServeRecord('request', ID_V4)));
    assert.ok(r.ok);
    assert.equal(r.version, 4);
  });
});

describe('a log session on a topic whose schema evolved', () => {
  const history = () => [
    aMessage(encodeKServe(aKServeRecord('request', ID_V4))),
    aMessage(encodeKServe(aKServeRecord('response', ID_V4))),
    aMessage(encodeKServeV5(aKServeRecord('request', ID_V5), METADATA)),
    aMessage(encodeKServeV5(aKServeRecord('response', ID_V5), METADATA)),
  ];

  it('pairs the v4 history and the v5 events alike, each row naming the version that decoded it', () => {
    const s = aLogSession({ schemaJson: SCHEMA_V5, schemaVersion: 5, schemaVersions: everySchemaVersion() });
    s.ingest(history());
    const rows = s.query({ limit: 10 }).rows;
    assert.deepEqual(
      rows.map((r) => [r.inferenceId, r.kind, r.kafka.schemaVersion, r.responseKafka?.schemaVersion]),
      [
        [ID_V4, 'pair', 4, 4],
        [ID_V5, 'pair', 5, 5],
      ],
    );
    assert.equal(s.stats().undecodable, 0);
    assert.equal(rows[1]!.extra?.metadata, METADATA, 'the field v5 added is shown with the row');
  });

  it('with only the topic’s own version (the old behaviour) the v4 history is undecodable: what the versions fix', () => {
    const s = aLogSession({ schemaJson: SCHEMA_V5, schemaVersion: 5 });
    s.ingest(history());
    assert.equal(s.stats().undecodable, 2);
    const raw = s.query({ limit: 10, filter: { undecodableOnly: true } }).rows;
    assert.ok(raw.every((r) => r.error === 'truncated buffer' && r.kafka.schemaVersion === undefined));
  });

  it('a garbage value among them is one raw row; the rows around it decode', () => {
    const s = aLogSession({ schemaJson: SCHEMA_V3, schemaVersion: 3, schemaVersions: everySchemaVersion() });
    s.ingest([aDefaultMessage(), aGarbageMessage(), aDefaultMessage({}, {}, 1)]);
    const rows = s.query({ limit: 10 }).rows;
    assert.deepEqual(
      rows.map((r) => [r.kind, r.kafka.schemaVersion]),
      [
        ['combined', 3],
        ['raw', undefined],
        ['combined', 1],
      ],
    );
    assert.match(rows[1]!.error ?? '', /tried v3, v5, v4, v2, v1/);
  });
});
