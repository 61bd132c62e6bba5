// Streams rows to a file as JSON Lines or CSV. Written through a stream pipeline so backpressure holds
// memory flat however many rows there are (one big string is what broke other viewers' exports).
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvHeader, rowToCsv } from './csv';
import { rowJsonText } from './rowJson';
import type { ExportFormat, LogRow } from './types';

export interface ExportResult {
  rows: number;
  bytes: number;
}

const ROWS_PER_CHUNK = 256;

export async function exportRows(
  rows: Iterable<LogRow>,
  filePath: string,
  format: ExportFormat,
): Promise<ExportResult> {
  let count = 0;
  let bytes = 0;
  function* chunks(): Generator<string> {
    let buf = format === 'csv' ? csvHeader() : '';
    let inBuf = 0;
    for (const row of rows) {
      buf += format === 'csv' ? rowToCsv(row) : `${rowJsonText(row)}\n`;
      count++;
      if (++inBuf >= ROWS_PER_CHUNK) {
        bytes += Buffer.byteLength(buf);
        yield buf;
        buf = '';
        inBuf = 0;
      }
    }
    if (buf) {
      bytes += Buffer.byteLength(buf);
      yield buf;
    }
  }
  await pipeline(Readable.from(chunks()), createWriteStream(filePath, { encoding: 'utf8' }));
  return { rows: count, bytes };
}
