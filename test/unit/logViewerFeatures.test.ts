// The log panel's feature view on the host (vscode-free): pages of feature rows from a real pipeline session
// fed with encoded KServe records, the feature filter checked and applied on the host, the schema-fit flag and
// its reasons, statistics of the window, and the choice of the drift reference. The test plays the webview:
// raw messages in, posted messages out, on a hand-driven clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/inferenceLog';
import type { ConsumedMessage } from '../../src/inferenceLog';
import { chooseReference } from '../../src/panels/logViewer/features/driftReferences';
import type { FeatureSources } from '../../src/panels/logViewer/features/featureSources';
import type { PanelInfo, QueryReply, RowDetail } from '../../src/protocol/logViewer';
import type {
  DriftReply,
  FeaturePageReply,
  FeatureStatsReply,
  FilterCheck,
} from '../../src/protocol/logViewerFeatures';
import { aGarbageMessage, aKServeMessage } from '../builders/consumedMessages';
import { FedSession, IRIS_PANEL_INFO, aTalkingHost, holderOf } from '../builders/logViewerHost';
import type { TalkingHost } from '../builders/logViewerHost';
import {
  IRIS_FEATURES,
  anIrisSchema,
  featureSourcesOf,
  irisTrainingStatistics,
  irisValue,
} from '../builders/modelFiles';
import { waitFor } from '../support/wait';

const T0 = 1_718_007_125_000;

const INFO: PanelInfo = { ...IRIS_PANEL_INFO, capacity: 10_000 };

interface Harness extends TalkingHost {
  clock: ManualClock;
  session: FedSession;
}

async function harness(sources: FeatureSources, info: PanelInfo = INFO): Promise<Harness> {
  // Event times are whole seconds from T0; the clock stands a little after them.
  const clock = new ManualClock(T0 + 10_000);
  const session = new FedSession({ clock, capacity: 10_000 });
  const holder = holderOf(session, 10_000);
  await holder.start();
  const talk = aTalkingHost({ session: holder, info: () => info, featureSources: sources, clock });
  await talk.host.receive({ type: 'ready' });
  return { ...talk, clock, session };
}

let calls = 0;
/** One KServe call (request + response) at T0 + `second` s, with these instances and predictions. */
function call(instances: unknown[], predictions: unknown[], second = 0, version = 3): ConsumedMessage[] {
  const id = `call-${calls++}`;
  const record = { requestTimestamp: T0 / 1000 + second, modelVersion: version };
  return [
    aKServeMessage('request', id, { ...record, payload: JSON.stringify({ instances }) }),
    aKServeMessage('response', id, { ...record, payload: JSON.stringify({ predictions }) }),
  ];
}

const page = (over: Record<string, unknown> = {}) => ({
  offset: 0,
  limit: 50,
  filter: {},
  fromEnd: false,
  features: {},
  ...over,
});

const irisSources = () =>
  featureSourcesOf({
    schemas: { 3: anIrisSchema() },
    training: {
      3: { statistics: irisTrainingStatistics(), label: 'training dataset v2 of iris_features v1' },
    },
  });

/** Three calls: one instance, a batch of three, one with text where a number belongs; then garbage. */
function scene(h: Harness): void {
  h.session.ingest([
    ...call([[5.1, 3.5, 1.4, 0.2]], [0]),
    ...call(
      [
        [6.2, 2.9, 4.3, 1.3],
        [7.7, 3.0, 6.1, 2.3],
        [5.0, 3.4, 1.5, 0.2],
      ],
      [1, 2, 0],
      1,
    ),
    ...call([[5.9, 3.0, 'n/a', 1.8]], [2], 2),
    aGarbageMessage(),
  ]);
}

describe('feature columns on the host', () => {
  it('pages one line per instance, named from the model schema, predictions beside them', async () => {
    const h = await harness(irisSources());
    scene(h);
    await waitFor(() => h.host.features.columns().loaded, 'the schema of v3');
    const all = await h.ok<FeaturePageReply>('featurePage', page());
    assert.equal(all.total, 6, 'one line per instance, and one for the undecodable message');
    assert.deepEqual(all.inputs, { source: 'model-schema', names: [...IRIS_FEATURES], hidden: 0 });
    assert.deepEqual(all.outputs.names, ['variety']);
    assert.deepEqual(
      all.lines.map((l) => [l.instance, l.instances, ...l.inputs, ...l.outputs]),
      [
        [0, 1, '5.1', '3.5', '1.4', '0.2', '0'],
        [0, 3, '6.2', '2.9', '4.3', '1.3', '1'],
        [1, 3, '7.7', '3', '6.1', '2.3', '2'],
        [2, 3, '5', '3.4', '1.5', '0.2', '0'],
        [0, 1, '5.9', '3', 'n/a', '1.8', '2'],
        [0, 1, null, null, null, null, null],
      ],
    );
    assert.equal(all.lines[4]?.misfit, '"petal_length" is "n/a" (text); the model\'s schema says double');
    assert.equal(all.lines[5]?.kind, 'raw');

    // A page in the middle starts inside the batch; the newest page ends at the last line.
    const middle = await h.ok<FeaturePageReply>('featurePage', page({ offset: 2, limit: 2 }));
    assert.deepEqual(
      middle.lines.map((l) => [l.id, l.instance]),
      [
        [all.lines[2]!.id, 1],
        [all.lines[3]!.id, 2],
      ],
    );
    const newest = await h.ok<FeaturePageReply>('featurePage', page({ limit: 2, fromEnd: true }));
    assert.equal(newest.offset, 4);
    assert.deepEqual(
      newest.lines.map((l) => l.inputs[2]),
      ['n/a', null],
    );
  });

  it('uses positional names until the schema arrives, then says so with a changed signal', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow: FeatureSources = {
      ...irisSources(),
      modelSchema: async () => {
        await gate;
        return anIrisSchema();
      },
    };
    const h = await harness(slow);
    h.session.ingest(call([[5.1, 3.5, 1.4, 0.2]], [0]));
    const before = await h.ok<FeaturePageReply>('featurePage', page());
    assert.deepEqual(before.inputs.names, ['f0', 'f1', 'f2', 'f3']);
    assert.equal(before.inputs.source, 'positional');
    assert.deepEqual(before.outputs.names, ['prediction']);
    const signals = h.events('changed').length;
    release();
    await waitFor(() => h.events('changed').length > signals, 'a changed signal once the schema is read');
    const after = await h.ok<FeaturePageReply>('featurePage', page());
    assert.deepEqual(after.inputs.names, [...IRIS_FEATURES]);
  });

  it('names columns from the input example when the version has no schema; else f0, f1, …', async () => {
    const h = await harness(featureSourcesOf({ examples: { 2: { sepal_length: 5.1, sepal_width: 3.5 } } }), {
      ...INFO,
      modelVersion: 2,
    });
    h.session.ingest(call([{ sepal_length: 6.1, sepal_width: 2.8 }], [1], 0, 2));
    h.session.ingest(call([[1, 2, 3]], [0], 1, 4));
    await waitFor(() => h.host.features.columns().loaded, 'the files of v2');
    const p = await h.ok<FeaturePageReply>('featurePage', page());
    assert.equal(p.inputs.source, 'input-example');
    // The deployment's version leads the header; v4's positional columns follow.
    assert.deepEqual(p.inputs.names, ['sepal_length', 'sepal_width', 'f0', 'f1', 'f2']);
    assert.deepEqual(
      p.lines.map((l) => l.inputs),
      [
        ['6.1', '2.8', null, null, null],
        [null, null, '1', '2', '3'],
      ],
    );
  });

  it('never sends more lines than asked, and refuses a page larger than the bound', async () => {
    const h = await harness(irisSources());
    const batch = Array.from({ length: 700 }, (_, i) => [i, 3, 1, 0.2]);
    h.session.ingest(
      call(
        batch,
        batch.map(() => 0),
      ),
    );
    const p = await h.ok<FeaturePageReply>('featurePage', page({ limit: 500, fromEnd: true }));
    assert.equal(p.total, 700);
    assert.equal(p.lines.length, 500);
    assert.equal(p.offset, 200);
    assert.equal(p.lines[0]?.instance, 200);
    const refused = await h.request('featurePage', page({ limit: 501 }));
    assert.equal(refused.ok, false);
  });
});

describe('feature filter on the host', () => {
  it('checks an expression against the known columns and says where it goes wrong', async () => {
    const h = await harness(irisSources());
    scene(h);
    await waitFor(() => h.host.features.columns().loaded, 'the schema of v3');
    const check = (expression: string) => h.ok<FilterCheck>('checkFeatureFilter', { expression });
    assert.deepEqual(await check('sepal_length > 6 and variety = 2'), { ok: true });
    assert.deepEqual(await check('version = 3 and petal_length is missing'), { ok: true });
    const cut = await check('sepal_length >');
    assert.equal(cut.ok, false);
    assert.equal(cut.ok === false && cut.position, 14);
    const misspelt = await check('sepal_lenght > 6');
    assert.deepEqual(misspelt.ok === false && [misspelt.position, misspelt.length], [0, 12]);
    assert.match(
      misspelt.ok === false ? misspelt.reason : '',
      /^Unknown name "sepal_lenght" \(features: sepal_length/,
    );
    // Names that mean something to JavaScript are only unknown names here: nothing is evaluated.
    for (const hostile of ['constructor = 1', '__proto__ > 0', 'toString is missing']) {
      const r = await check(hostile);
      assert.equal(r.ok, false, hostile);
      assert.match(r.ok === false ? r.reason : '', /^Unknown name/);
    }
    const tooLong = await h.request('checkFeatureFilter', { expression: 'a'.repeat(2_001) });
    assert.equal(tooLong.ok, false);
  });

  it('filters instances in the feature table and whole rows in the payload table', async () => {
    const h = await harness(irisSources());
    scene(h);
    await waitFor(() => h.host.features.columns().loaded, 'the schema of v3');
    const lines = await h.ok<FeaturePageReply>(
      'featurePage',
      page({ features: { expression: 'sepal_length > 6 or variety = 0' } }),
    );
    assert.deepEqual(
      lines.lines.map((l) => [l.inputs[0], l.outputs[0]]),
      [
        ['5.1', '0'],
        ['6.2', '1'],
        ['7.7', '2'],
        ['5', '0'],
      ],
    );
    const rows = await h.ok<QueryReply>(
      'featureQuery',
      page({ features: { expression: 'sepal_length >= 7.7' } }),
    );
    assert.equal(rows.total, 1);
    assert.match(rows.rows[0]?.preview ?? '', /7\.7/);
    // The table's other filters apply first.
    const none = await h.ok<QueryReply>(
      'featureQuery',
      page({ filter: { kind: 'raw' }, features: { expression: 'sepal_length >= 7.7' } }),
    );
    assert.equal(none.total, 0);
    const bad = await h.request('featurePage', page({ features: { expression: 'sepal_length >' } }));
    assert.deepEqual(bad, {
      ok: false,
      error:
        'Feature filter: Expected a value after ">", found the end of the filter (at column 15). Correct it, or clear it to see every row.',
    });
  });

  it('counts a request again when its response joins it (a filter on the prediction)', async () => {
    const h = await harness(irisSources());
    await waitFor(() => h.host.features.columns().loaded, 'the schema of v3');
    const [request, response] = call([[6.3, 3.3, 6.0, 2.5]], [2]);
    const byPrediction = page({ features: { expression: 'variety = 2' } });
    h.session.ingest([request!]);
    assert.equal((await h.ok<FeaturePageReply>('featurePage', byPrediction)).total, 0);
    assert.equal((await h.ok<QueryReply>('featureQuery', byPrediction)).total, 0);
    h.session.ingest([response!]);
    const joined = await h.ok<FeaturePageReply>('featurePage', byPrediction);
    assert.equal(joined.total, 1);
    assert.deepEqual(joined.lines[0]?.outputs, ['2']);
    assert.equal((await h.ok<QueryReply>('featureQuery', byPrediction)).total, 1);
  });

  it('shows only rows that do not fit the schema, with the reasons in the detail', async () => {
    const h = await harness(irisSources());
    scene(h);
    h.session.ingest(call([[1, 2, 3]], [0], 3));
    await waitFor(() => h.host.features.columns().loaded, 'the schema of v3');
    const misfits = await h.ok<QueryReply>('featureQuery', page({ features: { misfitOnly: true } }));
    assert.equal(misfits.total, 2);
    const [textValue, short] = misfits.rows;
    const detail = await h.ok<RowDetail>('detail', { id: textValue!.id });
    assert.deepEqual(detail.fit, {
      verdict: 'misfit',
      against: "the model's schema",
      reasons: ['"petal_length" is "n/a" (text); the model\'s schema says double'],
    });
    const shortDetail = await h.ok<RowDetail>('detail', { id: short!.id });
    assert.deepEqual(shortDetail.fit?.reasons, [
      "has 3 values; the model's schema has 4 (sepal_length, sepal_width, petal_length, petal_width)",
    ]);
    const lines = await h.ok<FeaturePageReply>('featurePage', page({ features: { misfitOnly: true } }));
    assert.equal(lines.total, 2);
    assert.ok(lines.lines.every((l) => l.misfit));
    const first = (await h.ok<FeaturePageReply>('featurePage', page())).lines[0]!;
    const fits = await h.ok<RowDetail>('detail', { id: first.id });
    assert.deepEqual(fits.fit, { verdict: 'fits', against: "the model's schema", reasons: [] });
  });

  it('checks nothing without a schema or an input example', async () => {
    const h = await harness(featureSourcesOf({}));
    h.session.ingest(call([[5.9, 3.0, 'n/a']], [2]));
    await waitFor(() => h.host.features.columns().loaded, 'the (absent) files of v3');
    const misfits = await h.ok<QueryReply>('featureQuery', page({ features: { misfitOnly: true } }));
    assert.equal(misfits.total, 0);
    const row = (await h.ok<QueryReply>('featureQuery', page())).rows[0]!;
    const detail = await h.ok<RowDetail>('detail', { id: row.id });
    assert.deepEqual(detail.fit, { verdict: 'unchecked', reasons: [] });
  });
});

describe('statistics and drift of the window on the host', () => {
  /** `n` calls of one instance each, one per 100 ms from T0, sepal_width moved by `shift`. */
  function traffic(h: Harness, n: number, shift = 0, startSecond = 0): void {
    for (let i = 0; i < n; i++) {
      const values = IRIS_FEATURES.map((_, f) => irisValue(f, (i * 7919) % n, n) + (f === 1 ? shift : 0));
      h.session.ingest(call([values], [i % 3], startSecond + Math.floor(i / 10)));
    }
  }
  const stats = { filter: {}, features: {}, windowMs: 60_000 };

  it('counts the features and predictions of the rows the table shows, in the window', async () => {
    const h = await harness(irisSources());
    scene(h);
    await waitFor(() => h.host.features.columns().loaded, 'the schema of v3');
    const s = await h.ok<FeatureStatsReply>('featureStats', stats);
    assert.equal(s.rows, 3);
    assert.deepEqual(
      s.inputs.map((c) => [c.name, c.count, c.missing]),
      IRIS_FEATURES.map((n) => [n, 5, 0]),
    );
    const petal = s.inputs.find((c) => c.name === 'petal_length')!;
    assert.equal(petal.kind, 'mixed');
    assert.deepEqual(petal.categorical?.top, [{ value: 'n/a', count: 1 }]);
    assert.equal(s.inputs[0]?.numeric?.min, 5);
    assert.equal(s.inputs[0]?.numeric?.max, 7.7);
    assert.deepEqual(
      s.outputs.map((c) => [c.name, c.count]),
      [['variety', 5]],
    );

    // The feature filter narrows the statistics as it narrows the table.
    const narrowed = await h.ok<FeatureStatsReply>('featureStats', {
      ...stats,
      features: { expression: 'sepal_length > 6' },
    });
    assert.equal(narrowed.rows, 1);

    // Rows keep coming: the window follows them; older than the window, they leave it.
    h.session.ingest(call([[6.0, 3.0, 4.0, 1.0]], [1], 5));
    const more = await h.ok<FeatureStatsReply>('featureStats', stats);
    assert.equal(more.rows, 4);
    h.clock.advance(120_000);
    const later = await h.ok<FeatureStatsReply>('featureStats', stats);
    assert.equal(later.rows, 0);
  });

  it('starts over on Clear', async () => {
    const h = await harness(irisSources());
    scene(h);
    assert.equal((await h.ok<FeatureStatsReply>('featureStats', stats)).rows, 3);
    await h.ok('clear', {});
    assert.equal((await h.ok<FeatureStatsReply>('featureStats', stats)).rows, 0);
  });

  it('measures drift against the training dataset when the version links one: only the moved feature drifts', async () => {
    const h = await harness(irisSources());
    traffic(h, 300, 1.5);
    const reply = await h.ok<DriftReply>('drift', stats);
    assert.deepEqual(reply.training, { state: 'loading' });
    await waitFor(() => h.events('changed').length > 0, 'a signal once the training statistics are read');
    const d = await h.ok<DriftReply>('drift', stats);
    assert.deepEqual(d.training, { state: 'ready', label: 'training dataset v2 of iris_features v1' });
    assert.equal(d.used, 'training');
    assert.equal(d.inputs?.reference.label, 'training dataset v2 of iris_features v1');
    assert.deepEqual(
      d.inputs?.features.map((f) => [f.name, f.status]),
      [
        ['sepal_length', 'stable'],
        ['sepal_width', 'drift'],
        ['petal_length', 'stable'],
        ['petal_width', 'stable'],
      ],
    );
    assert.ok((d.inputs?.features[1]?.psi ?? 0) >= 0.2);
    // The label is the model's output: set aside, not shown as a feature missing from the requests.
    assert.deepEqual(d.inputs?.skipped, [
      { name: 'variety', reason: "The model's output (the training label), not a request feature." },
    ]);
    assert.match(d.definition, /10 equal-frequency bins/);
    assert.equal(d.threshold, 0.2);
  });

  it('without a training dataset, measures against a window the person captured', async () => {
    const h = await harness(featureSourcesOf({ schemas: { 3: anIrisSchema() } }));
    traffic(h, 300);
    await waitFor(() => h.host.features.columns().loaded, 'the schema of v3');
    const before = await h.ok<DriftReply>('drift', stats);
    assert.equal(before.used, undefined);
    await waitFor(() => h.events('changed').length > 0, 'the training answer');
    const none = await h.ok<DriftReply>('drift', stats);
    assert.deepEqual(none.training, { state: 'none', reason: 'v3 links no training dataset.' });
    assert.equal(none.inputs, undefined);

    const captured = await h.ok<DriftReply>('captureDriftReference', stats);
    assert.equal(captured.used, 'window');
    assert.match(captured.window?.label ?? '', /^the window \d\d:\d\d–\d\d:\d\d \(300 rows\)$/);
    assert.ok(captured.inputs?.features.every((f) => f.status === 'stable'));
    assert.deepEqual(
      captured.outputs?.features.map((f) => f.name),
      ['variety'],
    );

    // A minute later the traffic has moved: the window now holds only moved rows.
    h.clock.advance(60_000);
    traffic(h, 300, 1.5, 60);
    const later = await h.ok<DriftReply>('drift', stats);
    assert.deepEqual(
      later.inputs?.features.filter((f) => f.drifted).map((f) => f.name),
      ['sepal_width'],
    );
  });

  it('an empty window cannot become the reference', async () => {
    const h = await harness(irisSources());
    const r = await h.request('captureDriftReference', stats);
    assert.deepEqual(r, {
      ok: false,
      error: 'The window holds no rows yet: wait for traffic, or pick a longer window.',
    });
  });

  it('chooses the reference the person picked when it is there, else training, else the window', () => {
    const both = { training: true, window: true };
    assert.equal(chooseReference(undefined, both), 'training');
    assert.equal(chooseReference('window', both), 'window');
    assert.equal(chooseReference('training', both), 'training');
    assert.equal(chooseReference('training', { training: false, window: true }), 'window');
    assert.equal(chooseReference('window', { training: true, window: false }), 'training');
    assert.equal(chooseReference(undefined, { training: false, window: false }), undefined);
  });
});
