// One serialiser for "Copy as JSON" and the JSON Lines export, and payloads a client can make hostile:
// a body nested a million levels deep, and a body many times the parse limit (the issue saw 100 MB; 24 MB
// takes the same paths in a fraction of the suite's time). Rows go through the real decode → pair → store
// path; what is checked is what lands on the clipboard, in the file and in the detail pane.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  PARSE_MAX_CHARS,
  fullPayload,
  payloadSlices,
  prettyJsonPrefix,
} from '../../src/inferenceLog';
import type { ConsumedMessage, InferenceLogSession, LogRow, RowJson } from '../../src/inferenceLog';
import { aKServeMessage } from '../builders/consumedMessages';
import { aLogSession } from '../builders/logSessions';
import { DETAIL_MAX_CHARS, rowAsJson, toDetail } from '../../src/panels/logViewer/logViewerRows';
import { loggedRequestBody } from '../../src/panels/logViewer/logViewerTestRequest';

function kserve(messageType: 'request' | 'response', inferenceId: string, payload: string): ConsumedMessage {
  return aKServeMessage(messageType, inferenceId, { payload });
}

/** The one row of `inferenceId`. */
function rowOf(s: InferenceLogSession, inferenceId: string): LogRow {
  const row = s.query({ limit: 100 }).rows.find((r) => r.inferenceId === inferenceId);
  assert.ok(row, `row ${inferenceId}`);
  return row;
}

/** Counts JSON.parse calls on texts longer than the parse limit while `fn` runs. */
function bigParses<T>(fn: () => T): { result: T; count: number } {
  const original = JSON.parse;
  let count = 0;
  JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
    if (typeof text === 'string' && text.length > PARSE_MAX_CHARS) count++;
    return original(text, reviver) as unknown;
  }) as typeof JSON.parse;
  try {
    return { result: fn(), count };
  } finally {
    JSON.parse = original;
  }
}

// 2 MB: a V1 body whose instance is nested a million levels deep.
const DEEP = `{"instances": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
const GIANT_MB = 24;
let dir: string;

describe('one serialiser for copy and export', () => {
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'inflog-rowjson-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('copy and export give the same JSON for the same row', async () => {
    const s = aLogSession();
    s.ingest([
      kserve('request', 'same', '{"instances": [[1, 2]]}'),
      kserve('response', 'same', '{"predictions": [0]}'),
      kserve('request', 'html', '{"instances": [[3]]}'),
      kserve('response', 'html', '<html>502 Bad Gateway</html>'),
      { partition: 1, offset: '3', timestampMs: 1718007126000, key: null, value: Buffer.from([9, 9]) },
    ]);
    const file = path.join(dir, 'same.jsonl');
    await s.exportTo(file, 'jsonl');
    const exported = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const rows = s.query().rows;
    assert.equal(exported.length, rows.length);
    rows.forEach((row, i) => {
      const copied = rowAsJson(row);
      assert.ok(copied.includes('\n  "kind": '), 'the copy is indented');
      assert.deepEqual(JSON.parse(copied), JSON.parse(exported[i]!), `row ${i}`);
    });
    const first = JSON.parse(exported[0]!) as RowJson;
    assert.equal(first.deployment, 'irisclassifier');
    assert.deepEqual(first.request, { format: 'v1', json: { instances: [[1, 2]] } });
    assert.deepEqual((JSON.parse(exported[1]!) as RowJson).response, {
      format: 'text',
      text: '<html>502 Bad Gateway</html>',
    });
    await s.dispose();
  });

  it('a 2 MB body nested a million levels deep: export and copy succeed, the body as its text', async () => {
    const s = aLogSession();
    s.ingest([
      kserve('request', 'before', '{"instances": [[1]]}'),
      kserve('request', 'deep', DEEP),
      kserve('request', 'after', '{"instances": [[2]]}'),
    ]);
    const file = path.join(dir, 'deep.jsonl');
    const res = await s.exportTo(file, 'jsonl');
    assert.equal(res.rows, 3);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as RowJson).inferenceId),
      ['before', 'deep', 'after'],
    );
    assert.deepEqual((JSON.parse(lines[1]!) as RowJson).request, { format: 'v1', text: DEEP });
    assert.deepEqual((JSON.parse(lines[2]!) as RowJson).request, {
      format: 'v1',
      json: { instances: [[2]] },
    });
    const copied = JSON.parse(rowAsJson(rowOf(s, 'deep'))) as RowJson;
    assert.deepEqual(copied.request, { format: 'v1', text: DEEP });
    // The detail pane shows the head, indented, and says it is cut.
    const detail = toDetail(rowOf(s, 'deep'));
    assert.equal(detail.request?.truncated, true);
    assert.ok(detail.request.text.startsWith('{\n  "instances": [\n    [\n      [\n'));
    assert.ok(detail.request.text.length <= DETAIL_MAX_CHARS);
    await s.dispose();
  });

  it(`a ${GIANT_MB} MB body: the detail pane and the test-request suggestion work from a bounded prefix`, async () => {
    const row = `[${'0.123456, '.repeat(99)}0.123456]`;
    const count = Math.ceil((GIANT_MB * 1024 * 1024) / (row.length + 2));
    const giant = `{"instances": [${`${row}, `.repeat(count - 1)}${row}]}`;
    const s = aLogSession();
    s.ingest([kserve('request', 'giant', giant), kserve('response', 'giant', '{"predictions": [1]}')]);
    const stored = rowOf(s, 'giant');

    const { result: detail, count: parsedForDetail } = bigParses(() => toDetail(stored));
    assert.equal(parsedForDetail, 0, 'the detail pane never parses the whole body');
    assert.equal(detail.request?.format, 'v1');
    assert.equal(detail.request?.truncated, true);
    assert.ok(detail.request.text.length <= DETAIL_MAX_CHARS);
    assert.ok(
      detail.request.text.startsWith('{\n  "instances": [\n    [\n      0.123456,\n      0.123456,\n'),
      'the head is pretty-printed',
    );
    assert.deepEqual(detail.response, {
      format: 'v1',
      text: '{\n  "predictions": [\n    1\n  ]\n}',
      truncated: false,
    });

    const { result: suggestion, count: parsedForSuggestion } = bigParses(() => loggedRequestBody(giant));
    assert.equal(parsedForSuggestion, 0);
    assert.equal(suggestion, undefined, 'a body that cannot be shown whole is not offered as a test request');
    assert.equal(
      loggedRequestBody('{"instances":[[1]]}'),
      '{\n  "instances": [\n    [\n      1\n    ]\n  ]\n}',
    );

    const { result: copied, count: parsedForCopy } = bigParses(() => rowAsJson(stored));
    assert.equal(parsedForCopy, 0);
    const request = (JSON.parse(copied) as RowJson).request;
    assert.ok(request && 'text' in request && request.text === giant, 'copied whole, as text');

    // "Open Full Payload" gets every character back, in slices.
    const full = fullPayload(stored, 'request');
    assert.equal(full?.chars, giant.length);
    let joined = 0;
    let slices = 0;
    for (const slice of payloadSlices(full.text)) {
      assert.equal(slice, giant.slice(joined, joined + slice.length));
      joined += slice.length;
      slices++;
    }
    assert.equal(joined, giant.length);
    assert.ok(slices >= GIANT_MB, 'in slices of at most 1 MB');
    await s.dispose();
  });
});

describe('prettyJsonPrefix', () => {
  it('re-prints whole JSON it may parse, shows broken JSON as logged, indents the head of the rest', () => {
    assert.deepEqual(prettyJsonPrefix('{"a":[1,{}],"b":"x,y:{"}'), {
      text: '{\n  "a": [\n    1,\n    {}\n  ],\n  "b": "x,y:{"\n}',
      cut: false,
      parsed: true,
    });
    assert.deepEqual(prettyJsonPrefix('{oops'), { text: '{oops', cut: false, parsed: false });
    const cut = prettyJsonPrefix('{"a": "say \\"hi\\"", "b": [1, 2, 3, 4, 5, 6]}', 40);
    assert.equal(cut.cut, true);
    assert.equal(cut.parsed, false);
    assert.equal(cut.text, '{\n  "a": "say \\"hi\\"",\n  "b": [\n    1,\n  '.slice(0, 40));
  });

  it('keeps surrogate pairs together when slicing', () => {
    const text = `a${'😀'.repeat(3)}`;
    const slices = [...payloadSlices(text, 2)];
    assert.equal(slices.join(''), text);
    for (const s of slices) assert.ok(!/[\ud800-\udbff]$/.test(s), 'no slice ends in half a pair');
  });
});
