/**
 * Imports that agree with the watch (issue 15): a file carrying the device's own totals (FIT
 * session, TCX laps) shows them as the run's distance and duration, our own figures beside them;
 * a disagreement beyond 3 % is said on the run; course efforts stay timed from the track.
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createCourse,
  createUserWithToken,
  lineFrom,
  PROJECT_ROOT,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { runAlong, tcxOf } from './activity-track';
import { importAndWait } from './import-and-wait';

const FIXTURES = join(PROJECT_ROOT, 'libs/activity-files/src/__fixtures__');
const DAY = 86_400_000;

describe('imports show the device’s own totals, ours beside them', () => {
  let stack: TestStack;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ config, api, worker, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(api.getHttpServer());

  /** Uploads, waits for the import and its run's pipeline, and returns the import and the run. */
  async function importFile(authorization: string, file: Buffer, name: string) {
    const done = await importAndWait(api, authorization, file, name);
    expect(done).toMatchObject({ status: 'completed', error_message: null });
    await waitForQueuesDrained(worker);
    const run = (
      await http().get(`/api/v1/runs/${done.run_record_id}`).set('Authorization', authorization).expect(200)
    ).body;
    return { done, run };
  }

  it('a FIT with session totals: the run shows the watch’s distance and timer time, ours beside them', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    // fenix 5 session: 157.56 m in 56.887 s of timer time; our GPS distance of its track is 161 m.
    const { done, run } = await importFile(
      authorization,
      readFileSync(join(FIXTURES, 'garmin-fenix5-run-short.fit')),
      'fenix.fit',
    );
    expect(run).toMatchObject({
      distance_meters: 158,
      duration_seconds: 57,
      total_elapsed_seconds: 57,
      avg_pace_seconds_per_km: Math.round(57 / 0.158),
      gps_distance_meters: 161,
      moving_time_seconds: expect.any(Number),
      elapsed_seconds: 57,
      data_notes: [], // 2.2 % apart: within 3 %
      is_flagged: false,
    });
    expect(done.import_summary).toMatchObject({
      distance_meters: 158,
      duration_seconds: 57,
      gps_distance_meters: 161,
      moving_time_seconds: run.moving_time_seconds,
      elapsed_seconds: 57,
      device_distance_meters: expect.closeTo(157.56, 1),
      device_timer_seconds: expect.closeTo(56.887, 2),
      warnings: [],
    });
    // Running totals count what is shown.
    const [totals] = await dataSource.query(
      `SELECT total_distance_meters::int AS distance, total_duration_seconds::int AS duration FROM users WHERE id = $1`,
      [user.id],
    );
    expect(totals).toEqual({ distance: 158, duration: 57 });
  });

  it('our figures and the device’s more than 3 % apart: the run says so, informational only', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.05, 37.55], 11, 100); // 1 km
    const points = runAlong(line, { startMs: Date.now() - 3 * DAY, speedMs: 3 });
    // The watch (footpod) says 1.1 km in 375 s; the GPS track measures about 1 km in about 333 s.
    const { done, run } = await importFile(
      authorization,
      tcxOf(points, 'Running', { distanceMeters: 1100, totalTimeSeconds: 375 }),
      'watch.tcx',
    );
    expect(run).toMatchObject({ distance_meters: 1100, duration_seconds: 375, is_flagged: false });
    expect(run.gps_distance_meters).toBeGreaterThan(950);
    expect(run.gps_distance_meters).toBeLessThan(1050);
    expect(run.data_notes).toEqual([
      expect.stringMatching(/^our GPS distance \d\.\d\d km and the device's 1\.10 km differ by \d+\.\d %$/),
      expect.stringMatching(/^our (timer|moving) time 3\d\d s and the device's 375 s differ by \d+\.\d %$/),
    ]);
    expect(run.flag_reasons).toEqual([]);
    expect(done.import_summary.warnings).toEqual(run.data_notes);
  });

  it('a course effort from an import is timed from the track, not by the device’s timer', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.08, 37.57], 13, 100); // 1.2 km due north
    const courseId = await createCourse(dataSource, user.id, { title: 'Watch vs track', coordinates: line });
    const points = runAlong(line, { startMs: Date.now() - 2 * DAY, speedMs: 3.2 });
    // The device's timer says 30 s more (the runner started it early): shown, never ranked.
    const ourTime = Math.round((points[points.length - 1].time! - points[0].time!) / 1000);
    const { done, run } = await importFile(
      authorization,
      tcxOf(points, 'Running', { distanceMeters: 1210, totalTimeSeconds: ourTime + 30 }),
      'course.tcx',
    );
    expect(done.course_match).toMatchObject({ course_id: courseId, is_completed: true });
    expect(run).toMatchObject({ course_id: courseId, duration_seconds: ourTime + 30, is_flagged: false });
    expect(run.course_completion).toMatchObject({ is_completed: true });
    expect(run.moving_time_seconds).toBeLessThanOrEqual(ourTime);

    const board = (await http().get(`/api/v1/rankings/courses/${courseId}`).expect(200)).body;
    expect(board.data).toEqual([
      expect.objectContaining({ rank: 1, best_duration_seconds: run.moving_time_seconds }),
    ]);
    const mine = (
      await http().get(`/api/v1/courses/${courseId}/my-best`).set('Authorization', authorization).expect(200)
    ).body;
    expect(mine).toMatchObject({ duration_seconds: run.moving_time_seconds });
    const [stats] = await dataSource.query(
      `SELECT best_duration_seconds, sum_duration_seconds::int AS sum FROM course_stats WHERE course_id = $1`,
      [courseId],
    );
    expect(stats).toEqual({ best_duration_seconds: run.moving_time_seconds, sum: run.moving_time_seconds });
    // A board built from the runs themselves (by pace, a period, a filter) reads the track too.
    await http()
      .get(`/api/v1/rankings/courses/${courseId}`)
      .query({ sort: 'pace' })
      .expect(200)
      .expect(({ body }) =>
        expect(body.data).toEqual([
          expect.objectContaining({
            best_duration_seconds: run.moving_time_seconds,
            best_pace_seconds_per_km: Math.floor(run.moving_time_seconds / (run.gps_distance_meters / 1000)),
          }),
        ]),
      );
  });
});
