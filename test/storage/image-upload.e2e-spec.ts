import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { IMAGE_MAX_INPUT_PIXELS } from '@runvs/storage';
import {
  asUser,
  createRunRecord,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
} from '@runvs/testing';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const MB = 1024 * 1024;
const GPS_IFD_TAG = [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])];
const ROUTE = lineFrom([126.978, 37.5665], 151, 10);
const BASE = 'https://api.runvs.test';

/** A phone photo: EXIF with the owner's GPS position, camera and copyright, and an orientation. */
async function phonePhoto(width: number, height: number, orientation = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a9d8f' } })
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
    .withMetadata({ orientation })
    .toBuffer();
}

/** A PNG whose header claims `width`×`height` pixels, with a tiny body: a decompression bomb's shape. */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('POST /uploads/image: course and event photos', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ env: { PUBLIC_BASE_URL: BASE, MAX_IMAGE_UPLOAD_MB: '2' } });
    ({ api: app, config, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());
  const upload = (authorization: string, file: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') =>
    http()
      .post('/api/v1/uploads/image')
      .set('Authorization', authorization)
      .attach('file', file, { filename, contentType });
  const fetchStored = (url: string) =>
    http()
      .get(new URL(url).pathname)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const as = (authorization: string) => asUser(app, authorization);
  const newCourse = async (
    who: { user: { id: string }; authorization: string },
    extra: object,
    status: number,
  ) => {
    const runId = await createRunRecord(dataSource, who.user.id, ROUTE, { distanceMeters: 1510 });
    return as(who.authorization)
      .post('/courses', {
        run_record_id: runId,
        title: 'Photo course',
        route_geometry: { type: 'LineString', coordinates: ROUTE },
        distance_meters: 1500,
        estimated_duration_seconds: 540,
        ...extra,
      })
      .expect(status);
  };
  const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

  it('re-encodes a photo (upright, fitted inside 2048 px), strips EXIF and GPS, stores it under the owner', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const photo = await phonePhoto(3000, 1500, 6); // orientation 6: shot rotated, shown 1500×3000
    const before = await sharp(photo).metadata();
    expect(before.orientation).toBe(6);
    expect(GPS_IFD_TAG.some((tag) => before.exif!.includes(tag))).toBe(true);

    const response = await upload(authorization, photo).expect(200);
    expect(response.body).toEqual({
      id: expect.any(String),
      url: expect.stringMatching(new RegExp(`^${BASE}/uploads/images/${user.id}/[0-9a-f-]{36}\\.jpg$`)),
      width: 1024,
      height: 2048,
      size_bytes: expect.any(Number),
      content_type: 'image/jpeg',
    });
    const stored = (await fetchStored(response.body.url).expect(200)).body as Buffer;
    expect(stored.length).toBe(response.body.size_bytes);
    const after = await sharp(stored).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 1024, height: 2048 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    for (const secret of ['Exif\0\0', 'runvs-secret-home', 'iPhone 15']) {
      expect(stored.includes(Buffer.from(secret))).toBe(false);
    }
    const rows = await dataSource.query(
      `SELECT id, kind, content_type, size_bytes::int AS size FROM stored_files WHERE owner_id = $1`,
      [user.id],
    );
    expect(rows).toEqual([
      { id: response.body.id, kind: 'image', content_type: 'image/jpeg', size: stored.length },
    ]);
  });

  it('decides the type by content; small pictures are not enlarged; transparency goes onto white', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const png = await sharp({
      create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ff0000' } })
      .webp()
      .toBuffer();
    const fromPng = await upload(authorization, png, 'photo.gif', 'text/plain').expect(200);
    expect(fromPng.body).toMatchObject({ width: 300, height: 200 });
    const pixel = await sharp((await fetchStored(fromPng.body.url)).body as Buffer)
      .extract({ left: 10, top: 10, width: 1, height: 1 })
      .raw()
      .toBuffer();
    expect([...pixel].every((channel) => channel > 245)).toBe(true);
    const fromWebp = await upload(authorization, webp, 'noextension', 'application/octet-stream').expect(200);
    expect(fromWebp.body).toMatchObject({ width: 640, height: 480, content_type: 'image/jpeg' });
  });

  it('refuses other types (415), unreadable or tiny images (422), too many bytes or pixels (413)', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const file of [gif, svg, Buffer.from('%PDF-1.7')]) {
      expect((await upload(authorization, file).expect(415)).body.code).toBe('UNSUPPORTED_FILE_TYPE');
    }
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    expect((await upload(authorization, corrupt).expect(422)).body).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { fields: [{ field: 'file' }] },
    });
    await upload(authorization, await phonePhoto(8, 8)).expect(422);

    const bomb = pngClaiming(20_000, 20_000);
    expect(bomb.length).toBeLessThan(5_000);
    const tooManyPixels = await upload(authorization, bomb, 'bomb.png', 'image/png').expect(413);
    expect(tooManyPixels.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { max_pixels: IMAGE_MAX_INPUT_PIXELS },
    });

    const tooBig = Buffer.concat([await phonePhoto(20, 20), Buffer.alloc(2 * MB + 10)]);
    expect((await upload(authorization, tooBig).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');

    // Multipart with the file in `file`, and a token.
    expect(
      (
        await http()
          .post('/api/v1/uploads/image')
          .set('Authorization', authorization)
          .send({ file: 'x' })
          .expect(415)
      ).body.code,
    ).toBe('UNSUPPORTED_MEDIA_TYPE');
    await http()
      .post('/api/v1/uploads/image')
      .set('Authorization', authorization)
      .attach('picture', await phonePhoto(20, 20), 'a.jpg')
      .expect(422);
    await http()
      .post('/api/v1/uploads/image')
      .attach('file', await phonePhoto(20, 20), 'a.jpg')
      .expect(401);
    expect(await dataSource.query(`SELECT 1 FROM stored_files WHERE owner_id = $1`, [user.id])).toEqual([]);
  });

  it('attaches only my own uploads to my course; photos show on the course page and can be replaced', async () => {
    const me = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const [mine1, mine2] = [
      (await upload(me.authorization, await phonePhoto(400, 300)).expect(200)).body.url as string,
      (await upload(me.authorization, await phonePhoto(400, 300)).expect(200)).body.url as string,
    ];
    const theirs = (await upload(other.authorization, await phonePhoto(400, 300)).expect(200)).body
      .url as string;
    const avatar = (
      await http()
        .post('/api/v1/uploads/avatar')
        .set('Authorization', me.authorization)
        .attach('file', await phonePhoto(100, 100), 'a.jpg')
        .expect(200)
    ).body.url as string;

    for (const [urls, field] of [
      [[mine1, theirs], 'photo_urls[1]'],
      [['https://evil.example/photo.jpg'], 'photo_urls[0]'],
      [[avatar], 'photo_urls[0]'],
      [[`${BASE}/uploads/images/${other.user.id}/../x.jpg`], 'photo_urls[0]'],
    ] as const) {
      const refused = await newCourse(me, { photo_urls: urls }, 422);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [{ field }] } });
    }
    await newCourse(me, { photo_urls: Array.from({ length: 11 }, () => mine1) }, 422);
    await newCourse(me, { photo_urls: 'not-an-array' }, 422);
    expect(await dataSource.query(`SELECT 1 FROM courses WHERE creator_id = $1`, [me.user.id])).toEqual([]);

    const created = await newCourse(me, { photo_urls: [mine1] }, 201);
    const courseId = created.body.id as string;
    expect((await as(me.authorization).get(`/courses/${courseId}`).expect(200)).body.photo_urls).toEqual([
      mine1,
    ]);

    const stolen = await as(me.authorization)
      .patch(`/courses/${courseId}`, { photo_urls: [theirs] })
      .expect(422);
    expect(stolen.body.details.fields).toEqual([{ field: 'photo_urls[0]', messages: [expect.any(String)] }]);
    await as(me.authorization)
      .patch(`/courses/${courseId}`, { photo_urls: [mine2, mine1] })
      .expect(200);
    expect((await as(other.authorization).get(`/courses/${courseId}`).expect(200)).body.photo_urls).toEqual([
      mine2,
      mine1,
    ]);
    await as(me.authorization).patch(`/courses/${courseId}`, { photo_urls: [] }).expect(200);
    expect((await as(me.authorization).get(`/courses/${courseId}`).expect(200)).body.photo_urls).toEqual([]);
  });

  it('sets an event cover only from my own uploads; null removes it', async () => {
    const me = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const mine = (await upload(me.authorization, await phonePhoto(400, 300)).expect(200)).body.url as string;
    const theirs = (await upload(other.authorization, await phonePhoto(400, 300)).expect(200)).body
      .url as string;
    const event = { title: 'Morning 5K', starts_at: iso(86_400_000), ends_at: iso(2 * 86_400_000) };

    const refused = await as(me.authorization)
      .post('/events', { ...event, image_url: theirs })
      .expect(422);
    expect(refused.body.details.fields).toEqual([{ field: 'image_url', messages: [expect.any(String)] }]);
    await as(me.authorization)
      .post('/events', { ...event, image_url: 42 })
      .expect(422);

    const created = await as(me.authorization)
      .post('/events', { ...event, image_url: mine })
      .expect(201);
    expect(created.body.image_url).toBe(mine);
    expect((await as(other.authorization).get(`/events/${created.body.id}`).expect(200)).body.image_url).toBe(
      mine,
    );
    await as(me.authorization).patch(`/events/${created.body.id}`, { image_url: theirs }).expect(422);
    const cleared = await as(me.authorization)
      .patch(`/events/${created.body.id}`, { image_url: null })
      .expect(200);
    expect(cleared.body.image_url).toBeNull();
  });
});
