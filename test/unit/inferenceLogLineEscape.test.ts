// "Tail to Output" writes one line per event. Inference ids, model names and payloads come off the wire:
// a line break in them must not start a line that looks like another event, and a bidi override must not
// turn the rest of the line around.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeControlChars, formatLogLine } from '../../src/inferenceLog';
import type { ConsumedMessage } from '../../src/inferenceLog';
import { aKServeMessage } from '../builders/consumedMessages';
import type { KServeRecord } from '../builders/inferenceRecords';
import { aLogSession } from '../builders/logSessions';

const FORGED = '2024-06-10T08:12:06.000Z  pair      irisclassifier v3  200  id=forged  {"instances": [[1]]}';
// Every character class the escaping covers, one of each.
const HOSTILE = [
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u200f',
  '\u061c',
];

/** A KServe half of id "a" at `offset`, with the fields in `over` as they came off the wire. */
function kserve(offset: number, messageType: string, over: Partial<KServeRecord>): ConsumedMessage {
  return aKServeMessage(
    messageType,
    'a',
    { payload: '{"instances": [[1]]}', ...over },
    { offset: String(offset) },
  );
}

describe('Tail to Output lines from hostile wire data', () => {
  it('a line break in an inference id cannot forge a second event line', () => {
    const s = aLogSession();
    s.ingest([
      kserve(0, 'request', { inferenceId: `x\n${FORGED}` }),
      kserve(1, 'response', { inferenceId: `x\n${FORGED}` }),
    ]);
    const line = formatLogLine(s.query().rows[0]!);
    assert.equal(line.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/).length, 1, 'one line');
    assert.ok(line.includes(`id=x\\n${FORGED}`), 'the id shows its line break as \\n');
    void s.dispose();
  });

  it('control and bidi characters in the model name, the id, the message type and the payload are escaped', () => {
    const s = aLogSession();
    const bad = HOSTILE.join('');
    s.ingest([
      kserve(0, 'request', { modelName: `iris${bad}`, inferenceId: `id${bad}`, payload: `{"a": "${bad}"}` }),
      kserve(1, `odd${bad}`, { inferenceId: 'b' }),
    ]);
    for (const row of s.query().rows) {
      const line = formatLogLine(row);
      for (const c of HOSTILE) assert.ok(!line.includes(c), `U+${c.charCodeAt(0).toString(16)} escaped`);
    }
    const first = formatLogLine(s.query().rows[0]!);
    assert.ok(
      first.includes(
        'iris\\n\\r\\t\\u0000\\u001b\\u007f\\u0085\\u2028\\u2029\\u202e\\u2066\\u200f\\u061c v3',
      ),
    );
    assert.match(formatLogLine(s.query().rows[1]!), /\(messageType odd\\n\\r\\t\\u0000/);
    void s.dispose();
  });

  it('an undecodable message’s line stays one line too', () => {
    const s = aLogSession();
    s.ingest([
      { partition: 2, offset: '5', timestampMs: 1718007125000, key: null, value: Buffer.from('\n\u202e') },
    ]);
    const line = formatLogLine(s.query().rows[0]!);
    assert.match(line, /^2024-06-10T08:12:05.000Z undecodable p2@5 4 B: /);
    assert.ok(!/[\n\r\u202e]/.test(line));
    void s.dispose();
  });

  it('ordinary text is left alone, backslashes included', () => {
    const plain = 'irisclassifier v3  200  {"instances": [["a\\"b", "ü", "日本"]]}';
    assert.equal(escapeControlChars(plain), plain);
    assert.equal(escapeControlChars('a\u00a0b'), 'a\u00a0b', 'a no-break space is not a control');
  });
});
