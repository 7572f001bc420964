/**
 * Every activity file of the shared corpus (../shared/fixtures/activities) through the real api and
 * worker: each one either imports with sane numbers or fails with a reason a person can read. FIT
 * results are compared with the totals the device itself wrote, where it wrote them.
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { parseActivityFile } from '@runvs/activity-files';
import type { AppConfig } from '@runvs/config';
import { countsAsRun } from '@runvs/database';
import type { ImportDetail } from '@runvs/imports';
import {
  createUserWithToken,
  eventually,
  PROJECT_ROOT,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/** The shared corpus beside the project; `ACTIVITY_CORPUS_DIR` points elsewhere (e.g. from a worktree). */
const CORPUS = process.env.ACTIVITY_CORPUS_DIR ?? resolve(PROJECT_ROOT, '../shared/fixtures/activities');
const files = existsSync(CORPUS)
  ? ['fit', 'gpx', 'tcx'].flatMap((dir) =>
      readdirSync(join(CORPUS, dir))
        .filter((name) => /\.(fit|gpx|tcx)$/i.test(name))
        .map((name) => `${dir}/${name}`),
    )
  : [];

/** Real-world reasons are specific; a generic or empty message is a bug. */
const STATED_REASON =
  /too short|no GPS|GPS positions|timestamps|not an activity|no track|incomplete|corrupt|entit|never moves|fewer than two|settings|CRC|unsupported|header|truncat/i;

// The corpus lives beside the project (../shared, present in CI); a bare clone has only the
// bundled samples, which the unit tests cover, so the corpus suite is skipped there.
(files.length > 0 ? describe : describe.skip)(
  files.length > 0
    ? `import corpus (${CORPUS})`
    : `import corpus SKIPPED: ${CORPUS} does not exist (bare clone; the unit tests cover the bundled samples)`,
  () => {
    let stack: TestStack;
    let api: INestApplication;
    let worker: INestApplicationContext;
    let config: AppConfig;
    let dataSource: DataSource;
    const outcomes = new Map<
      string,
      {
        detail: ImportDetail;
        run: {
          distance_meters: number;
          duration_seconds: number;
          gps_distance_meters: number;
          moving_time_seconds: number;
          activity_type: string;
          course_id: string | null;
          is_flagged: boolean;
          flag_reasons: string[] | null;
        } | null;
      }
    >();

    beforeAll(async () => {
      stack = await startStack({ worker: true, env: { WORKER_CONCURRENCY_ACTIVITY_IMPORT: '2' } });
      ({ config, api, worker, dataSource } = stack);
      // One user per file, so files of the same activity (FIT + GPX exports) do not dedupe each other here.
      const uploads: Array<[string, string, string]> = [];
      for (const file of files) {
        const { authorization } = await createUserWithToken(dataSource, config);
        const accepted = await request(api.getHttpServer())
          .post('/api/v1/imports/upload')
          .set('Authorization', authorization)
          .attach('file', readFileSync(join(CORPUS, file)), file.split('/')[1]);
        if (accepted.status !== 201)
          throw new Error(`${file}: upload answered ${accepted.status} ${accepted.text}`);
        uploads.push([file, authorization, accepted.body.import_id]);
      }
      await waitForQueuesDrained(worker, { timeoutMs: 240_000 });
      // A retried job waits in 'delayed', which the drain does not count: wait for final states too.
      await eventually(
        async () =>
          (
            await dataSource.query(
              `SELECT count(*)::int AS n FROM external_imports WHERE status IN ('pending', 'processing')`,
            )
          )[0].n === 0,
        { timeoutMs: 120_000, pollMs: 500 },
      ).catch(() => undefined);
      for (const [file, authorization, id] of uploads) {
        const detail = (
          await request(api.getHttpServer())
            .get(`/api/v1/imports/${id}`)
            .set('Authorization', authorization)
            .expect(200)
        ).body;
        const [run] = detail.run_record_id
          ? await dataSource.query(`SELECT * FROM run_records WHERE id = $1`, [detail.run_record_id])
          : [null];
        outcomes.set(file, { detail, run });
      }
      const table = [...outcomes].map(([file, { detail }]) =>
        detail.status === 'completed'
          ? `${file}: ${detail.activity_type} ${detail.import_summary!.distance_meters} m ${detail.import_summary!.duration_seconds} s`
          : `${file}: FAILED ${detail.error_message}`,
      );
      process.stdout.write(`\nimport corpus outcomes (${files.length} files):\n  ${table.join('\n  ')}\n`);
    }, 600_000);

    afterAll(() => stack?.close());

    it('every file ends completed or failed — none stuck, none a job failure', async () => {
      expect(outcomes.size).toBe(files.length);
      for (const [file, { detail }] of outcomes) {
        expect([file, detail.status]).toEqual([file, expect.stringMatching(/^(completed|failed)$/)]);
      }
      const [{ n }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM job_failures WHERE queue = 'activity-import'`,
      );
      expect(n).toBe(0);
    });

    it('a failure states its reason', () => {
      for (const [file, { detail }] of outcomes) {
        if (detail.status !== 'failed') continue;
        expect([file, detail.error_message]).toEqual([file, expect.stringMatching(STATED_REASON)]);
      }
    });

    it('an import has sane numbers and a run record that agrees', () => {
      for (const [file, { detail, run }] of outcomes) {
        if (detail.status !== 'completed') continue;
        const s = detail.import_summary!;
        const label = `${file}: ${JSON.stringify(s)}`;
        expect([label, s.distance_meters >= 100 && s.distance_meters < 1_000_000]).toEqual([label, true]);
        expect([label, s.duration_seconds > 0 && s.duration_seconds < 7 * 86_400]).toEqual([label, true]);
        expect([
          label,
          s.point_count >= 2,
          s.elevation_gain_meters >= 0,
          s.elevation_gain_meters < 10_000,
        ]).toEqual([label, true, true, true]);
        const speed = s.distance_meters / s.duration_seconds;
        expect([label, speed < 60]).toEqual([label, true]);
        expect(run).not.toBeNull();
        expect([label, run!.distance_meters, run!.duration_seconds, run!.activity_type]).toEqual([
          label,
          s.distance_meters,
          s.duration_seconds,
          detail.activity_type,
        ]);
        expect([label, run!.gps_distance_meters, run!.moving_time_seconds]).toEqual([
          label,
          s.gps_distance_meters,
          s.moving_time_seconds,
        ]);
        if (!countsAsRun(detail.activity_type)) expect([label, run!.course_id]).toEqual([label, null]);
      }
    });

    it('FIT distances agree with the device’s own session totals', () => {
      let compared = 0;
      for (const [file, { detail }] of outcomes) {
        // Indoor rides carry a virtual route; their device distance comes from the trainer.
        if (!file.startsWith('fit/') || /indoor/.test(file) || detail.status !== 'completed') continue;
        const device = parseActivityFile(readFileSync(join(CORPUS, file))).activity.deviceSummary;
        if (!device?.distanceMeters || device.distanceMeters < 500) continue;
        const ours = detail.import_summary!.gps_distance_meters!;
        // Ours is the cleaned GPS distance while moving; the device may count wheel or footpod distance.
        const tolerance = Math.max(150, 0.06 * device.distanceMeters);
        expect([file, ours, Math.abs(ours - device.distanceMeters) <= tolerance]).toEqual([file, ours, true]);
        expect([file, detail.import_summary!.device_distance_meters]).toEqual([file, device.distanceMeters]);
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(10);
    });

    it('every running FIT with session totals shows the device’s distance and timer time (0.1 %, 1 s); ours beside', () => {
      const gaps: number[] = [];
      for (const [file, { detail }] of outcomes) {
        if (!file.startsWith('fit/') || detail.status !== 'completed' || !countsAsRun(detail.activity_type))
          continue;
        const device = parseActivityFile(readFileSync(join(CORPUS, file))).activity.deviceSummary;
        if (!device?.distanceMeters || !device.timerSeconds) continue;
        const s = detail.import_summary!;
        // Within 0.1 %, or the half metre of storing whole metres.
        const distanceOff = Math.abs(s.distance_meters - device.distanceMeters);
        expect([
          file,
          s.distance_meters,
          distanceOff <= Math.max(0.001 * device.distanceMeters, 0.5),
        ]).toEqual([file, s.distance_meters, true]);
        expect([file, s.duration_seconds, Math.abs(s.duration_seconds - device.timerSeconds) <= 1]).toEqual([
          file,
          s.duration_seconds,
          true,
        ]);
        gaps.push(Math.abs(s.gps_distance_meters! - device.distanceMeters) / device.distanceMeters);
      }
      expect(gaps.length).toBeGreaterThanOrEqual(8);
      gaps.sort((a, b) => a - b);
      console.log(
        `corpus: ${gaps.length} running FIT files show the device's totals; our gps_distance_meters vs the device's: ` +
          `median ${(gaps[Math.floor(gaps.length / 2)] * 100).toFixed(2)} %, max ${(gaps[gaps.length - 1] * 100).toFixed(2)} %`,
      );
    });

    it('a watch timer that counted the runner’s stops is no duration mismatch (fr110, fr910xt, Suunto 9)', () => {
      // Three real runs whose watches kept timing through stops the runner did not pause for: their
      // timers are 15–17 % over our moving time and agree with our timer time.
      const files = [
        'fit/garmin-fr110-run.fit',
        'fit/garmin-fr910xt-run-28km.fit',
        'fit/suunto-9-run-no-hr.fit',
      ];
      for (const file of files) {
        const run = outcomes.get(file)!.run!;
        expect([file, run.is_flagged, run.flag_reasons ?? []]).toEqual([file, false, []]);
      }
    });

    it('the FIT and the GPX export of one activity measure alike', () => {
      const fit = outcomes.get('fit/garmin-vivoactivehr-run-2067489619.fit')!.detail;
      const gpx = outcomes.get('gpx/garmin-connect-run-2067489619.gpx')!.detail;
      expect(fit.status).toBe('completed');
      expect(gpx.status).toBe('completed');
      // Measured by us: the FIT's GPS distance and the GPX's (which has no device totals).
      expect(
        Math.abs(fit.import_summary!.gps_distance_meters! - gpx.import_summary!.distance_meters),
      ).toBeLessThan(150);
    });
  },
);
