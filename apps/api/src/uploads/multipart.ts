import { DomainError } from '@runvs/common';
import busboy from 'busboy';
import type { Request } from 'express';

export interface UploadedFile {
  buffer: Buffer;
  filename: string | undefined;
  /** As declared by the client: informative only, never trusted. */
  mimeType: string;
}

/** Room for the multipart envelope (boundaries, part headers, small fields) around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** After an early refusal, how much more of the body we read (and drop) before hanging up. */
const LINGER_BYTES = 8 * 1024 * 1024;
const LINGER_MS = 5_000;

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `The file exceeds the limit of ${maxBytes} bytes.`, {
    max_bytes: maxBytes,
  });
}

/**
 * The request is refused before its body was read: drop what keeps arriving for a little while
 * (so the client, still sending, can read our answer instead of a connection reset), then close
 * the connection if the body goes on beyond LINGER_BYTES or LINGER_MS. Nothing is kept.
 */
function discardRest(req: Request): void {
  let discarded = 0;
  const hangUp = () => {
    if (!req.complete) req.socket?.destroy();
  };
  const timer = setTimeout(hangUp, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) {
      clearTimeout(timer);
      hangUp();
    }
  });
  req.on('end', () => clearTimeout(timer));
  req.resume();
}

/**
 * Streams a multipart/form-data request and returns the one file field `field`, holding at most
 * `maxBytes` of it in memory: a declared Content-Length over the limit is refused before any byte
 * is read, and a body that grows past it (chunked uploads) is refused the moment it does. Either
 * way the 413 goes out at once and the rest of the body is dropped, not parsed or kept (and the
 * connection closed if the client insists on sending much more).
 */
export function readSingleFile(
  req: Request,
  options: { field: string; maxBytes: number },
): Promise<UploadedFile> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    return Promise.reject(
      new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the file as multipart/form-data in the field "${options.field}".`,
      ),
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    discardRest(req);
    return Promise.reject(tooLarge(options.maxBytes));
  }

  return new Promise<UploadedFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          files: 1,
          fileSize: options.maxBytes,
          fields: 10,
          fieldSize: 1024,
          parts: 20,
          headerPairs: 50,
        },
      });
    } catch (error) {
      reject(new DomainError('BAD_REQUEST', `Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    let settled = false;
    let file: UploadedFile | undefined;
    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      discardRest(req);
      reject(error);
    };

    parser.on('file', (name, stream, info) => {
      if (name !== options.field || file) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        stream.resume();
        fail(tooLarge(options.maxBytes));
      });
      stream.on('end', () => {
        if (!stream.truncated)
          file = { buffer: Buffer.concat(chunks), filename: info.filename, mimeType: info.mimeType };
      });
    });
    parser.on('error', (error: Error) =>
      fail(new DomainError('BAD_REQUEST', `Malformed multipart request: ${error.message}`)),
    );
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      if (file) resolve(file);
      else
        reject(
          new DomainError('VALIDATION_ERROR', `The field "${options.field}" must carry a file.`, {
            fields: [{ field: options.field, messages: [`${options.field} is required`] }],
          }),
        );
    });
    req.on('error', () => fail(new DomainError('BAD_REQUEST', 'The upload was interrupted.')));
    req.pipe(parser);
  });
}
