import { parseGpx } from '@runvs/activity-files';
import { ExportsService } from '@runvs/exports';
import { OutboxService, QueueName, QueueRegistry } from '@runvs/queue';
import { RunTracksService } from '@runvs/runs';
import {
  PROJECT_ROOT,
  asUser,
  createCourse,
  createUserWithToken,
  eventually,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
  storedFilePath,
} from '@runvs/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

type Runner = Awaited<ReturnType<typeof createUserWithToken>>;

/** A Garmin Connect GPX with elevation and heart rate (committed fixture, see its NOTICE.md). */
const GARMIN = readFileSync(join(PROJECT_ROOT, 'libs/geo/src/__fixtures__/garmin-connect-run-hr.gpx'));

/** Every file of a zip, by name. */
async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(zip, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    archive.on('end', resolve);
    archive.on('entry', (entry: Entry) => {
      archive.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks));
          archive.readEntry();
        });
      });
    });
    archive.readEntry();
  });
  return files;
}

/**
 * POST /users/me/export end to end: the worker streams the zip to private storage, the runner is
 * told (inbox + push) with a link only they can use until it expires; the zip is opened and every
 * file checked.
 */
describe('data export', () => {
  let stack: TestStack;
  let runner: Runner;
  let friend: Runner;
  let liveRunId: string;
  let importedRunId: string;
  let courseId: string;
  let exportId: string;
  let zip: Map<string, Buffer>;

  const as = (who?: Runner) => asUser(stack.api, who?.authorization);
  const binary = (who: Runner | undefined, path: string) => {
    const call = request(stack.api.getHttpServer())
      .get(`/api/v1${path}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return who ? call.set('Authorization', who.authorization) : call;
  };

  beforeAll(async () => {
    stack = await startStack({ worker: true, fcm: true });
    runner = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'exporter' });
    friend = await createUserWithToken(stack.dataSource, stack.config, { nickname: 'friend' });
    await stack.dataSource.query(
      `INSERT INTO device_tokens (user_id, token, platform) VALUES ($1, 'phone-x', 'ios')`,
      [runner.user.id],
    );
    const line = lineFrom([126.924, 37.526], 41, 15, 45);
    liveRunId = (await runThroughApi(stack.api, runner.authorization, trackAlong(line, { speedMs: 3 })))
      .complete.run_record_id;
    const accepted = await request(stack.api.getHttpServer())
      .post('/api/v1/imports/upload')
      .set('Authorization', runner.authorization)
      .attach('file', GARMIN, 'garmin run.gpx')
      .expect(201);
    importedRunId = await eventually(
      async () =>
        (await as(runner).get(`/imports/${accepted.body.import_id}`).expect(200)).body.run_record_id,
      { timeoutMs: 30_000 },
    );
    await waitForQueuesDrained(stack.worker);
    // The export carries a run's flag reasons and board exclusion as the runner sees them.
    await stack.dataSource.query(
      `UPDATE run_records SET is_flagged = true, flag_reason = 'speed', flag_reasons = '["speed: 9.1 m/s over 200 m"]',
              board_excluded_at = now(), board_excluded_reason = 'reported by another runner'
        WHERE id = $1`,
      [importedRunId],
    );
    courseId = await createCourse(stack.dataSource, runner.user.id, { title: 'My loop' });
    await stack.dataSource.query(
      `INSERT INTO reviews (course_id, user_id, rating, content) VALUES ($1, $2, 5, 'Lovely river path')`,
      [courseId, runner.user.id],
    );
    await stack.dataSource.query(
      `INSERT INTO follows (follower_id, following_id) VALUES ($1, $2), ($2, $1)`,
      [runner.user.id, friend.user.id],
    );
    const [event] = await stack.dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at) VALUES ('Spring 10K', now(), now() + interval '7 days') RETURNING id`,
    );
    await stack.dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)`, [
      event.id,
      runner.user.id,
    ]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('starts an export (202) and builds it in the worker', async () => {
    const started = await as(runner).post('/users/me/export').expect(202);
    expect(started.body).toEqual(
      expect.objectContaining({ id: expect.any(String), status: 'pending', download_url: null }),
    );
    exportId = started.body.id;
    await waitForQueuesDrained(stack.worker);
    const done = await as(runner).get(`/users/me/exports/${exportId}`).expect(200);
    expect(done.body).toEqual(
      expect.objectContaining({
        id: exportId,
        status: 'ready',
        run_count: 2,
        size_bytes: expect.any(Number),
        download_url: `${stack.config.app.publicBaseUrl}/api/v1/users/me/exports/${exportId}/download`,
        expires_at: expect.any(String),
      }),
    );
    const hours = (Date.parse(done.body.expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(167);
    expect(hours).toBeLessThanOrEqual(168);
  });

  it('tells the runner: inbox entry and push with the download link', async () => {
    const inbox = await as(runner).get('/notifications').expect(200);
    const notice = inbox.body.data.find((n: { type: string }) => n.type === 'export_ready');
    expect(notice.data).toEqual({
      export_id: exportId,
      download_url: `${stack.config.app.publicBaseUrl}/api/v1/users/me/exports/${exportId}/download`,
      expires_at: expect.any(String),
    });
    const pushes = stack.fcm.deliveredTo('phone-x').filter((p) => p.data?.type === 'export_ready');
    expect(pushes).toHaveLength(1);
    expect(pushes[0].data?.download_url).toContain(`/users/me/exports/${exportId}/download`);
  });

  it('lets only the owner download, and only through the api', async () => {
    const res = await binary(runner, `/users/me/exports/${exportId}/download`).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="runvs-export-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    zip = await unzip(res.body as Buffer);
    await as(friend).get(`/users/me/exports/${exportId}`).expect(404);
    await binary(friend, `/users/me/exports/${exportId}/download`).expect(404);
    await binary(undefined, `/users/me/exports/${exportId}/download`).expect(401);
    // The file itself is not among the public uploads.
    await request(stack.api.getHttpServer())
      .get(`/uploads/private/exports/${runner.user.id}/${exportId}.zip`)
      .expect(404);
  });

  it('holds every run as GPX with its times, elevation and heart rate', async () => {
    const gpx = [...zip.keys()].filter((name) => name.startsWith('runs/'));
    expect(gpx).toHaveLength(2);
    const tracks = stack.worker.get(RunTracksService);
    for (const runId of [liveRunId, importedRunId]) {
      const name = gpx.find((n) => n.endsWith(`_${runId}.gpx`));
      expect(name).toBeDefined();
      const parsed = parseGpx(zip.get(name!)!);
      const track = (await tracks.trackOf(runId))!;
      expect(parsed.points).toHaveLength(track.samples.length);
      expect(parsed.points[0].time).toBe(track.samples[0].time);
      expect(parsed.points[0].lat).toBeCloseTo(track.samples[0].lat, 6);
    }
    const imported = parseGpx(zip.get(gpx.find((n) => n.endsWith(`_${importedRunId}.gpx`))!)!);
    expect(imported.points[0]).toEqual(expect.objectContaining({ ele: 25.6, heartRate: 130 }));
    expect(imported.points.filter((p) => p.heartRate != null).length).toBe(imported.points.length);
  });

  it('holds the original upload byte for byte', async () => {
    const originals = [...zip.keys()].filter((name) => name.startsWith('originals/'));
    expect(originals).toEqual([`originals/${importedRunId}_garmin_run.gpx`]);
    expect(zip.get(originals[0])!.equals(GARMIN)).toBe(true);
  });

  it('holds JSON of profile, runs, courses, reviews, follows, events and achievements', async () => {
    const read = (name: string) => JSON.parse(zip.get(name)!.toString('utf8'));
    expect([...zip.keys()].filter((n) => n.endsWith('.json')).sort()).toEqual([
      'achievements.json',
      'courses.json',
      'events.json',
      'follows.json',
      'profile.json',
      'reviews.json',
      'runs.json',
    ]);
    expect(read('profile.json')).toEqual(
      expect.objectContaining({ id: runner.user.id, nickname: 'exporter' }),
    );
    expect(
      read('runs.json')
        .map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([liveRunId, importedRunId].sort());
    expect(read('runs.json')[0]).not.toHaveProperty('original_key');
    expect(read('runs.json').find((r: { id: string }) => r.id === importedRunId)).toEqual(
      expect.objectContaining({
        flag_reasons: ['speed: 9.1 m/s over 200 m'],
        board_exclusion: { reason: 'reported by another runner', excluded_at: expect.any(String) },
      }),
    );
    // What the runner was shown and our own figures beside it, with every reason, as on GET /runs/{id}.
    for (const exported of read('runs.json') as Array<Record<string, unknown>>) {
      const shown = (
        await as(runner)
          .get(`/runs/${exported.id as string}`)
          .expect(200)
      ).body;
      const fields = [
        'activity_type',
        'distance_meters',
        'duration_seconds',
        'gps_distance_meters',
        'moving_time_seconds',
        'elapsed_seconds',
        'data_notes',
        'is_flagged',
        'flag_reasons',
        'board_exclusion',
      ];
      expect(Object.fromEntries(fields.map((field) => [field, exported[field]]))).toEqual(
        Object.fromEntries(fields.map((field) => [field, shown[field]])),
      );
    }
    expect(read('courses.json')).toEqual([
      expect.objectContaining({
        id: courseId,
        title: 'My loop',
        route_geometry: expect.objectContaining({ type: 'LineString' }),
      }),
    ]);
    expect(read('reviews.json')).toEqual([
      expect.objectContaining({ course_id: courseId, content: 'Lovely river path' }),
    ]);
    expect(read('follows.json')).toEqual({
      following: [expect.objectContaining({ user_id: friend.user.id, nickname: 'friend' })],
      followers: [expect.objectContaining({ user_id: friend.user.id })],
    });
    expect(read('events.json')).toEqual([expect.objectContaining({ title: 'Spring 10K', completed: false })]);
    expect(read('achievements.json').map((a: { code: string }) => a.code)).toContain('first_run');
  });

  it('allows one export at a time per runner', async () => {
    const [running] = await stack.dataSource.query(
      `INSERT INTO data_exports (user_id, status) VALUES ($1, 'running') RETURNING id`,
      [friend.user.id],
    );
    const refused = await as(friend).post('/users/me/export').expect(409);
    expect(refused.body).toEqual(
      expect.objectContaining({ code: 'EXPORT_IN_PROGRESS', details: { export_id: running.id } }),
    );
  });

  it('expires the link', async () => {
    await stack.dataSource.query(
      `UPDATE data_exports SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [exportId],
    );
    expect((await as(runner).get(`/users/me/exports/${exportId}`).expect(200)).body).toEqual(
      expect.objectContaining({ status: 'expired', download_url: null }),
    );
    const gone = await binary(runner, `/users/me/exports/${exportId}/download`).expect(410);
    expect(JSON.parse((gone.body as Buffer).toString()).code).toBe('EXPORT_EXPIRED');
    // A new export can be requested once none is in progress.
    await as(runner).post('/users/me/export').expect(202);
    await waitForQueuesDrained(stack.worker);
  });

  it('purges expired zips in a scheduled maintenance task, idempotently', async () => {
    const schedulers = await stack.worker.get(QueueRegistry).get(QueueName.Maintenance).getJobSchedulers();
    expect(schedulers.find((s) => s.key === 'maintenance_purge-expired-exports')?.pattern).toBe('47 * * * *');
    // The runner's first export expired in the test above; the second one is still valid.
    const rows = async () =>
      (await stack.dataSource.query(
        `SELECT id, status, file_key, expires_at <= now() AS expired FROM data_exports WHERE user_id = $1 ORDER BY created_at`,
        [runner.user.id],
      )) as Array<{ id: string; status: string; file_key: string | null; expired: boolean }>;
    const [expired, valid] = await rows();
    expect(expired).toEqual(
      expect.objectContaining({ id: exportId, expired: true, file_key: expect.any(String) }),
    );
    expect(valid).toEqual(
      expect.objectContaining({ status: 'ready', expired: false, file_key: expect.any(String) }),
    );
    const stored = (key: string) => existsSync(storedFilePath(stack.config, key));
    expect(stored(expired.file_key!)).toBe(true);

    const purge = async () => {
      await stack.worker.get(OutboxService).transaction(async (_manager, enqueue) => {
        await enqueue(QueueName.Maintenance, { task: 'purge-expired-exports' });
      });
      await waitForQueuesDrained(stack.worker);
    };
    await purge();
    expect(stored(expired.file_key!)).toBe(false);
    expect(stored(valid.file_key!)).toBe(true);
    const [after, untouched] = await rows();
    expect(after).toEqual(expect.objectContaining({ id: exportId, status: 'ready', file_key: null }));
    expect(untouched).toEqual(valid);
    expect((await as(runner).get(`/users/me/exports/${exportId}`).expect(200)).body).toEqual(
      expect.objectContaining({ status: 'expired', download_url: null }),
    );
    const gone = await binary(runner, `/users/me/exports/${exportId}/download`).expect(410);
    expect(JSON.parse((gone.body as Buffer).toString()).code).toBe('EXPORT_EXPIRED');

    // Again: nothing left to purge, nothing else touched.
    expect(await stack.worker.get(ExportsService).purgeExpired()).toBe(0);
    await purge();
    expect(await rows()).toEqual([after, untouched]);
    expect(stored(valid.file_key!)).toBe(true);
  });

  it('deletes the zips with the account', async () => {
    const [{ keys }] = await stack.dataSource.query(
      `SELECT array_agg(file_key) AS keys FROM data_exports WHERE user_id = $1 AND file_key IS NOT NULL`,
      [runner.user.id],
    );
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys as string[]) expect(existsSync(storedFilePath(stack.config, key))).toBe(true);
    await as(runner).delete('/users/me').expect(200);
    for (const key of keys as string[]) expect(existsSync(storedFilePath(stack.config, key))).toBe(false);
  });
});
