import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createCourse,
  createRun,
  createUserWithToken,
  lineFrom,
  PROJECT_ROOT,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { gpxOf, runAlong, tcxOf } from './activity-track';
import { importAndWait } from './import-and-wait';
import { parseFit } from '@runvs/activity-files';

const FIXTURES = join(PROJECT_ROOT, 'libs/activity-files/src/__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const DAY = 86_400_000;

describe('activity-import job (api → worker → run record)', () => {
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

  const importFile = (authorization: string, file: Buffer, name = 'activity') =>
    importAndWait(api, authorization, file, name);

  const runRow = async (id: string) =>
    (
      await dataSource.query(
        `SELECT r.*, ST_NPoints(r.route_geometry::geometry) AS route_points
           FROM run_records r WHERE r.id = $1`,
        [id],
      )
    )[0];

  it('imports a course run, matches it to the course near its start and puts it on the leaderboard', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config, { weightKg: 70 });
    const line = lineFrom([127.01, 37.52], 13, 100); // 1.2 km due north
    const courseId = await createCourse(dataSource, user.id, { title: 'Riverside 1K', coordinates: line });
    await createCourse(dataSource, user.id, {
      title: 'Elsewhere',
      coordinates: lineFrom([127.013, 37.5205], 13, 100, 90),
    });
    const points = runAlong(line, { startMs: Date.now() - 2 * DAY, speedMs: 3.2 });

    const done = await importFile(
      authorization,
      gpxOf(points, { type: 'running', creator: 'Garmin Forerunner 255' }),
      'a.gpx',
    );
    expect(done).toMatchObject({
      status: 'completed',
      source: 'gpx_upload',
      activity_type: 'run',
      progress_percent: 100,
      error_message: null,
      duplicate_of_run_id: null,
      course_match: { course_id: courseId, course_title: 'Riverside 1K', is_completed: true },
      import_summary: {
        point_count: points.length,
        source_device: 'Garmin Forerunner 255',
      },
    });
    expect(done.course_match.match_percent).toBeGreaterThanOrEqual(95);
    const summary = done.import_summary;
    expect(summary.distance_meters).toBeGreaterThan(1150);
    expect(summary.distance_meters).toBeLessThan(1260);
    expect(summary.duration_seconds).toBeGreaterThan(350);
    expect(summary.duration_seconds).toBeLessThan(400);
    expect(summary.avg_pace_seconds_per_km).toBeGreaterThan(290);
    expect(summary.avg_pace_seconds_per_km).toBeLessThan(330);

    const run = await runRow(done.run_record_id);
    expect(run).toMatchObject({
      user_id: user.id,
      external_import_id: done.id,
      source: 'gpx_upload',
      activity_type: 'run',
      course_id: courseId,
      is_flagged: false,
      distance_meters: summary.distance_meters,
      duration_seconds: summary.duration_seconds,
      device_model: 'Garmin Forerunner 255',
    });
    expect(run.route_points).toBeGreaterThan(100);
    expect(run.splits).toHaveLength(1);
    expect(run.splits[0]).toMatchObject({ split_number: 1, distance_meters: 1000 });
    expect(new Date(run.started_at).getTime()).toBe(points[0].time);
    const jobs = await dataSource.query(
      `SELECT queue FROM outbox_events WHERE payload->>'runRecordId' = $1`,
      [run.id],
    );
    expect(jobs).toEqual([{ queue: 'run-completion' }]);
    // The run pipeline (the same as for live runs) ranks it on the course.
    await waitForQueuesDrained(worker);
    const ranked = await runRow(run.id);
    expect(ranked).toMatchObject({ course_completed: true, is_ranking_eligible: true });
    expect(ranked.pipeline_completed_at).not.toBeNull();
    const board = await dataSource.query(
      `SELECT user_id, best_duration_seconds, ranking_position(course_id, best_duration_seconds, achieved_at, user_id) AS rank FROM rankings WHERE course_id = $1`,
      [courseId],
    );
    expect(board).toEqual([{ user_id: user.id, best_duration_seconds: summary.duration_seconds, rank: 1 }]);
    const totals = await dataSource.query(`SELECT total_runs FROM users WHERE id = $1`, [user.id]);
    expect(totals).toEqual([{ total_runs: 1 }]);
  });

  it('reports the same activity from another source as a duplicate of the first run', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([126.95, 37.55], 21, 100, 45);
    const points = runAlong(line, { startMs: Date.now() - 3 * DAY });
    const first = await importFile(authorization, gpxOf(points), 'watch.gpx');
    expect(first.status).toBe('completed');
    // The same run exported as TCX by another app: starts 20 s later, a little shorter.
    const shifted = points.slice(7).map((p) => ({ ...p, time: p.time! + 20_000 }));
    const second = await importFile(authorization, tcxOf(shifted), 'phone.tcx');
    expect(second).toMatchObject({
      status: 'completed',
      source: 'tcx_upload',
      run_record_id: first.run_record_id,
      duplicate_of_run_id: first.run_record_id,
      course_match: null,
    });
    // A recorded live run is the original too.
    const liveStart = Date.now() - 5 * DAY;
    const liveRun = await createRun(dataSource, user.id, {
      distanceMeters: 2000,
      durationSeconds: 700,
      finishedAt: new Date(liveStart + 700_000),
    });
    const again = await importFile(
      authorization,
      gpxOf(runAlong(line, { startMs: liveStart + 30_000 })),
      'late-upload.gpx',
    );
    expect(again.duplicate_of_run_id).toBe(liveRun);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM run_records WHERE user_id = $1`, [
      user.id,
    ]);
    expect(n).toBe(2);
    // Different distance at the same time is another activity.
    const other = await importFile(
      authorization,
      gpxOf(runAlong(lineFrom([126.95, 37.55], 61, 100, 45), { startMs: Date.now() - 3 * DAY + 10_000 })),
    );
    expect(other.duplicate_of_run_id).toBeNull();
  });

  it('imports rides as rides: never matched to a running course', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.05, 37.5], 13, 100);
    await createCourse(dataSource, user.id, { coordinates: line });
    const done = await importFile(
      authorization,
      gzipSync(gpxOf(runAlong(line, { startMs: Date.now() - DAY, speedMs: 6 }), { type: 'cycling' })),
      'ride.gpx.gz',
    );
    expect(done).toMatchObject({ status: 'completed', activity_type: 'ride', course_match: null });
    await waitForQueuesDrained(worker);
    const run = await runRow(done.run_record_id);
    expect(run).toMatchObject({ activity_type: 'ride', course_id: null, is_ranking_eligible: false });
  });

  it('flags impossible speed and keeps the run off leaderboards', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.1, 37.45], 13, 100);
    const courseId = await createCourse(dataSource, user.id, { coordinates: line });
    const done = await importFile(
      authorization,
      gpxOf(runAlong(line, { startMs: Date.now() - DAY, speedMs: 11 }), { type: 'running' }),
    );
    expect(done.course_match?.course_id).toBe(courseId);
    await waitForQueuesDrained(worker);
    const run = await runRow(done.run_record_id);
    expect(run.is_flagged).toBe(true);
    expect(run.flag_reason).toMatch(/평균 속도/);
    expect(run.is_ranking_eligible).toBe(false);
    const board = await dataSource.query(`SELECT 1 FROM rankings WHERE course_id = $1`, [courseId]);
    expect(board).toEqual([]);
  });

  it('fails unusable and hostile files with a reason, never a crash', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const line = lineFrom([127.2, 37.4], 13, 100);
    const untimed = runAlong(line, { startMs: 0 }).map(({ lat, lng, ele }) => ({ lat, lng, ele }));
    const xxe = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
        '<gpx version="1.1"><trk><name>&xxe;</name><trkseg><trkpt lat="37.5" lon="127"><time>2024-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>',
    );
    const lol = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><gpx><trk><name>&d;</name></trk></gpx>',
    );
    const fit = fixture('garmin-fenix5-run-short.fit');
    const truncatedFit = fit.subarray(0, Math.floor(fit.length / 2));
    const cases: Array<[Buffer, RegExp]> = [
      [gpxOf(untimed), /no usable timestamps|route, not a recorded activity/i],
      [xxe, /entit|DOCTYPE|DTD/i],
      [lol, /entit|DOCTYPE|DTD/i],
      [Buffer.from('<gpx version="1.1"><trk><trkseg></trkseg></trk></gpx>'), /no GPS|no .*points|position/i],
      [
        Buffer.concat([Buffer.from('<?xml version="1.0"?><gpx><trk><trkseg>'), Buffer.alloc(10_000, 0x41)]),
        /./,
      ],
    ];
    for (const [file, reason] of cases) {
      const done = await importFile(authorization, file);
      expect(done.status).toBe('failed');
      expect(done.error_message).toMatch(reason);
      expect(done.run_record_id).toBeNull();
    }
    // A FIT cut in half: what was recorded before the cut is read — 73 m, refused as the part it is.
    const cut = await importFile(authorization, truncatedFit, 'cut.fit');
    expect(cut).toMatchObject({
      status: 'failed',
      error_message: expect.stringMatching(
        /^partial: 0\.1 km read; the rest of the file could not be read \(.*\); Activity too short \(73 m/,
      ),
    });
    // The short real run imports (158 m, 57 s).
    const short = await importFile(authorization, fit, 'fenix.fit');
    expect(short).toMatchObject({ status: 'completed', source: 'fit_upload', activity_type: 'run' });
    expect(short.import_summary.source_device).toMatch(/garmin|fenix/i);
    // The worker is still alive and well.
    await waitForQueuesDrained(worker);
    const failures = await dataSource.query(
      `SELECT count(*)::int AS n FROM job_failures WHERE queue = 'activity-import'`,
    );
    expect(failures[0].n).toBe(0);
    expect(user.id).toBeDefined();
  });

  it('a GPX with an empty segment is read from its other segment', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const done = await importFile(authorization, fixture('track-with-empty-segment.gpx'));
    // Its one non-empty segment is read (85 m): below the 100 m floor, and said so.
    expect(done).toMatchObject({
      status: 'failed',
      error_message: 'Activity too short (85 m; at least 100 m is needed)',
    });
  });

  it('a two-point GPX claiming a 25 km run is stored without a route, unranked, with the reason', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const start = [127.11, 37.55] as [number, number];
    // A course starting right there, which a believable track of this line would complete.
    const line = lineFrom(start, 250, 100); // 25 km due north
    await createCourse(dataSource, user.id, { title: 'Long north', coordinates: line });
    const t0 = Date.now() - 2 * DAY;
    const two = gpxOf(
      [
        { lat: start[1], lng: start[0], time: t0 },
        { lat: line.at(-1)![1], lng: line.at(-1)![0], time: t0 + 2 * 3_600_000 },
      ],
      { type: 'running' },
    );
    const done = await importFile(authorization, two, 'two.gpx');
    expect(done).toMatchObject({ status: 'completed', activity_type: 'run', course_match: null });
    expect(done.import_summary.distance_meters).toBeGreaterThan(24_000);
    expect(done.import_summary.warnings).toEqual([
      expect.stringMatching(/^Implausible track: 2\d\.\d\d km without a recorded point in 7200 s/),
    ]);
    await waitForQueuesDrained(worker);
    const run = await runRow(done.run_record_id);
    expect(run).toMatchObject({
      course_id: null,
      route_geometry: null,
      route_preview: null,
      is_flagged: true,
      is_ranking_eligible: false,
    });
    expect(run.flag_reasons).toEqual([expect.stringMatching(/^Implausible track/)]);
    const shown = await request(api.getHttpServer())
      .get(`/api/v1/runs/${run.id}`)
      .set('Authorization', authorization)
      .expect(200);
    expect(shown.body).toMatchObject({ route_geometry: null, is_flagged: true });
    expect(shown.body.flag_reasons).toEqual([expect.stringMatching(/^Implausible track/)]);
    const stats = await request(api.getHttpServer())
      .get('/api/v1/users/me/stats')
      .set('Authorization', authorization)
      .expect(200);
    expect(stats.body).toMatchObject({ longest_run_meters: 0, best_pace_seconds_per_km: null });
    expect(
      await dataSource.query(`SELECT count(*)::int AS n FROM run_tracks WHERE run_record_id = $1`, [run.id]),
    ).toEqual([{ n: 0 }]);
  });

  it('a FIT with a damaged message in the middle is read past the damage, and says so', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const fit = fixture('garmin-fenix5-run-short.fit');
    const whole = await importFile(authorization, fit, 'whole.fit');
    expect(whole).toMatchObject({ status: 'completed', import_summary: { warnings: [] } });
    // The watch's session totals shown, our own figures beside them (imports-device-totals.e2e-spec.ts).
    expect(whole.import_summary).toMatchObject({
      distance_meters: 158,
      gps_distance_meters: 161,
      device_distance_meters: expect.closeTo(157.56, 1),
      device_timer_seconds: expect.closeTo(56.887, 2),
    });
    // The header of a record near the middle made an undefined local type (15).
    const damaged = Buffer.from(fit);
    let at = Math.floor(fit.length / 2);
    while (!parseFit(Object.assign(Buffer.from(fit), { [at]: 0x0f })).damage?.reason.includes(`byte ${at} `))
      at++;
    damaged[at] = 0x0f;
    const other = await createUserWithToken(dataSource, config);
    const done = await importFile(other.authorization, damaged, 'damaged.fit');
    expect(done).toMatchObject({ status: 'completed' });
    expect(done.import_summary.warnings).toEqual([
      expect.stringMatching(
        /^the file is damaged: \d+ byte\(s\) skipped \(data message at byte \d+ uses undefined local message type 15\); the rest was read$/,
      ),
    ]);
    // Everything but the damaged record: the same run, not a fraction of it (by our own GPS distance).
    expect(
      Math.abs(done.import_summary.gps_distance_meters - whole.import_summary.gps_distance_meters),
    ).toBeLessThan(20);
    const run = await runRow(done.run_record_id);
    expect(run.is_flagged).toBe(false);
  });
});
