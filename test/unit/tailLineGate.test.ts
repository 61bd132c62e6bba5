// "Tail to Output" writes one line per call: rows from a real pipeline session (encoded KServe records
// through its `ingest`), gated by TailLineGate on a hand-driven clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/inferenceLog';
import type { ConsumedMessage, LoggingMode, LogRow } from '../../src/inferenceLog';
import { RESPONSE_GRACE_MS, TailLineGate } from '../../src/panels/outputTail/tailLineGate';
import { aGarbageMessage, aKServeMessage } from '../builders/consumedMessages';
import { aLogSession } from '../builders/logSessions';

function kserve(messageType: 'request' | 'response', inferenceId: string, partition = 0): ConsumedMessage {
  return aKServeMessage(messageType, inferenceId, {}, { partition });
}

function setup(mode: LoggingMode) {
  const clock = new ManualClock(0);
  const session = aLogSession({ topic: 't', servingTool: 'KSERVE', loggingMode: mode, clock });
  const lines: { kind: string; id: string }[] = [];
  const gate = new TailLineGate(
    (row: LogRow) => lines.push({ kind: row.kind, id: row.inferenceId }),
    mode === 'ALL',
    clock,
  );
  session.onRow((row) => gate.onRow(row));
  return { clock, session, lines, gate };
}

describe('tail to Output: one line per call', () => {
  it('writes a call once when its halves meet, in either order', () => {
    const { session, lines } = setup('ALL');
    session.ingest([kserve('request', 'a'), kserve('response', 'a')]);
    session.ingest([kserve('response', 'b', 1), kserve('request', 'b', 0)]);
    assert.deepEqual(lines, [
      { kind: 'pair', id: 'a' },
      { kind: 'pair', id: 'b' },
    ]);
  });

  it('gives a response whose request never comes its own line after the grace period', () => {
    const { clock, session, lines } = setup('ALL');
    session.ingest([kserve('response', 'lonely')]);
    assert.deepEqual(lines, []);
    clock.advance(RESPONSE_GRACE_MS);
    assert.deepEqual(lines, [{ kind: 'response', id: 'lonely' }]);
  });

  it('writes responses at once when the deployment logs only predictions', () => {
    const { session, lines } = setup('PREDICTIONS');
    session.ingest([kserve('response', 'p')]);
    assert.deepEqual(lines, [{ kind: 'response', id: 'p' }]);
  });

  it('writes undecodable messages at once, and nothing after dispose', () => {
    const { clock, session, lines, gate } = setup('ALL');
    session.ingest([aGarbageMessage({ timestampMs: 1 })]);
    assert.deepEqual(lines, [{ kind: 'raw', id: '' }]);
    session.ingest([kserve('response', 'late')]);
    gate.dispose();
    clock.advance(RESPONSE_GRACE_MS * 2);
    assert.equal(lines.length, 1);
  });
});
