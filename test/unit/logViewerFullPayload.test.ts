// "Open Full Payload" on the host side (the webview asks for one half of a row; the host hands the whole body,
// as the store holds it, to the editor effect), the test-request suggestion pointing at a logged request too
// long for its editor, the rows' schema version in the table's summaries, and reading every version of a
// topic's subject over REST (a fake ProjectClient: the sandbox suite does it over HTTPS).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FullPayload } from '../../src/inferenceLog';
import { PRETTY_MAX_CHARS, payloadSlices } from '../../src/inferenceLog';
import { payloadName } from '../../src/panels/logViewer/fullPayloadRequests';
import { readSchemaHistory } from '../../src/panels/logViewer/schemaHistory';
import type { QueryReply, TestRequestSuggestion } from '../../src/protocol/logViewer';
import { HopsworksError } from '../../src/hopsworks/errors';
import { aKServeMessage } from '../builders/consumedMessages';
import { SCHEMA_V4, SCHEMA_V5, everySchemaVersion } from '../builders/inferenceRecords';
import { aPairRow } from '../builders/logRows';
import { aLogSession } from '../builders/logSessions';
import { aTalkingHost } from '../builders/logViewerHost';

function hostOver(
  session: ReturnType<typeof aLogSession>,
  opened: { payload: FullPayload; name: string }[] | undefined,
) {
  const talk = aTalkingHost({
    session: {
      get state() {
        return session.state;
      },
      query: (r) => session.query(r),
      get: (i) => session.getRow(i),
      histogram: (b, f) => session.histogram(b, f),
      stats: () => session.stats(),
      onChanged: (l) => session.onChanged(l),
      onState: (l) => session.onState(l),
      onRow: (l) => session.onRow(l),
      pause: () => session.pause(),
      resume: () => session.resume(),
      clear: () => session.clear(),
      restart: () => Promise.resolve(),
      exportTo: () => Promise.resolve({ rows: 0 }),
    },
    effects: opened
      ? {
          openPayload: (payload: FullPayload, name: string) => {
            opened.push({ payload, name });
            return Promise.resolve();
          },
        }
      : {},
  });
  return talk.ok;
}

const huge = (n: number) => `{"instances": [[${Array.from({ length: n }, (_, i) => i % 10).join(', ')}]]}`;

describe('Open Full Payload (host)', () => {
  it('hands the whole request and the whole response of a row to the editor, named after its Kafka messages', async () => {
    const body = huge(150_000); // ~450 KB: past what the detail pane shows
    assert.ok(body.length > PRETTY_MAX_CHARS);
    const s = aLogSession();
    s.ingest([
      aKServeMessage('request', 'big', { payload: body }, { partition: 1, offset: '40' }),
      aKServeMessage('response', 'big', {}, { partition: 2, offset: '7' }),
    ]);
    const opened: { payload: FullPayload; name: string }[] = [];
    const request = hostOver(s, opened);
    const row = (await request<QueryReply>('query', { offset: 0, limit: 1, filter: {}, fromEnd: false }))
      .rows[0]!;
    const detail = await request<{ request: { truncated: boolean } }>('detail', { id: row.id });
    assert.equal(detail.request.truncated, true, 'the pane shows a cut body');

    assert.deepEqual(await request('openPayload', { id: row.id, half: 'request' }), {
      opened: true,
      chars: body.length,
    });
    assert.deepEqual(await request('openPayload', { id: row.id, half: 'response' }), {
      opened: true,
      chars: '{"predictions":[0]}'.length,
    });
    assert.equal(opened[0]!.payload.text, body);
    assert.equal(opened[0]!.payload.format, 'v1');
    assert.equal([...payloadSlices(opened[0]!.payload.text, 100_000)].join(''), body);
    assert.deepEqual(
      opened.map((o) => o.name),
      ['irisclassifier-request-p1-40', 'irisclassifier-response-p2-7'],
    );
  });

  it('says when the row is gone, refuses a half that is not one, and never opens without an editor', async () => {
    const s = aLogSession();
    s.ingest([aKServeMessage('request', 'a')]);
    const opened: { payload: FullPayload; name: string }[] = [];
    const request = hostOver(s, opened);
    assert.deepEqual(await request('openPayload', { id: 999, half: 'request' }), { opened: false, chars: 0 });
    assert.deepEqual(await request('openPayload', { id: 0, half: 'response' }), { opened: false, chars: 0 });
    await assert.rejects(request('openPayload', { id: 0, half: 'both' }));
    await assert.rejects(request('openPayload', { id: -1, half: 'request' }));
    assert.equal(opened.length, 0);
    const noEditor = hostOver(s, undefined);
    assert.deepEqual(await noEditor('openPayload', { id: 0, half: 'request' }), { opened: false, chars: 0 });
  });

  it('keeps a name to a file name whatever the deployment is called', () => {
    assert.equal(
      payloadName(
        '../evil name',
        aPairRow({ kafka: { partition: 0, offset: '5', timestampMs: 0, size: 1 } }),
        'request',
      ),
      '.._evil_name-request-p0-5',
    );
  });
});

describe('the test-request suggestion and a body too long for its editor', () => {
  it('suggests the newest request it can show whole and points at the newer one it cannot', async () => {
    const s = aLogSession();
    const body = huge(100_000);
    s.ingest([
      aKServeMessage('request', 'small', { payload: '{"instances": [[1, 2, 3, 4]]}' }),
      aKServeMessage('response', 'small'),
      aKServeMessage('request', 'big', { payload: body }),
      aKServeMessage('response', 'big'),
    ]);
    const request = hostOver(s, []);
    const bigId = (
      await request<QueryReply>('query', { offset: 0, limit: 5, filter: {}, fromEnd: false })
    ).rows.find((r) => r.inferenceId === 'big')!.id;
    const suggestion = await request<TestRequestSuggestion>('suggestTestRequest', {});
    assert.equal(suggestion.source, 'logged');
    assert.match(suggestion.body, /\[\s*1,\s*2,\s*3,\s*4\s*\]/);
    assert.deepEqual(suggestion.tooLong, { id: bigId, chars: body.length });
  });

  it('says nothing of the kind when the newest request fits', async () => {
    const s = aLogSession();
    s.ingest([aKServeMessage('request', 'a'), aKServeMessage('response', 'a')]);
    const suggestion = await hostOver(s, [])<TestRequestSuggestion>('suggestTestRequest', {});
    assert.equal(suggestion.tooLong, undefined);
  });
});

describe('the schema version in the table', () => {
  it('each summary says which version decoded its row', async () => {
    const s = aLogSession({ schemaJson: SCHEMA_V5, schemaVersion: 5, schemaVersions: everySchemaVersion() });
    s.ingest([aKServeMessage('request', 'old')]);
    const page = await hostOver(s, [])<QueryReply>('query', {
      offset: 0,
      limit: 5,
      filter: {},
      fromEnd: false,
    });
    assert.equal(page.rows[0]!.schemaVersion, 4);
  });
});

describe('reading every version of the subject', () => {
  const schemas = new Map(everySchemaVersion().map((v) => [v.version, v.schemaJson]));

  function fakeProject(opts: { list?: () => Promise<number[]>; failOn?: number } = {}) {
    const asked: string[] = [];
    return {
      asked,
      project: {
        listSubjectVersions: (subject: string) => {
          asked.push(`list ${subject}`);
          return opts.list ? opts.list() : Promise.resolve([...schemas.keys()]);
        },
        getSubject: (subject: string, version: number | 'latest') => {
          asked.push(`get ${subject} ${version}`);
          if (version === opts.failOn)
            return Promise.reject(
              new HopsworksError({ kind: 'server', message: 'HTTP 500', method: 'GET', path: '/x' }),
            );
          const schema = schemas.get(version as number)!;
          return Promise.resolve({ id: Number(version), subject, version: version as number, schema });
        },
      },
    };
  }

  it('reads each version once, and only the list again on the next session', async () => {
    const f = fakeProject();
    const first = await readSchemaHistory(f.project, 'inferenceschema', { version: 5, schema: SCHEMA_V5 });
    assert.deepEqual(
      first.versions.map((v) => v.version),
      [1, 2, 3, 4, 5],
    );
    assert.equal(first.versions[3]!.schema, SCHEMA_V4);
    assert.equal(first.problem, undefined);
    assert.deepEqual(f.asked.filter((a) => a.startsWith('get')).sort(), [
      'get inferenceschema 1',
      'get inferenceschema 2',
      'get inferenceschema 3',
      'get inferenceschema 4',
    ]);
    f.asked.length = 0;
    await readSchemaHistory(f.project, 'inferenceschema', { version: 5, schema: SCHEMA_V5 });
    assert.deepEqual(f.asked, ['list inferenceschema']);
  });

  it('goes on with the topic’s own version (and says why) when the list cannot be read', async () => {
    const f = fakeProject({
      list: () =>
        Promise.reject(
          new HopsworksError({
            kind: 'forbidden',
            message: 'The API key lacks the KAFKA scope.',
            method: 'GET',
            path: '/x',
          }),
        ),
    });
    const h = await readSchemaHistory(f.project, 'inferenceschema', { version: 5, schema: SCHEMA_V5 });
    assert.deepEqual(h.versions, [{ version: 5, schema: SCHEMA_V5 }]);
    assert.match(
      h.problem ?? '',
      /Could not list the versions of schema "inferenceschema" \(The API key lacks the KAFKA scope\.\)/,
    );
  });

  it('keeps the versions it could read when one fails', async () => {
    const f = fakeProject({ failOn: 2 });
    const h = await readSchemaHistory(f.project, 'inferenceschema', { version: 5, schema: SCHEMA_V5 });
    assert.deepEqual(
      h.versions.map((v) => v.version),
      [1, 3, 4, 5],
    );
    assert.match(h.problem ?? '', /v2: HTTP 500/);
  });
});
