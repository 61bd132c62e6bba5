// The log panel's host logic (vscode-free) over a real pipeline session fed with encoded KServe records
// through its public `ingest` (no broker), with a hand-driven clock so the throttled signal is counted
// exactly. The test plays the webview: raw messages in, posted messages out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InferenceLogSession, ManualClock, avroTypeFor } from '../../src/inferenceLog';
import type { ConsumedMessage } from '../../src/inferenceLog';
import { createLogViewerHost } from '../../src/panels/logViewerHost';
import type { LogViewerHost, LogViewerSession } from '../../src/panels/logViewerHost';
import type { PanelInfo, QueryReply, RowDetail, StoreStats } from '../../src/protocol/logViewer';
import type { HostMessage } from '../../src/protocol/messages';

const V4 =
  '{"type":"record","name":"inferencelog","fields":[{"name":"servingId","type":"int"},{"name":"modelName","type":"string"},{"name":"modelVersion","type":"int"},{"name":"requestTimestamp","type":"long"},{"name":"responseHttpCode","type":"int"},{"name":"inferenceId","type":"string"},{"name":"messageType","type":"string"},{"name":"payload","type":"string"}]}';
const v4 = avroTypeFor(V4);

const INFO: PanelInfo = {
  deploymentName: 'irisclassifier',
  modelName: 'irisclassifier',
  modelVersion: 3,
  servingTool: 'KSERVE',
  topic: 'irisclassifier-inf4821',
  loggingMode: 'ALL',
  capacity: 1000,
  startFrom: 'latest',
  tailing: false,
};

let offset = 0;
function kserve(messageType: 'request' | 'response', inferenceId: string, payload: string): ConsumedMessage {
  return {
    partition: 0,
    offset: String(offset++),
    timestampMs: 1718007125000,
    key: null,
    value: v4.toBuffer({
      servingId: 12,
      modelName: 'irisclassifier',
      modelVersion: 3,
      requestTimestamp: 1718007125,
      responseHttpCode: messageType === 'response' ? 200 : 0,
      inferenceId,
      messageType,
      payload,
    }),
  };
}

function garbage(): ConsumedMessage {
  return {
    partition: 0,
    offset: String(offset++),
    timestampMs: 1718007125000,
    key: null,
    value: Buffer.from([0xff, 0x01]),
  };
}

/** The pipeline session as the panel sees it (restart is the holder's job, not under test here). */
function asPanelSession(s: InferenceLogSession): LogViewerSession {
  return {
    get state() {
      return s.state;
    },
    query: (r) => s.query(r),
    get: (id) => s.getRow(id),
    histogram: (n, f) => s.histogram(n, f),
    stats: () => s.stats(),
    onChanged: (l) => s.onChanged(l),
    onState: (l) => s.onState(l),
    pause: () => s.pause(),
    resume: () => s.resume(),
    clear: () => s.clear(),
    restart: () => Promise.resolve(),
    exportTo: async (p, f, filter) => ({ rows: (await s.exportTo(p, f, filter)).rows }),
  };
}

interface Harness {
  clock: ManualClock;
  session: InferenceLogSession;
  host: LogViewerHost;
  posted: HostMessage[];
  copied: string[];
  predicted: unknown[];
  request<T>(
    method: string,
    params: unknown,
  ): Promise<{ ok: true; result: T } | { ok: false; error: string }>;
  events(name: string): unknown[];
}

function harness(example?: string): Harness {
  const clock = new ManualClock(1_000_000);
  const session = new InferenceLogSession({
    brokers: ['127.0.0.1:9'],
    topic: 'irisclassifier-inf4821',
    schemaJson: V4,
    schemaVersion: 4,
    servingTool: 'KSERVE',
    capacity: 1000,
    clock,
  });
  const posted: HostMessage[] = [];
  const copied: string[] = [];
  const predicted: unknown[] = [];
  let id = 1;
  const host = createLogViewerHost({
    session: asPanelSession(session),
    info: () => INFO,
    testRequestExample: () => example,
    post: (m) => posted.push(structuredClone(m)),
    effects: {
      pickExportPath: () => Promise.resolve(undefined),
      copyText: (t) => {
        copied.push(t);
        return Promise.resolve();
      },
      toggleTail: () => Promise.resolve(true),
      predict: (body) => {
        predicted.push(body);
        return Promise.resolve({ predictions: [0] });
      },
      log: () => undefined,
    },
  });
  return {
    clock,
    session,
    host,
    posted,
    copied,
    predicted,
    async request<T>(method: string, params: unknown) {
      const rid = id++;
      await host.receive({ type: 'request', id: rid, method, params });
      const reply = posted.find((m) => m.type === 'response' && m.id === rid);
      assert.ok(reply && reply.type === 'response', `no reply to ${method}`);
      return reply.ok
        ? { ok: true as const, result: reply.result as T }
        : { ok: false as const, error: reply.error };
    },
    events: (name) =>
      posted
        .filter((m) => m.type === 'event' && m.name === name)
        .map((m) => (m as { payload: unknown }).payload),
  };
}

async function ok<T>(p: Promise<{ ok: true; result: T } | { ok: false; error: string }>): Promise<T> {
  const r = await p;
  if (!r.ok) assert.fail(r.error);
  return r.result;
}

describe('log viewer host', () => {
  it('answers ready with init, and pulls paired and raw rows as pages', async () => {
    const h = harness();
    await h.host.receive({ type: 'ready' });
    const [init] = h.events('init') as { info: PanelInfo; stats: StoreStats }[];
    assert.deepEqual(init?.info, INFO);
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
    const h = harness();
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
    const h = harness();
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
    const h = harness();
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
    const h = harness();
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
    const empty = harness();
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

    const withExample = harness('{"instances": [[1, 1, 1, 1]]}');
    await withExample.host.receive({ type: 'ready' });
    withExample.session.ingest([kserve('request', 'z', '{"instances": [[2, 2, 2, 2]]}')]);
    assert.deepEqual(await ok(withExample.request('suggestTestRequest', {})), {
      body: '{"instances": [[1, 1, 1, 1]]}',
      source: 'example',
    });
    withExample.host.dispose();
  });

  it('filters on the host: text, errors only, undecodable only', async () => {
    const h = harness();
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
