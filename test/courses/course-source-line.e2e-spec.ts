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

  it('without a client line, builds the line from the run’s recorded track; the effort ranks by the matcher', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRunRecord(dataSource, user.id, RUN_TRACK, {
      distanceMeters: 1000,
      durationSeconds: 300,
    });
    for (const lineless of [{}, { route_geometry: null }]) {
      const { user: other, authorization: otherAuth } = await createUserWithToken(dataSource, config);
      const otherRun = await createRunRecord(dataSource, other.id, RUN_TRACK);
      const made = await http()
        .post('/api/v1/courses')
        .set('Authorization', otherAuth)
        .send({
          run_record_id: otherRun,
          title: 'built',
          distance_meters: 1,
          estimated_duration_seconds: 300,
          ...lineless,
        });
      expect(made.status).toBe(201);
    }
    const response = await http().post('/api/v1/courses').set('Authorization', authorization).send({
      run_record_id: runId,
      title: 'from my track',
      distance_meters: 10_000,
      estimated_duration_seconds: 300,
    });
    expect(response.status).toBe(201);
    const courseId = response.body.id as string;
    // The stored line is the track (a straight 1 km, simplified to its ends), measured, not the client's figure.
    expect(response.body.distance_meters).toBeGreaterThan(990);
    expect(response.body.distance_meters).toBeLessThan(1010);
    const [course] = (await dataSource.query(
      `SELECT ST_NPoints(route_geometry::geometry) AS points,
              ST_Distance(ST_StartPoint(route_geometry::geometry)::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS start_off
         FROM courses WHERE id = $1`,
      [courseId, RUN_TRACK[0][0], RUN_TRACK[0][1]],
    )) as Array<{ points: number; start_off: number }>;
    expect(course.points).toBeLessThan(RUN_TRACK.length);
    expect(course.start_off).toBeLessThan(1);
    const [run] = (await dataSource.query(
      `SELECT route_match_percent, is_ranking_eligible FROM run_records WHERE id = $1`,
      [runId],
    )) as Array<{ route_match_percent: number; is_ranking_eligible: boolean }>;
    expect(run.is_ranking_eligible).toBe(true);
    expect(Number(run.route_match_percent)).toBeGreaterThanOrEqual(80);
    const board = await http().get(`/api/v1/courses/${courseId}/rankings`);
    expect(board.body.data).toEqual([
      expect.objectContaining({ user: expect.objectContaining({ id: user.id }), gps_verified: true }),
    ]);
  });

  it('without a client line, a flagged source run still makes the course but no board row', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRunRecord(dataSource, user.id, RUN_TRACK, { isFlagged: true });
    const response = await http().post('/api/v1/courses').set('Authorization', authorization).send({
      run_record_id: runId,
      title: 'flagged track',
      distance_meters: 1000,
      estimated_duration_seconds: 300,
    });
    expect(response.status).toBe(201);
    const board = await http().get(`/api/v1/courses/${response.body.id}/rankings`);
    expect(board.body.data).toEqual([]);
  });

  it('refuses a source run without a GPS track and without a line (422 on run_record_id)', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRun(dataSource, user.id, { coordinates: null });
    const response = await http().post('/api/v1/courses').set('Authorization', authorization).send({
      run_record_id: runId,
      title: 'nothing',
      distance_meters: 1000,
      estimated_duration_seconds: 300,
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_ERROR');
    expect(response.body.details.fields[0].field).toBe('run_record_id');
    const malformed = await http().post('/api/v1/courses').set('Authorization', authorization).send({
      run_record_id: runId,
      title: 'bad line',
      route_geometry: 'north',
      distance_meters: 1000,
      estimated_duration_seconds: 300,
    });
    expect(malformed.status).toBe(422);
  });

  it('refuses a source run without a GPS track', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRun(dataSource, user.id, { coordinates: null });
    const response = await publish(authorization, runId, OWN_LINE);
    expect(response.status).toBe(422);
    expect(response.body.details.fields[0].field).toBe('run_record_id');
  });
});
