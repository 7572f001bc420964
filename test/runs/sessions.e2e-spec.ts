import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createCourse,
  createUserWithToken,
  eventually,
  lineFrom,
  startApi,
  startWorker,
  testConfig,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { chunksOf, runThroughApi, trackAlong, trackLength } from './run-helpers';

const START: [number, number] = [127.0276, 37.4979];

describe('runs: sessions, chunks, complete, recover', () => {
  let config: AppConfig;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let runner: { user: { id: string }; authorization: string };
  let other: { user: { id: string }; authorization: string };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    config = testConfig();
    app = await startApi(config);
    worker = await startWorker(config);
    dataSource = app.get(DataSource);
    runner = await createUserWithToken(dataSource, config);
    other = await createUserWithToken(dataSource, config);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const newSession = async (auth = runner.authorization, body: Record<string, unknown> = {}) => {
    const res = await http()
      .post('/api/v1/runs/sessions')
      .set('Authorization', auth)
      .send({ started_at: new Date(Date.now() - 3_600_000).toISOString(), ...body })
      .expect(201);
    return res.body.session_id as string;
  };

  describe('POST /runs/sessions', () => {
    it('creates a session with device info', async () => {
      const res = await http()
        .post('/api/v1/runs/sessions')
        .set('Authorization', runner.authorization)
        .send({
          course_id: null,
          started_at: new Date().toISOString(),
          device_info: {
            platform: 'ios',
            os_version: '17.4',
            device_model: 'iPhone15,2',
            app_version: '1.0.0',
          },
        })
        .expect(201);
      expect(res.body).toEqual({ session_id: expect.any(String), created_at: expect.any(String) });
    });

    it('404s an unknown course, 422s a malformed one and a missing start', async () => {
      await http()
        .post('/api/v1/runs/sessions')
        .set('Authorization', runner.authorization)
        .send({ course_id: '00000000-0000-4000-8000-000000000000', started_at: new Date().toISOString() })
        .expect(404);
      const bad = await http()
        .post('/api/v1/runs/sessions')
        .set('Authorization', runner.authorization)
        .send({ course_id: 'nope' })
        .expect(422);
      expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'course_id',
        'started_at',
      ]);
    });

    it('needs a token', async () => {
      await http().post('/api/v1/runs/sessions').send({ started_at: new Date().toISOString() }).expect(401);
    });
  });

  describe('chunks', () => {
    const points = trackAlong(lineFrom(START, 40, 20), { startMs: Date.now() - 600_000 });

    it('acknowledges an identical re-send and refuses a different payload for a stored sequence', async () => {
      const sessionId = await newSession();
      const [chunk] = chunksOf(sessionId, points, 100);
      const first = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send(chunk)
        .expect(201);
      expect(first.body).toEqual({
        chunk_id: expect.any(String),
        sequence: 0,
        received_at: expect.any(String),
      });
      // Key order does not matter: same content, same chunk.
      const reordered = Object.fromEntries(Object.entries(chunk).reverse());
      const again = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send(reordered)
        .expect(201);
      expect(again.body).toEqual(first.body);
      const changed = { ...chunk, raw_gps_points: chunk.raw_gps_points.slice(1) };
      const conflict = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send(changed)
        .expect(409);
      expect(conflict.body.code).toBe('DUPLICATE_CHUNK');
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM run_chunks WHERE session_id = $1`,
        [sessionId],
      );
      expect(n).toBe(1);
    });

    it('accepts emergency chunks from sequence 900000 only', async () => {
      const sessionId = await newSession();
      const [chunk] = chunksOf(sessionId, points, 50);
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send({ ...chunk, sequence: 900_003, chunk_type: 'emergency' })
        .expect(201);
      const low = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send({ ...chunk, sequence: 3, chunk_type: 'emergency' })
        .expect(422);
      expect(low.body.details.fields[0].field).toBe('sequence');
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send({ ...chunk, sequence: 1_000_001 })
        .expect(422);
    });

    it.each([
      ['lat out of range', { lat: 91 }, 'raw_gps_points[1].lat'],
      ['lng out of range', { lng: -181 }, 'raw_gps_points[1].lng'],
      ['a string for a number', { lat: 'NaN' }, 'raw_gps_points[1].lat'],
      ['null latitude', { lat: null }, 'raw_gps_points[1].lat'],
      ['negative speed', { speed: -1 }, 'raw_gps_points[1].speed'],
      ['bearing over 360', { bearing: 400 }, 'raw_gps_points[1].bearing'],
      ['a timestamp in seconds', { timestamp: 1_700_000_000 }, 'raw_gps_points[1].timestamp'],
      ['a fractional timestamp', { timestamp: 1_700_000_000_000.5 }, 'raw_gps_points[1].timestamp'],
      [
        'a timestamp far in the future',
        { timestamp: Date.now() + 3 * 86_400_000 },
        'raw_gps_points[1].timestamp',
      ],
      ['no timestamp', { timestamp: undefined }, 'raw_gps_points[1].timestamp'],
    ])('refuses %s with 422 naming the field, storing nothing', async (_label, change, field) => {
      const sessionId = await newSession();
      const [chunk] = chunksOf(sessionId, points, 5);
      chunk.raw_gps_points[1] = { ...chunk.raw_gps_points[1], ...change } as never;
      const res = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send(chunk)
        .expect(422);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM run_chunks WHERE session_id = $1`,
        [sessionId],
      );
      expect(n).toBe(0);
    });

    it("hides other users' sessions (404) and 422s a malformed session id", async () => {
      const sessionId = await newSession();
      const [chunk] = chunksOf(sessionId, points, 5);
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', other.authorization)
        .send(chunk)
        .expect(404);
      await http()
        .post(`/api/v1/runs/sessions/not-a-uuid/chunks`)
        .set('Authorization', runner.authorization)
        .send(chunk)
        .expect(422);
    });

    it('batch: stored sequences count as received, conflicting ones fail, an invalid chunk is a 422', async () => {
      const sessionId = await newSession();
      const chunks = chunksOf(sessionId, points, 10);
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send(chunks[0])
        .expect(201);
      const conflicting = { ...chunks[1], raw_gps_points: chunks[1].raw_gps_points.slice(2) };
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send(conflicting)
        .expect(201);
      const res = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks/batch`)
        .set('Authorization', runner.authorization)
        .send({ session_id: sessionId, chunks: chunks.slice(0, 4) })
        .expect(200);
      expect(res.body).toEqual({ received_sequences: [0, 2, 3], failed_sequences: [1] });
      const invalid = structuredClone(chunks.slice(4, 6));
      invalid[1].raw_gps_points[0].lat = 1000;
      const bad = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks/batch`)
        .set('Authorization', runner.authorization)
        .send({ session_id: sessionId, chunks: invalid })
        .expect(422);
      expect(bad.body.details.fields[0].field).toBe('chunks[1].raw_gps_points[0].lat');
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM run_chunks WHERE session_id = $1`,
        [sessionId],
      );
      expect(n).toBe(4);
    });
  });

  describe('complete', () => {
    it('measures the run from the stored GPS, keeps the client summary and is idempotent', async () => {
      const points = trackAlong(lineFrom(START, 121, 25), { startMs: Date.now() - 7_200_000, jitterM: 2 });
      const { sessionId, complete, chunks } = await runThroughApi(app, runner.authorization, points, {
        summary: { calories: 180, avg_pace_seconds_per_km: 333 },
      });
      const measured = trackLength(points);
      expect(complete).toMatchObject({
        run_record_id: expect.any(String),
        is_flagged: false,
        flag_reason: null,
        missing_chunk_sequences: [],
        pipeline_status: 'completed',
        ranking: null,
        user_stats_update: { total_runs: 1, streak_days: 1, runner_level: 1 },
      });
      expect(Math.abs(complete.distance_meters - measured)).toBeLessThan(measured * 0.02);
      expect(complete.points_earned).toBe(Math.floor(complete.distance_meters / 100));

      const again = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/complete`)
        .set('Authorization', runner.authorization)
        .send({
          distance_meters: 1,
          duration_seconds: 1,
          finished_at: new Date().toISOString(),
          total_chunks: chunks.length + 2,
        })
        .expect(201);
      expect(again.body.run_record_id).toBe(complete.run_record_id);
      expect(again.body.missing_chunk_sequences).toEqual([chunks.length, chunks.length + 1]);
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM run_records WHERE session_id = $1`,
        [sessionId],
      );
      expect(n).toBe(1);

      const detail = await http()
        .get(`/api/v1/runs/${complete.run_record_id}`)
        .set('Authorization', runner.authorization)
        .expect(200);
      expect(detail.body).toMatchObject({
        id: complete.run_record_id,
        user_id: runner.user.id,
        source: 'live',
        course: null,
        course_completion: null,
        client_summary: { calories: 180, avg_pace_seconds_per_km: 333 },
        pipeline_status: 'completed',
      });
      expect(detail.body.route_geometry.type).toBe('LineString');
      expect(detail.body.splits.length).toBe(Math.floor(measured / 1000));
      await http()
        .get(`/api/v1/runs/${complete.run_record_id}`)
        .set('Authorization', other.authorization)
        .expect(404);

      const session = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send({ ...chunks[0], sequence: 77 })
        .expect(409);
      expect(session.body.code).toBe('SESSION_COMPLETED');
    });

    it('flags a client summary that disagrees with the GPS, with the reason', async () => {
      const points = trackAlong(lineFrom(START, 81, 25), { startMs: Date.now() - 5_000_000 });
      const { complete } = await runThroughApi(app, runner.authorization, points, {
        summary: { distance_meters: 9_000 },
      });
      expect(complete.is_flagged).toBe(true);
      expect(complete.flag_reason).toContain('불일치');
      const [row] = await dataSource.query(`SELECT client_summary FROM run_records WHERE id = $1`, [
        complete.run_record_id,
      ]);
      expect(row.client_summary.comparison.mismatches).toEqual(['DISTANCE_MISMATCH']);
    });

    it('falls back to the submitted route without chunks, and refuses a finish before the start', async () => {
      const sessionId = await newSession();
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/complete`)
        .set('Authorization', runner.authorization)
        .send({
          distance_meters: 100,
          duration_seconds: 60,
          finished_at: new Date(Date.now() - 7_200_000).toISOString(),
        })
        .expect(422);
      const line = lineFrom(START, 21, 50);
      const res = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/complete`)
        .set('Authorization', runner.authorization)
        .send({
          distance_meters: 1000,
          duration_seconds: 360,
          finished_at: new Date().toISOString(),
          route_geometry: { type: 'LineString', coordinates: line.map(([lng, lat]) => [lng, lat, 0]) },
        })
        .expect(201);
      expect(Math.abs(res.body.distance_meters - 1000)).toBeLessThan(5);
      expect(res.body.duration_seconds).toBe(360);
      expect(res.body.is_flagged).toBe(false);
    });

    it('422s bad complete bodies naming the fields', async () => {
      const sessionId = await newSession();
      const res = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/complete`)
        .set('Authorization', runner.authorization)
        .send({
          distance_meters: -1,
          duration_seconds: 90_000,
          finished_at: 'yesterday',
          route_geometry: {
            type: 'LineString',
            coordinates: [
              [200, 10],
              [1, 2],
            ],
          },
        })
        .expect(422);
      expect(res.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'distance_meters',
        'duration_seconds',
        'finished_at',
        'route_geometry',
      ]);
    });
  });

  describe('recover and discard', () => {
    it('lists unfinished sessions, builds one record from the chunks without duplicated pauses, recovers once', async () => {
      const points = trackAlong(lineFrom(START, 61, 25), { startMs: Date.now() - 9_000_000 });
      const sessionId = await newSession(runner.authorization, {
        started_at: new Date(points[0].timestamp).toISOString(),
      });
      const chunks = chunksOf(sessionId, points, 100);
      const pause = {
        paused_at: new Date(points[150].timestamp).toISOString(),
        resumed_at: new Date(points[170].timestamp).toISOString(),
      };
      chunks.forEach((chunk, i) => {
        chunk.cumulative = {
          total_distance_meters: 500 * (i + 1),
          total_duration_seconds: 100 * (i + 1),
          avg_pace_seconds_per_km: 0,
        };
        chunk.completed_splits =
          i >= 2 ? [{ split_number: 1, duration_seconds: 330, pace_seconds_per_km: 330 }] : [];
        chunk.pause_intervals = i >= 2 ? [pause] : [];
      });
      for (const chunk of chunks.slice(0, -1)) {
        await http()
          .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
          .set('Authorization', runner.authorization)
          .send(chunk)
          .expect(201);
      }
      const list = await http()
        .get('/api/v1/runs/sessions/recover')
        .set('Authorization', runner.authorization)
        .expect(200);
      const mine = list.body.data.find((s: { session_id: string }) => s.session_id === sessionId);
      expect(mine).toMatchObject({
        chunk_count: chunks.length - 1,
        uploaded_chunk_sequences: chunks.slice(0, -1).map((c) => c.sequence),
        last_cumulative: { total_distance_meters: 500 * (chunks.length - 1) },
      });
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/recover`)
        .set('Authorization', other.authorization)
        .send({ finished_at: new Date().toISOString(), total_chunks: chunks.length })
        .expect(404);

      const first = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/recover`)
        .set('Authorization', runner.authorization)
        .send({ finished_at: new Date().toISOString(), total_chunks: chunks.length })
        .expect(200);
      expect(first.body).toMatchObject({
        run_record_id: expect.any(String),
        missing_chunk_sequences: [chunks.length - 1],
      });
      expect(first.body.recovered_distance_meters).toBeGreaterThan(0);
      const second = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/recover`)
        .set('Authorization', runner.authorization)
        .send({ finished_at: new Date().toISOString(), total_chunks: chunks.length })
        .expect(200);
      expect(second.body.run_record_id).toBe(first.body.run_record_id);
      const [record] = await dataSource.query(
        `SELECT source, pause_intervals, client_summary FROM run_records WHERE session_id = $1`,
        [sessionId],
      );
      expect(record.source).toBe('recovered');
      expect(record.pause_intervals).toEqual([pause]);
      expect(record.client_summary.splits).toHaveLength(1);
      const after = await http()
        .get('/api/v1/runs/sessions/recover')
        .set('Authorization', runner.authorization)
        .expect(200);
      expect(after.body.data.some((s: { session_id: string }) => s.session_id === sessionId)).toBe(false);
      await waitForQueuesDrained(worker);
    });

    it('400s a recover without chunks and 409s one after a normal complete', async () => {
      const empty = await newSession();
      const res = await http()
        .post(`/api/v1/runs/sessions/${empty}/recover`)
        .set('Authorization', runner.authorization)
        .send({ finished_at: new Date().toISOString(), total_chunks: 0 })
        .expect(400);
      expect(res.body.code).toBe('NO_CHUNKS');
      const points = trackAlong(lineFrom(START, 11, 20), { startMs: Date.now() - 10_000_000 });
      const { sessionId } = await runThroughApi(app, runner.authorization, points);
      const done = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/recover`)
        .set('Authorization', runner.authorization)
        .send({ finished_at: new Date().toISOString(), total_chunks: 1 })
        .expect(409);
      expect(done.body.code).toBe('ALREADY_COMPLETED');
    });

    it('discards a session: chunks gone, no record, no more chunks', async () => {
      const sessionId = await newSession();
      const [chunk] = chunksOf(sessionId, trackAlong(lineFrom(START, 5, 20)), 10);
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send(chunk)
        .expect(201);
      await http()
        .delete(`/api/v1/runs/sessions/${sessionId}`)
        .set('Authorization', other.authorization)
        .expect(404);
      await http()
        .delete(`/api/v1/runs/sessions/${sessionId}`)
        .set('Authorization', runner.authorization)
        .expect(204);
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM run_chunks WHERE session_id = $1`,
        [sessionId],
      );
      expect(n).toBe(0);
      const late = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .send({ ...chunk, sequence: 1 })
        .expect(409);
      expect(late.body.code).toBe('INVALID_SESSION_STATE');
      await http()
        .post(`/api/v1/runs/sessions/${sessionId}/complete`)
        .set('Authorization', runner.authorization)
        .send({ distance_meters: 1, duration_seconds: 1, finished_at: new Date().toISOString() })
        .expect(409);
    });
  });

  describe('DELETE /runs/{id}', () => {
    it('deletes my run and recomputes my totals; others get 404', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const points = trackAlong(lineFrom(START, 41, 25), { startMs: Date.now() - 3_000_000 });
      const a = await runThroughApi(app, authorization, points);
      const b = await runThroughApi(
        app,
        authorization,
        trackAlong(lineFrom(START, 41, 25), { startMs: Date.now() - 1_000_000 }),
      );
      await waitForQueuesDrained(worker);
      const totals = async () =>
        (
          await dataSource.query(
            `SELECT total_runs, total_distance_meters::int AS d FROM users WHERE id = $1`,
            [user.id],
          )
        )[0];
      expect((await totals()).total_runs).toBe(2);
      await http()
        .delete(`/api/v1/runs/${a.complete.run_record_id}`)
        .set('Authorization', runner.authorization)
        .expect(404);
      await http()
        .delete(`/api/v1/runs/${a.complete.run_record_id}`)
        .set('Authorization', authorization)
        .expect(204);
      expect(await totals()).toEqual({ total_runs: 1, d: b.complete.distance_meters });
      await http()
        .get(`/api/v1/runs/${a.complete.run_record_id}`)
        .set('Authorization', authorization)
        .expect(404);
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM run_sessions WHERE id = $1`, [
        a.sessionId,
      ]);
      expect(n).toBe(0);
    });
  });

  it('eventually completes every pipeline it was given', async () => {
    await waitForQueuesDrained(worker);
    await eventually(async () => {
      const [{ pending }] = await dataSource.query(
        `SELECT count(*)::int AS pending FROM run_records WHERE pipeline_completed_at IS NULL`,
      );
      return pending === 0;
    });
    const failures = await dataSource.query(`SELECT * FROM job_failures`);
    expect(failures).toEqual([]);
    void createCourse;
  });
});
