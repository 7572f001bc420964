import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { ImportPipelineService } from '@runvs/imports';
import {
  createCourse,
  createUserWithToken,
  eventually,
  lineFrom,
  asUser,
  startStack,
  type TestStack,
  waitForQueuesDrained,
  storedFilePath,
} from '@runvs/testing';
import { existsSync } from 'node:fs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';
import { gpxOf, runAlong } from './activity-track';

const DAY = 86_400_000;
const UNKNOWN = '5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11';

/**
 * The import lifecycle end to end (api → worker → database): deleting an import takes its stored
 * original and its run with it (boards, stats and totals recomputed), and an activity recorded by
 * the app and imported from a file is one run whichever arrived first.
 */
describe('imports: delete, and one run per activity across live and imported recordings', () => {
  let stack: TestStack;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ api, worker, config, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(api.getHttpServer());
  const as = (authorization: string) => asUser(api, authorization);
  async function importFile(authorization: string, file: Buffer, name = 'run.gpx') {
    const accepted = await http()
      .post('/api/v1/imports/upload')
      .set('Authorization', authorization)
      .attach('file', file, name)
      .expect(201);
    const id = accepted.body.import_id as string;
    const done = await eventually(
      async () => {
        const shown = await as(authorization).get(`/imports/${id}`).expect(200);
        return ['completed', 'failed'].includes(shown.body.status) ? shown.body : null;
      },
      { timeoutMs: 30_000 },
    );
    await waitForQueuesDrained(worker);
    return done;
  }
  const one = async (sql: string, params: unknown[]) =>
    ((await dataSource.query(sql, params)) as Array<Record<string, unknown>>)[0];
  const storedPath = (key: string) => storedFilePath(config, key);

  it('DELETE /imports/{id} removes the import, its original and its run; the board, stats and totals follow', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const rival = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.03, 37.53], 13, 100);
    const course = await createCourse(dataSource, rival.user.id, {
      title: 'Delete-me 1K',
      coordinates: line,
    });
    const rivalImport = await importFile(
      rival.authorization,
      gpxOf(runAlong(line, { startMs: Date.now() - 3 * DAY, speedMs: 2.8 }), { type: 'running' }),
    );
    const mine = await importFile(
      authorization,
      gpxOf(runAlong(line, { startMs: Date.now() - 2 * DAY, speedMs: 3.4 }), { type: 'running' }),
    );
    expect(mine).toMatchObject({ status: 'completed', course_match: { course_id: course } });
    const board = async () =>
      (await http().get(`/api/v1/courses/${course}/rankings`).expect(200)).body.data.map(
        (entry: { user: { id: string } }) => entry.user.id,
      );
    expect(await board()).toEqual([user.id, rival.user.id]);
    const { file_key: key } = (await one(`SELECT file_key FROM external_imports WHERE id = $1`, [
      mine.id,
    ])) as {
      file_key: string;
    };
    expect(existsSync(storedPath(key))).toBe(true);
    expect(await one(`SELECT total_runs FROM users WHERE id = $1`, [user.id])).toEqual({ total_runs: 1 });

    // Not mine, malformed, unknown: refused, nothing touched.
    expect((await as(rival.authorization).delete(`/imports/${mine.id}`).expect(404)).body.code).toBe(
      'NOT_FOUND',
    );
    await as(authorization).delete('/imports/not-a-uuid').expect(422);
    await as(authorization).delete(`/imports/${UNKNOWN}`).expect(404);
    await http().delete(`/api/v1/imports/${mine.id}`).expect(401);
    expect(existsSync(storedPath(key))).toBe(true);

    await as(authorization).delete(`/imports/${mine.id}`).expect(204);
    await as(authorization).get(`/imports/${mine.id}`).expect(404);
    await as(authorization).delete(`/imports/${mine.id}`).expect(404);
    await as(authorization).get(`/runs/${mine.run_record_id}`).expect(404);
    expect(existsSync(storedPath(key))).toBe(false);
    expect(await dataSource.query(`SELECT 1 FROM stored_files WHERE storage_key = $1`, [key])).toEqual([]);
    expect(
      await one(`SELECT total_runs, total_distance_meters::int AS d FROM users WHERE id = $1`, [user.id]),
    ).toEqual({ total_runs: 0, d: 0 });
    expect(await board()).toEqual([rival.user.id]);
    expect(
      await one(`SELECT total_runs, unique_runners FROM course_stats WHERE course_id = $1`, [course]),
    ).toEqual({
      total_runs: 1,
      unique_runners: 1,
    });
    // The rival's import is untouched.
    await as(rival.authorization).get(`/imports/${rivalImport.id}`).expect(200);
  });

  it('deleting an imported run frees its file: the same file uploaded again is imported again', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const file = gpxOf(
      runAlong(lineFrom([127.07, 37.53], 13, 100), { startMs: Date.now() - DAY, speedMs: 3 }),
      {
        type: 'running',
      },
    );
    const first = await importFile(authorization, file);
    expect(first).toMatchObject({ status: 'completed', duplicate_of_run_id: null });
    // While its run exists, the same bytes answer with the earlier import (200).
    const again = await http()
      .post('/api/v1/imports/upload')
      .set('Authorization', authorization)
      .attach('file', file, 'run.gpx')
      .expect(200);
    expect(again.body).toMatchObject({ import_id: first.id });

    await as(authorization).delete(`/runs/${first.run_record_id}`).expect(204);
    expect(await one(`SELECT total_runs FROM users WHERE id = $1`, [user.id])).toEqual({ total_runs: 0 });

    const second = await importFile(authorization, file);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ status: 'completed', duplicate_of_run_id: null });
    expect(second.run_record_id).not.toBeNull();
    expect(second.run_record_id).not.toBe(first.run_record_id);
    await as(authorization).get(`/runs/${second.run_record_id}`).expect(200);
    expect(await one(`SELECT total_runs FROM users WHERE id = $1`, [user.id])).toEqual({ total_runs: 1 });
  });

  it('deleting an import that only duplicated a live run keeps that run', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([126.99, 37.56], 16, 100, 30);
    const start = Date.now() - 4 * DAY;
    const live = await runThroughApi(api, authorization, trackAlong(line, { startMs: start, speedMs: 3 }));
    await waitForQueuesDrained(worker);
    const duplicate = await importFile(authorization, gpxOf(runAlong(line, { startMs: start + 15_000 })));
    expect(duplicate).toMatchObject({ duplicate_of_run_id: live.complete.run_record_id });

    await as(authorization).delete(`/imports/${duplicate.id}`).expect(204);
    await as(authorization).get(`/runs/${live.complete.run_record_id}`).expect(200);
    expect(await one(`SELECT total_runs FROM users WHERE id = $1`, [user.id])).toEqual({ total_runs: 1 });
  });

  it('an activity recorded live after its file was imported is one run, like the other way round', async () => {
    const line = lineFrom([127.06, 37.49], 21, 100, 60);
    const course = await createCourse(dataSource, (await createUserWithToken(dataSource, config)).user.id, {
      coordinates: line,
    });
    const scenario = async (order: 'import-first' | 'live-first') => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const start = Date.now() - (order === 'import-first' ? 6 : 7) * DAY;
      const file = gpxOf(runAlong(line, { startMs: start + 20_000, speedMs: 3 }), { type: 'running' });
      const liveTrack = trackAlong(line, { startMs: start, speedMs: 3 });
      let imported;
      let liveRunId: string;
      if (order === 'import-first') {
        imported = await importFile(authorization, file);
        expect(imported).toMatchObject({ status: 'completed', duplicate_of_run_id: null });
        liveRunId = (await runThroughApi(api, authorization, liveTrack, { courseId: course })).complete
          .run_record_id;
        await waitForQueuesDrained(worker);
        // The imported run is gone; the import now points at the app's run, as a duplicate of it.
        await as(authorization).get(`/runs/${imported.run_record_id}`).expect(404);
        imported = (await as(authorization).get(`/imports/${imported.id}`).expect(200)).body;
      } else {
        liveRunId = (await runThroughApi(api, authorization, liveTrack, { courseId: course })).complete
          .run_record_id;
        await waitForQueuesDrained(worker);
        imported = await importFile(authorization, file);
      }
      expect(imported).toMatchObject({
        status: 'completed',
        run_record_id: liveRunId,
        duplicate_of_run_id: liveRunId,
        course_match: null,
      });
      const runs = await dataSource.query(`SELECT id, source FROM run_records WHERE user_id = $1`, [user.id]);
      expect(runs).toEqual([{ id: liveRunId, source: 'live' }]);
      expect(await one(`SELECT total_runs FROM users WHERE id = $1`, [user.id])).toEqual({ total_runs: 1 });
      const entries = await dataSource.query(
        `SELECT run_count FROM rankings WHERE course_id = $1 AND user_id = $2`,
        [course, user.id],
      );
      expect(entries).toEqual([{ run_count: 1 }]);
      // Deleting the import now leaves the app's run alone.
      await as(authorization).delete(`/imports/${imported.id}`).expect(204);
      await as(authorization).get(`/runs/${liveRunId}`).expect(200);
    };
    await scenario('import-first');
    await scenario('live-first');
  });

  it('an import deleted while the worker processes it creates no run', async () => {
    const { user } = await createUserWithToken(dataSource, config);
    const pipeline = worker.get(ImportPipelineService);
    const gone = '00000000-0000-4000-8000-0000000000aa';
    const line = lineFrom([127.1, 37.4], 11, 100);
    const points = runAlong(line, { startMs: Date.now() - DAY }).map((p) => ({
      lat: p.lat,
      lng: p.lng,
      ele: p.ele ?? null,
      time: p.time ?? null,
    }));
    const outcome = await pipeline.importTrack(
      { id: gone, userId: user.id },
      { sport: 'running', sourceDevice: null, points: points as never, pauses: [] },
      'gpx_upload',
    );
    expect(outcome).toEqual({ status: 'skipped' });
    expect(await dataSource.query(`SELECT 1 FROM run_records WHERE user_id = $1`, [user.id])).toEqual([]);
  });
});
