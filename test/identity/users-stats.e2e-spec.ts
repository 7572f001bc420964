import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { addDays, localDateKey, startOfLocalDay, weekRange } from '@runvs/geo';
import {
  createCourse,
  createRanking,
  createRun,
  createUserWithToken,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('users: stats, weekly stats, analytics, run history, my courses', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const get = (authorization: string, path: string) =>
    request(app.getHttpServer()).get(`/api/v1${path}`).set('Authorization', authorization);

  describe('GET /users/me/stats', () => {
    it('aggregates non-flagged runs of the period and all-time course figures', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config, { weightKg: 70 });
      const now = Date.now();
      const course = await createCourse(dataSource, user.id);
      const othersCourse = await createCourse(
        dataSource,
        (await createUserWithToken(dataSource, config)).user.id,
      );
      await createRun(dataSource, user.id, {
        distanceMeters: 10_000,
        durationSeconds: 3_000,
        finishedAt: new Date(now - 2 * HOUR),
        elevationGain: 40,
        calories: 700,
        courseId: course,
      });
      await createRun(dataSource, user.id, {
        distanceMeters: 5_000,
        durationSeconds: 1_400,
        finishedAt: new Date(now - 3 * DAY),
        elevationGain: 10,
        calories: null,
        courseId: othersCourse,
        courseCompleted: false,
      });
      // 20 days ago: in "month", not in "week".
      await createRun(dataSource, user.id, {
        distanceMeters: 3_000,
        durationSeconds: 1_200,
        finishedAt: new Date(now - 20 * DAY),
        calories: 200,
      });
      // Flagged: left out of the aggregates, still a run.
      await createRun(dataSource, user.id, {
        distanceMeters: 42_000,
        durationSeconds: 3_600,
        finishedAt: new Date(now - DAY),
        isFlagged: true,
      });
      await createRanking(dataSource, { courseId: course, userId: user.id, bestDuration: 3_000 });

      const week = (await get(authorization, '/users/me/stats?period=week').expect(200)).body;
      const estimated5k = Math.round(70 * (5 + 0.0045 * 10 + 0.0175 * (1_400 / 60)));
      expect(week).toMatchObject({
        total_distance_meters: 15_000,
        total_duration_seconds: 4_400,
        total_runs: 2,
        avg_pace_seconds_per_km: 293,
        avg_distance_per_run_meters: 7_500,
        best_pace_seconds_per_km: 280,
        longest_run_meters: 10_000,
        total_elevation_gain_meters: 50,
        estimated_calories: 700 + estimated5k,
        courses_created: 1,
        courses_completed: 1,
        total_course_runs: 2,
        ranking_top10_count: 1,
      });
      const all = (await get(authorization, '/users/me/stats').expect(200)).body;
      expect(all).toMatchObject({ total_runs: 3, total_distance_meters: 18_000 });
      const month = (await get(authorization, '/users/me/stats?period=month').expect(200)).body;
      expect(month.total_runs).toBe(3);
      const monthlyTotal = all.monthly_distance.reduce(
        (sum: number, m: { distance_meters: number }) => sum + m.distance_meters,
        0,
      );
      expect(monthlyTotal).toBe(18_000); // a flagged run counts nowhere, its owner still lists it
      expect(all.monthly_distance[0].month).toMatch(/^\d{4}-\d{2}$/);
    });

    it('counts streaks on local dates of the user time zone', async () => {
      const now = Date.now();
      const seoulMidnight = startOfLocalDay(now, 'Asia/Seoul');
      // 23:30 yesterday and 00:00 today in Seoul are one UTC date (14:30Z and 15:00Z) but two local days.
      const instants = [
        new Date(seoulMidnight - 30 * 60_000),
        new Date(seoulMidnight),
        new Date(seoulMidnight - 3 * DAY),
      ];
      const seoul = await createUserWithToken(dataSource, config);
      const utc = await createUserWithToken(dataSource, config, { timeZone: 'UTC' });
      for (const finishedAt of instants) {
        await createRun(dataSource, seoul.user.id, { finishedAt });
        await createRun(dataSource, utc.user.id, { finishedAt });
      }
      const seoulStats = (await get(seoul.authorization, '/users/me/stats').expect(200)).body;
      expect(seoulStats).toMatchObject({ current_streak_days: 2, best_streak_days: 2 });
      const utcStats = (await get(utc.authorization, '/users/me/stats').expect(200)).body;
      expect(utcStats.best_streak_days).toBe(1);
    });

    it('refuses an unknown period (422) and shows me nothing of other users', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      expect((await get(authorization, '/users/me/stats?period=decade').expect(422)).body.code).toBe(
        'VALIDATION_ERROR',
      );
      const empty = (await get(authorization, '/users/me/stats').expect(200)).body;
      expect(empty).toMatchObject({
        total_runs: 0,
        total_distance_meters: 0,
        avg_pace_seconds_per_km: null,
        best_pace_seconds_per_km: null,
        current_streak_days: 0,
        monthly_distance: [],
        estimated_calories: 0,
      });
    });
  });

  describe('GET /users/me/stats/weekly', () => {
    it('compares this local week with the last one', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const weeks = weekRange(Date.now(), 'Asia/Seoul');
      const thisWeek = weeks.thisWeekStart.getTime();
      await createRun(dataSource, user.id, {
        distanceMeters: 6_000,
        durationSeconds: 1_800,
        finishedAt: new Date(thisWeek + 60_000),
      });
      await createRun(dataSource, user.id, {
        distanceMeters: 4_000,
        durationSeconds: 1_200,
        finishedAt: new Date(thisWeek - 60_000),
      });
      await get(authorization, '/users/me/stats/weekly').expect(200, {
        total_distance_meters: 6_000,
        total_duration_seconds: 1_800,
        run_count: 1,
        avg_pace_seconds_per_km: 300,
        compared_to_last_week_percent: 50,
      });
      const nobody = await createUserWithToken(dataSource, config);
      await get(nobody.authorization, '/users/me/stats/weekly').expect(200, {
        total_distance_meters: 0,
        total_duration_seconds: 0,
        run_count: 0,
        avg_pace_seconds_per_km: null,
        compared_to_last_week_percent: 0,
      });
    });
  });

  describe('GET /users/me/analytics', () => {
    it('returns 12 local weeks, pace trend, calendar, best efforts and the weekly goal', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const now = Date.now();
      const thisMonday = localDateKey(weekRange(now, 'Asia/Seoul').thisWeekStart, 'Asia/Seoul');
      const tenK = await createRun(dataSource, user.id, {
        distanceMeters: 10_000,
        durationSeconds: 3_000,
        finishedAt: new Date(weekRange(now, 'Asia/Seoul').thisWeekStart.getTime() + 60_000),
        bestEfforts: [
          { key: '1k', distanceMeters: 1000, durationSeconds: 250.4, paceSecondsPerKm: 250 },
          { key: '5k', distanceMeters: 5000, durationSeconds: 1_450, paceSecondsPerKm: 290 },
          { key: '400m', distanceMeters: 400, durationSeconds: 90, paceSecondsPerKm: 225 },
        ],
      });
      const fast5k = await createRun(dataSource, user.id, {
        distanceMeters: 5_000,
        durationSeconds: 1_350,
        finishedAt: new Date(now - 20 * DAY),
      });
      await createRun(dataSource, user.id, {
        distanceMeters: 5_000,
        durationSeconds: 600,
        finishedAt: new Date(now - 30 * DAY),
        isFlagged: true,
      });

      const body = (await get(authorization, '/users/me/analytics').expect(200)).body;
      expect(body.weekly_stats).toHaveLength(12);
      expect(body.weekly_stats[11]).toEqual({
        week_start: thisMonday,
        distance_meters: 10_000,
        run_count: 1,
        duration_seconds: 3_000,
        avg_pace: 300,
      });
      expect(body.weekly_stats[0].week_start).toBe(addDays(thisMonday, -77));
      // The flagged run (a 2:00/km "5 km") is in no trend or calendar: it counts nowhere.
      expect(body.pace_trend.map((p: { avg_pace: number }) => p.avg_pace)).toEqual([270, 300]);
      expect(body.activity_calendar).toHaveLength(2);
      const efforts = Object.fromEntries(
        body.best_efforts.map((e: { distance_label: string }) => [e.distance_label, e]),
      );
      expect(Object.keys(efforts)).toEqual(['1K', '3K', '5K', '10K', 'Half', 'Full']);
      // Measured 1 km (250 s) beats the 270 s/km average of the fast 5 km; the flagged run never counts.
      expect(efforts['1K']).toMatchObject({ best_time_seconds: 250, best_pace: 250, run_id: tenK });
      // The 5 km at 4:30/km average (1350 s) beats the measured 5 km inside the 10 km (1450 s).
      expect(efforts['5K']).toMatchObject({ best_time_seconds: 1_350, best_pace: 270, run_id: fast5k });
      expect(efforts['10K']).toMatchObject({ best_time_seconds: 3_000, run_id: tenK });
      expect(efforts['Half']).toMatchObject({ best_time_seconds: null, run_id: null, achieved_date: null });
      expect(body.weekly_goal_km).toBe(20);
      expect(body.weekly_current_km).toBe(10);
    });
  });

  describe('GET /users/me/runs', () => {
    it('pages, sorts and previews my runs only', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const stranger = await createUserWithToken(dataSource, config);
      await createRun(dataSource, stranger.user.id);
      const course = await createCourse(dataSource, stranger.user.id, {
        title: 'River Loop',
        distanceMeters: 1_000,
      });
      const [session] = await dataSource.query(
        `INSERT INTO run_sessions (user_id, started_at, status, device_info) VALUES ($1, now(), 'completed', $2) RETURNING id`,
        [user.id, JSON.stringify({ device_model: 'iPhone 15' })],
      );
      const line = Array.from({ length: 100 }, (_, i) => [127 + i * 0.0001, 37.5] as [number, number]);
      const ids = [
        await createRun(dataSource, user.id, {
          distanceMeters: 3_000,
          finishedAt: new Date(Date.now() - 3 * HOUR),
          coordinates: line,
          sessionId: session.id,
          goalData: { type: 'distance', value: 3 },
        }),
        await createRun(dataSource, user.id, {
          distanceMeters: 8_000,
          finishedAt: new Date(Date.now() - 2 * HOUR),
          courseId: course,
        }),
        await createRun(dataSource, user.id, {
          distanceMeters: 5_000,
          finishedAt: new Date(Date.now() - HOUR),
          routePreview: [
            [127, 37],
            [127.1, 37.1],
          ],
        }),
      ];

      const first = (await get(authorization, '/users/me/runs?per_page=2').expect(200)).body;
      expect(first.total_count).toBe(3);
      expect(first.has_next).toBe(true);
      expect(first.data.map((run: { id: string }) => run.id)).toEqual([ids[2], ids[1]]);
      expect(first.data[0].route_preview).toEqual([
        [127, 37],
        [127.1, 37.1],
      ]);
      expect(first.data[1].course).toEqual({ id: course, title: 'River Loop', distance_meters: 1_000 });
      expect(first.data[1].route_preview.length).toBeGreaterThanOrEqual(2); // the course's line

      const second = (await get(authorization, '/users/me/runs?per_page=2&page=1').expect(200)).body;
      expect(second).toMatchObject({ total_count: 3, has_next: false });
      const oldest = second.data[0];
      expect(oldest).toMatchObject({
        id: ids[0],
        device_model: 'iPhone 15',
        course: null,
        goal_data: { type: 'distance', value: 3 },
      });
      // Every ⌊100/30⌋ = 3rd point plus the last, 5 decimals.
      expect(oldest.route_preview.length).toBeLessThanOrEqual(35);
      expect(oldest.route_preview.at(-1)).toEqual([127.0099, 37.5]);
      expect(Object.keys(oldest).sort()).toEqual(
        [
          'activity_type',
          'avg_pace_seconds_per_km',
          'course',
          'device_model',
          'distance_meters',
          'duration_seconds',
          'elevation_gain_meters',
          'finished_at',
          'goal_data',
          'id',
          'route_preview',
          'started_at',
        ].sort(),
      );

      const byDistance = (
        await get(authorization, '/users/me/runs?order_by=distance_meters&order=asc&limit=2').expect(200)
      ).body;
      expect(byDistance.data.map((run: { distance_meters: number }) => run.distance_meters)).toEqual([
        3_000, 5_000,
      ]);

      for (const query of [
        'per_page=0',
        'per_page=501',
        'order_by=pace',
        'order=up',
        'page=-1',
        'limit=abc',
      ]) {
        expect((await get(authorization, `/users/me/runs?${query}`).expect(422)).body.code).toBe(
          'VALIDATION_ERROR',
        );
      }
    });
  });

  describe('GET /users/me/courses', () => {
    it('lists all my courses newest first, private ones included, with stats', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const stranger = await createUserWithToken(dataSource, config);
      await createCourse(dataSource, stranger.user.id);
      const older = await createCourse(dataSource, user.id, {
        createdAt: new Date(Date.now() - DAY),
        isPublic: false,
      });
      const newer = await createCourse(dataSource, user.id);
      await dataSource.query(
        `INSERT INTO course_stats (course_id, total_runs, unique_runners, avg_pace_seconds_per_km) VALUES ($1, 4, 2, 333)`,
        [newer],
      );
      const body = (await get(authorization, '/users/me/courses').expect(200)).body;
      expect(body.map((course: { id: string }) => course.id)).toEqual([newer, older]);
      expect(body[0]).toMatchObject({
        is_public: true,
        stats: { total_runs: 4, unique_runners: 2, avg_pace_seconds_per_km: 333 },
      });
      expect(body[1]).toMatchObject({
        is_public: false,
        stats: { total_runs: 0, unique_runners: 0, avg_pace_seconds_per_km: null },
      });
      expect(Object.keys(body[0]).sort()).toEqual(
        [
          'course_type',
          'created_at',
          'description',
          'distance_meters',
          'id',
          'is_public',
          'lap_count',
          'stats',
          'thumbnail_url',
          'title',
        ].sort(),
      );
    });
  });

  it("never shows another user's runs in my analytics", async () => {
    const runner = await createUserWithToken(dataSource, config);
    await createRun(dataSource, runner.user.id, { distanceMeters: 21_097, durationSeconds: 6_000 });
    const me = await createUserWithToken(dataSource, config);
    const body = (await get(me.authorization, '/users/me/analytics').expect(200)).body;
    expect(body.weekly_stats.every((week: { run_count: number }) => week.run_count === 0)).toBe(true);
    expect(body.pace_trend).toEqual([]);
    expect(body.activity_calendar).toEqual([]);
    expect(body.best_efforts.every((effort: { run_id: string | null }) => effort.run_id === null)).toBe(true);
    expect(body.weekly_current_km).toBe(0);
  });

  it('needs a token on every /users/me route', async () => {
    for (const path of [
      '/users/me/stats',
      '/users/me/stats/weekly',
      '/users/me/analytics',
      '/users/me/runs',
      '/users/me/courses',
      '/users/me/social-counts',
    ]) {
      expect((await request(app.getHttpServer()).get(`/api/v1${path}`).expect(401)).body.code).toBe(
        'AUTH_REQUIRED',
      );
    }
  });
});
