// Streams rows to a file as JSON Lines or CSV. Written through a stream pipeline so backpressure holds
// memory flat however many rows there are (one big string is what broke other viewers' exports). A failed
// export (disk full, a folder, no permission) leaves no partial file behind and says why in words.
import { createWriteStream } from 'node:fs';
import { lstat, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvHeader, rowToCsv } from './csv';
import { rowJsonText } from './rowJson';
import type { ExportFormat, LogRow } from './types';

export interface ExportResult {
  rows: number;
  bytes: number;
}

/** An export that failed; `message` says where, why, and what became of the file. */
export class ExportError extends Error {
  override name = 'ExportError';
  constructor(
    message: string,
    /** The file-system error code (ENOSPC, EISDIR, EACCES, …), when there was one. */
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const ROWS_PER_CHUNK = 256;

/** How each export format writes: a new format in EXPORT_FORMATS fails to compile until it is added here. */
const WRITERS: Readonly<Record<ExportFormat, { header: () => string; line: (row: LogRow) => string }>> = {
  jsonl: { header: () => '', line: (row) => `${rowJsonText(row)}\n` },
  csv: { header: csvHeader, line: rowToCsv },
};

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file grew past the largest size the system allows',
  EISDIR: 'that path is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EIO: 'the disk reported an input/output error',
};

export async function exportRows(
  rows: Iterable<LogRow>,
  filePath: string,
  format: ExportFormat,
): Promise<ExportResult> {
  let count = 0;
  let bytes = 0;
  const writer = WRITERS[format];
  function* chunks(): Generator<string> {
    let buf = writer.header();
    let inBuf = 0;
    for (const row of rows) {
      buf += writer.line(row);
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
  const out = createWriteStream(filePath, { encoding: 'utf8' });
  // Only a file this export opened (created, or truncated) is ours to remove on failure.
  let opened = false;
  out.once('open', () => (opened = true));
  try {
    await pipeline(Readable.from(chunks()), out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = (code && REASONS[code]) ?? (e as Error).message;
    const fate = opened ? FATE[await removePartial(filePath)] : 'Nothing was written.';
    throw new ExportError(`Could not export to ${filePath}: ${why}.${fate ? ` ${fate}` : ''}`, code);
  }
  return { rows: count, bytes };
}

const FATE: Readonly<Record<'removed' | 'special' | 'failed', string>> = {
  removed: 'The partial file was removed.',
  special: '',
  failed: 'The partial file could not be removed; delete it by hand.',
};

/** Deletes what a failed export left; only a regular file, never a device or a folder. */
async function removePartial(filePath: string): Promise<'removed' | 'special' | 'failed'> {
  try {
    if (!(await lstat(filePath)).isFile()) return 'special';
    await unlink(filePath);
    return 'removed';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'removed' : 'failed';
  }
}
