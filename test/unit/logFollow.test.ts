// Following a pod log by polling its tail: what is new is exactly what follows the overlap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { followStep, splitLogLines } from '../../src/hopsworks/logFollow';

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}`);

void describe('following a pod log through overlapping tails', () => {
  void it('splits newline-terminated content into lines', () => {
    assert.deepEqual(splitLogLines(''), []);
    assert.deepEqual(splitLogLines('a\nb\n'), ['a', 'b']);
    assert.deepEqual(
      splitLogLines('a\nb'),
      ['a', 'b'],
      'a last line without newline (cut by limitBytes) is kept',
    );
  });

  void it('returns only what follows the overlap, for every amount of new lines up to one answer', () => {
    const tail = 10;
    for (let added = 0; added < tail; added++) {
      const seen = lines(0, 30);
      const fetched = lines(30 + added - tail, 30 + added);
      assert.deepEqual(
        followStep(seen, fetched),
        { fresh: lines(30, 30 + added), gap: false },
        `${added} new`,
      );
    }
  });

  void it('reports a gap when more lines arrived than one answer holds', () => {
    assert.deepEqual(followStep(lines(0, 30), lines(45, 55)), { fresh: lines(45, 55), gap: true });
  });

  void it('starts with everything, and an empty answer adds nothing', () => {
    assert.deepEqual(followStep([], lines(0, 3)), { fresh: lines(0, 3), gap: false });
    assert.deepEqual(followStep(lines(0, 3), []), { fresh: [], gap: false });
  });

  void it('a simulated follow over a growing log loses and repeats nothing', () => {
    const log: string[] = [];
    const shown: string[] = [];
    let next = 0;
    for (let poll = 0; poll < 200; poll++) {
      const burst = (poll * 7) % 13; // 0–12 new lines between polls, one answer holds 15
      for (let i = 0; i < burst; i++) log.push(`line ${next++}`);
      const step = followStep(shown.slice(-15), log.slice(-15));
      assert.equal(step.gap, false, `poll ${poll}`);
      shown.push(...step.fresh);
    }
    assert.deepEqual(shown, log);
  });
});
