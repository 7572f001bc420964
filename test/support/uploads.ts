import type { INestApplication } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

const MB = 1024 * 1024;
const BOUNDARY = 'runvs-test-boundary';

/** What the server answered a streamed upload, and how much the client had sent by then. */
export interface StreamedUpload {
  status?: number;
  body: string;
  written: number;
}

/**
 * Streams a multipart upload of `totalBytes` (chunked: no Content-Length, so only the server's
 * own counting can stop it) in 1 MB pieces to the api listening on a port, and stops sending as
 * soon as the server answers. For "refused early, without reading it all": `written` is how much
 * of the file had left the client by then.
 */
export async function streamChunkedUpload(
  app: INestApplication,
  options: {
    path: string;
    authorization: string;
    filename: string;
    contentType: string;
    /** the first bytes of the file (a format's signature), then `fill` bytes up to `totalBytes` */
    fileStart: Buffer;
    fill: number;
    totalBytes: number;
  },
): Promise<StreamedUpload> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const head = Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${options.filename}"\r\n` +
        `Content-Type: ${options.contentType}\r\n\r\n`,
    ),
    options.fileStart,
  ]);
  const chunk = Buffer.alloc(MB, options.fill);
  return new Promise<StreamedUpload>((resolve) => {
    let written = 0;
    let finished = false;
    let status: number | undefined;
    let body = '';
    const done = () => {
      if (finished) return;
      finished = true;
      req.destroy();
      resolve({ status, body, written });
    };
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/v1${options.path}`,
      headers: {
        Authorization: options.authorization,
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        'Transfer-Encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      status = res.statusCode;
      res.on('data', (data: Buffer) => (body += data.toString()));
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', () => setTimeout(done, 200));
    const pump = () => {
      while (!finished && status === undefined && written < options.totalBytes) {
        written += chunk.length;
        if (!req.write(written === chunk.length ? Buffer.concat([head, chunk]) : chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (written >= options.totalBytes && !finished) req.end(`\r\n--${BOUNDARY}--\r\n`);
    };
    req.write(Buffer.alloc(0));
    pump();
  });
}
