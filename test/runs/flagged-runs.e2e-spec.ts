import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { AggregatesReconciliationService, RunPipelineService } from '@runvs/runs';
import {
  createCourse,
  createRun,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const HOUR = 3_600_000;

describe('a flagged run counts nowhere; its owner still sees it; a verdict recounts once', () => {
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
  const get = (authorization: string, path: string) =>
    http().get(`/api/v1${path}`).set('Authorization', authorization);

  it('out of totals, points, streaks, stats, best efforts, board, course stats, events and followers’ feeds', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const follower = await createUserWithToken(dataSource, config);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    await dataSource.query(`INSERT INTO follows (follower_id, following_id) VALUES ($1, $2)`, [
      follower.user.id,
      runner.user.id,
    ]);
    const line = lineFrom([127.21, 37.61], 41, 25);
    const courseId = await createCourse(dataSource, admin.user.id, {
      coordinates: line,
      distanceMeters: 1000,
    });
    const [event] = (await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, target_distance_meters)
       VALUES ('Week', now() - interval '3 days', now() + interval '1 day', 50000) RETURNING id`,
    )) as Array<{ id: string }>;
    await dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)`, [
      event.id,
      runner.user.id,
    ]);
    // An honest 1 km on the course two days ago, and a flagged "1 km in 2 minutes" on it yesterday.
    const pipeline = app.get(RunPipelineService);
    const honest = await createRun(dataSource, runner.user.id, {
      courseId,
      coordinates: line,
      distanceMeters: 1000,
      durationSeconds: 300,
      finishedAt: new Date(Date.now() - 48 * HOUR),
      pipelinePending: true,
    });
    const flagged = await createRun(dataSource, runner.user.id, {
      courseId,
      coordinates: line,
      distanceMeters: 1000,
      durationSeconds: 120,
      finishedAt: new Date(Date.now() - 24 * HOUR),
      isFlagged: true,
      bestEfforts: [{ key: '1k', distanceMeters: 1000, durationSeconds: 120, paceSecondsPerKm: 120 }],
      pipelinePending: true,
    });
    await dataSource.query(
      `UPDATE run_records SET flag_reasons = '["SPEED_TOO_HIGH","TELEPORT"]', flag_reason = 'SPEED_TOO_HIGH' WHERE id = $1`,
      [flagged],
    );
    await pipeline.process(honest);
    await pipeline.process(flagged);

    /** Everything the run could count in, as one comparable object. */
    const counted = async () => {
      const [totals] = (await dataSource.query(
        `SELECT total_runs, total_distance_meters::float8 AS distance, total_points FROM users WHERE id = $1`,
        [runner.user.id],
      )) as Array<{ total_runs: number; distance: number; total_points: number }>;
      const stats = (await get(runner.authorization, '/users/me/stats').expect(200)).body;
      const analytics = (await get(runner.authorization, '/users/me/analytics').expect(200)).body;
      const oneK = analytics.best_efforts.find((e: { distance_label: string }) => e.distance_label === '1K');
      const board = (await get(follower.authorization, `/courses/${courseId}/rankings`).expect(200)).body;
      const courseStats = (await get(follower.authorization, `/courses/${courseId}/stats`).expect(200)).body;
      const [{ total_attempts: attempts }] = (await dataSource.query(
        `SELECT total_attempts FROM course_stats WHERE course_id = $1`,
        [courseId],
      )) as Array<{ total_attempts: number }>;
      const progress = (await get(runner.authorization, `/events/${event.id}`).expect(200)).body;
      const feed = (await get(follower.authorization, '/follows/activity-feed').expect(200)).body;
      const followerView = await get(follower.authorization, `/runs/${flagged}`);
      return {
        totals,
        stats: {
          runs: stats.total_runs,
          distance: stats.total_distance_meters,
          best_pace: stats.best_pace_seconds_per_km,
          streak: stats.best_streak_days,
        },
        best1k: oneK.best_time_seconds,
        board: board.data.map((entry: { best_duration_seconds: number }) => entry.best_duration_seconds),
        courseStats: {
          attempts,
          runs: courseStats.total_runs,
          best: courseStats.best_duration_seconds,
        },
        event: progress.my_progress_distance_meters,
        feed: (feed.data as Array<{ run_id: string | null }>).map((item) => item.run_id).filter(Boolean),
        followerSees: followerView.status,
      };
    };
    const honestOnly = {
      totals: { total_runs: 1, distance: 1000, total_points: expect.any(Number) },
      stats: { runs: 1, distance: 1000, best_pace: 300, streak: 1 },
      best1k: 300,
      board: [300],
      courseStats: { attempts: 1, runs: 1, best: 300 },
      event: 1000,
      feed: [honest],
      followerSees: 404,
    };
    expect(await counted()).toEqual(honestOnly);
    const pointsOfOne = (await counted()).totals.total_points;

    // The owner lists it and sees every reason.
    const mine = (await get(runner.authorization, '/users/me/runs').expect(200)).body;
    expect((mine.data as Array<{ id: string }>).map((run) => run.id).sort()).toEqual(
      [honest, flagged].sort(),
    );
    const detail = (await get(runner.authorization, `/runs/${flagged}`).expect(200)).body;
    expect(detail).toMatchObject({ is_flagged: true, flag_reasons: ['SPEED_TOO_HIGH', 'TELEPORT'] });
    expect(detail.course_completion.reasons.map((r: { code: string }) => r.code)).toContain('FLAGGED');

    // Reinstated: counted once, everywhere, in the verdict's own transaction.
    await http()
      .post(`/api/v1/admin/runs/${flagged}/unflag`)
      .set('Authorization', admin.authorization)
      .expect(200);
    const both = await counted();
    expect(both).toEqual({
      totals: { total_runs: 2, distance: 2000, total_points: 2 * pointsOfOne },
      stats: { runs: 2, distance: 2000, best_pace: 120, streak: 2 },
      best1k: 120,
      board: [120],
      courseStats: { attempts: 2, runs: 2, best: 120 },
      event: 2000,
      feed: [flagged, honest],
      followerSees: 200,
    });
    // The run's own verdict says so too: it counts for ranking, no FLAGGED reason left.
    const reinstated = (await get(runner.authorization, `/runs/${flagged}`).expect(200)).body;
    expect(reinstated.is_flagged).toBe(false);
    expect(reinstated.course_completion).toMatchObject({ counts_for_ranking: true, reasons: [] });
    // ...and the increments still equal a full recount.
    expect((await app.get(AggregatesReconciliationService).reconcile()).drifted).toBe(0);
    expect(await counted()).toEqual(both);

    // Confirmed after all: out everywhere again.
    await http()
      .post(`/api/v1/admin/runs/${flagged}/confirm`)
      .set('Authorization', admin.authorization)
      .expect(200);
    expect(await counted()).toEqual({
      ...honestOnly,
      totals: { ...honestOnly.totals, total_points: pointsOfOne },
    });
    expect((await app.get(AggregatesReconciliationService).reconcile()).drifted).toBe(0);
  });
});
