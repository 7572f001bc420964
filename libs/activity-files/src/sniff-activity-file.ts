/**
 * What an upload is, decided at the door from its content alone (before it is stored and queued):
 * FIT, GPX or TCX, plain or gzip-compressed. Only the head of a gzip stream is decompressed, so a
 * gzip bomb costs nothing here; the full (bounded) decompression happens in the import job.
 */
import { createGunzip } from 'node:zlib';
import { describeUnsupportedContent, detectActivityFileType } from './detect-file-type';
import type { ActivityFileType } from './parsed-activity';

export type SniffedActivityFile =
  { ok: true; type: ActivityFileType; compressed: boolean } | { ok: false; reason: string };

/** Enough decompressed bytes to see past an XML declaration, comments and a DOCTYPE. */
const GZIP_HEAD_BYTES = 64 * 1024;

export async function sniffActivityFile(bytes: Uint8Array): Promise<SniffedActivityFile> {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty' };
  const detected = detectActivityFileType(bytes);
  if (detected === null) return { ok: false, reason: describeUnsupportedContent(bytes) };
  if (detected !== 'gzip') return { ok: true, type: detected, compressed: false };

  const head = await gunzipHead(bytes, GZIP_HEAD_BYTES);
  if (head.length === 0) {
    return { ok: false, reason: 'The gzip data is corrupt or empty and could not be decompressed' };
  }
  const inner = detectActivityFileType(head);
  if (inner === 'gzip') {
    return {
      ok: false,
      reason: 'The file is compressed twice (gzip inside gzip); upload it compressed once',
    };
  }
  if (inner === null)
    return { ok: false, reason: `Inside the gzip file: ${describeUnsupportedContent(head)}` };
  return { ok: true, type: inner, compressed: true };
}

/** The first `max` decompressed bytes (fewer when the stream is shorter, truncated or corrupt). */
function gunzipHead(bytes: Uint8Array, max: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      gunzip.destroy();
      resolve(Buffer.concat(chunks).subarray(0, max));
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= max) finish();
    });
    gunzip.on('end', finish);
    gunzip.on('error', finish);
    gunzip.end(bytes);
  });
}
