// What leaves the panel: CSV (RFC 4180 escaping) and JSON Lines files written by streaming, and the
// one-line format of "Tail to Output". Copy and export share one serialiser: inferenceLogRowJson.test.ts.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CSV_COLUMNS, csvField, formatLogLine } from '../../src/inferenceLog';
import type { ConsumedMessage, InferenceLogSession, LogRow, RowJson } from '../../src/inferenceLog';
import { aDefaultMessage, aKServeMessage } from '../builders/consumedMessages';
import { SCHEMA_V3 as V3 } from '../builders/inferenceRecords';
import { aLogSession } from '../builders/logSessions';

const HTML = '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n';

function v3msg(offset: number, code: number, request: string, response: string): ConsumedMessage {
  const record = {
    requestTimestamp: 1718007301877 + offset,
    responseHttpCode: code,
    inferenceRequest: request,
    inferenceResponse: response,
  };
  return aDefaultMessage(record, { offset: String(offset), timestampMs: 1718007301900 });
}

let dir: string;
let s: InferenceLogSession;

/** Minimal RFC 4180 reader, to check the file parses back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('export, copy and output lines', () => {
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'inflog-export-'));
    s = aLogSession({ topic: 'irisflask-inf0937', schemaJson: V3, schemaVersion: 3 });
    s.ingest([
      v3msg(0, 200, '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}', '{"predictions": [0]}'),
      v3msg(1, 500, '{"inputs": [[5.1, "n/a", 1.4, 0.2]]}', HTML),
      v3msg(2, 200, 'a,b "quoted"', 'line1\r\nline2'),
      {
        partition: 1,
        offset: '9',
        timestampMs: 1718007302000,
        key: Buffer.from('k1'),
        value: Buffer.from([1, 2, 3]),
      },
    ]);
  });

  after(async () => {
    await s.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('CSV fields are quoted only when needed, quotes doubled', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(42), '42');
    assert.equal(csvField(undefined), '');
  });

  it('CSV export: header plus one record per row, payloads byte for byte after parsing back', async () => {
    const file = path.join(dir, 'all.csv');
    const res = await s.exportTo(file, 'csv');
    assert.equal(res.rows, 4);
    const text = await readFile(file, 'utf8');
    assert.equal(res.bytes, Buffer.byteLength(text));
    const records = parseCsv(text);
    assert.deepEqual(records[0], [...CSV_COLUMNS]);
    assert.equal(records.length, 5);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    assert.equal(records[2]?.[col('response')], HTML);
    assert.equal(records[2]?.[col('httpCode')], '500');
    assert.equal(records[3]?.[col('request')], 'a,b "quoted"');
    assert.equal(records[3]?.[col('response')], 'line1\r\nline2');
    assert.equal(records[1]?.[col('time')], '2024-06-10T08:15:01.877Z');
    assert.equal(records[4]?.[col('kind')], 'raw');
    assert.equal(records[4]?.[col('partition')], '1');
    assert.equal(records[4]?.[col('offset')], '9');
    assert.match(records[4]?.[col('error')] ?? '', /truncated|trailing|invalid/);
  });

  it('CSV neutralises cells a spreadsheet would run as formulas (OWASP), and only those', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];
    const f = aLogSession({ topic: 'irisflask-inf0937', schemaJson: V3 });
    f.ingest(hostile.map((text, i) => v3msg(i, 200, text, i === 0 ? '{"predictions": [0]}' : text)));
    const file = path.join(dir, 'formulas.csv');
    await f.exportTo(file, 'csv');
    const records = parseCsv(await readFile(file, 'utf8')).slice(1);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    assert.deepEqual(
      records.map((r) => r[col('request')]),
      hostile.map((t) => `'${t}`),
      'an apostrophe in front of each, the text itself intact',
    );
    assert.equal(records[0]?.[col('response')], '{"predictions": [0]}', 'an ordinary payload is untouched');
    assert.equal(records[0]?.[col('modelVersion')], '1');
    for (const cell of ['=1', '+1', '-1', '@x', '\t1', '\r1']) assert.match(csvField(cell), /^"'/);
    assert.equal(csvField(-1), '-1', 'numbers are ours and stay numbers');
    assert.equal(csvField('a=1'), 'a=1', 'only the first character counts');
    await f.dispose();
  });

  it('JSON Lines export honours the filter; JSON bodies come out parsed, others as text', async () => {
    const file = path.join(dir, 'errors.jsonl');
    const res = await s.exportTo(file, 'jsonl', { errorsOnly: true });
    assert.equal(res.rows, 1);
    const lines = (await readFile(file, 'utf8')).split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[1], '');
    const row = JSON.parse(lines[0]!) as RowJson;
    assert.equal(row.httpCode, 500);
    assert.equal(row.outcome, 'http-error');
    assert.deepEqual(row.request, { format: 'v1', json: { inputs: [[5.1, 'n/a', 1.4, 0.2]] } });
    assert.deepEqual(row.response, { format: 'text', text: HTML });
    assert.equal(row.time, '2024-06-10T08:15:01.878Z');
    assert.deepEqual(row.kafka, {
      partition: 0,
      offset: '1',
      timestampMs: 1718007301900,
      size: row.kafka.size,
      schemaVersion: 3,
      framing: 'bare',
    });
  });

  it('a large export streams every row', async () => {
    const big = aLogSession({ topic: 't', schemaJson: V3, capacity: 20_000 });
    const msgs: ConsumedMessage[] = [];
    for (let i = 0; i < 20_000; i++) msgs.push(v3msg(i, 200, `{"inputs": [[${i}]]}`, '{"predictions": [1]}'));
    big.ingest(msgs);
    const file = path.join(dir, 'big.jsonl');
    const res = await big.exportTo(file, 'jsonl');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    assert.equal(res.rows, 20_000);
    assert.equal(lines.length, 20_000);
    assert.deepEqual((JSON.parse(lines[19_999]!) as RowJson).request, {
      format: 'v1',
      json: { inputs: [[19_999]] },
    });
    await big.dispose();
  });

  it('output lines: time, kind, model, code, short payloads; raw rows say where and why', () => {
    const [ok, err, , raw] = s.query().rows as LogRow[];
    assert.equal(
      formatLogLine(ok!),
      '2024-06-10T08:15:01.877Z  combined  irisflask v1  200  {"inputs": [[5.1, 3.5, 1.4, 0.2]]} → {"predictions": [0]}',
    );
    const errLine = formatLogLine(err!);
    assert.ok(errLine.includes('  500  '));
    assert.ok(!errLine.includes('\n'), 'one line even for a multi-line HTML body');
    assert.match(errLine, /<!doctype html> <html lang=en> <title>500 Internal Server Error<\/title>$/);
    assert.match(formatLogLine(raw!), /^2024-06-10T08:15:02.000Z undecodable p1@9 3 B: .+ \[010203\]$/);
  });

  it('output lines for KServe: pending, pair with latency at seconds resolution, no response', () => {
    const k = aLogSession();
    const m = (messageType: string, ts: number, payload: string, code: number): ConsumedMessage =>
      aKServeMessage(
        messageType,
        '3f0c6d2e-8a1b-4c7e-9f55-2b1d7e9a4c10',
        { requestTimestamp: ts, responseHttpCode: code, payload },
        { offset: String(ts), timestampMs: ts * 1000 },
      );
    k.ingest([m('request', 1718007125, '{"instances": [[5.1, 3.5, 1.4, 0.2]]}', 0)]);
    assert.match(
      formatLogLine(k.query().rows[0]!),
      / {2}request {3}irisclassifier v3 {2}pending {2}id=3f0c6d2e/,
    );
    k.ingest([m('response', 1718007125, '{"predictions":[0]}', 200)]);
    assert.equal(
      formatLogLine(k.query().rows[0]!),
      '2024-06-10T08:12:05.000Z  pair      irisclassifier v3  200  <1s  id=3f0c6d2e-8a1b-4c7e-9f55-2b1d7e9a4c10  {"instances": [[5.1, 3.5, 1.4, 0.2]]} → {"predictions":[0]}',
    );
    void k.dispose();
  });
});
