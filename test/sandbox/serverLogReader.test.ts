// The server-log reader of "Show Server Logs" against the real sandbox, on every Hopsworks version: following
// a running deployment loses and repeats no line across polls; an answer cut at the endpoint's 50 KB is read
// again with fewer lines so the newest ones show; "at this time" lands on a failed request's error line and its
// traceback (5.0 reads a window of the archive, older versions the live pods); the refusals say what to do
// (stopped: start it first, Idle: send a request to wake it, no transformer, a key without the SERVING scope);
// a Disconnect under a poll ends it quietly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../sandbox/index';
import type { HopsworksClient, LogsQuery, ProjectClient } from '../../src/hopsworks/index';
import { splitLogLines } from '../../src/hopsworks/index';
import { lineTime } from '../../src/serverLogs/lineFacts';
import type { LogLine } from '../../src/serverLogs/logModel';
import { landing, MOMENT_AFTER_MS, MOMENT_BEFORE_MS, momentOptions } from '../../src/serverLogs/moment';
import { defaultOptions } from '../../src/serverLogs/options';
import { isCut } from '../../src/serverLogs/podFollow';
import type { LogsApi } from '../../src/serverLogs/serverLogReader';
import { ServerLogReader } from '../../src/serverLogs/serverLogReader';
import { projectRequest, sandboxClient, startTestSandbox } from '../support/sandbox';
import { sleep } from '../support/wait';

const IRIS = 21;
const CHURN = 23;
const IRIS_NOLOG = 24;
const BAD = { instances: [[5.1, 'n/a', 1.4, 0.2]] };

/** The project's client, recording each logs query it sends. */
function recording(project: ProjectClient): LogsApi & { queries: LogsQuery[] } {
  const queries: LogsQuery[] = [];
  return {
    queries,
    getLogs: (id, q) => {
      queries.push(q);
      return project.getLogs(id, q);
    },
    getDeployment: (id) => project.getDeployment(id),
  };
}

const logTexts = (lines: readonly LogLine[]) => lines.filter((l) => l.kind === 'log').map((l) => l.text);
const notes = (lines: readonly LogLine[]) => lines.filter((l) => l.kind === 'note').map((l) => l.text);

async function deadline<T>(what: string, step: () => Promise<T | undefined>, limitMs = 30_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await step();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

void describe('server log reader against the sandbox', () => {
  let sb: Sandbox;
  let client: HopsworksClient;
  let project: ProjectClient;
  let archive: boolean;

  before(async () => {
    sb = await startTestSandbox({ trafficPerSecond: 0, lifecycleStepMs: 100 });
    client = sandboxClient(sb);
    project = client.project(sb.projectId, sb.project);
    archive = sb.hopsworks === '5.0';
  });

  after(async () => {
    sb?.setTrafficRate(0);
    client?.dispose();
    await sb?.stop();
  });

  void it('follows a running deployment: every line, in order, none repeated, none lost', async () => {
    const api = recording(project);
    const reader = new ServerLogReader({ id: IRIS, name: 'irisclassifier' }, defaultOptions(), { archive });
    assert.deepEqual(await reader.load(api), { kind: 'ok', added: logTexts(reader.model.lines).length });
    const traced = () =>
      logTexts(reader.model.lines).filter((l) => l.includes(' kserve.trace requestId: ')).length;
    const start = traced();
    let polls = 0;
    sb.setTrafficRate(10);
    try {
      while (traced() < start + 40) {
        const r = await reader.poll(api);
        assert.equal(r.kind, 'ok', JSON.stringify(r));
        polls++;
        await sleep(50);
      }
    } finally {
      sb.setTrafficRate(0);
    }
    // Once the traffic stopped, a poll brings the pod's last line.
    const final = await deadline('the last line of the pod in the document', async () => {
      const [pod] = await project.getLogs(IRIS, { component: 'predictor', tail: 1000 });
      assert.ok(pod && !isCut(pod.content), 'the whole pod log fits in one answer');
      await reader.poll(api);
      polls++;
      const lines = splitLogLines(pod.content);
      const shown = logTexts(reader.model.lines);
      return shown[shown.length - 1] === lines[lines.length - 1] ? lines : undefined;
    });
    const shown = logTexts(reader.model.lines);
    assert.deepEqual(shown, final.slice(final.length - shown.length), 'a contiguous run of the pod log');
    assert.ok(shown.length > 80, `${shown.length} lines`);
    assert.deepEqual(notes(reader.model.lines), [], 'no gap, no pod change');
    assert.ok(polls > 3);
    assert.ok(
      api.queries.every((q) => q.source === undefined && q.since === undefined),
      'the live pods are read without a time range',
    );
  });

  void it('an answer cut at 50 KB is read again with fewer lines, so the newest lines show', async () => {
    for (let i = 0; i < 50; i++) {
      const r = await projectRequest(sb, 'POST', '/inference/models/irisclassifier:predict', BAD);
      assert.equal(r.status, 500);
    }
    const reader = new ServerLogReader(
      { id: IRIS, name: 'irisclassifier' },
      { ...defaultOptions(), tail: 1000 },
      { archive },
    );
    assert.equal((await reader.load(project)).kind, 'ok');
    const shown = logTexts(reader.model.lines);
    const [note] = notes(reader.model.lines);
    assert.equal(
      note,
      `Hopsworks sends at most 50 KB per pod: showing the last ${shown.length} lines of each pod`,
    );
    const [pod] = await project.getLogs(IRIS, { component: 'predictor', tail: shown.length });
    assert.ok(pod && !isCut(pod.content));
    assert.deepEqual(shown, splitLogLines(pod.content), 'the newest lines of the pod, whole');
    assert.match(shown[shown.length - 1]!, /"POST \/v1\/models\/irisclassifier%3Apredict HTTP\/1\.1" 500 /);
  });

  void it('"at this time" lands on a failed request\'s error line with its traceback', async () => {
    const [pod] = await project.getLogs(IRIS, { component: 'predictor', tail: 60 });
    const lines = splitLogLines(pod!.content);
    const error = lines.find((l) => / kserve ERROR .*requestId: /.test(l));
    assert.ok(error, 'a failed call in the pod log');
    const inferenceId = /requestId: ([0-9a-f-]{36})/.exec(error)![1]!;
    const timeMs = lineTime(error)!;
    const api = recording(project);
    const moment = { timeMs, inferenceId };
    const reader = new ServerLogReader(
      { id: IRIS, name: 'irisclassifier' },
      momentOptions('predictor', moment, archive ? 'archive' : 'live'),
      { archive },
    );
    assert.equal((await reader.load(api)).kind, 'ok');
    const land = landing(reader.model, moment);
    assert.equal(land.found, true, land.note);
    const [block] = reader.model.blocksNaming(inferenceId);
    const text = reader.model.lines.slice(block!.first, block!.last + 1).map((l) => l.text);
    assert.equal(text[0], error);
    assert.equal(reader.model.lines[land.index!]!.text, error);
    assert.equal(text[1], 'Traceback (most recent call last):');
    assert.equal(text[text.length - 1], "ValueError: could not convert string to float: 'n/a'");
    const [q] = api.queries;
    if (archive) {
      assert.equal(q?.source, 'opensearch');
      assert.deepEqual(
        [q?.since, q?.until],
        [new Date(timeMs - MOMENT_BEFORE_MS), new Date(timeMs + MOMENT_AFTER_MS)],
      );
      const times = reader.model.lines.filter((l) => l.kind === 'log').map((l) => l.timeMs!);
      assert.ok(times.every((t) => t >= timeMs - MOMENT_BEFORE_MS && t <= timeMs + MOMENT_AFTER_MS));
      assert.equal(reader.canFollow, false, 'a closed window is not followed');
    } else {
      assert.deepEqual([q?.source, q?.since, q?.until, q?.pod], [undefined, undefined, undefined, undefined]);
      assert.equal(reader.canFollow, true);
    }
  });

  void it('a pod chosen: 5.0 asks the server for it, older versions filter the answer', async () => {
    const [pod] = await project.getLogs(IRIS, { component: 'predictor', tail: 1 });
    const api = recording(project);
    const reader = new ServerLogReader(
      { id: IRIS, name: 'irisclassifier' },
      { ...defaultOptions(), pod: pod!.instanceName },
      { archive },
    );
    assert.equal((await reader.load(api)).kind, 'ok');
    assert.equal(api.queries[0]?.pod, archive ? pod!.instanceName : undefined);
    assert.deepEqual(reader.model.pods, [pod!.instanceName]);
    const none = new ServerLogReader(
      { id: IRIS, name: 'irisclassifier' },
      { ...defaultOptions(), pod: 'irisclassifier-predictor-gone' },
      { archive },
    );
    assert.equal((await none.load(project)).kind, 'ok');
    assert.deepEqual(notes(none.model.lines), ['Pod irisclassifier-predictor-gone is not running']);
  });

  void it('says why there is nothing to read, and what to do', async () => {
    const stopped = new ServerLogReader({ id: CHURN, name: 'churnpredictor' }, defaultOptions(), { archive });
    const r = await stopped.load(project);
    assert.equal(r.kind, 'refused');
    assert.ok(r.kind === 'refused');
    assert.equal(r.refusal.kind, 'notRunning');
    assert.match(
      r.refusal.message,
      /^churnpredictor is stopped: no pod is running, so there are no server logs to read; start it first\./,
    );
    assert.equal(/log archive/.test(r.refusal.message), archive, 'the archive is offered where there is one');
    assert.deepEqual(notes(stopped.model.lines), [r.refusal.message], 'said in the document too');

    const transformer = new ServerLogReader(
      { id: IRIS, name: 'irisclassifier' },
      defaultOptions('transformer'),
      { archive },
    );
    const t = await transformer.load(project);
    assert.ok(t.kind === 'refused');
    assert.deepEqual(t.refusal, {
      kind: 'noTransformer',
      message: "irisclassifier has no transformer: its server logs are the predictor's.",
    });

    const narrow = sandboxClient(sb, { apiKey: sb.keys.noServingScope });
    try {
      const scoped = new ServerLogReader({ id: IRIS, name: 'irisclassifier' }, defaultOptions(), { archive });
      const s = await scoped.load(narrow.project(sb.projectId, sb.project));
      assert.ok(s.kind === 'refused');
      assert.equal(s.refusal.kind, 'forbidden');
      assert.match(s.refusal.message, /lacks the SERVING scope/);
    } finally {
      narrow.dispose();
    }
  });

  void it('a Disconnect under a poll ends it quietly: no note, no refusal', async () => {
    const own = sandboxClient(sb);
    const api = own.project(sb.projectId, sb.project);
    const reader = new ServerLogReader({ id: IRIS, name: 'irisclassifier' }, defaultOptions(), { archive });
    assert.equal((await reader.load(api)).kind, 'ok');
    const before = reader.model.lines.length;
    const pending = reader.poll(api);
    own.dispose();
    assert.deepEqual(await pending, { kind: 'closed' });
    assert.deepEqual(await reader.poll(api), { kind: 'closed' });
    assert.equal(reader.model.lines.length, before);
    assert.equal(reader.refusal, undefined);
  });
});

void describe('server log reader: Idle and back', () => {
  let sb: Sandbox;
  let client: HopsworksClient;

  before(async () => {
    sb = await startTestSandbox({ trafficPerSecond: 0, lifecycleStepMs: 100, idleAfterMs: 1_500 });
    client = sandboxClient(sb);
  });

  after(async () => {
    client?.dispose();
    await sb?.stop();
  });

  void it('Idle says to send a request; once one wakes it, following shows the new pod from its start', async () => {
    const project = client.project(sb.projectId, sb.project);
    await deadline('irisnolog to go Idle', async () =>
      (await project.getDeployment(IRIS_NOLOG))?.status === 'Idle' ? true : undefined,
    );
    const reader = new ServerLogReader({ id: IRIS_NOLOG, name: 'irisnolog' }, defaultOptions(), {
      archive: sb.hopsworks === '5.0',
    });
    const r = await reader.load(project);
    assert.ok(r.kind === 'refused');
    assert.deepEqual(r.refusal, {
      kind: 'idle',
      status: 'IDLE',
      message: 'irisnolog is Idle (scaled to zero): no pod is running; send a request to wake it.',
    });
    const again = await reader.poll(project);
    assert.ok(again.kind === 'refused' && !again.changed, 'the same refusal is said once');
    assert.equal(notes(reader.model.lines).length, 1);

    // A request wakes it; the next poll finds the new pod (again, if it went back to Idle meanwhile).
    await deadline('the woken pod in the document', async () => {
      await projectRequest(sb, 'POST', '/inference/models/irisnolog:predict', {
        instances: [[5.1, 3.5, 1.4, 0.2]],
      });
      await reader.poll(project);
      return logTexts(reader.model.lines).some((l) => l.includes(' kserve.trace requestId: '))
        ? true
        : undefined;
    });
    const shown = reader.model.lines;
    const started = shown.findIndex(
      (l) => l.kind === 'note' && /^Pod \S+ started \(irisnolog-predictor-/.test(l.text),
    );
    assert.ok(started > 0, notes(shown).join('\n'));
    assert.match(
      shown[started + 1]!.text,
      /Copying contents of \/mnt\/models to local$/,
      'from its first line',
    );
  });
});
