import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { MAX_ROUTE_VERTICES } from '@runvs/courses';
import {
  createCourse,
  createRunRecord,
  createUser,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const CITY_HALL: [number, number] = [126.978, 37.5665];
/** 1.5 km north from Seoul City Hall, a vertex every 10 m. */
const ROUTE = lineFrom(CITY_HALL, 151, 10);

describe('courses: create, read, update, delete', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());
  const one = async (text: string, params: unknown[] = []) =>
    ((await dataSource.query(text, params)) as Array<Record<string, unknown>>)[0];
  const count = async (text: string, params: unknown[] = []) => Number((await one(text, params)).n);

  const runner = () => createUserWithToken(dataSource, config);
  const body = (runRecordId: string, overrides: Record<string, unknown> = {}) => ({
    run_record_id: runRecordId,
    title: '한강 야경 코스',
    description: 'Along the river',
    route_geometry: { type: 'LineString', coordinates: ROUTE },
    distance_meters: 1500,
    estimated_duration_seconds: 540,
    elevation_gain_meters: 12,
    elevation_profile: [10, 12, 15, 14],
    tags: ['river', ' night '],
    ...overrides,
  });
  const create = async (authorization: string, userId: string, overrides: Record<string, unknown> = {}) => {
    // the run went where the line goes (a course line must be the creator's own run)
    const line = (overrides.route_geometry as { coordinates?: number[][] } | undefined)?.coordinates;
    const track =
      Array.isArray(line) && line.length >= 2
        ? line.map(([lng, lat]) => [lng, lat] as [number, number])
        : ROUTE;
    const runId = await createRunRecord(dataSource, userId, track, {
      distanceMeters: 1510,
      durationSeconds: 560,
    });
    const response = await http()
      .post('/api/v1/courses')
      .set('Authorization', authorization)
      .send(body(runId, overrides));
    return { runId, response };
  };

  it('publishes a course from my run: route, start point, measured distance, checkpoints, first effort, thumbnail job', async () => {
    const { user, authorization } = await runner();
    const { runId, response } = await create(authorization, user.id);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      title: '한강 야경 코스',
      distance_meters: expect.any(Number),
      thumbnail_url: null,
      share_url: null,
      created_at: expect.any(String),
      difficulty: 'easy',
      privacy_warning: null,
    });
    const id = response.body.id as string;
    // Measured on the route (WGS84), not the app's 1500.
    expect(Math.abs(response.body.distance_meters - 1500)).toBeLessThan(5);

    const course = await one(
      `SELECT GeometryType(route_geometry::geometry) AS type, ST_NPoints(route_geometry::geometry) AS points,
              ST_X(start_point::geometry) AS start_lng, ST_Y(start_point::geometry) AS start_lat,
              ST_Y(end_point::geometry) AS end_lat, abs(ST_Length(route_geometry) - distance_meters) < 1 AS length_agrees,
              checkpoints, tags, route_preview, elevation_profile, difficulty, difficulty_score, run_record_id, is_public
         FROM courses WHERE id = $1`,
      [id],
    );
    expect(course).toMatchObject({
      type: 'LINESTRING',
      points: 151,
      length_agrees: true,
      tags: ['river', 'night'],
      elevation_profile: [10, 12, 15, 14],
      difficulty: 'easy',
      run_record_id: runId,
      is_public: true,
    });
    expect(course.start_lng).toBeCloseTo(CITY_HALL[0], 6);
    expect(course.start_lat).toBeCloseTo(CITY_HALL[1], 6);
    expect(course.end_lat).toBeCloseTo(ROUTE[150][1], 6);
    // §6.4: start, 500, 1000, finish (1500 − 1000 ≥ 200).
    const checkpoints = course.checkpoints as Array<Record<string, number>>;
    expect(checkpoints.map((c) => [c.id, c.order, c.distance_from_start_meters])).toEqual([
      [1, 0, 0],
      [2, 1, 500],
      [3, 2, 1000],
      [4, 3, expect.any(Number)],
    ]);
    expect((course.route_preview as unknown[]).length).toBeGreaterThanOrEqual(2);

    // The creator's run is the first completed effort: linked, on the leaderboard, in the stats.
    expect(
      await one(`SELECT course_id, course_completed, is_ranking_eligible FROM run_records WHERE id = $1`, [
        runId,
      ]),
    ).toEqual({ course_id: id, course_completed: true, is_ranking_eligible: true });
    expect(
      await one(
        `SELECT user_id, run_record_id, best_duration_seconds, run_count, ranking_position(course_id, best_duration_seconds, achieved_at, user_id) AS rank FROM rankings WHERE course_id = $1`,
        [id],
      ),
    ).toEqual({ user_id: user.id, run_record_id: runId, best_duration_seconds: 560, run_count: 1, rank: 1 });
    expect(
      await one(
        `SELECT total_runs, unique_runners, best_duration_seconds, avg_duration_seconds, completion_rate FROM course_stats WHERE course_id = $1`,
        [id],
      ),
    ).toEqual({
      total_runs: 1,
      unique_runners: 1,
      best_duration_seconds: 560,
      avg_duration_seconds: 560,
      completion_rate: 1,
    });
    // The thumbnail job was written in the same transaction.
    expect(
      await count(
        `SELECT count(*) AS n FROM outbox_events WHERE queue = 'course-created' AND payload->>'courseId' = $1`,
        [id],
      ),
    ).toBe(1);
  });

  it("refuses someone else's run, an unknown run, a run already on a course, and a token-less call", async () => {
    const { authorization } = await runner();
    const other = await createUser(dataSource);
    const theirs = await createRunRecord(dataSource, other.id, ROUTE);
    const post = (payload: object) =>
      http().post('/api/v1/courses').set('Authorization', authorization).send(payload);
    expect((await post(body(theirs))).status).toBe(404);
    expect((await post(body('7c1a2a53-7f8e-4b8a-9a51-2f1f7d1a0c11'))).body.code).toBe('NOT_FOUND');
    const bad = await post(body('not-a-uuid'));
    expect(bad.status).toBe(422);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toContain('run_record_id');

    const { user: me, authorization: mine } = await runner();
    const { runId } = await create(mine, me.id);
    const again = await http().post('/api/v1/courses').set('Authorization', mine).send(body(runId));
    expect(again.status).toBe(409);
    await http().post('/api/v1/courses').send(body(theirs)).expect(401);
  });

  it('keeps a flagged or Strava-sourced creator run off the leaderboard', async () => {
    for (const overrides of [{ isFlagged: true }, { source: 'strava' }]) {
      const { user, authorization } = await runner();
      const runId = await createRunRecord(dataSource, user.id, ROUTE, overrides);
      const response = await http()
        .post('/api/v1/courses')
        .set('Authorization', authorization)
        .send(body(runId));
      expect(response.status).toBe(201);
      expect(await count(`SELECT count(*) AS n FROM rankings WHERE course_id = $1`, [response.body.id])).toBe(
        0,
      );
      expect(await one(`SELECT is_ranking_eligible FROM run_records WHERE id = $1`, [runId])).toEqual({
        is_ranking_eligible: false,
      });
    }
  });

  it('allows 10 courses per rolling 24 h, then answers 400 COURSE_RATE_LIMIT', async () => {
    const { user, authorization } = await runner();
    // Two older than 24 h do not count.
    await createCourse(dataSource, user.id, { createdAt: new Date(Date.now() - 25 * 3600_000) });
    await createCourse(dataSource, user.id, { createdAt: new Date(Date.now() - 30 * 3600_000) });
    for (let i = 0; i < 8; i++) await createCourse(dataSource, user.id);
    expect((await create(authorization, user.id)).response.status).toBe(201);
    expect((await create(authorization, user.id)).response.status).toBe(201);
    const limited = await create(authorization, user.id);
    expect(limited.response.status).toBe(400);
    expect(limited.response.body).toMatchObject({ code: 'COURSE_RATE_LIMIT', message: expect.any(String) });
    // Nothing half-written: the run stays free.
    expect(await one(`SELECT course_id FROM run_records WHERE id = $1`, [limited.runId])).toEqual({
      course_id: null,
    });
  });

  it('holds the limit under concurrent creations', async () => {
    const { user, authorization } = await runner();
    for (let i = 0; i < 7; i++) await createCourse(dataSource, user.id);
    const results = await Promise.all(Array.from({ length: 6 }, () => create(authorization, user.id)));
    const statuses = results.map((result) => result.response.status).sort();
    expect(statuses).toEqual([201, 201, 201, 400, 400, 400]);
    expect(await count(`SELECT count(*) AS n FROM courses WHERE creator_id = $1`, [user.id])).toBe(10);
  });

  it.each([
    [
      'a single point',
      { route_geometry: { type: 'LineString', coordinates: [[127, 37.5]] } },
      'route_geometry.coordinates',
    ],
    [
      'a zero-length line',
      {
        route_geometry: {
          type: 'LineString',
          coordinates: [
            [127, 37.5],
            [127, 37.5],
            [127, 37.5],
          ],
        },
      },
      'route_geometry.coordinates',
    ],
    [
      'a latitude out of range',
      {
        route_geometry: {
          type: 'LineString',
          coordinates: [
            [127, 37.5],
            [127, 91],
          ],
        },
      },
      'route_geometry.coordinates[1]',
    ],
    [
      'a longitude out of range',
      {
        route_geometry: {
          type: 'LineString',
          coordinates: [
            [-181, 37.5],
            [127, 37.6],
          ],
        },
      },
      'route_geometry.coordinates[0]',
    ],
    [
      'NaN as a string',
      {
        route_geometry: {
          type: 'LineString',
          coordinates: [
            [127, 37.5],
            ['NaN', 37.6],
          ],
        },
      },
      'route_geometry.coordinates[1]',
    ],
    [
      'a null coordinate',
      {
        route_geometry: {
          type: 'LineString',
          coordinates: [
            [127, 37.5],
            [null, 37.6],
          ],
        },
      },
      'route_geometry.coordinates[1]',
    ],
    [
      'not a LineString',
      { route_geometry: { type: 'Point', coordinates: [127, 37.5] } },
      'route_geometry.type',
    ],
    ['a route that is not an object', { route_geometry: 'north' }, 'route_geometry'],
    ['a 1-character title', { title: 'a' }, 'title'],
    ['a 31-character title', { title: 'x'.repeat(31) }, 'title'],
    ['a blank title', { title: '    ' }, 'title'],
    ['a negative distance', { distance_meters: -5 }, 'distance_meters'],
    ['a non-integer duration', { estimated_duration_seconds: 12.5 }, 'estimated_duration_seconds'],
    ['a lap count of 11', { lap_count: 11 }, 'lap_count'],
    ['an unknown course type', { course_type: 'spiral' }, 'course_type'],
    ['11 tags', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
  ])('answers 422 naming the field for %s, writing nothing', async (_name, overrides, field) => {
    const { user, authorization } = await runner();
    const runId = await createRunRecord(dataSource, user.id, ROUTE);
    const response = await http()
      .post('/api/v1/courses')
      .set('Authorization', authorization)
      .send(body(runId, overrides as Record<string, unknown>));
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_ERROR');
    expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await count(`SELECT count(*) AS n FROM courses WHERE creator_id = $1`, [user.id])).toBe(0);
  });

  it('refuses a 100,000-vertex route with 422 naming route_geometry.coordinates', async () => {
    const { user, authorization } = await runner();
    const runId = await createRunRecord(dataSource, user.id, ROUTE);
    const huge = lineFrom(CITY_HALL, 100_000, 1);
    expect(huge.length).toBeGreaterThan(MAX_ROUTE_VERTICES);
    const response = await http()
      .post('/api/v1/courses')
      .set('Authorization', authorization)
      .send(body(runId, { route_geometry: { type: 'LineString', coordinates: huge } }));
    expect(response.status).toBe(422);
    expect(response.body.details.fields[0].field).toBe('route_geometry.coordinates');
  });

  it('accepts loops, figure-eights and out-and-back routes, which cross themselves', async () => {
    const { user, authorization } = await runner();
    const loop = [
      ...lineFrom(CITY_HALL, 50, 10, 0),
      ...lineFrom([CITY_HALL[0], CITY_HALL[1] + 0.0044], 50, 10, 90),
    ];
    loop.push(CITY_HALL);
    const out = lineFrom(CITY_HALL, 80, 10, 45);
    const outAndBack = [...out, ...[...out].reverse()];
    const figureEight: Array<[number, number]> = Array.from({ length: 200 }, (_, i) => {
      const t = (i / 199) * 2 * Math.PI;
      return [CITY_HALL[0] + 0.004 * Math.sin(t), CITY_HALL[1] + 0.002 * Math.sin(2 * t)];
    });
    for (const coordinates of [loop, outAndBack, figureEight]) {
      const { response } = await create(authorization, user.id, {
        route_geometry: { type: 'LineString', coordinates },
      });
      expect(response.status).toBe(201);
    }
  });

  it('uses the route altitudes for elevation when every vertex has one', async () => {
    const { user, authorization } = await runner();
    const climbing = ROUTE.map(([lng, lat], i) => [lng, lat, 20 + i * 0.5]);
    const { response } = await create(authorization, user.id, {
      route_geometry: { type: 'LineString', coordinates: climbing },
      elevation_gain_meters: 0,
    });
    expect(response.status).toBe(201);
    const course = await one(`SELECT elevation_gain_meters, elevation_profile FROM courses WHERE id = $1`, [
      response.body.id,
    ]);
    expect(Number(course.elevation_gain_meters)).toBeGreaterThan(60);
    expect((course.elevation_profile as number[]).length).toBeGreaterThan(10);
  });

  it('shows a course to everyone, a private one only to its creator (others get 404)', async () => {
    const { user, authorization } = await runner();
    const stranger = await runner();
    const publicId = (await create(authorization, user.id)).response.body.id as string;
    const privateId = (await create(authorization, user.id, { is_public: false })).response.body.id as string;

    const detail = (await http().get(`/api/v1/courses/${publicId}`).expect(200)).body;
    expect(detail).toMatchObject({
      id: publicId,
      title: '한강 야경 코스',
      description: 'Along the river',
      is_public: true,
      difficulty: 'easy',
      creator: { id: user.id, nickname: user.nickname, avatar_url: null },
      like_count: 0,
      avg_rating: null,
      active_runners: 0,
      elevation_profile: [10, 12, 15, 14],
    });
    expect(detail.route_geometry.type).toBe('LineString');
    expect(detail.route_geometry.coordinates).toHaveLength(151);
    expect(detail.route_geometry.coordinates[0]).toEqual([
      expect.closeTo(CITY_HALL[0], 6),
      expect.closeTo(CITY_HALL[1], 6),
      0,
    ]);
    expect(detail.checkpoints).toHaveLength(4);

    await http().get(`/api/v1/courses/${privateId}`).expect(404);
    await http().get(`/api/v1/courses/${privateId}`).set('Authorization', stranger.authorization).expect(404);
    await http()
      .get(`/api/v1/courses/${privateId}/stats`)
      .set('Authorization', stranger.authorization)
      .expect(404);
    await http().get(`/api/v1/courses/${privateId}`).set('Authorization', authorization).expect(200);
    await http().get('/api/v1/courses/7c1a2a53-7f8e-4b8a-9a51-2f1f7d1a0c11').expect(404);
    expect((await http().get('/api/v1/courses/nope').expect(422)).body.details.fields[0].field).toBe('id');
  });

  it('generates missing checkpoints on first read of an older course', async () => {
    const owner = await createUser(dataSource);
    const id = await createCourse(dataSource, owner.id, { coordinates: ROUTE, distanceMeters: 1500 });
    const detail = (await http().get(`/api/v1/courses/${id}`).expect(200)).body;
    expect(detail.checkpoints).toHaveLength(4);
    expect(
      (await one(`SELECT jsonb_array_length(checkpoints) AS n FROM courses WHERE id = $1`, [id])).n,
    ).toBe(4);
  });

  it('answers course stats with every hour present', async () => {
    const { user, authorization } = await runner();
    const id = (await create(authorization, user.id)).response.body.id as string;
    const stats = (await http().get(`/api/v1/courses/${id}/stats`).expect(200)).body;
    expect(stats).toMatchObject({
      course_id: id,
      total_runs: 1,
      unique_runners: 1,
      avg_duration_seconds: 560,
      best_duration_seconds: 560,
      completion_rate: 1,
    });
    expect(Object.keys(stats.runs_by_hour)).toHaveLength(24);
    expect(Object.values(stats.runs_by_hour as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1);

    const bare = await createCourse(dataSource, user.id);
    expect((await http().get(`/api/v1/courses/${bare}/stats`).expect(200)).body).toMatchObject({
      total_runs: 0,
      completion_rate: 0,
      best_duration_seconds: null,
      updated_at: null,
    });
  });

  it('lets only the creator update (403 otherwise); nulls and absent fields change nothing', async () => {
    const { user, authorization } = await runner();
    const stranger = await runner();
    const id = (await create(authorization, user.id)).response.body.id as string;
    const patch = (auth: string, payload: object) =>
      http().patch(`/api/v1/courses/${id}`).set('Authorization', auth).send(payload);

    const denied = await patch(stranger.authorization, { title: 'Mine now' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('PERMISSION_DENIED');
    expect((await patch(authorization, { title: 'x' })).status).toBe(422);

    const updated = await patch(authorization, {
      title: '  새 이름  ',
      description: null,
      tags: ['a'],
      lap_count: 2,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id, title: '새 이름', updated: true });
    expect(await one(`SELECT title, description, tags, lap_count FROM courses WHERE id = $1`, [id])).toEqual({
      title: '새 이름',
      description: 'Along the river',
      tags: ['a'],
      lap_count: 2,
    });

    await patch(authorization, { is_public: false }).expect(200);
    await http().get(`/api/v1/courses/${id}`).expect(404);
    // A private course does not exist for others, so they get 404 rather than 403.
    await patch(stranger.authorization, { title: 'Mine now' }).expect(404);
  });

  it('lets only the creator delete: runs detached, board, stats, reviews, likes and favorites gone, in one go', async () => {
    const { user, authorization } = await runner();
    const stranger = await runner();
    const { runId, response } = await create(authorization, user.id);
    const id = response.body.id as string;
    const otherRun = await createRunRecord(dataSource, stranger.user.id, ROUTE, {
      courseId: id,
      courseCompleted: true,
    });
    await dataSource.query(`INSERT INTO course_likes (course_id, user_id) VALUES ($1, $2)`, [
      id,
      stranger.user.id,
    ]);
    await dataSource.query(`INSERT INTO course_favorites (course_id, user_id) VALUES ($1, $2)`, [
      id,
      stranger.user.id,
    ]);
    await dataSource.query(
      `INSERT INTO reviews (course_id, user_id, rating, content) VALUES ($1, $2, 5, 'great')`,
      [id, stranger.user.id],
    );

    const denied = await http().delete(`/api/v1/courses/${id}`).set('Authorization', stranger.authorization);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('PERMISSION_DENIED');

    await http().delete(`/api/v1/courses/${id}`).set('Authorization', authorization).expect(204);
    await http().get(`/api/v1/courses/${id}`).expect(404);
    await http().delete(`/api/v1/courses/${id}`).set('Authorization', authorization).expect(404);
    for (const table of ['rankings', 'course_stats', 'reviews', 'course_likes', 'course_favorites']) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE course_id = $1`, [id])).toBe(0);
    }
    expect(
      await dataSource.query(`SELECT id, course_id FROM run_records WHERE id = ANY($1) ORDER BY id`, [
        [runId, otherRun],
      ]),
    ).toEqual([runId, otherRun].sort().map((runRecordId) => ({ id: runRecordId, course_id: null })));
  });
});
