import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { CourseThumbnailService } from '@runvs/courses';
import {
  createRunRecord,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import sharp from 'sharp';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const ROUTE = lineFrom([126.978, 37.5665], 151, 10, 30);

describe('course thumbnails without a Mapbox token: drawn locally by the worker', () => {
  let stack: TestStack;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true, env: { MAPBOX_ACCESS_TOKEN: '' } });
    ({ config, api, worker, dataSource } = stack);
    expect(config.mapbox.accessToken).toBeFalsy();
  });

  afterAll(() => stack?.close());

  const createCourse = async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRunRecord(dataSource, user.id, ROUTE);
    const response = await request(api.getHttpServer())
      .post('/api/v1/courses')
      .set('Authorization', authorization)
      .send({
        run_record_id: runId,
        title: 'Thumbnail course',
        route_geometry: { type: 'LineString', coordinates: ROUTE },
        distance_meters: 1500,
        estimated_duration_seconds: 600,
      })
      .expect(201);
    return { id: response.body.id as string, userId: user.id, authorization };
  };
  const course = async (id: string) =>
    (
      (await dataSource.query(
        `SELECT thumbnail_url, thumbnail_status, thumbnail_error FROM courses WHERE id = $1`,
        [id],
      )) as Array<{ thumbnail_url: string | null; thumbnail_status: string; thumbnail_error: string | null }>
    )[0];

  it('renders the route to a PNG, stores it and sets thumbnail_url; the api serves it', async () => {
    const { id, userId } = await createCourse();
    await waitForQueuesDrained(worker);
    const row = await course(id);
    expect(row).toEqual({
      thumbnail_url: expect.stringMatching(
        new RegExp(`/uploads/thumbnails/courses/${id}/local-[0-9a-f]{16}\\.png$`),
      ),
      thumbnail_status: 'ready',
      thumbnail_error: null,
    });
    const path = new URL(row.thumbnail_url!).pathname;
    const file = await request(api.getHttpServer()).get(path).buffer(true).expect(200);
    const image = sharp(file.body as Buffer);
    expect(await image.metadata()).toMatchObject({ format: 'png', width: 1200, height: 800 });
    // The route colour (#FFC800) is on the picture.
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    let yellow = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      if (data[i] > 240 && data[i + 1] > 180 && data[i + 1] < 220 && data[i + 2] < 40) yellow++;
    }
    expect(yellow).toBeGreaterThan(2_000);
    expect(
      await dataSource.query(
        `SELECT owner_id, content_type FROM stored_files WHERE kind = 'course_thumbnail'`,
      ),
    ).toEqual([{ owner_id: userId, content_type: 'image/png' }]);
    // The detail shows it.
    const detail = await request(api.getHttpServer()).get(`/api/v1/courses/${id}`).expect(200);
    expect(detail.body.thumbnail_url).toBe(row.thumbnail_url);
  });

  it('is idempotent: a repeated job changes nothing', async () => {
    const { id } = await createCourse();
    await waitForQueuesDrained(worker);
    const before = await course(id);
    const thumbnails = worker.get(CourseThumbnailService);
    await expect(thumbnails.render(id)).resolves.toBe('already-done');
    expect(await course(id)).toEqual(before);
    // Even when the row was reset, the same route writes the same key: no stray files.
    await dataSource.query(`UPDATE courses SET thumbnail_status = 'pending' WHERE id = $1`, [id]);
    await expect(thumbnails.render(id)).resolves.toBe('rendered');
    expect((await course(id)).thumbnail_url).toBe(before.thumbnail_url);
    expect(
      (
        await dataSource.query(`SELECT count(*)::int AS n FROM stored_files WHERE storage_key LIKE $1`, [
          `thumbnails/courses/${id}/%`,
        ])
      )[0].n,
    ).toBe(1);
  });

  it('does nothing for a course deleted before its job ran, and deleting a course removes its file', async () => {
    const thumbnails = worker.get(CourseThumbnailService);
    await expect(thumbnails.render('7c1a2a53-7f8e-4b8a-9a51-2f1f7d1a0c11')).resolves.toBe('course-gone');

    const { id, authorization } = await createCourse();
    await waitForQueuesDrained(worker);
    const path = new URL((await course(id)).thumbnail_url!).pathname;
    await request(api.getHttpServer()).get(path).expect(200);
    await request(api.getHttpServer())
      .delete(`/api/v1/courses/${id}`)
      .set('Authorization', authorization)
      .expect(204);
    await request(api.getHttpServer()).get(path).expect(404);
    expect(
      (
        await dataSource.query(`SELECT count(*)::int AS n FROM stored_files WHERE storage_key LIKE $1`, [
          `thumbnails/courses/${id}/%`,
        ])
      )[0].n,
    ).toBe(0);
  });

  it('records a final failure on the course without making the course unusable', async () => {
    const { id } = await createCourse();
    await waitForQueuesDrained(worker);
    await dataSource.query(
      `UPDATE courses SET thumbnail_status = 'pending', thumbnail_url = NULL WHERE id = $1`,
      [id],
    );
    await worker.get(CourseThumbnailService).markFailed(id, new Error('storage unavailable'));
    expect(await course(id)).toEqual({
      thumbnail_url: null,
      thumbnail_status: 'failed',
      thumbnail_error: 'storage unavailable',
    });
    const detail = await request(api.getHttpServer()).get(`/api/v1/courses/${id}`).expect(200);
    expect(detail.body.thumbnail_url).toBeNull();
  });
});
