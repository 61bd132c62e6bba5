// "Replay to…": which rows become requests, pacing and cancelling with a hand-driven clock, never more
// than the confirmed count, and the comparison of logged and new predictions with its export.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/inferenceLog';
import type { LogRow } from '../../src/inferenceLog';
import {
  MAX_REPLAY_REQUESTS,
  ReplayRun,
  comparePredictions,
  planReplay,
  replayToJsonl,
} from '../../src/replay';
import type { ReplayItem, ReplayProgress } from '../../src/replay';

const T0 = 1_718_007_125_000;

let nextId = 0;
function row(over: Partial<LogRow> = {}): LogRow {
  return {
    id: nextId++,
    kind: 'pair',
    outcome: 'ok',
    rev: 1,
    timeMs: T0,
    timeResolutionMs: 1000,
    model: 'iris',
    modelVersion: 2,
    servingId: 12,
    inferenceId: `id-${nextId}`,
    httpCode: 200,
    requestText: '{"instances": [[5.1, 3.5, 1.4, 0.2]]}',
    responseText: '{"predictions": [0]}',
    kafka: { partition: 0, offset: '1', timestampMs: T0, size: 90 },
    ...over,
  };
}

function items(n: number, logged = '{"predictions": [0.5]}'): ReplayItem[] {
  return Array.from({ length: n }, (_, i) => ({
    rowId: i,
    inferenceId: `r${i}`,
    modelVersion: 2,
    body: { instances: [[i]] },
    loggedResponse: logged,
    loggedHttpCode: 200,
  }));
}

/** Lets promise callbacks run until the run is waiting again (it then always holds a timer or a request). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

describe('planReplay', () => {
  it('turns rows into parsed request bodies, skipping what cannot be sent, with the reason', () => {
    const ok = row();
    const failed = row({ kind: 'request', outcome: 'no-response', responseText: undefined, httpCode: 0 });
    const loneResponse = row({ kind: 'response', requestText: undefined });
    const html = row({ requestText: '<html>' });
    const list = row({ requestText: '[1, 2]' });
    const raw = row({ kind: 'raw', outcome: 'undecodable', requestText: undefined });
    const plan = planReplay([ok, failed, loneResponse, html, list, raw]);
    assert.deepEqual(
      plan.items.map((i) => [i.rowId, i.body, i.loggedResponse]),
      [
        [ok.id, { instances: [[5.1, 3.5, 1.4, 0.2]] }, '{"predictions": [0]}'],
        [failed.id, { instances: [[5.1, 3.5, 1.4, 0.2]] }, undefined],
      ],
    );
    assert.deepEqual(
      plan.skipped.map((s) => [s.rowId, s.reason]),
      [
        [loneResponse.id, 'No request was logged for it (only its response).'],
        [html.id, 'The logged request is not JSON.'],
        [list.id, 'The logged request is not a JSON object.'],
        [raw.id, 'The message could not be decoded.'],
      ],
    );
    assert.equal(plan.truncated, false);
  });

  it('keeps at most 1,000 requests', () => {
    const rows = Array.from({ length: MAX_REPLAY_REQUESTS + 10 }, () => row());
    const plan = planReplay(rows);
    assert.equal(plan.items.length, 1_000);
    assert.equal(plan.truncated, true);
    assert.equal(planReplay(rows, 100).items.length, 100);
    assert.equal(planReplay(rows, 5_000).items.length, 1_000);
  });
});

describe('ReplayRun', () => {
  it('paces requests at the set rate (default 10/s) on the injected clock', async () => {
    const clock = new ManualClock(T0);
    const sentAt: number[] = [];
    const run = new ReplayRun({
      items: items(5),
      confirmedCount: 5,
      clock,
      send: () => {
        sentAt.push(clock.now());
        return Promise.resolve({ predictions: [0.5] });
      },
    });
    const done = run.run();
    await settle();
    assert.deepEqual(sentAt, [T0]);
    assert.equal(clock.pendingTimers, 1, 'waiting for the next slot');
    clock.advance(99);
    await settle();
    assert.deepEqual(sentAt, [T0], 'not before its slot');
    for (let i = 0; i < 4; i++) {
      clock.advance(i === 0 ? 1 : 100);
      await settle();
    }
    const { summary, results } = await done;
    assert.deepEqual(sentAt, [T0, T0 + 100, T0 + 200, T0 + 300, T0 + 400]);
    assert.deepEqual(
      results.map((r) => r.verdict),
      ['equal', 'equal', 'equal', 'equal', 'equal'],
    );
    assert.deepEqual(
      [summary.sent, summary.equal, summary.shareDifferent, summary.cancelled],
      [5, 5, 0, false],
    );
  });

  it('keeps at most maxInFlight requests outstanding and sends the next when one finishes', async () => {
    const clock = new ManualClock(T0);
    const answers: (() => void)[] = [];
    let outstanding = 0;
    let most = 0;
    const run = new ReplayRun({
      items: items(5),
      confirmedCount: 5,
      ratePerSecond: 1_000,
      maxInFlight: 2,
      clock,
      send: () => {
        outstanding++;
        most = Math.max(most, outstanding);
        return new Promise((resolve) =>
          answers.push(() => {
            outstanding--;
            resolve({ predictions: [0.5] });
          }),
        );
      },
    });
    const done = run.run();
    await settle();
    clock.advance(10);
    await settle();
    assert.equal(answers.length, 2, 'two sent, the third waits for a free place');
    answers.shift()!();
    await settle();
    assert.equal(answers.length, 2);
    while (answers.length > 0) {
      answers.shift()!();
      await settle();
      clock.advance(10);
      await settle();
    }
    const { summary } = await done;
    assert.equal(summary.sent, 5);
    assert.equal(most, 2);
  });

  it('stops on cancel: nothing more is sent, outstanding requests are aborted, the rest is "not sent"', async () => {
    const clock = new ManualClock(T0);
    const signals: AbortSignal[] = [];
    const progress: ReplayProgress[] = [];
    const run = new ReplayRun({
      items: items(10),
      confirmedCount: 10,
      clock,
      onProgress: (p) => progress.push(p),
      send: (_body, signal) => {
        signals.push(signal);
        // Answers the first two; the third hangs until aborted.
        if (signals.length <= 2) return Promise.resolve({ predictions: [0.5] });
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      },
    });
    const done = run.run();
    for (let i = 0; i < 3; i++) {
      await settle();
      clock.advance(100);
    }
    await settle();
    assert.equal(signals.length, 4);
    run.cancel();
    clock.advance(10_000);
    await settle();
    const { summary, results } = await done;
    assert.equal(signals.length, 4, 'nothing sent after cancel');
    assert.ok(signals.every((s) => s.aborted));
    assert.deepEqual(
      [summary.sent, summary.notSent, summary.equal, summary.errors, summary.cancelled],
      [4, 6, 2, 2, true],
    );
    assert.equal(results[2]!.error, 'Cancelled while waiting for the answer.');
    assert.equal(progress.at(-1)!.cancelled, true);
    assert.equal(progress.at(-1)!.done, 4);
  });

  it('refuses a plan larger than the confirmed count before sending anything', () => {
    let sends = 0;
    assert.throws(
      () =>
        new ReplayRun({
          items: items(5),
          confirmedCount: 4,
          clock: new ManualClock(),
          send: () => {
            sends++;
            return Promise.resolve({});
          },
        }),
      /confirmation named 4 requests but 5 were planned; nothing was sent/,
    );
    assert.equal(sends, 0);
    assert.throws(
      () =>
        new ReplayRun({
          items: [],
          confirmedCount: 0,
          ratePerSecond: 0,
          clock: new ManualClock(),
          send: () => Promise.resolve(),
        }),
      /rate must be above 0/,
    );
  });

  it('summarises: counts, share different, largest differences first; errors keep their message', async () => {
    const clock = new ManualClock(T0);
    const answers = [
      { predictions: [0.5] },
      { predictions: [0.5000001] },
      { predictions: [0.9] },
      new Error('Deployment "iris" is not running: start it first.'),
      { predictions: [3.5] },
    ];
    let i = 0;
    const run = new ReplayRun({
      items: items(5),
      confirmedCount: 5,
      ratePerSecond: 1_000,
      clock,
      send: () => {
        const a = answers[i++]!;
        return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
      },
    });
    const done = run.run();
    for (let k = 0; k < 5; k++) {
      await settle();
      clock.advance(1);
    }
    const outcome = await done;
    const { summary, results } = outcome;
    assert.deepEqual(
      results.map((r) => r.verdict),
      ['equal', 'equal', 'different', 'error', 'different'],
    );
    assert.deepEqual(
      [summary.equal, summary.different, summary.errors, summary.shareDifferent],
      [2, 2, 1, 0.5],
    );
    assert.deepEqual(
      summary.largest.map((d) => [d.rowId, d.path, d.logged, d.fresh]),
      [
        [4, '[0]', 0.5, 3.5],
        [2, '[0]', 0.5, 0.9],
      ],
    );
    assert.equal(results[3]!.error, 'Deployment "iris" is not running: start it first.');
    const lines = replayToJsonl(outcome)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 6);
    assert.deepEqual(
      lines.slice(0, 5).map((l) => [l.type, l.rowId, l.verdict]),
      [
        ['request', 0, 'equal'],
        ['request', 1, 'equal'],
        ['request', 2, 'different'],
        ['request', 3, 'error'],
        ['request', 4, 'different'],
      ],
    );
    assert.deepEqual([lines[2]!.logged, lines[2]!.new], [[0.5], [0.9]]);
    assert.equal(lines[5]!.type, 'summary');
    assert.equal(lines[5]!.shareDifferent, 0.5);
  });
});

describe('comparePredictions', () => {
  it('counts numbers within the tolerance as equal and says where the others differ', () => {
    assert.equal(
      comparePredictions('{"predictions": [[0.1, 0.9]]}', { predictions: [[0.1000000001, 0.9]] }).verdict,
      'equal',
    );
    const c = comparePredictions('{"predictions": [[0.1, 0.9]]}', { predictions: [[0.2, 0.9]] });
    assert.equal(c.verdict, 'different');
    assert.deepEqual(c.differences, [{ path: '[0][0]', logged: 0.1, fresh: 0.2, absDiff: c.maxAbsDiff! }]);
    assert.ok(Math.abs(c.maxAbsDiff! - 0.1) < 1e-12);
    const loose = comparePredictions(
      '{"predictions": [0.1]}',
      { predictions: [0.105] },
      { absoluteTolerance: 0.01 },
    );
    assert.equal(loose.verdict, 'equal');
    const labels = comparePredictions('{"predictions": ["setosa", "virginica"]}', {
      predictions: ['setosa'],
    });
    assert.deepEqual(
      labels.differences.map((d) => [d.path, d.logged, d.fresh]),
      [['.length', 2, 1]],
    );
  });

  it('compares V2 outputs by name and ignores the response id and model version', () => {
    const logged = JSON.stringify({
      id: 'a',
      model_name: 'iris',
      model_version: '2',
      outputs: [{ name: 'output-0', shape: [1], datatype: 'INT64', data: [1] }],
    });
    const same = comparePredictions(logged, {
      id: 'b',
      model_name: 'iris',
      model_version: '3',
      outputs: [{ name: 'output-0', shape: [1], datatype: 'INT64', data: [1] }],
    });
    assert.equal(same.verdict, 'equal');
    const other = comparePredictions(logged, { outputs: [{ name: 'probabilities', data: [0.2] }] });
    assert.deepEqual(
      other.differences.map((d) => d.path),
      ['output-0', 'probabilities'],
    );
  });

  it('has nothing to compare when no response or no JSON was logged', () => {
    assert.equal(comparePredictions(undefined, { predictions: [1] }).verdict, 'no-logged-prediction');
    const html = comparePredictions('<html>500</html>', { predictions: [1] });
    assert.equal(html.verdict, 'no-logged-prediction');
    assert.match(html.note!, /not JSON/);
    assert.deepEqual(html.fresh, [1]);
  });

  it('survives a deeply nested prediction', () => {
    const depth = 50_000;
    const logged = `{"predictions": ${'['.repeat(depth)}1${']'.repeat(depth)}}`;
    const fresh = JSON.parse(`${'['.repeat(depth)}2${']'.repeat(depth)}`) as unknown;
    const c = comparePredictions(logged, { predictions: fresh });
    assert.equal(c.verdict, 'different');
    assert.equal(c.differenceCount, 1);
    assert.equal(c.differences[0]!.path.length, 200, 'a long path is cut to its end');
  });
});
