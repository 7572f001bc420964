import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { EventProgressService } from '@runvs/events';
import {
  createUserWithToken,
  importActivityFile,
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
import { gpxOf, runAlong } from './activity-track';

const FIXTURES = join(PROJECT_ROOT, 'libs/activity-files/src/__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const HOUR = 3_600_000;

/** Only running kinds count: a ride is stored and listed with its type and changes no running figure. */
describe('activity types (imports, totals, stats, courses, events)', () => {
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

  const get = (authorization: string, path: string) =>
    request(api.getHttpServer()).get(`/api/v1${path}`).set('Authorization', authorization).expect(200);

  /** Every running figure the runner sees: the users row totals, /users/me/stats and the analytics. */
  async function runningFigures(authorization: string) {
    const me = (await get(authorization, '/users/me')).body;
    const stats = (await get(authorization, '/users/me/stats')).body;
    const analytics = (await get(authorization, '/users/me/analytics')).body;
    return {
      me: [me.total_runs, me.total_distance_meters, me.total_points, me.runner_level],
      stats: [
        stats.total_runs,
        stats.total_distance_meters,
        stats.total_duration_seconds,
        stats.best_pace_seconds_per_km,
        stats.longest_run_meters,
        stats.current_streak_days,
        stats.best_streak_days,
      ],
      best_efforts: analytics.best_efforts,
    };
  }

  it('a cycling FIT from the fixtures is imported as a ride and changes no running total', async () => {
    const { authorization } = await createUserWithToken(dataSource, config, { weightKg: 70 });
    const run = await importActivityFile(
      api,
      authorization,
      fixture('garmin-fenix5-run-short.fit'),
      'run.fit',
    );
    expect(run).toMatchObject({ status: 'completed', activity_type: 'run' });
    await waitForQueuesDrained(worker);
    const before = await runningFigures(authorization);
    expect(before.me[0]).toBe(1); // the run counted

    const ride = await importActivityFile(
      api,
      authorization,
      fixture('garmin-edge200-ride-no-hr.fit'),
      'ride.fit',
    );
    expect(ride).toMatchObject({ status: 'completed', activity_type: 'ride' });
    expect(Number(ride.import_summary!.distance_meters)).toBeGreaterThan(10_000);
    await waitForQueuesDrained(worker);

    expect(await runningFigures(authorization)).toEqual(before);
    const [row] = await dataSource.query(
      `SELECT activity_type, course_id, is_ranking_eligible, pipeline_completed_at FROM run_records WHERE id = $1`,
      [ride.run_record_id],
    );
    expect(row).toMatchObject({ activity_type: 'ride', course_id: null, is_ranking_eligible: false });
    expect(row.pipeline_completed_at).not.toBeNull();

    // Stored and listed with its type.
    const list = (await get(authorization, '/users/me/runs')).body;
    expect(list.total_count).toBe(2);
    expect(
      list.data.map((r: { id: string; activity_type: string }) => [r.id, r.activity_type]).sort(),
    ).toEqual(
      [
        [run.run_record_id, 'run'],
        [ride.run_record_id, 'ride'],
      ].sort(),
    );
    const detail = (await get(authorization, `/runs/${ride.run_record_id}`)).body;
    expect(detail.activity_type).toBe('ride');
  });

  it('a course cannot be created from a ride (422 NOT_A_RUN)', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.2, 37.6], 13, 100);
    const ride = await importActivityFile(
      api,
      authorization,
      gpxOf(runAlong(line, { startMs: Date.now() - 2 * HOUR, speedMs: 7 }), { type: 'cycling' }),
      'ride.gpx',
    );
    expect(ride).toMatchObject({ status: 'completed', activity_type: 'ride' });
    const refused = await request(api.getHttpServer())
      .post('/api/v1/courses')
      .set('Authorization', authorization)
      .send({
        run_record_id: ride.run_record_id,
        title: 'Bike path',
        route_geometry: { type: 'LineString', coordinates: line },
        distance_meters: 1200,
        estimated_duration_seconds: 200,
      })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'NOT_A_RUN' });
    expect(refused.body.message).toMatch(/ride/);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM courses WHERE run_record_id = $1`,
      [ride.run_record_id],
    );
    expect(n).toBe(0);
  });

  it('event progress takes the running kinds, or the types the event names', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const [runsOnly] = await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at) VALUES ('Run month', now() - interval '1 day', now() + interval '1 day') RETURNING id`,
    );
    const [ridesToo] = await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, activity_types)
       VALUES ('Ride month', now() - interval '1 day', now() + interval '1 day', '{ride}') RETURNING id`,
    );
    await dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $3), ($2, $3)`, [
      runsOnly.id,
      ridesToo.id,
      user.id,
    ]);
    const line = lineFrom([127.3, 37.6], 13, 100);
    const ride = await importActivityFile(
      api,
      authorization,
      gpxOf(runAlong(line, { startMs: Date.now() - 2 * HOUR, speedMs: 7 }), { type: 'Ride' }),
      'ride.gpx',
    );
    const run = await importActivityFile(
      api,
      authorization,
      gpxOf(runAlong(line, { startMs: Date.now() - 4 * HOUR, speedMs: 3 }), { type: 'TrailRun' }),
      'trail.gpx',
    );
    expect([ride.activity_type, run.activity_type]).toEqual(['ride', 'trail_run']);
    await waitForQueuesDrained(worker);
    const progress = async () =>
      (await dataSource.query(
        `SELECT e.title, p.progress_runs FROM event_participants p JOIN events e ON e.id = p.event_id
          WHERE p.user_id = $1 ORDER BY e.title`,
        [user.id],
      )) as Array<{ title: string; progress_runs: number }>;
    const counted = [
      { title: 'Ride month', progress_runs: 1 },
      { title: 'Run month', progress_runs: 1 },
    ];
    expect(await progress()).toEqual(counted);

    // The recomputation (e.g. after a deletion) agrees with the increments.
    await dataSource.transaction(async (manager) => {
      await api.get(EventProgressService).recompute(manager, [runsOnly.id, ridesToo.id], null);
    });
    expect(await progress()).toEqual(counted);
  });

  it('POST /events names the activity types that count, from the vocabulary only', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const body = {
      title: 'Walk week',
      starts_at: new Date(Date.now() + HOUR).toISOString(),
      ends_at: new Date(Date.now() + 8 * 24 * HOUR).toISOString(),
    };
    const created = await request(api.getHttpServer())
      .post('/api/v1/events')
      .set('Authorization', authorization)
      .send({ ...body, activity_types: ['walk', 'hike'] })
      .expect(201);
    expect(created.body.activity_types).toEqual(['walk', 'hike']);
    const plain = await request(api.getHttpServer())
      .post('/api/v1/events')
      .set('Authorization', authorization)
      .send({ ...body, title: 'Run week' })
      .expect(201);
    expect(plain.body.activity_types).toBeNull();
    await request(api.getHttpServer())
      .post('/api/v1/events')
      .set('Authorization', authorization)
      .send({ ...body, title: 'Swim week', activity_types: ['swimming'] })
      .expect(422);
  });
});
