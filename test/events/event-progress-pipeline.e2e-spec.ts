import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { routeLength } from '@runvs/geo';
import {
  createCourse,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

const HOUR = 3_600_000;

/**
 * Done-when: runs completed through the app's API (sessions, chunks, complete) and processed by the
 * worker's run-completion pipeline advance an event to completion; flagged runs and runs off the
 * event's course do not count.
 */
describe('event progress from completed runs (api → queue → worker)', () => {
  let stack: TestStack;
  let config: AppConfig;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ config, api: app, worker, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const get = (path: string, authorization: string) =>
    request(app.getHttpServer()).get(`/api/v1${path}`).set('Authorization', authorization).expect(200);

  async function insertEvent(values: {
    title: string;
    courseId?: string;
    targetDistance?: number;
    targetRuns?: number;
  }) {
    const [row] = (await dataSource.query(
      `INSERT INTO events (title, course_id, starts_at, ends_at, target_distance_meters, target_runs)
       VALUES ($1, $2, now() - interval '1 day', now() + interval '6 days', $3, $4) RETURNING id`,
      [values.title, values.courseId ?? null, values.targetDistance ?? null, values.targetRuns ?? null],
    )) as Array<{ id: string }>;
    return row.id;
  }

  it('two runs reach the distance and run targets; the course-bound event counts only its course', async () => {
    const runner = await createUserWithToken(dataSource, config, { nickname: 'racer' });
    const creator = await createUserWithToken(dataSource, config);
    // A 1.2 km straight course north from Seoul City Hall, and a free route elsewhere.
    const courseLine = lineFrom([126.978, 37.5665], 61, 20);
    const courseId = await createCourse(dataSource, creator.user.id, {
      coordinates: courseLine,
      distanceMeters: Math.round(routeLength(courseLine)),
    });
    const freeLine = lineFrom([127.05, 37.51], 61, 20, 90);

    const open = await insertEvent({ title: 'Weekly 2K x2', targetDistance: 2000, targetRuns: 2 });
    const onCourse = await insertEvent({ title: 'City hall sprint', courseId, targetRuns: 1 });
    for (const eventId of [open, onCourse]) {
      await request(app.getHttpServer())
        .post(`/api/v1/events/${eventId}/join`)
        .set('Authorization', runner.authorization)
        .expect(201);
    }

    // Run 1: a free run of ~1.2 km, two hours ago.
    await runThroughApi(
      app,
      runner.authorization,
      trackAlong(freeLine, { speedMs: 3, startMs: Date.now() - 2 * HOUR }),
    );
    await waitForQueuesDrained(worker);
    const afterFirst = (await get(`/events/${open}`, runner.authorization)).body;
    expect(afterFirst.my_progress_runs).toBe(1);
    expect(afterFirst.my_progress_distance_meters).toBeGreaterThan(1150);
    expect(afterFirst.my_progress_distance_meters).toBeLessThan(1250);
    expect(afterFirst.my_completed).toBe(false);
    const courseAfterFirst = (await get(`/events/${onCourse}`, runner.authorization)).body;
    expect(courseAfterFirst).toMatchObject({ my_progress_runs: 0, my_completed: false });

    // Run 2: the course itself, an hour ago — both events complete.
    const second = await runThroughApi(
      app,
      runner.authorization,
      trackAlong(courseLine, { speedMs: 3, startMs: Date.now() - HOUR }),
      { courseId },
    );
    await waitForQueuesDrained(worker);
    const [record] = await dataSource.query(
      `SELECT course_completed, is_flagged, events_at FROM run_records WHERE id = $1`,
      [second.complete.run_record_id],
    );
    expect(record).toMatchObject({ course_completed: true, is_flagged: false, events_at: expect.any(Date) });

    const afterSecond = (await get(`/events/${open}`, runner.authorization)).body;
    expect(afterSecond).toMatchObject({ my_progress_runs: 2, my_completed: true });
    expect(afterSecond.my_progress_distance_meters).toBeGreaterThan(2300);
    const courseAfterSecond = (await get(`/events/${onCourse}`, runner.authorization)).body;
    expect(courseAfterSecond).toMatchObject({ my_progress_runs: 1, my_completed: true });

    const participants = (await get(`/events/${open}/participants`, runner.authorization)).body;
    expect(participants.data[0]).toMatchObject({
      user_id: runner.user.id,
      completed: true,
      completed_at: expect.any(String),
    });

    const notices = (await dataSource.query(
      `SELECT target_id FROM notifications WHERE user_id = $1 AND type = 'event_completed' ORDER BY target_id`,
      [runner.user.id],
    )) as Array<{ target_id: string }>;
    expect(notices.map((n) => n.target_id)).toEqual([open, onCourse].sort());
  });

  it('a flagged run does not count', async () => {
    const runner = await createUserWithToken(dataSource, config);
    const eventId = await insertEvent({ title: 'Honest miles', targetDistance: 1000 });
    await request(app.getHttpServer())
      .post(`/api/v1/events/${eventId}/join`)
      .set('Authorization', runner.authorization)
      .expect(201);
    // 1.2 km at 15 m/s (54 km/h): no runner does that.
    const line = lineFrom([126.9, 37.6], 61, 20);
    const { complete } = await runThroughApi(
      app,
      runner.authorization,
      trackAlong(line, { speedMs: 15, startMs: Date.now() - HOUR }),
    );
    await waitForQueuesDrained(worker);
    const runId = complete.run_record_id;
    const [record] = await dataSource.query(`SELECT is_flagged, events_at FROM run_records WHERE id = $1`, [
      runId,
    ]);
    expect(record).toMatchObject({ is_flagged: true, events_at: expect.any(Date) });
    const event = (await get(`/events/${eventId}`, runner.authorization)).body;
    expect(event).toMatchObject({ my_progress_runs: 0, my_progress_distance_meters: 0, my_completed: false });
  });
});
