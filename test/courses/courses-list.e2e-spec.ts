import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createCourse,
  createRun,
  createUser,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/** Courses far from Seoul unless a test places them; each test file has its own database. */
const at = (lng: number, lat: number) => lineFrom([lng, lat], 20, 10);

describe('GET /courses', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;
  let creatorId: string;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
    creatorId = (await createUser(dataSource, { nickname: 'maker' })).id;
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());
  const list = (query: Record<string, unknown>, authorization?: string) => {
    const call = http().get('/api/v1/courses').query(query);
    return authorization ? call.set('Authorization', authorization) : call;
  };
  const titles = (body: { data: Array<{ title: string }> }) => body.data.map((item) => item.title);
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const clear = () => dataSource.query(`DELETE FROM courses`);

  it('lists public, visible courses only, newest first, with paging', async () => {
    await clear();
    for (let i = 0; i < 5; i++) {
      await createCourse(dataSource, creatorId, { title: `Public ${i}`, createdAt: minutesAgo(10 - i) });
    }
    await createCourse(dataSource, creatorId, { title: 'Private', isPublic: false });
    await createCourse(dataSource, creatorId, { title: 'Hidden', isHidden: true });

    const first = (await list({ per_page: 2 }).expect(200)).body;
    expect(first).toMatchObject({ total_count: 5, has_next: true });
    expect(titles(first)).toEqual(['Public 4', 'Public 3']);
    const last = (await list({ per_page: 2, page: 2 }).expect(200)).body;
    expect(last).toMatchObject({ total_count: 5, has_next: false });
    expect(titles(last)).toEqual(['Public 0']);
    expect(titles((await list({ order: 'asc', per_page: 1 }).expect(200)).body)).toEqual(['Public 0']);
  });

  it('fills every field of an item with real values', async () => {
    await clear();
    const { user: me, authorization } = await createUserWithToken(dataSource, config);
    const fan = await createUser(dataSource);
    const route = at(126.98, 37.57);
    const id = await createCourse(dataSource, creatorId, {
      title: 'Full',
      coordinates: route,
      routePreview: [route[0], route[19]],
      distanceMeters: 5000,
    });
    await dataSource.query(
      `UPDATE courses SET difficulty = 'hard', elevation_gain_meters = 120, tags = '{river}' WHERE id = $1`,
      [id],
    );
    await dataSource.query(
      `INSERT INTO course_stats (course_id, total_runs, unique_runners, avg_pace_seconds_per_km) VALUES ($1, 7, 3, 330)`,
      [id],
    );
    await dataSource.query(`INSERT INTO course_likes (course_id, user_id) VALUES ($1, $2), ($1, $3)`, [
      id,
      me.id,
      fan.id,
    ]);
    await dataSource.query(
      `INSERT INTO reviews (course_id, user_id, rating) VALUES ($1, $2, 5), ($1, $3, 4)`,
      [id, me.id, fan.id],
    );
    await dataSource.query(
      `INSERT INTO run_sessions (user_id, course_id, status, started_at, last_chunk_at)
       VALUES ($1, $2, 'active', now() - interval '10 minutes', now()),
              ($3, $2, 'active', now() - interval '3 days', now() - interval '3 days'),
              ($3, $2, 'completed', now() - interval '1 hour', now())`,
      [me.id, id, fan.id],
    );
    await createRun(dataSource, me.id, { courseId: id, durationSeconds: 1700 });
    await createRun(dataSource, me.id, { courseId: id, durationSeconds: 1650 });
    await createRun(dataSource, me.id, { courseId: id, durationSeconds: 1400, courseCompleted: false });

    const [item] = (await list({}, authorization).expect(200)).body.data;
    expect(item).toEqual({
      id,
      title: 'Full',
      thumbnail_url: null,
      route_preview: [route[0], route[19]],
      distance_meters: 5000,
      estimated_duration_seconds: 600,
      elevation_gain_meters: 120,
      difficulty: 'hard',
      tags: ['river'],
      creator: { id: creatorId, nickname: 'maker', avatar_url: null },
      stats: { total_runs: 7, unique_runners: 3, avg_pace_seconds_per_km: 330 },
      created_at: expect.any(String),
      distance_from_user_meters: null,
      like_count: 2,
      avg_rating: 4.5,
      // The session silent for 3 days is stale, the completed one is over.
      active_runners: 1,
      // Best completed run; the faster unfinished attempt does not count.
      my_best_duration_seconds: 1650,
    });
    // Anonymous callers have no best time.
    expect((await list({}).expect(200)).body.data[0].my_best_duration_seconds).toBeNull();
  });

  it('searches titles: exact, then prefix, then contained; case-insensitive; wildcards literal', async () => {
    await clear();
    const make = (title: string, minutes: number) =>
      createCourse(dataSource, creatorId, { title, createdAt: minutesAgo(minutes) });
    await make('Big Han Loop', 1);
    await make('Hanbit Trail', 2);
    await make('han', 3);
    await make('Han River', 4);
    await make('Olympic Park', 5);
    await make('100% 한강', 6);

    expect(titles((await list({ search: 'HAN' }).expect(200)).body)).toEqual([
      'han',
      'Hanbit Trail',
      'Han River',
      'Big Han Loop',
    ]);
    expect(titles((await list({ search: '%' }).expect(200)).body)).toEqual(['100% 한강']);
    expect(titles((await list({ search: '한강' }).expect(200)).body)).toEqual(['100% 한강']);
    expect((await list({ search: '_' }).expect(200)).body.total_count).toBe(0);
    expect((await list({ search: 'x'.repeat(101) }).expect(422)).body.details.fields[0].field).toBe('search');
  });

  it('filters by distance range (inclusive) and sorts by distance', async () => {
    await clear();
    for (const meters of [1000, 3000, 5000, 10000]) {
      await createCourse(dataSource, creatorId, { title: `${meters} m`, distanceMeters: meters });
    }
    expect(
      titles(
        (await list({ min_distance: 3000, max_distance: 5000, sort: 'distance', order: 'asc' }).expect(200))
          .body,
      ),
    ).toEqual(['3000 m', '5000 m']);
    expect(titles((await list({ order_by: 'distance_meters' }).expect(200)).body)).toEqual([
      '10000 m',
      '5000 m',
      '3000 m',
      '1000 m',
    ]);
    const bad = await list({ min_distance: 5000, max_distance: 1000 }).expect(422);
    expect(bad.body.details.fields[0].field).toBe('min_distance');
    // Integers past what the column holds (1e308 is an integer to the validator) are refused, not a 500.
    for (const [field, value] of [
      ['min_distance', '1e308'],
      ['max_distance', '9'.repeat(30)],
      ['max_distance', '2147483648'],
    ]) {
      const huge = await list({ [field]: value }).expect(422);
      expect(huge.body).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [{ field }] } });
    }
    expect(titles((await list({ max_distance: 2_147_483_647 }).expect(200)).body)).toHaveLength(4);
  });

  it('filters by distance from the user and sorts nearest first', async () => {
    await clear();
    const here: [number, number] = [127.0, 37.5];
    const metersNorth = (m: number) => at(here[0], here[1] + m / 111_320);
    await createCourse(dataSource, creatorId, { title: '3 km', coordinates: metersNorth(3000) });
    await createCourse(dataSource, creatorId, { title: '300 m', coordinates: metersNorth(300) });
    await createCourse(dataSource, creatorId, { title: '8 km', coordinates: metersNorth(8000) });
    await createCourse(dataSource, creatorId, { title: '20 km', coordinates: metersNorth(20_000) });

    const near = (
      await list({ near_lat: here[1], near_lng: here[0], sort: 'distance_from_user' }).expect(200)
    ).body;
    expect(titles(near)).toEqual(['300 m', '3 km', '8 km']);
    expect(near.data[0].distance_from_user_meters).toBeGreaterThan(290);
    expect(near.data[0].distance_from_user_meters).toBeLessThan(310);
    expect(
      titles(
        (
          await list({
            near_lat: here[1],
            near_lng: here[0],
            near_radius: 25_000,
            order_by: 'distance_from_user',
          }).expect(200)
        ).body,
      ),
    ).toEqual(['300 m', '3 km', '8 km', '20 km']);
    const missing = await list({ sort: 'distance_from_user' }).expect(422);
    expect(missing.body.details.fields[0].field).toBe('near_lat');
    await list({ near_lat: 91, near_lng: 0 }).expect(422);
    await list({ near_lat: 37, near_lng: 127, near_radius: 50 }).expect(422);
  });

  it('sorts by popularity (runs) and by rating', async () => {
    await clear();
    const fans = await Promise.all([1, 2, 3].map(() => createUser(dataSource)));
    const quiet = await createCourse(dataSource, creatorId, { title: 'Quiet', createdAt: minutesAgo(1) });
    const busy = await createCourse(dataSource, creatorId, { title: 'Busy', createdAt: minutesAgo(3) });
    const loved = await createCourse(dataSource, creatorId, { title: 'Loved', createdAt: minutesAgo(2) });
    await dataSource.query(`INSERT INTO course_stats (course_id, total_runs) VALUES ($1, 40), ($2, 3)`, [
      busy,
      loved,
    ]);
    const rate = (courseId: string, userId: string, rating: number) =>
      dataSource.query(`INSERT INTO reviews (course_id, user_id, rating) VALUES ($1, $2, $3)`, [
        courseId,
        userId,
        rating,
      ]);
    await rate(loved, fans[0].id, 5);
    await rate(loved, fans[1].id, 5);
    await rate(busy, fans[0].id, 3);

    expect(titles((await list({ sort: 'popular' }).expect(200)).body)).toEqual(['Busy', 'Loved', 'Quiet']);
    expect(titles((await list({ order_by: 'total_runs' }).expect(200)).body)).toEqual([
      'Busy',
      'Loved',
      'Quiet',
    ]);
    expect(titles((await list({ sort: 'rating' }).expect(200)).body)).toEqual(['Loved', 'Busy', 'Quiet']);
    expect(quiet).toBeDefined();
  });

  it('rejects unknown sorts and parameters with 422', async () => {
    await list({ sort: 'random' }).expect(422);
    await list({ order_by: 'title' }).expect(422);
    await list({ per_page: 101 }).expect(422);
    await list({ colour: 'red' }).expect(422);
  });
});
