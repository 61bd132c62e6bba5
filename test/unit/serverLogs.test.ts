// The pure parts of "Show Server Logs": the time and inference ids a line states, pod tags, the document model
// (pods merged by time without splitting a traceback, the lines of a request with its traceback, the line at a
// moment, the bound), following under the endpoint's 50 KB cut and its overlapping tails, and the sentences
// for each refusal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HopsworksError } from '../../src/hopsworks/errors';
import { inferenceIdsIn, lineTime } from '../../src/serverLogs/lineFacts';
import { ServerLogModel } from '../../src/serverLogs/logModel';
import { freshAfter, PodFollower, POLL_TAIL_START } from '../../src/serverLogs/podFollow';
import { podTag } from '../../src/serverLogs/podTag';
import { describeLogRefusal } from '../../src/serverLogs/refusals';
import { renderDocument } from '../../src/serverLogs/documentText';
import { defaultOptions, describeOptions, parseRange } from '../../src/serverLogs/options';
import {
  aCall,
  aFailedCall,
  IRIS_POD,
  IRIS_POD_2,
  podAnswer,
  predictorCall,
  startup,
} from '../builders/serverLogLines';

const T0 = Date.UTC(2026, 0, 31, 14, 5, 9, 123);
const tag = (pod: string) => podTag(pod, 'irisclassifier', 'predictor');
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}`);

void describe('server log lines: time and inference ids', () => {
  void it('reads the time each model server prints, as UTC', () => {
    const printed = [
      ...startup(T0),
      ...predictorCall(aCall(), T0),
      ...predictorCall(aFailedCall(), T0),
    ].filter((l) => l.startsWith('2026-'));
    assert.ok(printed.length > 5);
    for (const l of printed) assert.equal(lineTime(l), T0, l);
    assert.equal(lineTime('2026-01-31 14:05:09,123 INFO root: logging with a comma'), T0);
    assert.equal(
      lineTime('2026-01-31 14:05:09.123000: I tensorflow_serving/model_servers/server.cc:74] x'),
      T0,
    );
    assert.equal(lineTime('2026-01-31T15:05:09.123+01:00 started'), T0);
    assert.equal(lineTime('[2026-01-31 14:05:09.123] ERROR in app: Exception on /predict [POST]'), T0);
    assert.equal(
      lineTime('10.0.0.7 - - [31/Jan/2026 14:05:09] "POST /predict HTTP/1.1" 200 -'),
      Date.UTC(2026, 0, 31, 14, 5, 9),
    );
    assert.equal(lineTime('{"level":"info","ts":1769868309.123,"logger":"fallback-logger"}'), T0);
  });

  void it('a traceback line states no time', () => {
    const failed = predictorCall(aFailedCall(), T0);
    const untimed = failed.filter((l) => lineTime(l) === undefined);
    assert.deepEqual(untimed[0], 'Traceback (most recent call last):');
    assert.equal(untimed[untimed.length - 1], "ValueError: could not convert string to float: 'n/a'");
  });

  void it('finds the inference ids a line names, and where', () => {
    const call = aCall();
    const [trace] = predictorCall(call, T0);
    const ids = inferenceIdsIn(trace!);
    assert.equal(ids.length, 1);
    assert.equal(ids[0]!.id, call.inferenceId);
    assert.equal(trace!.slice(ids[0]!.start, ids[0]!.end), call.inferenceId);
    assert.deepEqual(
      inferenceIdsIn('requestId: E7F60CBA-19CE-4550-A2AD-A8721D314420.')[0]?.id,
      'e7f60cba-19ce-4550-a2ad-a8721d314420',
    );
    assert.deepEqual(inferenceIdsIn('uvicorn running on http://0.0.0.0:8080'), []);
  });

  void it('tags a pod by what tells it apart within its deployment and component', () => {
    assert.equal(tag(IRIS_POD), '00001-bcdfg23456-xz2k9');
    assert.equal(podTag('fraudtf-deployment-6f7c9d8b5d-k2x8z', 'fraudtf', 'predictor'), '6f7c9d8b5d-k2x8z');
    assert.equal(podTag('elsewhere-abc', 'fraudtf', 'predictor'), 'elsewhere-abc');
  });
});

void describe('server log document model', () => {
  void it('merges pods by time and never splits a traceback from its error line', () => {
    const model = new ServerLogModel(tag);
    const failed = aFailedCall();
    const a = [...predictorCall(aCall(), T0), ...predictorCall(failed, T0 + 2000)];
    const b = [...predictorCall(aCall(), T0 + 1000), ...predictorCall(aCall(), T0 + 3000)];
    assert.equal(
      model.addPods([
        { pod: IRIS_POD, lines: a },
        { pod: IRIS_POD_2, lines: b },
      ]),
      a.length + b.length,
    );
    const order = model.lines.map((l) => l.pod);
    // pod 1 at T0 (2 lines), pod 2 at T0+1s (2), pod 1's failed call at T0+2s (error, traceback, access), pod 2.
    const failedLen = predictorCall(failed, 0).length;
    assert.deepEqual(order, [
      ...Array<string>(2).fill(IRIS_POD),
      ...Array<string>(2).fill(IRIS_POD_2),
      ...Array<string>(failedLen).fill(IRIS_POD),
      ...Array<string>(2).fill(IRIS_POD_2),
    ]);
    const rendered = model.lines.map((l) => model.render(l));
    assert.ok(
      rendered.every((r) => r.startsWith('[00001-bcdfg23456-')),
      rendered[0],
    );
  });

  void it('finds the lines of a request with its traceback, and the line at a moment', () => {
    const model = new ServerLogModel(tag);
    const failed = aFailedCall();
    const before = predictorCall(aCall(), T0);
    const failedLines = predictorCall(failed, T0 + 5000);
    model.addPods([
      {
        pod: IRIS_POD,
        lines: [...startup(T0 - 60_000), ...before, ...failedLines, ...predictorCall(aCall(), T0 + 9000)],
      },
    ]);
    const blocks = model.blocksNaming(failed.inferenceId.toUpperCase());
    assert.equal(blocks.length, 1);
    const block = model.lines.slice(blocks[0]!.first, blocks[0]!.last + 1).map((l) => l.text);
    // the error line, the traceback, the exception: everything but the access line that follows
    assert.deepEqual(block, failedLines.slice(0, -1));
    assert.match(block[0]!, /ERROR .*requestId: /);
    assert.equal(block[block.length - 1], "ValueError: could not convert string to float: 'n/a'");

    const at = model.nearest(T0 + 4000)!;
    assert.equal(model.lines[at]!.text, failedLines[0]);
    assert.equal(model.nearest(T0 + 60_000), model.lines.length - 1, 'after the last line: the last line');
    assert.equal(model.nearest(0), 0, 'before the first line: the first');
    assert.deepEqual(model.span(), { firstMs: T0 - 60_000, lastMs: T0 + 9000 });
    const idx = model.lines.findIndex((l) => l.text === failedLines[0]);
    const ids = model.idsIn(idx);
    assert.equal(model.render(model.lines[idx]!).slice(ids[0]!.start, ids[0]!.end), failed.inferenceId);
  });

  void it('keeps the newest lines past its bound and counts what it dropped', () => {
    const model = new ServerLogModel(tag, 100);
    model.addPods([{ pod: IRIS_POD, lines: lines(0, 105) }]);
    assert.equal(model.lines.length, 105, 'within the slack nothing is cut');
    model.addPods([{ pod: IRIS_POD, lines: lines(105, 120) }]);
    assert.equal(model.lines.length, 100);
    assert.equal(model.dropped, 20);
    assert.equal(model.lines[0]!.text, 'line 20');
  });

  void it('renders a header that says what is shown, then the lines', () => {
    const model = new ServerLogModel(tag);
    const failed = aFailedCall();
    model.addPods([{ pod: IRIS_POD, lines: predictorCall(failed, T0) }]);
    const doc = renderDocument(
      {
        deployment: 'irisclassifier',
        component: 'predictor',
        where: 'project mlops on 127.0.0.1:8181',
        options: defaultOptions(),
        follow: 'following',
        highlight: { inferenceId: failed.inferenceId, timeMs: T0 },
        tagOf: tag,
      },
      model,
    );
    const text = doc.text.split('\n');
    assert.equal(text[0], '# Server logs of irisclassifier · predictor · project mlops on 127.0.0.1:8181');
    assert.equal(
      text[1],
      `# ${describeOptions(defaultOptions())} · following: new lines every 2 s while this editor is shown`,
    );
    assert.equal(
      text[2],
      `# Request ${failed.inferenceId} at 2026-01-31 14:05:09 UTC: its lines are highlighted`,
    );
    assert.equal(text[3], `# Pod 00001-bcdfg23456-xz2k9 = ${IRIS_POD}`);
    assert.equal(text[doc.bodyStart], `[00001-bcdfg23456-xz2k9] ${predictorCall(failed, T0)[0]!}`);
  });
});

void describe('following live pods', () => {
  void it('takes only what follows what was shown, also when the answer reaches further back', () => {
    assert.deepEqual(freshAfter(lines(40, 50), lines(0, 55)), { fresh: lines(50, 55), gap: false });
    assert.deepEqual(freshAfter(lines(0, 50), lines(45, 60)), { fresh: lines(50, 60), gap: false });
    assert.deepEqual(freshAfter(lines(0, 50), lines(0, 50)), { fresh: [], gap: false });
    assert.deepEqual(freshAfter(lines(0, 50), lines(70, 80)), { fresh: lines(70, 80), gap: true });
  });

  void it('sets aside an answer cut at the byte limit, and asks for fewer lines', () => {
    const f = new PodFollower();
    f.seed([{ pod: IRIS_POD, lines: lines(0, 10) }]);
    const cut = { instanceName: IRIS_POD, content: `${lines(0, 12).join('\n')}\nline 1` };
    const u = f.take([cut]);
    assert.deepEqual(u, { batches: [], gaps: [], started: [], ended: [] });
    assert.equal(f.pollTail, POLL_TAIL_START / 2);
    const next = f.take([podAnswer(IRIS_POD, lines(5, 14))]);
    assert.deepEqual(next.batches, [{ pod: IRIS_POD, lines: lines(10, 14) }], 'nothing lost meanwhile');
  });

  void it('says when pods start and end, and when lines may be missing', () => {
    const f = new PodFollower();
    f.seed([{ pod: IRIS_POD, lines: lines(0, 10) }]);
    const u = f.take([podAnswer(IRIS_POD_2, ['a', 'b'])]);
    assert.deepEqual(u.ended, [IRIS_POD]);
    assert.deepEqual(u.started, [IRIS_POD_2]);
    assert.deepEqual(u.batches, [{ pod: IRIS_POD_2, lines: ['a', 'b'] }]);
    const g = f.take([podAnswer(IRIS_POD_2, ['x', 'y'])]);
    assert.deepEqual(g.gaps, [IRIS_POD_2]);
    assert.equal(f.pollTail, POLL_TAIL_START * 2, 'asks for more after a gap');
  });
});

void describe('refusals of the logs endpoint', () => {
  const noPod = new HopsworksError({
    kind: 'notFound',
    message: 'irisclassifier has no running pod to read logs from…',
    method: 'GET',
    path: '/project/119/serving/21/logs',
    status: 404,
    errorCode: 240027,
  });
  const ctx = { deployment: 'irisclassifier', component: 'predictor' as const, archive: false };

  void it('tells Idle (send a request) from Stopped (start it first) by the state read after', () => {
    assert.deepEqual(describeLogRefusal(noPod, { ...ctx, status: 'Idle' }), {
      kind: 'idle',
      status: 'IDLE',
      message: 'irisclassifier is Idle (scaled to zero): no pod is running; send a request to wake it.',
    });
    const stopped = describeLogRefusal(noPod, { ...ctx, status: 'Stopped' });
    assert.equal(stopped?.kind, 'notRunning');
    assert.match(stopped?.message ?? '', /is stopped: no pod is running, .*start it first\.$/);
    const archive = describeLogRefusal(noPod, { ...ctx, status: 'Stopped', archive: true });
    assert.match(archive!.message, /start it first\. Hopsworks keeps a log archive/);
    assert.equal(describeLogRefusal(noPod, { ...ctx, status: 'Creating' })?.kind, 'starting');
  });

  void it('says a deployment has no transformer, and lets a scope refusal speak for itself', () => {
    const transformer = new HopsworksError({
      kind: 'validation',
      message:
        'Hopsworks rejected the request: Transformer logs only available in KServe deployments with transformer',
      method: 'GET',
      path: '/project/119/serving/21/logs',
      status: 422,
      errorCode: 120001,
      usrMsg: 'Transformer logs only available in KServe deployments with transformer',
    });
    assert.deepEqual(describeLogRefusal(transformer, { ...ctx, component: 'transformer' }), {
      kind: 'noTransformer',
      message: "irisclassifier has no transformer: its server logs are the predictor's.",
    });
    const scope = new HopsworksError({
      kind: 'forbidden',
      message: 'The API key lacks the SERVING scope needed for GET /project/119/serving/21/logs: …',
      method: 'GET',
      path: '/project/119/serving/21/logs',
      status: 403,
    });
    assert.equal(describeLogRefusal(scope, ctx)?.message, scope.message);
    const closed = new HopsworksError({
      kind: 'unreachable',
      message: 'closed',
      method: 'GET',
      path: '/',
      causeCode: 'CLOSED',
    });
    assert.equal(describeLogRefusal(closed, ctx), undefined, 'a Disconnect is not a refusal');
  });
});

void describe('time range typed in the range picker', () => {
  void it('reads one or two UTC times and refuses what is not a range', () => {
    assert.deepEqual(parseRange('2026-01-31 14:05'), [Date.UTC(2026, 0, 31, 14, 5, 0), undefined]);
    assert.deepEqual(parseRange('2026-01-31T14:05:09 2026-01-31 14:10'), [
      Date.UTC(2026, 0, 31, 14, 5, 9),
      Date.UTC(2026, 0, 31, 14, 10, 0),
    ]);
    assert.equal(parseRange('yesterday'), undefined);
    assert.equal(parseRange('2026-01-31 14:10 2026-01-31 14:05'), undefined, 'until before since');
    assert.equal(parseRange('2026-01-31 14:00 2026-01-31 14:05 2026-01-31 14:10'), undefined, 'three times');
  });
});
