import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { parseActivityFile } from '@runvs/activity-files';
import type { AppConfig } from '@runvs/config';
import { routeLength } from '@runvs/geo';
import {
  createCourse,
  createUserWithToken,
  PROJECT_ROOT,
  startApi,
  startWorker,
  testConfig,
  waitForQueuesDrained,
} from '@runvs/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { runThroughApi, type TrackPoint } from './run-helpers';

// A real Garmin Connect run (206 points, BSD-2-Clause, see libs/geo/src/__fixtures__/NOTICE.md),
// committed so this suite runs on a bare clone.
const FIXTURE = join(PROJECT_ROOT, 'libs/geo/src/__fixtures__/garmin-connect-run-hr.gpx');

/** The fixture's timed points, shifted so the run finished `endsAgoMs` ago, as the app's GPS points. */
function fixtureRun(endsAgoMs: number, slowdown = 1): TrackPoint[] {
  const { activity } = parseActivityFile(readFileSync(FIXTURE));
  const timed = activity.points.filter((p) => p.time !== null);
  const first = timed[0].time!;
  const last = first + (timed[timed.length - 1].time! - first) * slowdown;
  const shift = Date.now() - endsAgoMs - last;
  return timed.map((p) => ({
    lat: p.lat,
    lng: p.lng,
    alt: p.ele ?? 0,
    speed: 0,
    bearing: 0,
    accuracy: 5,
    timestamp: Math.round(first + (p.time! - first) * slowdown + shift),
  }));
}

describe('run-completion pipeline on a real track (done-when)', () => {
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

  it('uploads a real track as chunks, completes it, and the leaderboard, stats, streak, event and heatmap change', async () => {
    const runner = await createUserWithToken(dataSource, config, { nickname: 'fixture' });
    const rival = await createUserWithToken(dataSource, config, { nickname: 'rival' });
    const points = fixtureRun(3_600_000);
    const line = points
      .filter((_, i) => i % 5 === 0 || i === points.length - 1)
      .map((p) => [p.lng, p.lat] as [number, number]);
    const courseId = await createCourse(dataSource, rival.user.id, {
      coordinates: line,
      distanceMeters: Math.round(routeLength(line)),
    });
    // The rival is on the board already, slower: the runner will overtake them.
    const rivalRun = await runThroughApi(app, rival.authorization, fixtureRun(86_400_000 * 2, 1.2), {
      courseId,
    });
    expect(rivalRun.complete.ranking).toMatchObject({ rank: 1, total_runners: 1, is_personal_best: true });

    const [event] = await dataSource.query(
      `INSERT INTO events (title, course_id, starts_at, ends_at, target_runs) VALUES ('Fixture challenge', $1, now() - interval '1 day', now() + interval '1 day', 1) RETURNING id`,
      [courseId],
    );
    await dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)`, [
      event.id,
      runner.user.id,
    ]);

    const before = await http().get(`/api/v1/courses/${courseId}/rankings`).expect(200);
    expect(before.body.total_runners).toBe(1);

    const { complete, chunks } = await runThroughApi(app, runner.authorization, points, {
      courseId,
      perChunk: 120,
    });
    expect(chunks.length).toBe(2);
    expect(complete).toMatchObject({
      is_flagged: false,
      pipeline_status: 'completed',
      ranking: {
        rank: 1,
        total_runners: 2,
        is_personal_best: true,
        previous_best_duration: null,
        rank_change: null,
      },
      user_stats_update: { total_runs: 1, streak_days: 1 },
      course_streak: 1,
      missing_chunk_sequences: [],
    });
    expect(complete.route_match_percent).toBeGreaterThanOrEqual(95);
    expect(complete.points_earned).toBe(Math.floor(complete.distance_meters / 100) + 30);
    await waitForQueuesDrained(worker);

    const board = await http()
      .get(`/api/v1/rankings/courses/${courseId}`)
      .set('Authorization', runner.authorization)
      .expect(200);
    expect(board.body.total_runners).toBe(2);
    expect(board.body.data.map((e: { user: { id: string } }) => e.user.id)).toEqual([
      runner.user.id,
      rival.user.id,
    ]);
    expect(board.body.my_ranking).toMatchObject({
      rank: 1,
      best_duration_seconds: complete.duration_seconds,
      percentile: 50,
    });
    const rivalView = await http()
      .get(`/api/v1/courses/${courseId}/my-ranking`)
      .set('Authorization', rival.authorization)
      .expect(200);
    expect(rivalView.body).toMatchObject({ rank: 2, total_runners: 2, percentile: 100 });

    const [stats] = await dataSource.query(
      `SELECT total_runs, unique_runners, total_attempts, completion_rate FROM course_stats WHERE course_id = $1`,
      [courseId],
    );
    expect(stats).toEqual({ total_runs: 2, unique_runners: 2, total_attempts: 2, completion_rate: 1 });
    const myStats = await http()
      .get('/api/v1/users/me/stats')
      .set('Authorization', runner.authorization)
      .expect(200);
    expect(myStats.body).toMatchObject({ total_runs: 1, current_streak_days: 1 });
    const [user] = await dataSource.query(
      `SELECT total_runs, total_distance_meters::int AS d FROM users WHERE id = $1`,
      [runner.user.id],
    );
    expect(user).toEqual({ total_runs: 1, d: complete.distance_meters });
    const [participation] = await dataSource.query(
      `SELECT progress_runs, completed FROM event_participants WHERE event_id = $1 AND user_id = $2`,
      [event.id, runner.user.id],
    );
    expect(participation).toEqual({ progress_runs: 1, completed: true });
    const notices = await dataSource.query(`SELECT user_id, actor_id, type FROM notifications ORDER BY type`);
    expect(notices).toEqual(
      expect.arrayContaining([
        { user_id: rival.user.id, actor_id: runner.user.id, type: 'ranking_beaten' },
        { user_id: runner.user.id, actor_id: null, type: 'event_completed' },
      ]),
    );
    const [{ cells }] = await dataSource.query(
      `SELECT count(*)::int AS cells FROM heatmap_cells WHERE run_record_id = $1`,
      [complete.run_record_id],
    );
    expect(cells).toBeGreaterThan(0);
    const detail = await http()
      .get(`/api/v1/runs/${complete.run_record_id}`)
      .set('Authorization', runner.authorization)
      .expect(200);
    expect(detail.body.course_completion).toMatchObject({
      is_completed: true,
      counts_for_ranking: true,
      reasons: [],
      ranking_at_time: 1,
    });

    // A slower second run: counted, not a personal best, the board order stays.
    const second = await runThroughApi(app, runner.authorization, fixtureRun(1_800_000, 1.3), { courseId });
    expect(second.complete.ranking).toMatchObject({
      rank: 1,
      is_personal_best: false,
      previous_best_duration: complete.duration_seconds,
    });
    await waitForQueuesDrained(worker);
    const [row] = await dataSource.query(
      `SELECT run_count, run_record_id FROM rankings WHERE course_id = $1 AND user_id = $2`,
      [courseId, runner.user.id],
    );
    expect(row).toEqual({ run_count: 2, run_record_id: complete.run_record_id });

    // Deleting the best run: the slower one becomes the best, the rival keeps 2nd, stats and totals follow.
    await http()
      .delete(`/api/v1/runs/${complete.run_record_id}`)
      .set('Authorization', runner.authorization)
      .expect(204);
    const after = await http().get(`/api/v1/courses/${courseId}/rankings`).expect(200);
    expect(after.body.data.map((e: { best_duration_seconds: number }) => e.best_duration_seconds)).toEqual(
      [second.complete.duration_seconds, rivalRun.complete.duration_seconds].sort((a, b) => a - b),
    );
    const [statsAfter] = await dataSource.query(
      `SELECT total_runs, unique_runners FROM course_stats WHERE course_id = $1`,
      [courseId],
    );
    expect(statsAfter).toEqual({ total_runs: 2, unique_runners: 2 });
    const [userAfter] = await dataSource.query(`SELECT total_runs FROM users WHERE id = $1`, [
      runner.user.id,
    ]);
    expect(userAfter.total_runs).toBe(1);
    const [participationAfter] = await dataSource.query(
      `SELECT progress_runs, completed FROM event_participants WHERE event_id = $1 AND user_id = $2`,
      [event.id, runner.user.id],
    );
    expect(participationAfter).toEqual({ progress_runs: 1, completed: true });
    const failures = await dataSource.query(`SELECT queue, error FROM job_failures`);
    expect(failures).toEqual([]);
  });
});
