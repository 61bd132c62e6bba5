// A fetched batch is handed to the pipeline in slices, and the event loop gets a turn between slices once
// the time budget is spent: other work queued meanwhile runs before the batch is done. Time is driven by
// hand (each slice "takes" a set number of milliseconds), so nothing here depends on the machine's speed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inSlices } from '../../src/inferenceLog/batchSlices';

function items(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('inSlices', () => {
  it('hands every item over once, in order, and lets queued work run between slices', async () => {
    let time = 0;
    const seen: number[] = [];
    const log: string[] = [];
    // Queued before the batch starts: with the loop held for the whole batch it would run only after it.
    setImmediate(() => log.push('other work'));
    const handed = await inSlices(
      items(100),
      (slice) => {
        seen.push(...slice);
        log.push(`slice ${slice[0]}`);
        time += 4; // each slice "takes" 4 ms: the 6 ms budget is spent every second slice
      },
      () => true,
      { maxMessages: 10, budgetMs: 6, now: () => time },
    );
    assert.equal(handed, 100);
    assert.deepEqual(seen, items(100));
    const other = log.indexOf('other work');
    assert.ok(other > 0 && other < log.length - 1, `other work ran mid-batch: ${log.join(', ')}`);
    assert.deepEqual(
      log.slice(0, other),
      ['slice 0', 'slice 10'],
      'the first turn came once the budget was spent',
    );
  });

  it('stops after a turn when told to, and says how many were handed over', async () => {
    let time = 0;
    let stopped = false;
    const seen: number[] = [];
    const handed = await inSlices(
      items(50),
      (slice) => {
        seen.push(...slice);
        time += 10;
      },
      () => !stopped,
      {
        maxMessages: 10,
        budgetMs: 5,
        now: () => time,
        yieldTurn: () => {
          stopped = seen.length >= 20; // e.g. the consumer was replaced during the turn
          return Promise.resolve();
        },
      },
    );
    assert.equal(handed, 20);
    assert.deepEqual(seen, items(20));
  });

  it('slices end at a byte size too, and a single big item still makes a slice of its own', async () => {
    const sizes = [100, 100, 100, 500, 100, 100];
    const slices: number[][] = [];
    await inSlices(
      items(6),
      (slice) => slices.push([...slice]),
      () => true,
      { maxMessages: 10, maxBytes: 250, bytesOf: (i) => sizes[i]!, now: () => 0 },
    );
    assert.deepEqual(slices, [[0, 1, 2], [3], [4, 5]]);
  });

  it('a batch within one slice is handed over as it is, without reading the clock', async () => {
    const batch = items(5);
    const got: (readonly number[])[] = [];
    const handed = await inSlices(
      batch,
      (slice) => got.push(slice),
      () => true,
      { maxMessages: 32, now: () => assert.fail('no clock needed') },
    );
    assert.equal(handed, 5);
    assert.equal(got.length, 1);
    assert.equal(got[0], batch, 'the same array, not a copy');
  });
});
