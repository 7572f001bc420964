import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import sharp from 'sharp';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FakeS3 } from '../fakes';

describe('POST /uploads/image with S3 storage behind a CDN', () => {
  const s3 = new FakeS3('runvs-images');
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
      },
    });
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(async () => {
    await stack?.close();
    await s3.stop();
  });

  it('stores the re-encoded photo in the bucket and lets its owner attach the CDN URL to an event', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const photo = await sharp({ create: { width: 2500, height: 1000, channels: 3, background: '#00aa55' } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 58/1' } })
      .toBuffer();
    const response = await request(app.getHttpServer())
      .post('/api/v1/uploads/image')
      .set('Authorization', authorization)
      .attach('file', photo, 'run.jpg')
      .expect(200);
    const url = new URL(response.body.url);
    expect(url.origin).toBe('https://cdn.runvs.test');
    const key = url.pathname.slice(1);
    expect(key).toMatch(new RegExp(`^images/${user.id}/[0-9a-f-]{36}\\.jpg$`));
    const object = s3.objects.get(key);
    expect(object?.contentType).toBe('image/jpeg');
    const meta = await sharp(object!.body).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2048, height: 819 });
    expect(meta.exif).toBeUndefined();

    const event = {
      title: 'Bucket run',
      starts_at: new Date(Date.now() + 86_400_000).toISOString(),
      ends_at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      image_url: response.body.url,
    };
    await request(app.getHttpServer())
      .post('/api/v1/events')
      .set('Authorization', other.authorization)
      .send(event)
      .expect(422);
    const created = await request(app.getHttpServer())
      .post('/api/v1/events')
      .set('Authorization', authorization)
      .send(event)
      .expect(201);
    expect(created.body.image_url).toBe(response.body.url);
  });
});
