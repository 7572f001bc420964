import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { CacheScopes, CacheService } from '@runvs/cache';
import type { AppConfig } from '@runvs/config';
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
import request from 'supertest';
import { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

const START: [number, number] = [126.9012, 37.5311];
const COURSE_FIGURES = { distance_meters: 1500, estimated_duration_seconds: 540 };

/**
 * The hot reads (`/users/me`, course lists, nearby) come from Redis, and every write that changes
 * what they show is visible at once: a profile edit, a run's totals and bests, a new course.
 */
describe('hot reads: cached, and fresh after every write', () => {
  let config: AppConfig;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    config = testConfig();
    app = await startApi(config);
    worker = await startWorker(config);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const me = async (authorization: string) =>
    (await http().get('/api/v1/users/me').set('Authorization', authorization).expect(200)).body;

  async function completeRun(authorization: string, courseId: string | null, line: Array<[number, number]>) {
    const points = trackAlong(line, { speedMs: 3, startMs: Date.now() - 3_600_000 });
    const { complete } = await runThroughApi(app, authorization, points, { courseId });
    await eventually(async () => {
      const [row] = await dataSource.query(`SELECT pipeline_completed_at FROM run_records WHERE id = $1`, [
        complete.run_record_id,
      ]);
      return row.pipeline_completed_at !== null;
    });
    return complete.run_record_id as string;
  }

  it('GET /users/me: cached, a profile edit and the totals of a run or its deletion show at once', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const first = await me(runner.authorization);
    expect(first.total_runs).toBe(0);
    // Served from the cache: a change behind its back does not show…
    await dataSource.query(`UPDATE users SET bio = 'behind the cache' WHERE id = $1`, [runner.user.id]);
    expect((await me(runner.authorization)).bio).toBe(first.bio);

    // …the api's own writes do, on the very next read.
    await http()
      .patch('/api/v1/users/me/profile')
      .set('Authorization', runner.authorization)
      .send({ nickname: 'fresh_name', bio: 'hello' })
      .expect(200);
    expect(await me(runner.authorization)).toMatchObject({ nickname: 'fresh_name', bio: 'hello' });

    const runId = await completeRun(runner.authorization, null, lineFrom(START, 21, 50));
    const after = await me(runner.authorization);
    expect(after.total_runs).toBe(1);
    expect(after.total_distance_meters).toBeGreaterThan(900);

    await http().delete(`/api/v1/runs/${runId}`).set('Authorization', runner.authorization).expect(204);
    expect((await me(runner.authorization)).total_runs).toBe(0);
  });

  it('GET /courses: a new course and my best on it show at once; the page is cached meanwhile', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const runner = await createUserWithToken(dataSource, config);
    const line = lineFrom([126.95, 37.52], 31, 50);
    const list = async (authorization: string) =>
      (await http().get('/api/v1/courses?per_page=50').set('Authorization', authorization).expect(200)).body;

    const before = await list(runner.authorization);
    // A row written behind the cache's back does not show while the page is cached…
    const hidden = await createCourse(dataSource, creator.user.id, { title: 'Behind the cache' });
    expect((await list(runner.authorization)).data.map((c: { id: string }) => c.id)).not.toContain(hidden);

    // …a course published through the api does, at once, with its creator's run as their best.
    const runId = await createRunRecord(dataSource, creator.user.id, line, {
      distanceMeters: 1510,
      durationSeconds: 560,
    });
    const created = await http()
      .post('/api/v1/courses')
      .set('Authorization', creator.authorization)
      .send({
        run_record_id: runId,
        title: 'Fresh course',
        route_geometry: { type: 'LineString', coordinates: line },
        ...COURSE_FIGURES,
      })
      .expect(201);
    const courseId = created.body.id as string;
    const byCreator = (await list(creator.authorization)).data.find((c: { id: string }) => c.id === courseId);
    expect(byCreator).toMatchObject({ title: 'Fresh course', my_best_duration_seconds: 560 });
    const forRunner = await list(runner.authorization);
    expect(forRunner.total_count).toBe(before.total_count + 2);
    expect(forRunner.data.find((c: { id: string }) => c.id === courseId).my_best_duration_seconds).toBeNull();

    // The runner completes it: their best shows in the (cached) list as soon as the pipeline is done.
    await completeRun(runner.authorization, courseId, line);
    const mine = (await list(runner.authorization)).data.find((c: { id: string }) => c.id === courseId);
    expect(mine.my_best_duration_seconds).toEqual(expect.any(Number));
    expect(
      (await list(creator.authorization)).data.find((c: { id: string }) => c.id === courseId),
    ).toMatchObject({
      my_best_duration_seconds: 560,
    });
  });

  it('GET /courses/nearby: the cached answer is the database answer, and a new course shows at once', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const origin = { lat: 35.16, lng: 129.06 };
    for (let i = 0; i < 40; i++) {
      const start: [number, number] = [
        origin.lng + (((i * 7919) % 100) / 100 - 0.5) * 0.03,
        origin.lat + (((i * 104729) % 100) / 100 - 0.5) * 0.03,
      ];
      await createCourse(dataSource, creator.user.id, { coordinates: lineFrom(start, 5, 50) });
    }
    // Those rows went in behind the cache: start from a fresh version of the list scope.
    await app.get(CacheService).invalidate(CacheScopes.courseList);
    const nearby = async (lat: number, lng: number, radius: number, limit: number) =>
      (
        await http()
          .get(`/api/v1/courses/nearby?lat=${lat}&lng=${lng}&radius=${radius}&limit=${limit}`)
          .expect(200)
      ).body as Array<{ id: string; distance_from_user_meters: number }>;
    const truth = async (lat: number, lng: number, radius: number, limit: number) =>
      (await dataSource.query(
        `SELECT id, ST_Distance(start_point, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS meters
           FROM courses
          WHERE is_public AND NOT is_hidden
            AND ST_DWithin(start_point, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)
          ORDER BY meters, id LIMIT $4`,
        [lng, lat, radius, limit],
      )) as Array<{ id: string; meters: number }>;

    for (let i = 0; i < 12; i++) {
      const lat = origin.lat + (((i * 37) % 12) / 12 - 0.5) * 0.02;
      const lng = origin.lng + (((i * 53) % 12) / 12 - 0.5) * 0.02;
      const [radius, limit] = i % 3 === 0 ? [500, 5] : i % 3 === 1 ? [5_000, 5] : [20_000, 30];
      const answer = await nearby(lat, lng, radius, limit);
      const expected = await truth(lat, lng, radius, limit);
      expect(answer.map((c) => c.id)).toEqual(expected.map((c) => c.id));
      answer.forEach((c, k) =>
        expect(Math.abs(c.distance_from_user_meters - expected[k].meters)).toBeLessThan(0.11),
      );
      // Asked again, the same answer (now from the cell's cached candidates).
      expect(await nearby(lat, lng, radius, limit)).toEqual(answer);
    }

    // Another user: the creator above is past the daily limit of courses.
    const publisher = await createUserWithToken(dataSource, config);
    const line = lineFrom([origin.lng, origin.lat], 31, 50);
    const runId = await createRunRecord(dataSource, publisher.user.id, line, {
      distanceMeters: 1510,
      durationSeconds: 560,
    });
    const created = await http()
      .post('/api/v1/courses')
      .set('Authorization', publisher.authorization)
      .send({
        run_record_id: runId,
        title: 'Right here',
        route_geometry: { type: 'LineString', coordinates: line },
        ...COURSE_FIGURES,
      })
      .expect(201);
    expect((await nearby(origin.lat, origin.lng, 1_000, 5))[0].id).toBe(created.body.id);
  });
});
