import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createRun,
  createRunRecord,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const START: [number, number] = [126.99, 37.58];
/** The run: 1 km north, a point every 10 m. */
const RUN_TRACK = lineFrom(START, 101, 10);
/** The forged line: 10 km, drawn 5 km east of the run. */
const FORGED = lineFrom(
  [START[0] + 5000 / (111_320 * Math.cos((START[1] * Math.PI) / 180)), START[1]],
  101,
  100,
);
/** The run's own line, as an app would draw it: 6 m to the east of the track. */
const OWN_LINE = lineFrom(
  [START[0] + 6 / (111_320 * Math.cos((START[1] * Math.PI) / 180)), START[1]],
  51,
  20,
);

describe('a course line is the creator’s own run (POST /courses)', () => {
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
  const publish = (authorization: string, runRecordId: string, coordinates: number[][]) =>
    http()
      .post('/api/v1/courses')
      .set('Authorization', authorization)
      .send({
        run_record_id: runRecordId,
        title: 'mine',
        route_geometry: { type: 'LineString', coordinates },
        distance_meters: 10_000,
        estimated_duration_seconds: 300,
      });

  it('refuses the forged case: a 1 km run of 300 s and a 10 km line drawn 5 km away', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRunRecord(dataSource, user.id, RUN_TRACK, {
      distanceMeters: 1000,
      durationSeconds: 300,
    });
    const response = await publish(authorization, runId, FORGED);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_ERROR');
    expect(response.body.details.fields[0].field).toBe('route_geometry');
    const [{ courses, ranked }] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM courses WHERE creator_id = $1)::int AS courses,
              (SELECT count(*) FROM rankings WHERE user_id = $1)::int AS ranked`,
      [user.id],
    )) as Array<{ courses: number; ranked: number }>;
    expect({ courses, ranked }).toEqual({ courses: 0, ranked: 0 });
  });

  it('accepts the line the run covers; the effort carries the matcher’s figures and is GPS-verified', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRunRecord(dataSource, user.id, RUN_TRACK, {
      distanceMeters: 1000,
      durationSeconds: 300,
    });
    const response = await publish(authorization, runId, OWN_LINE);
    expect(response.status).toBe(201);
    const courseId = response.body.id as string;
    const [run] = (await dataSource.query(
      `SELECT route_match_percent, max_deviation_meters, is_ranking_eligible FROM run_records WHERE id = $1`,
      [runId],
    )) as Array<{ route_match_percent: number; max_deviation_meters: number; is_ranking_eligible: boolean }>;
    expect(run.is_ranking_eligible).toBe(true);
    expect(Number(run.route_match_percent)).toBeGreaterThanOrEqual(80);
    // measured, not the old constant 0: the line is 6 m off the track
    expect(Number(run.max_deviation_meters)).toBeGreaterThan(4);
    const board = await http().get(`/api/v1/courses/${courseId}/rankings`);
    expect(board.body.data).toEqual([
      expect.objectContaining({ user: expect.objectContaining({ id: user.id }), gps_verified: true }),
    ]);
  });

  it('a flagged source run makes the course but not a board row, like anyone else’s flagged run', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRunRecord(dataSource, user.id, RUN_TRACK, { isFlagged: true });
    const response = await publish(authorization, runId, OWN_LINE);
    expect(response.status).toBe(201);
    const board = await http().get(`/api/v1/courses/${response.body.id}/rankings`);
    expect(board.body.data).toEqual([]);
  });

  it('refuses a source run without a GPS track', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRun(dataSource, user.id, { coordinates: null });
    const response = await publish(authorization, runId, OWN_LINE);
    expect(response.status).toBe(422);
    expect(response.body.details.fields[0].field).toBe('run_record_id');
  });
});
