// Several deployments may log to one topic (hopsworks-rest.md §10.2 #3); each record names its deployment
// (`servingId`, v1–v3 `modelId`). A session read for one deployment holds every row, counts the others'
// (what the panel says it hides), and `RowFilter.servingId` shows only its own plus the undecodable rows,
// which name nobody. Also: the store's memory use and the rows dropped for memory, as the panel shows them.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LogStore, ManualClock } from '../../src/inferenceLog';
import { aDefaultMessage, aGarbageMessage, aKServeMessage } from '../builders/consumedMessages';
import { SCHEMA_V3 } from '../builders/inferenceRecords';
import { aCombinedRow } from '../builders/logRows';
import { aLogSession } from '../builders/logSessions';

const FRAUDTF = 22;
const CANARY = 25;

function canarySession(capacity?: number) {
  return aLogSession({
    topic: 'fraudtf-inf5510',
    schemaJson: SCHEMA_V3,
    schemaVersion: 3,
    servingId: CANARY,
    ...(capacity !== undefined ? { capacity } : {}),
  });
}

const tf = (i: number) =>
  aDefaultMessage({ modelId: FRAUDTF, modelName: 'fraudtf', inferenceRequest: `{"tf": ${i}}` });
const canary = (i: number) =>
  aDefaultMessage({ modelId: CANARY, modelName: 'fraudcanary', inferenceRequest: `{"canary": ${i}}` });

describe('a deployment on a shared topic', () => {
  it('counts the rows of the other deployment and shows only its own (and undecodable ones) when asked', () => {
    const s = canarySession();
    s.ingest([tf(1), canary(1), tf(2), aGarbageMessage(), tf(3), canary(2)]);
    assert.equal(s.stats().otherDeployments, 3);
    assert.equal(s.stats().rows, 6);

    const own = s.query({ limit: 10, filter: { servingId: CANARY } });
    assert.equal(own.total, 3);
    assert.deepEqual(
      own.rows.map((r) => (r.kind === 'raw' ? 'raw' : r.model)),
      ['fraudcanary', 'raw', 'fraudcanary'],
    );
    const all = s.query({ limit: 10 });
    assert.equal(all.total, 6, 'the switch: every deployment’s rows');
    assert.deepEqual(
      s.query({ limit: 10, filter: { servingId: CANARY }, order: 'newest-first' }).rows.map((r) => r.id),
      [...own.rows].reverse().map((r) => r.id),
    );
    // The chart counts what the table shows.
    const h = s.histogram(60, { servingId: CANARY });
    assert.equal(
      h.events.reduce((a, b) => a + b, 0),
      3,
    );
    // Other filters combine with it.
    assert.equal(s.query({ filter: { servingId: CANARY, text: 'canary": 2' } }).total, 1);
  });

  it('reads KServe records by servingId', () => {
    const s = aLogSession({ servingId: 12 });
    s.ingest([
      aKServeMessage('request', 'a', { servingId: 12 }),
      aKServeMessage('request', 'b', { servingId: 30 }),
      aKServeMessage('response', 'a', { servingId: 12 }),
    ]);
    assert.equal(s.stats().otherDeployments, 1);
    assert.deepEqual(
      s.query({ filter: { servingId: 12 } }).rows.map((r) => [r.inferenceId, r.kind]),
      [['a', 'pair']],
    );
  });

  it('keeps the count of hidden rows right as the bound pushes rows out and after Clear', () => {
    const s = canarySession(1000);
    s.ingest(Array.from({ length: 999 }, (_, i) => tf(i)));
    s.ingest([canary(0), canary(1), canary(2)]);
    // 1002 in, 1000 held: the two oldest (fraudtf's) left.
    assert.equal(s.stats().otherDeployments, 997);
    assert.equal(s.query({ filter: { servingId: CANARY } }).total, 3);
    s.clear();
    assert.equal(s.stats().otherDeployments, 0);
  });

  it('a topic only this deployment writes hides nothing, and the filter changes no page', () => {
    const s = canarySession();
    s.ingest([canary(1), canary(2), canary(3)]);
    assert.equal(s.stats().otherDeployments, 0);
    assert.deepEqual(
      s.query({ offset: 1, limit: 2, filter: { servingId: CANARY } }),
      s.query({ offset: 1, limit: 2 }),
    );
  });

  it('exports what the panel shows: only this deployment’s rows unless every deployment’s are shown', async () => {
    const s = canarySession();
    s.ingest([tf(1), canary(1), tf(2)]);
    const dir = await mkdtemp(path.join(tmpdir(), 'shared-topic-'));
    try {
      const file = path.join(dir, 'own.jsonl');
      assert.equal((await s.exportTo(file, 'jsonl', { servingId: CANARY })).rows, 1);
      const line = JSON.parse((await readFile(file, 'utf8')).trim()) as {
        deployment: string;
        servingId: number;
      };
      assert.deepEqual([line.deployment, line.servingId], ['fraudcanary', CANARY]);
      assert.equal((await s.exportTo(path.join(dir, 'all.jsonl'), 'jsonl', {})).rows, 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a session that does not know its deployment counts nobody as other', () => {
    const s = aLogSession({ schemaJson: SCHEMA_V3, schemaVersion: 3 });
    s.ingest([tf(1), canary(1)]);
    assert.equal(s.stats().otherDeployments, 0);
  });
});

describe('memory figures', () => {
  it('reports the memory held against its bound, and which drops were for memory', () => {
    const big = 'x'.repeat(100_000);
    const store = new LogStore({ capacity: 50, maxBytes: 1_000_000, clock: new ManualClock() });
    const empty = store.stats();
    assert.equal(empty.maxMemoryBytes, 1_000_000);
    assert.ok((empty.memoryBytes ?? 0) > 0, 'the ring itself is counted');
    for (let i = 0; i < 20; i++) store.append(aCombinedRow({ requestText: big }));
    const full = store.stats();
    assert.ok(full.dropped > 0, 'the memory bound dropped rows');
    assert.equal(full.droppedForMemory, full.dropped);
    assert.ok((full.memoryBytes ?? 0) <= 1_000_000);

    // Small rows past the capacity: dropped by the row bound, not for memory.
    for (let i = 0; i < 60; i++) store.append(aCombinedRow());
    const after = store.stats();
    assert.equal(after.droppedForMemory, full.droppedForMemory);
    assert.ok(after.dropped > full.dropped);
  });
});
