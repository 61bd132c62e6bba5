// "Replay to…" against the real sandbox over HTTPS: the replay session sends exactly the confirmed requests
// through the target's Hopsworks inference path — counted from the sandbox's own request log — no request
// before its paced time, and compares the new predictions with the logged ones the way the test works them
// out itself from the sandbox's models (iris v3 logged, v2 answering). The stops a person must be told of
// come from the real server and client: a stopped target (250001), a key without the SERVING scope, a
// connection closed mid-run, and a Cancel that reaches no server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../sandbox/index';
import { predict as modelPredict } from '../../sandbox/traffic/modelServer';
import type { HopsworksClient } from '../../src/hopsworks/client';
import { HopsworksError } from '../../src/hopsworks/errors';
import type { ProjectClient } from '../../src/hopsworks/projectClient';
import { systemClock } from '../../src/inferenceLog/clock';
import type { LogRow } from '../../src/inferenceLog';
import { ReplaySession } from '../../src/panels/replay/replaySession';
import type { ReplayInfo } from '../../src/protocol/replay';
import { planReplay } from '../../src/replay';
import { aPairRow } from '../builders/logRows';
import { sandboxClient, startTestSandbox } from '../support/sandbox';

// One flower of each kind; the third has petals 1.7 cm wide, where v2 (line at 1.6) and v3 (1.75) disagree.
const FLOWERS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.0, 2.9, 4.5, 1.4],
  [6.3, 2.8, 5.0, 1.7],
  [6.5, 3.0, 5.5, 2.1],
];
const IRIS = { modelName: 'irisclassifier', modelServer: 'PYTHON', servingTool: 'KSERVE' } as const;

/** Rows as irisclassifier (v3) logged them: the request, and the answer v3 gave. */
function loggedRows(n: number): LogRow[] {
  return Array.from({ length: n }, (_, i) => {
    const requestText = JSON.stringify({ instances: [FLOWERS[i % FLOWERS.length]] });
    return aPairRow({
      id: i,
      inferenceId: `logged-${i}`,
      requestText,
      responseText: modelPredict({ ...IRIS, modelVersion: 3 }, requestText).body,
    });
  });
}

let sb: Sandbox;
let client: HopsworksClient;
let project: ProjectClient;
/** Every request the sandbox answered: "POST /hopsworks-api/api/… → 200", with when it was logged. */
const received: { line: string; at: number }[] = [];

before(async () => {
  sb = await startTestSandbox({
    lifecycleStepMs: 50,
    trafficPerSecond: 0,
    log: (line) => received.push({ line, at: Date.now() }),
  });
  client = sandboxClient(sb, { retries: 0 });
  project = client.project(sb.projectId, sb.project);
});
after(async () => {
  client.dispose();
  await sb.stop();
});

function predictCalls(deployment: string, since: number): { line: string; at: number }[] {
  const path = `/hopsworks-api/api/project/${sb.projectId}/inference/models/${deployment}:predict`;
  return received.slice(since).filter((r) => r.line.startsWith(`POST ${path} → `));
}

function info(planned: number, target: string, ratePerSecond: number): ReplayInfo {
  return {
    source: { deployment: 'irisclassifier', model: 'irisclassifier', modelVersion: 3 },
    target: { deployment: target },
    planned,
    skipped: 0,
    skippedReasons: [],
    ratePerSecond,
    tolerance: 1e-6,
    startedAtMs: Date.now(),
  };
}

function replay(
  rows: LogRow[],
  target: string,
  ratePerSecond: number,
  send: (body: unknown, signal: AbortSignal) => Promise<unknown> = (body, signal) =>
    project.predict(target, body, signal),
): ReplaySession {
  const plan = planReplay(rows);
  return new ReplaySession({
    info: info(plan.items.length, target, ratePerSecond),
    items: plan.items,
    clock: systemClock,
    send,
  });
}

describe('replay against the sandbox', () => {
  it('sends exactly the confirmed requests, paced, to the target, and counts the changed predictions', async () => {
    const rows = loggedRows(12);
    const since = received.length;
    const start = Date.now();
    const rate = 20;
    const s = replay(rows, 'irisnolog', rate);
    const outcome = await s.whenDone();

    const calls = predictCalls('irisnolog', since);
    assert.equal(calls.length, 12, 'the sandbox received the 12 confirmed requests and no more');
    assert.ok(calls.every((c) => c.line.endsWith('→ 200')));
    assert.equal(predictCalls('irisclassifier', since).length, 0, 'nothing went to another deployment');
    calls.forEach((c, i) => {
      // Request i starts no earlier than i / rate s after the start (a bound, not a duration).
      assert.ok(c.at >= start + (i * 1000) / rate - 2, `request ${i} arrived before its paced time`);
    });

    // What v2 answers, worked out here from the sandbox's model, against what v3 logged.
    const expected = rows.map((r) => {
      const fresh = modelPredict({ ...IRIS, modelVersion: 2 }, r.requestText!).body;
      return fresh === r.responseText ? 'equal' : 'different';
    });
    assert.deepEqual(
      outcome.results.map((r) => r.verdict),
      expected,
    );
    assert.deepEqual(expected.filter((v) => v === 'different').length, 3, 'the flowers with 1.7 cm petals');
    const st = s.status();
    assert.equal(st.phase, 'done');
    assert.deepEqual([st.counts.sent, st.counts.equal, st.counts.different, st.counts.errors], [12, 9, 3, 0]);
    assert.equal(st.shareDifferent, 0.25);
    assert.deepEqual(
      s
        .page({ offset: 0, limit: 5, verdict: 'different' })
        .rows.map((r) => [r.inferenceId, r.logged, r.fresh]),
      [
        ['logged-2', '[1]', '[2]'],
        ['logged-6', '[1]', '[2]'],
        ['logged-10', '[1]', '[2]'],
      ],
    );
  });

  it('finds nothing changed when the same version answers again', async () => {
    const since = received.length;
    const s = replay(loggedRows(8), 'irisclassifier', 50);
    await s.whenDone();
    assert.equal(predictCalls('irisclassifier', since).length, 8);
    const c = s.status().counts;
    assert.deepEqual([c.equal, c.different, c.errors], [8, 0, 0]);
  });

  it('keeps going past a request the model refuses: that one is an error, the rest are compared', async () => {
    const rows = loggedRows(4);
    rows[1] = { ...rows[1]!, requestText: JSON.stringify({ instances: [[6.0, 'wide', 4.5, 1.4]] }) };
    const s = replay(rows, 'irisnolog', 50);
    await s.whenDone();
    const page = s.page({ offset: 0, limit: 10 }).rows;
    assert.deepEqual(
      page.map((r) => r.verdict),
      ['equal', 'error', 'different', 'equal'],
    );
    assert.match(page[1]!.note ?? '', /500|could not convert/);
    assert.equal(s.status().phase, 'done');
  });

  it('stops at the first answer when the target is not running (250001) and says what to do', async () => {
    const since = received.length;
    const s = replay(loggedRows(20), 'churnpredictor', 20);
    await s.whenDone();
    const st = s.status();
    assert.equal(st.phase, 'stopped');
    assert.match(st.stopReason ?? '', /churnpredictor is not running \(Hopsworks answered 250001/);
    assert.match(
      st.stopAction ?? '',
      /^Start churnpredictor, or pick a running deployment, and replay again\./,
    );
    assert.ok(st.counts.sent < 20, 'the rest was never sent');
    assert.equal(
      predictCalls('churnpredictor', since).length,
      st.counts.sent,
      'the sandbox saw what was sent',
    );
  });

  it('stops when the API key lacks the SERVING scope', async () => {
    const noScope = sandboxClient(sb, { apiKey: sb.keys.noServingScope, retries: 0 });
    try {
      const p = noScope.project(sb.projectId, sb.project);
      const s = replay(loggedRows(10), 'irisnolog', 20, (body, signal) =>
        p.predict('irisnolog', body, signal),
      );
      await s.whenDone();
      const st = s.status();
      assert.equal(st.phase, 'stopped');
      assert.match(st.stopReason ?? '', /refused the request to irisnolog: .*SERVING scope/);
      assert.ok(st.counts.sent < 10);
    } finally {
      noScope.dispose();
    }
  });

  it('stops when the connection closes mid-run, says so, and keeps the answers it has', async () => {
    const closing = sandboxClient(sb, { retries: 0 });
    const p = closing.project(sb.projectId, sb.project);
    let answered = 0;
    const s = replay(loggedRows(20), 'irisnolog', 20, async (body, signal) => {
      const answer = await p.predict('irisnolog', body, signal);
      // Disconnect after the third answer, as Disconnect does to the client.
      if (++answered === 3) closing.dispose();
      return answer;
    });
    await s.whenDone();
    const st = s.status();
    assert.equal(st.phase, 'stopped');
    assert.match(st.stopReason ?? '', /connection to Hopsworks was closed/);
    assert.ok(st.counts.equal + st.counts.different >= 3, 'the answers received are kept');
    assert.ok(st.counts.sent < 20);
  });

  it('a request cancelled before it leaves never reaches the server', async () => {
    // fraudtf: a deployment no other test here sends to, so its count is this test's alone.
    const since = received.length;
    const body = { instances: [[0.4, 13, 0, 1]] };
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(project.predict('fraudtf', body, abort.signal), (e) => {
      assert.ok(e instanceof HopsworksError);
      assert.equal(e.causeCode, 'CANCELLED');
      assert.match(e.message, /was cancelled before https:\/\/127\.0\.0\.1:\d+ answered/);
      return true;
    });
    // A request sent afterwards is logged; the cancelled one, had it left, would be logged before it.
    await project.predict('fraudtf', body);
    assert.equal(predictCalls('fraudtf', since).length, 1);
  });
});
