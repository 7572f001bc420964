import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { createUserWithToken, startStack, streamChunkedUpload, type TestStack } from '@runvs/testing';
import sharp from 'sharp';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const MB = 1024 * 1024;
const GPS_IFD_TAG = [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])];

/** A photo as phones produce it: EXIF with the owner's GPS position and a copyright line. */
async function jpegWithGps(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'runvs-secret-home', Make: 'Apple', Model: 'iPhone 15' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '37/1 33/1 58/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '126/1 58/1 40/1',
      },
    })
    .toBuffer();
}

describe('POST /uploads/avatar (local storage)', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({
      env: { PUBLIC_BASE_URL: 'https://api.runvs.test', MAX_AVATAR_UPLOAD_MB: '5' },
    });
    ({ config, api: app, dataSource } = stack);
    await new Promise<void>((resolve) => app.getHttpServer().listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => stack?.close());

  const upload = (authorization: string, file: Buffer, filename = 'avatar.jpg', contentType = 'image/jpeg') =>
    request(app.getHttpServer())
      .post('/api/v1/uploads/avatar')
      .set('Authorization', authorization)
      .attach('file', file, { filename, contentType });

  /** The stored file, fetched like a client would: GET /uploads/<key> on the api. */
  const fetchStored = (url: string) => {
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/uploads\/avatars\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.jpg$/);
    return request(app.getHttpServer())
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  };

  it('re-encodes a photo, strips its EXIF and GPS, stores and serves it', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const photo = await jpegWithGps();
    const before = await sharp(photo).metadata();
    expect(before.exif).toBeDefined();
    expect(GPS_IFD_TAG.some((tag) => before.exif!.includes(tag))).toBe(true);

    const response = await upload(authorization, photo).expect(200);
    expect(Object.keys(response.body)).toEqual(['url']);
    expect(response.body.url.startsWith(`https://api.runvs.test/uploads/avatars/${user.id}/`)).toBe(true);

    const served = await fetchStored(response.body.url).expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['cache-control']).toContain('immutable');
    const stored = served.body as Buffer;
    const after = await sharp(stored).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(stored.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(stored.includes(Buffer.from('runvs-secret-home'))).toBe(false);
    expect(stored.includes(Buffer.from('iPhone 15'))).toBe(false);

    const rows = await dataSource.query(
      `SELECT kind, content_type, size_bytes::int AS size FROM stored_files WHERE owner_id = $1`,
      [user.id],
    );
    expect(rows).toEqual([{ kind: 'avatar', content_type: 'image/jpeg', size: stored.length }]);
  });

  it('decides the type by content, not by name or declared type', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const png = await sharp({
      create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#ff0000' } })
      .webp()
      .toBuffer();
    for (const [file, name, type] of [
      [png, 'photo.gif', 'text/plain'],
      [webp, 'noextension', 'application/octet-stream'],
    ] as const) {
      const response = await upload(authorization, file, name, type).expect(200);
      const stored = (await fetchStored(response.body.url).expect(200)).body as Buffer;
      const meta = await sharp(stored).metadata();
      expect(meta.format).toBe('jpeg');
      // Small images are not enlarged; they are cropped square.
      expect(meta.width).toBe(meta.height);
      expect(meta.width).toBeLessThanOrEqual(100);
    }

    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const file of [gif, svg]) {
      const refused = await upload(authorization, file, 'avatar.jpg', 'image/jpeg').expect(415);
      expect(refused.body.code).toBe('UNSUPPORTED_FILE_TYPE');
    }
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    expect((await upload(authorization, corrupt).expect(422)).body.code).toBe('VALIDATION_ERROR');
  });

  it('needs multipart with a file field, and a token', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const http = () =>
      request(app.getHttpServer()).post('/api/v1/uploads/avatar').set('Authorization', authorization);
    expect((await http().send({ file: 'x' }).expect(415)).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const noFile = await http().field('name', 'value').expect(422);
    expect(noFile.body).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [{ field: 'file' }] } });
    const wrongField = await http()
      .attach('picture', await jpegWithGps(10, 10), 'a.jpg')
      .expect(422);
    expect(wrongField.body.code).toBe('VALIDATION_ERROR');
    await request(app.getHttpServer())
      .post('/api/v1/uploads/avatar')
      .attach('file', Buffer.from('x'), 'a.jpg')
      .expect(401);
  });

  it('refuses a file over the limit with 413 (declared length: before reading it)', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const big = Buffer.concat([await jpegWithGps(10, 10), Buffer.alloc(5 * MB + 10)]);
    const response = await upload(authorization, big);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a 50 MB chunked upload early, without reading it all', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const result = await streamChunkedUpload(app, {
      path: '/uploads/avatar',
      authorization,
      filename: 'big.jpg',
      contentType: 'image/jpeg',
      fileStart: Buffer.from([0xff, 0xd8, 0xff]),
      fill: 1,
      totalBytes: 50 * MB,
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).code).toBe('PAYLOAD_TOO_LARGE');
    // Refused after ~5 MB, far from the 50 MB the client was ready to send.
    expect(result.written).toBeLessThan(20 * MB);
  });

  it('keeps the current avatar and removes uploads that were replaced or never used', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const photo = await jpegWithGps(100, 100);
    const first = (await upload(authorization, photo).expect(200)).body.url as string;
    const second = (await upload(authorization, photo).expect(200)).body.url as string;
    await fetchStored(first).expect(404); // never set as avatar: gone
    await request(app.getHttpServer())
      .patch('/api/v1/users/me/profile')
      .set('Authorization', authorization)
      .send({ avatar_url: second })
      .expect(200);
    const third = (await upload(authorization, photo).expect(200)).body.url as string;
    await fetchStored(second).expect(200); // still the profile picture
    await fetchStored(third).expect(200);
    const keys = await dataSource.query(
      `SELECT storage_key FROM stored_files WHERE owner_id = $1 ORDER BY created_at`,
      [user.id],
    );
    expect(
      keys.map((row: { storage_key: string }) => `https://api.runvs.test/uploads/${row.storage_key}`),
    ).toEqual([second, third]);
  });
});
