import { FakeHttpServer, sendJson } from './fake-http-server';

export interface FakeS3Object {
  body: Buffer;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

/**
 * Just enough of S3's REST API, path-style (`/<bucket>/<key>`), for our storage: PutObject,
 * GetObject (404 NoSuchKey XML when missing), DeleteObject (204, also for missing keys).
 * Requests must carry an AWS SigV4 Authorization header (not verified cryptographically).
 */
export class FakeS3 extends FakeHttpServer {
  readonly objects = new Map<string, FakeS3Object>();

  constructor(readonly bucket: string) {
    super((req, res, body) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
      const prefix = `/${this.bucket}/`;
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        return sendJson(res, 403, { error: 'unsigned request' });
      }
      if (!path.startsWith(prefix)) return sendJson(res, 404, { error: 'NoSuchBucket' });
      const key = path.slice(prefix.length);
      switch (req.method) {
        case 'PUT':
          this.objects.set(key, {
            body,
            contentType: req.headers['content-type'],
            cacheControl: req.headers['cache-control'] as string | undefined,
          });
          res.writeHead(200, { ETag: '"fake"' }).end();
          return;
        case 'GET': {
          const object = this.objects.get(key);
          if (!object) {
            res
              .writeHead(404, { 'Content-Type': 'application/xml' })
              .end(
                `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`,
              );
            return;
          }
          res
            .writeHead(200, {
              'Content-Type': object.contentType ?? 'application/octet-stream',
              'Content-Length': String(object.body.length),
            })
            .end(object.body);
          return;
        }
        case 'DELETE':
          this.objects.delete(key);
          res.writeHead(204).end();
          return;
        default:
          return sendJson(res, 405, { error: 'MethodNotAllowed' });
      }
    });
  }

  /** The env keys pointing the app's storage at this fake's bucket (path-style, example credentials). */
  env(): Record<string, string> {
    return {
      STORAGE_DRIVER: 's3',
      S3_BUCKET_NAME: this.bucket,
      S3_ENDPOINT: this.url,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret-key-for-the-fake',
    };
  }
}
