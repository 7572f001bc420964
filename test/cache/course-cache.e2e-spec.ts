import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { REDIS_CLIENT } from '@runvs/redis';
import {
  createCourse,
  createRunRecord,
  createUserWithToken,
  eventually,
  lineFrom,
  startApi,
  startWorker,
  testConfig,
} from '@runvs/testing';
import type Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

const START: [number, number] = [127.0576, 37.5179];

/** Leaderboards, course pages and stats come from Redis and are never stale after a write. */
describe('course caches and their invalidation', () => {
  let config: AppConfig;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let redis: Redis;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    config = testConfig();
    app = await startApi(config);
    worker = await startWorker(config);
    dataSource = app.get(DataSource);
    redis = app.get(REDIS_CLIENT);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const cachedKeys = (pattern: string) => redis.keys(`${config.redis.keyPrefix}:cache:${pattern}`);

  /** Completes a run along the course and waits until the pipeline has ranked it. */
  async function completeOnCourse(authorization: string, courseId: string, speedMs: number) {
    const points = trackAlong(lineFrom(START, 41, 50, 45), { speedMs, startMs: Date.now() - 3_600_000 });
    const { complete } = await runThroughApi(app, authorization, points, { courseId });
    await eventually(async () => {
      const [row] = await dataSource.query(`SELECT ranked_at FROM run_records WHERE id = $1`, [
        complete.run_record_id,
      ]);
      return row.ranked_at !== null;
    });
    return complete;
  }

  it('serves a leaderboard from the cache and shows a completion as soon as it is ranked', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const steady = await createUserWithToken(dataSource, config);
    const fast = await createUserWithToken(dataSource, config);
    const courseId = await createCourse(dataSource, creator.user.id, {
      coordinates: lineFrom(START, 41, 50, 45),
      distanceMeters: 2000,
    });
    const board = (authorization: string) =>
      http().get(`/api/v1/courses/${courseId}/rankings`).set('Authorization', authorization).expect(200);

    await completeOnCourse(steady.authorization, courseId, 3);
    const before = await board(fast.authorization);
    expect(before.body.data.map((entry: { user: { id: string } }) => entry.user.id)).toEqual([
      steady.user.id,
    ]);
    expect(before.body.my_ranking).toBeNull();
    expect(await cachedKeys(`board:${courseId}:*`)).not.toHaveLength(0);
    // Served from the cache: a row written behind the cache's back does not show…
    await dataSource.query(`UPDATE users SET nickname = 'sneaky' WHERE id = $1`, [steady.user.id]);
    expect((await board(fast.authorization)).body.data[0].user.nickname).not.toBe('sneaky');

    // …but a completion does, at once, for the same viewer whose board was cached.
    await completeOnCourse(fast.authorization, courseId, 4);
    const after = await board(fast.authorization);
    expect(after.body.data.map((entry: { user: { id: string } }) => entry.user.id)).toEqual([
      fast.user.id,
      steady.user.id,
    ]);
    expect(after.body.my_ranking).toMatchObject({ rank: 1 });
    expect(after.body.total_runners).toBe(2);
    expect(after.body.data[1].user.nickname).toBe('sneaky');
  });

  it('drops a cached board and stats when a run on the course is deleted', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const runner = await createUserWithToken(dataSource, config);
    const courseId = await createCourse(dataSource, creator.user.id, {
      coordinates: lineFrom(START, 41, 50, 45),
      distanceMeters: 2000,
    });
    const complete = await completeOnCourse(runner.authorization, courseId, 3);
    await eventually(async () => {
      const stats = await http().get(`/api/v1/courses/${courseId}/stats`).expect(200);
      return stats.body.total_runs === 1;
    });
    const board = await http().get(`/api/v1/courses/${courseId}/rankings`).expect(200);
    expect(board.body.total_runners).toBe(1);

    await http()
      .delete(`/api/v1/runs/${complete.run_record_id}`)
      .set('Authorization', runner.authorization)
      .expect((response) => expect([200, 204]).toContain(response.status));
    expect((await http().get(`/api/v1/courses/${courseId}/rankings`).expect(200)).body.total_runners).toBe(0);
    expect((await http().get(`/api/v1/courses/${courseId}/stats`).expect(200)).body.total_runs).toBe(0);
  });

  it('serves a course page from the cache and shows the creator’s edit at once', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const courseId = await createCourse(dataSource, creator.user.id, { title: 'Before' });
    const page = () => http().get(`/api/v1/courses/${courseId}`).expect(200);

    expect((await page()).body.title).toBe('Before');
    await dataSource.query(`UPDATE courses SET description = 'behind-the-back' WHERE id = $1`, [courseId]);
    expect((await page()).body.description).not.toBe('behind-the-back');

    await http()
      .patch(`/api/v1/courses/${courseId}`)
      .set('Authorization', creator.authorization)
      .send({ title: 'After' })
      .expect(200);
    const edited = (await page()).body;
    expect(edited.title).toBe('After');
    expect(edited.description).toBe('behind-the-back');
  });

  it('shows a like and a review on a cached course page at once', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const fan = await createUserWithToken(dataSource, config);
    const courseId = await createCourse(dataSource, creator.user.id);
    const page = () => http().get(`/api/v1/courses/${courseId}`).expect(200);
    expect((await page()).body).toMatchObject({ like_count: 0, review_count: 0, avg_rating: null });

    await http().post(`/api/v1/courses/${courseId}/like`).set('Authorization', fan.authorization).expect(200);
    expect((await page()).body.like_count).toBe(1);
    const review = await http()
      .post(`/api/v1/courses/${courseId}/reviews`)
      .set('Authorization', fan.authorization)
      .send({ rating: 4, content: 'Nice and flat' })
      .expect(201);
    expect((await page()).body).toMatchObject({ review_count: 1, avg_rating: 4 });
    await http()
      .patch(`/api/v1/reviews/${review.body.id}`)
      .set('Authorization', fan.authorization)
      .send({ rating: 2 })
      .expect(200);
    expect((await page()).body.avg_rating).toBe(2);
    await http().delete(`/api/v1/reviews/${review.body.id}`).set('Authorization', fan.authorization);
    expect((await page()).body).toMatchObject({ review_count: 0, avg_rating: null });
  });

  it('lists a new course at once although list pages are cached', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const list = () => http().get('/api/v1/courses').query({ search: 'Cachetown' }).expect(200);
    expect((await list()).body.total_count).toBe(0);
    const route = lineFrom(START, 41, 50, 45);
    const runId = await createRunRecord(dataSource, creator.user.id, route, {
      distanceMeters: 2000,
      durationSeconds: 600,
    });
    const created = await http()
      .post('/api/v1/courses')
      .set('Authorization', creator.authorization)
      .send({
        run_record_id: runId,
        title: 'Cachetown loop',
        route_geometry: { type: 'LineString', coordinates: route.map(([lng, lat]) => [lng, lat, 0]) },
        distance_meters: 2000,
        estimated_duration_seconds: 600,
        elevation_gain_meters: 0,
        elevation_profile: [0, 0],
      });
    expect(created.status).toBe(201);
    expect((await list()).body.total_count).toBe(1);
  });
});
