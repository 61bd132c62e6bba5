// The log panel's host logic (vscode-free) and the session a log view reads through (ConnectionLogSession),
// over real pipeline sessions fed with encoded KServe records through their public `ingest` (no broker),
// with a hand-driven clock so the throttled signal is counted exactly. The host tests play the webview:
// raw messages in, posted messages out.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/inferenceLog';
import type { ConsumedMessage } from '../../src/inferenceLog';
import { ConnectionLogSession } from '../../src/panels/logViewer/connectionLogSession';
import type { SessionFactory } from '../../src/panels/logViewer/connectionLogSession';
import type {
  ConsumerState,
  PanelInfo,
  QueryReply,
  RowDetail,
  StartFrom,
  StoreStats,
} from '../../src/protocol/logViewer';
import { aGarbageMessage, aKServeMessage } from '../builders/consumedMessages';
import { FedSession, IRIS_PANEL_INFO, aTalkingHost, holderOf } from '../builders/logViewerHost';
import type { TalkingHost } from '../builders/logViewerHost';
import { waitFor } from '../support/wait';

function kserve(messageType: 'request' | 'response', inferenceId: string, payload: string): ConsumedMessage {
  return aKServeMessage(messageType, inferenceId, { payload });
}

const garbage = () => aGarbageMessage();

/** A fed session (FedSession) that counts its disposals and remembers where it was told to start. */
class CountedSession extends FedSession {
  disposals = 0;
  constructor(
    clock: ManualClock,
    readonly startFrom: StartFrom = 'latest',
  ) {
    super({ clock });
  }
  override dispose(): Promise<void> {
    this.disposals++;
    return super.dispose();
  }
}

interface Harness extends TalkingHost {
  clock: ManualClock;
  session: CountedSession;
  copied: string[];
  predicted: unknown[];
}

/** A holder (not started) whose one session is `session`. */
function readingOne(clock: ManualClock): { session: CountedSession; holder: ConnectionLogSession } {
  const session = new CountedSession(clock);
  return { session, holder: holderOf(session) };
}

/** The panel's host over the holder the panel uses, reading one fed session. */
async function harness(example?: string | Promise<string | undefined>): Promise<Harness> {
  const clock = new ManualClock(1_000_000);
  const { session, holder } = readingOne(clock);
  await holder.start();
  const copied: string[] = [];
  const predicted: unknown[] = [];
  const talk = aTalkingHost({
    session: holder,
    info: () => IRIS_PANEL_INFO,
    testRequestExample: () => example,
    effects: {
      copyText: (t) => {
        copied.push(t);
        return Promise.resolve();
      },
      toggleTail: () => Promise.resolve(true),
      predict: (body) => {
        predicted.push(body);
        return Promise.resolve({ predictions: [0] });
      },
    },
  });
  return { ...talk, clock, session, copied, predicted };
}

async function ok<T>(p: Promise<{ ok: true; result: T } | { ok: false; error: string }>): Promise<T> {
  const r = await p;
  if (!r.ok) assert.fail(r.error);
  return r.result;
}

describe('log viewer host', () => {
  it('answers ready with init, and pulls paired and raw rows as pages', async () => {
    const h = await harness();
    await h.host.receive({ type: 'ready' });
    const [init] = h.events('init') as { info: PanelInfo; stats: StoreStats }[];
    assert.deepEqual(init?.info, IRIS_PANEL_INFO);
    assert.equal(init?.stats.rows, 0);

    h.session.ingest([
      kserve('request', 'id-1', '{"instances": [[5.1, 3.5, 1.4, 0.2]]}'),
      kserve('response', 'id-1', '{"predictions": [0]}'),
      garbage(),
      kserve('request', 'id-2', '{"instances": [[6.2, 2.9, 4.3, 1.3]]}'),
    ]);
    h.clock.advance(200);
    const changed = h.events('changed') as { stats: StoreStats }[];
    assert.ok(changed.length >= 1);
    assert.equal(changed.at(-1)?.stats.total, 4);
    assert.equal(changed.at(-1)?.stats.undecodable, 1);

    const page = await ok(
      h.request<QueryReply>('query', { offset: 0, limit: 10, filter: {}, fromEnd: false }),
    );
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.rows.map((r) => [r.kind, r.inferenceId, r.outcome]),
      [
        ['pair', 'id-1', 'ok'],
        ['raw', '', 'undecodable'],
        ['request', 'id-2', 'pending'],
      ],
    );
    assert.equal(page.rows[0]?.preview, '{"instances": [[5.1, 3.5, 1.4, 0.2]]} → {"predictions": [0]}');

    const newest = await ok(
      h.request<QueryReply>('query', { offset: 0, limit: 2, filter: {}, fromEnd: true }),
    );
    assert.equal(newest.offset, 1);
    assert.deepEqual(
      newest.rows.map((r) => r.kind),
      ['raw', 'request'],
    );

    const pair = await ok(h.request<RowDetail>('detail', { id: page.rows[0].id }));
    assert.equal(
      pair.request?.text,
      '{\n  "instances": [\n    [\n      5.1,\n      3.5,\n      1.4,\n      0.2\n    ]\n  ]\n}',
    );
    assert.equal(pair.response?.format, 'v1');
    assert.equal(pair.responseKafka?.offset, String(Number(pair.kafka.offset) + 1));
    const raw = await ok(h.request<RowDetail>('detail', { id: page.rows[1]!.id }));
    assert.ok(raw.error && raw.error.length > 0);
    assert.match(raw.hexPreview ?? '', /ff ?01/i);
    assert.equal(await ok(h.request('detail', { id: 999_999 })), null);
    h.host.dispose();
  });

  it('sends one throttled signal for a burst of 5,000 events, never one per event', async () => {
    const h = await harness();
    await h.host.receive({ type: 'ready' });
    h.clock.advance(1_000);
    const before = h.events('changed').length;
    const burst: ConsumedMessage[] = [];
    for (let i = 0; i < 2_500; i++) {
      burst.push(kserve('request', `b-${i}`, '{"instances": [[1, 2, 3, 4]]}'));
      burst.push(kserve('response', `b-${i}`, '{"predictions": [1]}'));
    }
    for (let i = 0; i < burst.length; i += 100) h.session.ingest(burst.slice(i, i + 100));
    // Without the clock moving, the whole burst yields at most the leading signal.
    assert.ok(h.events('changed').length - before <= 1, `${h.events('changed').length - before} signals`);
    h.clock.advance(100);
    const after = h.events('changed') as { stats: StoreStats }[];
    assert.ok(after.length - before <= 2);
    assert.equal(after.at(-1)?.stats.total, 5_000);
    assert.equal(after.at(-1)?.stats.rows, 1_000, 'bounded by the capacity');
    assert.equal(after.at(-1)?.stats.dropped, 1_500);
    h.host.dispose();
    // After dispose, nothing more is forwarded.
    const n = h.events('changed').length;
    h.session.ingest([kserve('request', 'late', '{}')]);
    h.clock.advance(1_000);
    assert.equal(h.events('changed').length, n);
  });

  it('refuses malformed requests with an error reply and acts on none of them', async () => {
    const h = await harness();
    await h.host.receive({ type: 'ready' });
    h.session.ingest([kserve('request', 'only', '{"instances": [[1, 2, 3, 4]]}')]);
    const cases: [string, unknown][] = [
      ['query', { offset: -1, limit: 10, filter: {}, fromEnd: false }],
      ['query', { offset: 0, limit: 100_000, filter: {}, fromEnd: false }],
      ['query', { offset: 0, limit: 10, filter: { kind: 'everything' }, fromEnd: false }],
      ['query', { offset: 0, limit: 10, filter: {}, fromEnd: false, extra: 1 }],
      ['restart', { startFrom: { timestampMs: 'yesterday' } }],
      ['copyEvent', { id: 1.5 }],
      ['deleteTopic', {}],
    ];
    for (const [method, params] of cases) {
      const r = await h.request(method, params);
      assert.equal(r.ok, false, `${method} ${JSON.stringify(params)} was accepted`);
    }
    assert.deepEqual(h.copied, []);
    // Not even a request: no reply, nothing happens.
    const count = h.posted.length;
    await h.host.receive('<script>alert(1)</script>');
    await h.host.receive({ type: 'request', method: 'query' });
    assert.equal(h.posted.length, count);
    h.host.dispose();
  });

  it('copies an event as JSON, and tells when it has gone', async () => {
    const h = await harness();
    await h.host.receive({ type: 'ready' });
    h.session.ingest([
      kserve('request', 'copy-me', '{"instances": [[1, 2, 3, 4]]}'),
      kserve('response', 'copy-me', '{"predictions": [2]}'),
    ]);
    const page = await ok(
      h.request<QueryReply>('query', { offset: 0, limit: 1, filter: {}, fromEnd: false }),
    );
    assert.deepEqual(await ok(h.request('copyEvent', { id: page.rows[0]!.id })), { copied: true });
    const copied = JSON.parse(h.copied[0]!) as { inferenceId: string; request: unknown; response: unknown };
    assert.equal(copied.inferenceId, 'copy-me');
    assert.deepEqual(copied.request, { format: 'v1', json: { instances: [[1, 2, 3, 4]] } });
    assert.deepEqual(copied.response, { format: 'v1', json: { predictions: [2] } });

    assert.ok((await ok(h.request<StoreStats>('clear', {}))).rows === 0);
    assert.deepEqual(await ok(h.request('copyEvent', { id: page.rows[0]!.id })), { copied: false });
    h.host.dispose();
  });

  it('sends a test request only when it is JSON', async () => {
    const h = await harness();
    await h.host.receive({ type: 'ready' });
    const bad = await h.request('sendTestRequest', { body: '{"instances": [[1, 2' });
    assert.equal(bad.ok, false);
    assert.match((bad as { error: string }).error, /not valid JSON/);
    assert.deepEqual(h.predicted, []);
    const good = await ok(
      h.request<{ response: string }>('sendTestRequest', { body: '{"instances": [[1, 2, 3, 4]]}' }),
    );
    assert.deepEqual(h.predicted, [{ instances: [[1, 2, 3, 4]] }]);
    assert.equal(good.response, '{\n  "predictions": [\n    0\n  ]\n}');
    h.host.dispose();
  });

  it('suggests a test request: the input example, else the newest logged request, else a V1 template', async () => {
    const empty = await harness();
    await empty.host.receive({ type: 'ready' });
    assert.deepEqual(await ok(empty.request('suggestTestRequest', {})), {
      body: '{\n  "instances": [\n    [\n      0\n    ]\n  ]\n}',
      source: 'template',
    });
    empty.session.ingest([kserve('request', 'w', '{"instances": [["n/a", 2.8, 5.1, 1.5]]}')]);
    const unanswered = await ok(empty.request<{ body: string; source: string }>('suggestTestRequest', {}));
    assert.equal(unanswered.source, 'logged');
    assert.deepEqual(JSON.parse(unanswered.body), { instances: [['n/a', 2.8, 5.1, 1.5]] });
    empty.session.ingest([
      kserve('request', 'x', '{"instances": [[5.1, 3.5, 1.4, 0.2]]}'),
      kserve('response', 'x', '{"predictions": [0]}'),
      kserve('request', 'y', '{"instances": [["bad", 2.8, 5.1, 1.5]]}'),
    ]);
    const logged = await ok(empty.request<{ body: string; source: string }>('suggestTestRequest', {}));
    assert.equal(logged.source, 'logged');
    assert.deepEqual(
      JSON.parse(logged.body),
      { instances: [[5.1, 3.5, 1.4, 0.2]] },
      'the newest answered one',
    );
    empty.host.dispose();

    const withExample = await harness('{"instances": [[1, 1, 1, 1]]}');
    await withExample.host.receive({ type: 'ready' });
    withExample.session.ingest([kserve('request', 'z', '{"instances": [[2, 2, 2, 2]]}')]);
    assert.deepEqual(await ok(withExample.request('suggestTestRequest', {})), {
      body: '{"instances": [[1, 1, 1, 1]]}',
      source: 'example',
    });
    withExample.host.dispose();
  });

  it('a suggestion asked for while the input example is still being read waits for it', async () => {
    let resolveExample!: (body: string | undefined) => void;
    const reading = new Promise<string | undefined>((r) => (resolveExample = r));
    const h = await harness(reading);
    await h.host.receive({ type: 'ready' });
    // A logged request is there already: without waiting, the suggestion would be that one.
    h.session.ingest([
      kserve('request', 'x', '{"instances": [[5.1, 3.5, 1.4, 0.2]]}'),
      kserve('response', 'x', '{"predictions": [0]}'),
    ]);
    const asked = h.request('suggestTestRequest', {});
    resolveExample('{"instances": [[6.3, 2.5, 5, 1.9]]}');
    assert.deepEqual(await ok(asked), { body: '{"instances": [[6.3, 2.5, 5, 1.9]]}', source: 'example' });
    h.host.dispose();

    const none = await harness(Promise.resolve(undefined));
    await none.host.receive({ type: 'ready' });
    assert.equal((await ok(none.request<{ source: string }>('suggestTestRequest', {}))).source, 'template');
    none.host.dispose();
  });

  it('filters on the host: text, errors only, undecodable only', async () => {
    const h = await harness();
    await h.host.receive({ type: 'ready' });
    h.session.ingest([
      kserve('request', 'a', '{"instances": [["setosa-like"]]}'),
      kserve('response', 'a', '{"predictions": [0]}'),
      kserve('request', 'b', '{"instances": [["virginica-like"]]}'),
      garbage(),
    ]);
    const q = (filter: unknown) =>
      ok(h.request<QueryReply>('query', { offset: 0, limit: 10, filter, fromEnd: false }));
    assert.deepEqual(
      (await q({ text: 'VIRGINICA' })).rows.map((r) => r.inferenceId),
      ['b'],
    );
    assert.deepEqual(
      (await q({ undecodableOnly: true })).rows.map((r) => r.kind),
      ['raw'],
    );
    assert.equal((await q({ errorsOnly: true })).total, 0, 'a pending request is not an error yet');
    const hist = await ok(h.request<{ events: number[] }>('histogram', { filter: {}, maxBuckets: 10 }));
    assert.equal(
      hist.events.reduce((a, b) => a + b, 0),
      3,
    );
    h.host.dispose();
  });
});

/** A promise the test settles when it chooses: a session build that takes as long as the test says. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A factory whose builds wait for the test, and that records the order of what it did. */
function gatedFactory(clock: ManualClock) {
  const gates: ReturnType<typeof deferred>[] = [];
  const built: CountedSession[] = [];
  const steps: string[] = [];
  let failure: Error | undefined;
  const describeStart = (s: StartFrom) => (typeof s === 'string' ? s : `t=${s.timestampMs}`);
  const create: SessionFactory = async (startFrom) => {
    steps.push(`build ${describeStart(startFrom)}`);
    const gate = deferred();
    gates.push(gate);
    await gate.promise;
    if (failure) throw failure;
    const s = new CountedSession(clock, startFrom);
    built.push(s);
    steps.push(`built ${describeStart(startFrom)}`);
    return s;
  };
  return {
    create,
    gates,
    built,
    steps,
    fail(err: Error | undefined) {
      failure = err;
    },
    /** Lets the next build (once asked for) finish. */
    async release(n: number) {
      await waitFor(() => gates.length > n, `build #${n + 1} to be asked for`);
      gates[n]!.resolve();
    },
  };
}

const DISCONNECTED: ConsumerState = {
  state: 'error',
  message: 'Disconnected from Hopsworks — connect again to resume.',
  action: 'The rows shown stay readable: export or copy them.',
};

describe('the session a log view reads through (ConnectionLogSession)', () => {
  it('says "connecting" while a session is built; a failed build is the error state with what to do; Restart builds again', async () => {
    const clock = new ManualClock(1_000_000);
    const f = gatedFactory(clock);
    f.fail(new Error('Could not find the Kafka brokers of project demo.'));
    const holder = new ConnectionLogSession({
      create: f.create,
      startFrom: 'latest',
      capacity: 1000,
      describeFailure: (err) => ({ message: (err as Error).message, action: 'Press Restart once fixed.' }),
    });
    const states: ConsumerState[] = [];
    holder.onState((s) => states.push(s));
    const dir = await mkdtemp(path.join(tmpdir(), 'log-holder-'));
    try {
      const started = holder.start();
      assert.equal(holder.reading, true);
      assert.deepEqual(holder.state, { state: 'connecting' });
      assert.deepEqual(holder.query({ limit: 10 }), { total: 0, rows: [] });
      assert.equal(holder.stats().capacity, 1000);
      assert.equal(holder.stats().rows, 0);
      await assert.rejects(
        holder.exportTo(path.join(dir, 'none.jsonl'), 'jsonl', {}),
        /^Error: There is nothing to export yet: the log session is not running\.$/,
      );
      await f.release(0);
      await started;
      assert.deepEqual(holder.state, {
        state: 'error',
        message: 'Could not find the Kafka brokers of project demo.',
        action: 'Press Restart once fixed.',
      });
      assert.deepEqual(states, [{ state: 'connecting' }, holder.state]);
      assert.equal(holder.reading, true, 'a failed build still reads with the connection (Restart retries)');

      f.fail(undefined);
      const restarted = holder.restart('earliest');
      await f.release(1);
      await restarted;
      assert.equal(holder.position, 'earliest');
      const built = f.built[0];
      assert.ok(built);
      assert.equal(built.startFrom, 'earliest');
      built.ingest([kserve('request', 'r-1', '{"instances": [[1, 2, 3, 4]]}')]);
      const page = holder.query({ limit: 10 });
      assert.equal(page.total, 1);
      assert.equal(holder.get(page.rows[0]!.id), built.getRow(page.rows[0]!.id));
      assert.deepEqual(holder.state, built.state, 'the state is the session’s once it exists');
    } finally {
      await holder.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('restarts run one after another: a second build waits for the first, and only the last session stays', async () => {
    const clock = new ManualClock(1_000_000);
    const f = gatedFactory(clock);
    const holder = new ConnectionLogSession({ create: f.create, startFrom: 'latest', capacity: 1000 });
    const started = holder.start();
    await f.release(0);
    await started;
    f.built[0]!.ingest([kserve('request', 'old', '{"instances": [[1, 2, 3, 4]]}')]);

    const first = holder.restart({ timestampMs: 1_718_000_000_000 });
    const second = holder.restart('earliest');
    await f.release(1);
    await f.release(2);
    await Promise.all([first, second]);
    assert.deepEqual(f.steps, [
      'build latest',
      'built latest',
      'build t=1718000000000',
      'built t=1718000000000',
      'build earliest',
      'built earliest',
    ]);
    assert.deepEqual(
      f.built.map((s) => s.disposals),
      [1, 1, 0],
    );
    assert.equal(holder.position, 'earliest');
    assert.equal(holder.query({ limit: 10 }).total, 0, 'the rows start over');
    f.built[1]!.ingest([kserve('request', 'replaced', '{}')]);
    f.built[2]!.ingest([kserve('request', 'current', '{}')]);
    assert.deepEqual(
      holder.query({ limit: 10 }).rows.map((r) => r.inferenceId),
      ['current'],
    );
    await holder.dispose();
    assert.equal(f.built[2]!.disposals, 1);
  });

  it('stopping drops the session but keeps its rows readable, filterable and exportable, and says why', async () => {
    const { session, holder } = readingOne(new ManualClock(1_000_000));
    await holder.start();
    session.ingest([
      kserve('request', 'a', '{"instances": [[5.1, 3.5, 1.4, 0.2]]}'),
      kserve('response', 'a', '{"predictions": [0]}'),
      garbage(),
      kserve('request', 'b', '{"instances": [[6.2, 2.9, 4.3, 1.3]]}'),
    ]);
    const before = holder.query({ limit: 10 });
    let changed = 0;
    holder.onChanged(() => changed++);
    const states: ConsumerState[] = [];
    holder.onState((s) => states.push(s));
    const dir = await mkdtemp(path.join(tmpdir(), 'log-holder-'));
    try {
      await holder.stop(DISCONNECTED);
      assert.equal(holder.reading, false);
      assert.equal(session.disposals, 1, 'the Kafka session (and its credentials) is still held');
      assert.deepEqual(holder.state, DISCONNECTED);
      assert.deepEqual(states, [DISCONNECTED]);
      assert.equal(changed, 1, 'the panel is told once to pull again');

      assert.deepEqual(holder.query({ limit: 10 }), before);
      assert.deepEqual(
        holder.query({ limit: 10, order: 'newest-first' }).rows.map((r) => r.inferenceId),
        ['b', '', 'a'],
      );
      assert.deepEqual(
        holder.query({ limit: 10, filter: { kind: 'pair' } }).rows.map((r) => r.inferenceId),
        ['a'],
      );
      assert.equal(holder.get(before.rows[0]!.id), before.rows[0]);
      const h = holder.histogram(60);
      assert.equal(
        h.events.reduce((a, b) => a + b, 0),
        3,
      );
      assert.equal(holder.stats().rows, 3);
      assert.equal(holder.stats().undecodable, 1);
      assert.equal(holder.stats().eventsPerSecond, 0);
      const file = path.join(dir, 'kept.jsonl');
      assert.deepEqual(await holder.exportTo(file, 'jsonl', {}), { rows: 3 });
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      assert.equal(lines.length, 3);
      assert.equal((JSON.parse(lines[0]!) as { inferenceId?: string }).inferenceId, 'a');

      // Nothing the old session still receives reaches the view; pause and resume have nothing to act on.
      session.ingest([kserve('request', 'late', '{}')]);
      holder.pause();
      holder.resume();
      assert.equal(holder.query({ limit: 0 }).total, 3);

      // Told again (the connection came back), it stays stopped with its rows and shows the new words.
      const back: ConsumerState = {
        state: 'error',
        message: 'Connected to project demo on 127.0.0.1:28181 again.',
        action: 'Press Restart to read the logs again (the rows shown now are replaced).',
      };
      await holder.stop(back);
      assert.deepEqual(holder.state, back);
      assert.equal(holder.query({ limit: 0 }).total, 3);
      assert.equal(changed, 1);

      holder.clear();
      assert.equal(holder.query({ limit: 0 }).total, 0);
      assert.equal(holder.stats().rows, 0);
      assert.equal(holder.stats().capacity, 1000);
    } finally {
      await holder.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('Restart is refused while cut off, losing nothing; once allowed it reads again with a new session', async () => {
    const clock = new ManualClock(1_000_000);
    const built: CountedSession[] = [];
    let blocked: string | undefined;
    const holder = new ConnectionLogSession({
      create: (from) => {
        const s = new CountedSession(clock, from);
        built.push(s);
        return Promise.resolve(s);
      },
      startFrom: 'latest',
      capacity: 1000,
      blocked: () => blocked,
    });
    await holder.start();
    built[0]!.ingest([kserve('request', 'kept', '{}')]);
    await holder.stop(DISCONNECTED);

    blocked = 'Disconnected from Hopsworks — connect again to resume.';
    await assert.rejects(holder.restart('earliest'), /^Error: Disconnected from Hopsworks — connect again/);
    assert.equal(holder.query({ limit: 0 }).total, 1, 'a refused Restart lost rows');
    assert.equal(holder.reading, false);
    assert.equal(built.length, 1, 'a refused Restart built a session');
    assert.deepEqual(holder.state, DISCONNECTED);

    blocked = undefined;
    await holder.restart('earliest');
    assert.equal(holder.reading, true);
    assert.equal(built.length, 2);
    assert.equal(built[1]!.startFrom, 'earliest');
    assert.equal(holder.position, 'earliest');
    assert.equal(holder.query({ limit: 0 }).total, 0, 'the kept rows are replaced');
    built[1]!.ingest([kserve('request', 'new', '{}')]);
    assert.deepEqual(
      holder.query({ limit: 10 }).rows.map((r) => r.inferenceId),
      ['new'],
    );
    // While reading, Restart is a restart: it does not ask whether the connection allows it.
    blocked = 'never asked';
    await holder.restart('latest');
    assert.equal(built.length, 3);
    await holder.dispose();
  });

  it('a session that finishes building after a stop or a dispose is disposed and never shown', async () => {
    const clock = new ManualClock(1_000_000);
    const f = gatedFactory(clock);
    const holder = new ConnectionLogSession({ create: f.create, startFrom: 'latest', capacity: 1000 });
    const started = holder.start();
    await waitFor(() => f.gates.length === 1, 'the build to be asked for');
    const stopped = holder.stop(DISCONNECTED);
    f.gates[0]!.resolve();
    await Promise.all([stopped, started]);
    assert.equal(f.built[0]?.disposals, 1);
    assert.equal(holder.reading, false);
    assert.deepEqual(holder.state, DISCONNECTED);
    assert.equal(holder.query({ limit: 0 }).total, 0);

    // Reading again need not wait for anything left over from before the stop.
    const again = holder.restart('earliest');
    await f.release(1);
    await again;
    assert.equal(holder.reading, true);
    f.built[1]!.ingest([kserve('request', 'shown', '{}')]);
    assert.equal(holder.query({ limit: 0 }).total, 1);
    await holder.dispose();

    const g = gatedFactory(clock);
    const closing = new ConnectionLogSession({ create: g.create, startFrom: 'latest', capacity: 1000 });
    const states: ConsumerState[] = [];
    closing.onState((s) => states.push(s));
    const building = closing.start();
    await waitFor(() => g.gates.length === 1, 'the build to be asked for');
    const disposed = closing.dispose();
    g.gates[0]!.resolve();
    await Promise.all([disposed, building]);
    assert.equal(g.built[0]?.disposals, 1);
    assert.equal(closing.reading, false);
    assert.deepEqual(states, [{ state: 'connecting' }], 'a disposed view was told of the built session');
  });

  it('hands every added or updated row to its row listeners (the Output tail) until disposed', async () => {
    const { session, holder } = readingOne(new ManualClock(1_000_000));
    const seen: string[] = [];
    holder.onRow((row, change) => seen.push(`${change} ${row.kind} ${row.inferenceId}`));
    await holder.start();
    session.ingest([kserve('request', 'x', '{"instances": [[1]]}')]);
    session.ingest([kserve('response', 'x', '{"predictions": [1]}')]);
    assert.deepEqual(seen, ['added request x', 'updated pair x']);
    await holder.dispose();
    assert.equal(session.disposals, 1);
    assert.equal(holder.query({ limit: 0 }).total, 0);
  });
});
