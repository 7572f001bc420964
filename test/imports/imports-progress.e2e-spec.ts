import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { IMPORT_PROGRESS, ImportPipelineService } from '@runvs/imports';
import { deterministicJobId, QueueName, QueueRegistry } from '@runvs/queue';
import { createCourse, createUserWithToken, lineFrom, startApi, testConfig } from '@runvs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { gpxOf, runAlong } from './activity-track';

const DAY = 86_400_000;

/**
 * Import progress: the job moves continuously while the file is read, parsed and matched (not
 * only at stage boundaries) without blocking the process, and GET /imports/{id} shows the job's
 * live figure while the import is processing. No worker here: the job is driven directly, and the
 * queued job stays put for the status test.
 */
describe('import progress', () => {
  let api: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = testConfig();
    api = await startApi(config);
    dataSource = api.get(DataSource);
  });

  afterAll(async () => {
    await api?.close();
  });

  const upload = async (authorization: string, file: Buffer) =>
    (
      await request(api.getHttpServer())
        .post('/api/v1/imports/upload')
        .set('Authorization', authorization)
        .attach('file', file, 'long.gpx')
        .expect(201)
    ).body.import_id as string;

  it('reports progress continuously while parsing and matching, and keeps the process responsive', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    // A 45 km run (15,000 points, one every 3 m) starting beside three courses.
    const line = lineFrom([127.04, 37.47], 451, 100);
    for (const bearing of [0, 45, 90]) {
      await createCourse(dataSource, user.id, { coordinates: lineFrom([127.04, 37.47], 11, 100, bearing) });
    }
    const file = gpxOf(
      runAlong(line, { startMs: Date.now() - 2 * DAY, stepMeters: 3, speedMs: 3 }).slice(0, 15_000),
    );
    const importId = await upload(authorization, file);
    const seen: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const outcome = await api
      .get(ImportPipelineService)
      .processFileImport(importId, async (percent) => {
        seen.push(percent);
      })
      .finally(() => clearInterval(timer));
    expect(outcome).toMatchObject({ status: 'completed' });

    // Strictly increasing whole percents up to 100.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe(100);
    const within = (from: number, to: number) => seen.filter((p) => p > from && p < to).length;
    expect(within(IMPORT_PROGRESS.read, IMPORT_PROGRESS.parsed)).toBeGreaterThanOrEqual(8); // parsing
    expect(within(IMPORT_PROGRESS.measured, IMPORT_PROGRESS.matched)).toBeGreaterThanOrEqual(2); // matching
    // The parse handed control back to the event loop: timers ran meanwhile.
    expect(ticks).toBeGreaterThan(5);
    const [row] = await dataSource.query(
      `SELECT status, progress_percent FROM external_imports WHERE id = $1`,
      [importId],
    );
    expect(row).toEqual({ status: 'completed', progress_percent: 100 });
  });

  it("GET /imports/{id} shows the worker's live job progress while processing", async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const importId = await upload(
      authorization,
      gpxOf(runAlong(lineFrom([127.2, 37.3], 11, 100), { startMs: Date.now() - DAY })),
    );
    const jobId = deterministicJobId(QueueName.ActivityImport, { importId })!;
    const queue = api.get(QueueRegistry).get(QueueName.ActivityImport);
    const job = await (async () => {
      for (let i = 0; i < 100; i++) {
        const found = await queue.getJob(jobId);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the import job was not published');
    })();
    await dataSource.query(
      `UPDATE external_imports SET status = 'processing', progress_percent = 20 WHERE id = $1`,
      [importId],
    );
    await job.updateProgress(63);
    const shown = await request(api.getHttpServer())
      .get(`/api/v1/imports/${importId}`)
      .set('Authorization', authorization)
      .expect(200);
    expect(shown.body).toMatchObject({ status: 'processing', progress_percent: 63 });
    // Never behind the row, never 100 before the row says completed.
    await job.updateProgress(10);
    expect(
      (
        await request(api.getHttpServer())
          .get(`/api/v1/imports/${importId}`)
          .set('Authorization', authorization)
      ).body.progress_percent,
    ).toBe(20);
    await job.updateProgress(100);
    expect(
      (
        await request(api.getHttpServer())
          .get(`/api/v1/imports/${importId}`)
          .set('Authorization', authorization)
      ).body.progress_percent,
    ).toBe(99);
  });
});
