// "Replay to…" on the host, without vscode and without a server: the session over the core's paced run with a
// hand-driven clock (pacing, cancel, the stops a failure calls for, answers kept as they arrive), the
// comparison panel's host played as its webview (raw messages in, posted messages out, the throttled signal
// counted exactly, hostile requests refused, export to real files), the log panel's rows for a selection,
// the target list and confirmation words, and the command's arguments.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { countProblem, replayArgsOf } from '../../src/commands/replayArgs';
import { HopsworksError } from '../../src/hopsworks/errors';
import type { HopsworksErrorInit } from '../../src/hopsworks/errors';
import { LogStore, ManualClock } from '../../src/inferenceLog';
import type { LogRow } from '../../src/inferenceLog';
import { idsBetween, replayRowSchemas, rowsOf } from '../../src/panels/logViewer/replayRows';
import { rowFilterSchema } from '../../src/panels/logViewer/logViewerSchemas';
import { createReplayHost } from '../../src/panels/replay/replayHost';
import { REPLAY_CSV_COLUMNS } from '../../src/panels/replay/replayExport';
import { ReplaySession } from '../../src/panels/replay/replaySession';
import { connectionLostStop, stopFor } from '../../src/panels/replay/replayStops';
import { replayConfirmation, replayTargets, skippedReasons } from '../../src/panels/replay/replayTargets';
import type { HostMessage } from '../../src/protocol/messages';
import type { ReplayInfo, ReplayStatus, ResultsReply } from '../../src/protocol/replay';
import { planReplay } from '../../src/replay';
import type { ReplayItem } from '../../src/replay';
import * as v from 'valibot';
import { aDeployment } from '../builders/deployment';
import { aCombinedRow } from '../builders/logRows';

/** Lets promise callbacks run until the run waits again (on a timer or on an answer). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

function info(planned: number, over: Partial<ReplayInfo> = {}): ReplayInfo {
  return {
    source: { deployment: 'irisclassifier', model: 'irisclassifier', modelVersion: 3 },
    target: { deployment: 'irisnolog', model: 'irisclassifier', modelVersion: 2 },
    planned,
    skipped: 0,
    skippedReasons: [],
    ratePerSecond: 10,
    tolerance: 1e-6,
    startedAtMs: 0,
    ...over,
  };
}

function items(n: number): ReplayItem[] {
  return Array.from({ length: n }, (_, i) => ({
    rowId: 100 + i,
    inferenceId: `inf-${i}`,
    modelVersion: 3,
    body: { instances: [[i]] },
    loggedResponse: JSON.stringify({ predictions: [i % 3] }),
    loggedHttpCode: 200,
  }));
}

function hopsworksError(over: Partial<HopsworksErrorInit>): HopsworksError {
  return new HopsworksError({
    kind: 'validation',
    message: 'failed',
    method: 'POST',
    path: '/project/119/inference/models/irisnolog:predict',
    ...over,
  });
}

/** A target that answers each body when the test says so: `answer(i, body)` or `fail(i, error)`. */
class FakeTarget {
  readonly calls: {
    body: unknown;
    signal: AbortSignal;
    resolve(v: unknown): void;
    reject(e: unknown): void;
  }[] = [];
  send = (body: unknown, signal: AbortSignal): Promise<unknown> =>
    new Promise((resolve, reject) => {
      this.calls.push({ body, signal, resolve, reject });
      signal.addEventListener('abort', () =>
        reject(hopsworksError({ kind: 'unreachable', causeCode: 'CANCELLED' })),
      );
    });
  /** Answers call i with the prediction `p` (the same as logged when p = i % 3). */
  answer(i: number, p: number): void {
    this.calls[i]!.resolve({ predictions: [p] });
  }
  fail(i: number, e: unknown): void {
    this.calls[i]!.reject(e);
  }
}

/** A session replaying n logged calls to a fresh fake target, paced on a fresh hand-driven clock. */
function started(n: number, over: Partial<ReplayInfo> = {}) {
  const clock = new ManualClock();
  const target = new FakeTarget();
  const s = new ReplaySession({ info: info(n, over), items: items(n), clock, send: target.send });
  return { clock, target, s };
}

describe('ReplaySession', () => {
  it('sends the confirmed requests paced on the clock and keeps each answer as it arrives', async () => {
    const { clock, target, s } = started(5);
    await settle();
    assert.equal(target.calls.length, 1, 'request 0 goes at once');
    target.answer(0, 0);
    await settle();
    assert.equal(s.status().counts.answered, 1, 'the first answer is shown before the run ends');
    assert.deepEqual(
      s.page({ offset: 0, limit: 10 }).rows.map((r) => r.verdict),
      ['equal'],
    );
    clock.advance(99);
    await settle();
    assert.equal(target.calls.length, 1, 'not before 1/rate s');
    clock.advance(1);
    await settle();
    assert.equal(target.calls.length, 2);
    for (let i = 2; i < 5; i++) {
      clock.advance(100);
      await settle();
    }
    assert.deepEqual(
      target.calls.map((c) => c.body),
      items(5).map((i) => i.body),
      'exactly the planned bodies, in order',
    );
    target.answer(1, 1);
    target.answer(2, 7); // logged 2
    target.answer(3, 2); // logged 0
    target.fail(
      4,
      hopsworksError({ kind: 'server', status: 500, message: 'The model failed on this input.' }),
    );
    const outcome = await s.whenDone();
    assert.equal(outcome.results.length, 5);
    const st = s.status();
    assert.equal(st.phase, 'done');
    assert.deepEqual(st.counts, {
      planned: 5,
      sent: 5,
      answered: 5,
      equal: 2,
      different: 2,
      errors: 1,
      noLoggedPrediction: 0,
    });
    assert.equal(st.shareDifferent, 0.5);
    assert.deepEqual(
      st.largest.map((d) => [d.index, d.path, d.logged, d.fresh, d.absDiff]),
      [
        [2, '[0]', '2', '7', 5],
        [3, '[0]', '0', '2', 2],
      ],
    );
    const errorRow = s.page({ offset: 0, limit: 10, verdict: 'error' }).rows;
    assert.deepEqual(
      errorRow.map((r) => [r.index, r.note]),
      [[4, 'The model failed on this input.']],
      'a model failure is that request’s result; the run went on',
    );
    const d = s.detail(2);
    assert.ok(d);
    assert.equal(d.logged, '[\n  2\n]');
    assert.equal(d.fresh, '[\n  7\n]');
    assert.equal(d.request, JSON.stringify({ instances: [[2]] }, null, 2));
    assert.equal(s.detail(99), null);
  });

  for (const [what, error, reason] of [
    [
      'the target is not running (250001)',
      hopsworksError({ kind: 'lifecycle', status: 400, errorCode: 250001 }),
      /irisnolog is not running \(Hopsworks answered 250001/,
    ],
    [
      'the API key lacks the SERVING scope',
      hopsworksError({
        kind: 'forbidden',
        status: 403,
        errorCode: 320004,
        message: 'The API key lacks the SERVING scope',
      }),
      /refused the request to irisnolog: The API key lacks the SERVING scope/,
    ],
    [
      'the connection is closed',
      hopsworksError({ kind: 'unreachable', causeCode: 'CLOSED' }),
      /connection to Hopsworks was closed/,
    ],
    [
      'the cluster does not answer',
      hopsworksError({ kind: 'unreachable', causeCode: 'ECONNREFUSED', message: 'Cannot reach it' }),
      /stopped answering during the replay: Cannot reach it/,
    ],
  ] as const) {
    it(`stops at once when ${what}, says why and what to do, and keeps what it has`, async () => {
      const { clock, target, s } = started(6);
      await settle();
      target.answer(0, 0);
      clock.advance(100);
      await settle();
      assert.equal(target.calls.length, 2);
      target.fail(1, error);
      const outcome = await s.whenDone();
      clock.advance(10_000);
      await settle();
      assert.equal(target.calls.length, 2, 'nothing is sent after the stop');
      const st = s.status();
      assert.equal(st.phase, 'stopped');
      assert.match(st.stopReason ?? '', reason);
      assert.match(st.stopAction ?? '', /The answers received so far are kept/);
      assert.equal(st.counts.equal, 1, 'the answer received is kept');
      assert.equal(outcome.summary.notSent, 4);
    });
  }

  it('a person’s Cancel sends nothing more and aborts the request on its way', async () => {
    const { clock, target, s } = started(4);
    await settle();
    target.answer(0, 0);
    clock.advance(100);
    await settle();
    s.cancel();
    assert.ok(target.calls[1]!.signal.aborted, 'the outstanding request is aborted');
    await s.whenDone();
    clock.advance(10_000);
    await settle();
    assert.equal(target.calls.length, 2);
    const st = s.status();
    assert.equal(st.phase, 'cancelled');
    assert.equal(st.stopReason, undefined, 'a cancel is not a failure');
    assert.equal(st.counts.sent, 2);
  });

  it('stops with the connection’s words when the connection leaves the project', async () => {
    const { target, s } = started(3);
    await settle();
    s.halt(connectionLostStop('Disconnected from Hopsworks — connect again to resume.'));
    await s.whenDone();
    const st = s.status();
    assert.equal(st.phase, 'stopped');
    assert.equal(st.stopReason, 'The replay stopped: Disconnected from Hopsworks — connect again to resume.');
    assert.equal(target.calls.length, 1);
  });

  it('refuses a plan larger than the confirmed count before sending anything', () => {
    const target = new FakeTarget();
    assert.throws(
      () =>
        new ReplaySession({ info: info(2), items: items(3), clock: new ManualClock(), send: target.send }),
      /The confirmation named 2 requests but 3 were planned; nothing was sent/,
    );
    assert.equal(target.calls.length, 0);
  });

  it('counts numbers within the tolerance setting as equal', async () => {
    const { clock, target, s } = started(2, { tolerance: 0.01 });
    await settle();
    target.calls[0]!.resolve({ predictions: [0.005] }); // logged 0
    clock.advance(100);
    await settle();
    target.calls[1]!.resolve({ predictions: [1.05] }); // logged 1
    await s.whenDone();
    assert.deepEqual(
      s.page({ offset: 0, limit: 10 }).rows.map((r) => r.verdict),
      ['equal', 'different'],
    );
  });
});

describe('replay stops', () => {
  it('leaves a model’s own refusal and our cancel to the request alone', () => {
    assert.equal(
      stopFor(hopsworksError({ kind: 'validation', status: 400, errorCode: 250008 }), 't'),
      undefined,
    );
    assert.equal(stopFor(hopsworksError({ kind: 'server', status: 500 }), 't'), undefined);
    assert.equal(stopFor(hopsworksError({ kind: 'unreachable', causeCode: 'CANCELLED' }), 't'), undefined);
    assert.equal(stopFor(new Error('not ours'), 't'), undefined);
  });
  it('stops for a deployment Hopsworks no longer knows', () => {
    assert.match(
      stopFor(hopsworksError({ kind: 'notFound', status: 404, errorCode: 250000 }), 'gone')?.reason ?? '',
      /does not know the deployment gone any more/,
    );
  });
});

/** The comparison panel's host, played as its webview. */
function hostFor(s: ReplaySession, clock: ManualClock, exportPath?: string) {
  const posted: HostMessage[] = [];
  const logged: string[] = [];
  let visible = true;
  const host = createReplayHost({
    session: s,
    clock,
    post: (m) => posted.push(m),
    isVisible: () => visible,
    effects: {
      pickExportPath: () => Promise.resolve(exportPath),
      log: (l) => logged.push(l),
    },
  });
  let id = 0;
  const request = async (method: string, params: unknown) => {
    const mine = ++id;
    await host.receive({ type: 'request', id: mine, method, params });
    const reply = posted.find((m) => m.type === 'response' && m.id === mine);
    assert.ok(reply && reply.type === 'response');
    return reply;
  };
  const events = (name: string) =>
    posted.filter((m): m is Extract<HostMessage, { type: 'event' }> => m.type === 'event' && m.name === name);
  return { host, posted, logged, request, events, hide: () => (visible = false) };
}

describe('replay comparison host', () => {
  it('says init on ready, then at most one "changed" per 100 ms however fast answers arrive', async () => {
    const { clock, target, s } = started(3, { ratePerSecond: 1000 });
    const h = hostFor(s, clock);
    await h.host.receive({ type: 'ready' });
    const init = h.events('init')[0];
    assert.ok(init);
    assert.equal((init.payload as { info: ReplayInfo }).info.target.deployment, 'irisnolog');
    await settle();
    clock.advance(1);
    await settle();
    clock.advance(1);
    await settle();
    const before = h.events('changed').length;
    target.answer(0, 0);
    target.answer(1, 1);
    target.answer(2, 2);
    await s.whenDone();
    assert.equal(
      h.events('changed').length,
      before,
      'a burst inside the interval waits for the trailing signal',
    );
    clock.advance(100);
    const last = h.events('changed').at(-1);
    assert.ok(last);
    assert.equal((last.payload as { status: ReplayStatus }).status.phase, 'done');
    assert.equal((last.payload as { status: ReplayStatus }).status.counts.equal, 3);
    h.host.dispose();
  });

  it('answers pages and details, and refuses hostile or malformed requests before any handler runs', async () => {
    const { clock, target, s } = started(2);
    const h = hostFor(s, clock);
    await h.host.receive({ type: 'ready' });
    await settle();
    target.answer(0, 0);
    clock.advance(100);
    await settle();
    target.answer(1, 2);
    await s.whenDone();
    const page = await h.request('results', { offset: 0, limit: 50, verdict: 'different' });
    assert.ok(page.ok);
    assert.deepEqual(
      (page.result as ResultsReply).rows.map((r) => [r.index, r.logged, r.fresh]),
      [[1, '[1]', '[2]']],
    );
    for (const [method, params] of [
      ['results', { offset: 0, limit: 100_000 }],
      ['results', { offset: -1, limit: 5 }],
      ['results', { offset: 0, limit: 5, verdict: '<script>' }],
      ['results', { offset: 0, limit: 5, extra: true }],
      ['detail', { index: '0' }],
      ['export', { format: '../../etc/passwd' }],
      ['cancel', { now: true }],
      ['__proto__', {}],
    ] as const) {
      const r = await h.request(method, params);
      assert.equal(r.ok, false, `${method} ${JSON.stringify(params)} was refused`);
    }
  });

  it('exports JSON Lines and CSV only once the run is over, and leaves no partial file when writing fails', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'replay-export-'));
    try {
      const { clock, target, s } = started(2);
      const jsonl = path.join(dir, 'r.jsonl');
      const h = hostFor(s, clock, jsonl);
      await settle();
      const early = await h.request('export', { format: 'jsonl' });
      assert.equal(early.ok, false);
      assert.match(early.ok ? '' : early.error, /still running/);
      target.calls[0]!.resolve({ predictions: ['=HYPERLINK("http://x")'] });
      clock.advance(100);
      await settle();
      target.answer(1, 1);
      await s.whenDone();
      const r = await h.request('export', { format: 'jsonl' });
      assert.ok(r.ok);
      assert.deepEqual(r.result, { path: jsonl, requests: 2 });
      const lines = (await readFile(jsonl, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(
        lines.map((l) => [l.type, l.verdict]),
        [
          ['request', 'different'],
          ['request', 'equal'],
          ['summary', undefined],
        ],
      );
      assert.deepEqual(lines[0]!.new, ['=HYPERLINK("http://x")'], 'JSON Lines keeps every byte');

      const csvPath = path.join(dir, 'r.csv');
      const hc = hostFor(s, clock, csvPath);
      assert.ok((await hc.request('export', { format: 'csv' })).ok);
      const csv = (await readFile(csvPath, 'utf8')).split('\r\n');
      assert.equal(csv[0], REPLAY_CSV_COLUMNS.join(','));
      assert.equal(csv.length, 4, 'header, two requests, and the final line break');
      assert.match(csv[1]!, /^0,100,inf-0,3,different,/);

      // A folder where the file should be: the write fails, says so, and leaves nothing behind.
      const folder = path.join(dir, 'folder.jsonl');
      const { mkdir } = await import('node:fs/promises');
      await mkdir(folder);
      const hf = hostFor(s, clock, path.join(folder, 'missing', 'x.jsonl'));
      const failed = await hf.request('export', { format: 'jsonl' });
      assert.equal(failed.ok, false);
      await assert.rejects(stat(path.join(folder, 'missing', 'x.jsonl')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('skips the signal while the panel is hidden (the rebuilt page asks again on ready)', async () => {
    const { clock, target, s } = started(1);
    const h = hostFor(s, clock);
    await h.host.receive({ type: 'ready' });
    await settle();
    clock.advance(1000);
    h.hide();
    const before = h.events('changed').length;
    target.answer(0, 0);
    await s.whenDone();
    clock.advance(1000);
    assert.equal(h.events('changed').length, before);
    await h.host.receive({ type: 'ready' });
    const again = h.events('init').at(-1);
    assert.equal((again?.payload as { status: ReplayStatus }).status.phase, 'done');
  });
});

describe('the log panel’s rows for a replay', () => {
  function store(n: number): LogStore {
    const st = new LogStore({ clock: new ManualClock(), capacity: 1000 });
    for (let i = 0; i < n; i++)
      st.append(
        aCombinedRow({
          inferenceId: `r${i}`,
          httpCode: i % 4 === 3 ? 500 : 200,
          outcome: i % 4 === 3 ? 'http-error' : 'ok',
        }),
      );
    return st;
  }

  it('takes selected ids oldest first, leaving out those no longer held', () => {
    const st = store(10);
    const { rows, what } = rowsOf(st, { ids: [7, 2, 2, 5, 999] });
    assert.deepEqual(
      rows.map((r) => r.inferenceId),
      ['r2', 'r5', 'r7'],
    );
    assert.equal(what, '3 selected rows (1 more selected is no longer held)');
  });

  it('takes the newest matching rows, oldest first, and says of how many', () => {
    const st = store(10);
    const { rows, what } = rowsOf(st, { filter: { errorsOnly: true }, newest: 2 });
    assert.deepEqual(
      rows.map((r) => r.inferenceId),
      ['r3', 'r7'].slice(-2),
    );
    assert.equal(what, 'the newest 2 matching rows');
    const all = rowsOf(st, { filter: {}, newest: 4 });
    assert.deepEqual(
      all.rows.map((r) => r.inferenceId),
      ['r6', 'r7', 'r8', 'r9'],
    );
    assert.equal(all.what, 'the newest 4 rows (of 10)');
  });

  it('gives a Shift-click range under the filter, in either direction, capped at 1,000', () => {
    const st = store(10);
    assert.deepEqual(idsBetween(st, { filter: { errorsOnly: true }, fromId: 8, toId: 0 }), {
      ids: [3, 7],
      more: false,
    });
    assert.deepEqual(idsBetween(st, { filter: {}, fromId: 2, toId: 4 }).ids, [2, 3, 4]);
    const big = new LogStore({ clock: new ManualClock(), capacity: 2000 });
    for (let i = 0; i < 1500; i++) big.append(aCombinedRow());
    const r = idsBetween(big, { filter: {}, fromId: 0, toId: 1499 });
    assert.equal(r.ids.length, 1000);
    assert.equal(r.more, true);
  });

  it('validates what the webview asks: ids bounded, a known filter, whole positive counts', () => {
    const schemas = replayRowSchemas(rowFilterSchema);
    const ok = (s: v.GenericSchema, x: unknown) => v.safeParse(s, x).success;
    assert.equal(ok(schemas.replay, { ids: [1, 2] }), true);
    assert.equal(ok(schemas.replay, { filter: { text: 'x' }, newest: 1000 }), true);
    assert.equal(ok(schemas.replay, { ids: [] }), false);
    assert.equal(ok(schemas.replay, { ids: Array.from({ length: 1001 }, (_, i) => i) }), false);
    assert.equal(ok(schemas.replay, { ids: [1.5] }), false);
    assert.equal(ok(schemas.replay, { filter: {}, newest: 1001 }), false);
    assert.equal(ok(schemas.replay, { filter: { script: 1 }, newest: 5 }), false);
    assert.equal(ok(schemas.selectRange, { filter: {}, fromId: -1, toId: 3 }), false);
  });
});

describe('replay targets and confirmation', () => {
  const source = aDeployment({
    name: 'irisclassifier',
    modelName: 'irisclassifier',
    modelVersion: 3,
    status: 'Running',
  });
  it('lists this deployment first, then the others that answer (same model first); stopped ones are left out', () => {
    const all = [
      source,
      aDeployment({ name: 'fraudtf', modelName: 'fraudtf', modelVersion: 2, status: 'Running' }),
      aDeployment({ name: 'irisnolog', modelName: 'irisclassifier', modelVersion: 2, status: 'Running' }),
      aDeployment({ name: 'irisidle', modelName: 'irisclassifier', modelVersion: 1, status: 'Idle' }),
      aDeployment({ name: 'churn', modelName: 'churnpredictor', modelVersion: 2, status: 'Stopped' }),
    ];
    assert.deepEqual(
      replayTargets(source, all).map((c) => [c.label, c.description]),
      [
        ['irisclassifier', 'this deployment · irisclassifier v3'],
        ['irisidle', 'idle (wakes on the first request) · irisclassifier v1'],
        ['irisnolog', 'running · irisclassifier v2'],
        ['fraudtf', 'running · fraudtf v2'],
      ],
    );
    const stoppedSource = replayTargets({ ...source, status: 'Stopped' }, [{ ...source, status: 'Stopped' }]);
    assert.match(stoppedSource[0]!.detail ?? '', /stopped: start it first/);
  });

  it('names the target, the model it serves, the count and the pace, and what is left out', () => {
    const c = replayConfirmation({
      source,
      target: aDeployment({ name: 'irisnolog', modelName: 'irisclassifier', modelVersion: 2 }),
      count: 100,
      ratePerSecond: 10,
      skipped: 3,
      skippedReasons: skippedReasons([
        { reason: 'The logged request is not JSON.' },
        { reason: 'The logged request is not JSON.' },
        { reason: 'No request was logged for it (only its response).' },
      ]),
    });
    assert.equal(c.message, 'Send 100 requests logged by irisclassifier to irisnolog (irisclassifier v2)?');
    assert.equal(c.button, 'Send 100 requests');
    assert.match(c.detail, /at 10 per second \(about 10 s\)/);
    assert.match(
      c.detail,
      /3 chosen rows cannot be replayed and are left out: 2 × The logged request is not JSON\. No request was logged/,
    );
  });

  it('plans from rows: only JSON object requests are sent', () => {
    const rows: LogRow[] = [
      { ...aCombinedRow(), id: 1, rev: 0 },
      { ...aCombinedRow({ requestText: 'not json' }), id: 2, rev: 0 },
    ];
    const plan = planReplay(rows);
    assert.equal(plan.items.length, 1);
    assert.deepEqual(skippedReasons(plan.skipped), ['The logged request is not JSON.']);
  });
});

describe('the replay command’s arguments', () => {
  it('reads a deployment item, a Deployment, or { deployment, newest } from a script', () => {
    const d = aDeployment({ name: 'irisclassifier' });
    assert.deepEqual(replayArgsOf({ kind: 'deployment', deployment: d }), { deployment: 'irisclassifier' });
    assert.deepEqual(replayArgsOf(d), { deployment: 'irisclassifier' });
    assert.deepEqual(replayArgsOf({ deployment: 'irisclassifier', newest: 20 }), {
      deployment: 'irisclassifier',
      newest: 20,
    });
    assert.deepEqual(replayArgsOf({ deployment: 'x', newest: 5000 }), { deployment: 'x' });
    assert.deepEqual(replayArgsOf(undefined), {});
  });
  it('checks a typed count against what the panel holds', () => {
    assert.equal(countProblem('20', 50), undefined);
    assert.equal(countProblem('51', 50), 'Enter a whole number from 1 to 50.');
    assert.equal(countProblem('0', 50), 'Enter a whole number from 1 to 50.');
    assert.equal(countProblem('1e3', 5000), 'Enter a whole number from 1 to 1000.');
  });
});
