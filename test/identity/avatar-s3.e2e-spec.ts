import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import sharp from 'sharp';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FakeS3 } from '../fakes';

describe('POST /uploads/avatar with S3 storage, a CDN and the uploads rate limit', () => {
  const s3 = new FakeS3('runvs-avatars');
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    await s3.start();
    stack = await startStack({
      env: {
        ...s3.env(),
        CDN_BASE_URL: 'https://cdn.runvs.test',
        RATE_LIMIT_UPLOADS_PER_MINUTE: '3',
      },
    });
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(async () => {
    await stack?.close();
    await s3.stop();
  });

  it('stores the re-encoded avatar in the bucket, answers the CDN URL, then rate-limits', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const photo = await sharp({ create: { width: 640, height: 640, channels: 3, background: '#00aa55' } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 58/1' } })
      .toBuffer();
    const send = () =>
      request(app.getHttpServer())
        .post('/api/v1/uploads/avatar')
        .set('Authorization', authorization)
        .attach('file', photo, 'me.jpg');

    const response = await send().expect(200);
    const url = new URL(response.body.url);
    expect(url.origin).toBe('https://cdn.runvs.test');
    const key = url.pathname.slice(1);
    expect(key).toMatch(new RegExp(`^avatars/${user.id}/[0-9a-f-]{36}\\.jpg$`));
    const object = s3.objects.get(key);
    expect(object?.contentType).toBe('image/jpeg');
    const meta = await sharp(object!.body).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 512, height: 512 });
    expect(meta.exif).toBeUndefined();

    await send().expect(200);
    await send().expect(200);
    const limited = await send().expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
