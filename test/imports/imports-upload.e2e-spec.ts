import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createUserWithToken,
  PROJECT_ROOT,
  startStack,
  streamChunkedUpload,
  storedFilePath,
  type TestStack,
} from '@runvs/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const MB = 1024 * 1024;
const FIXTURES = join(PROJECT_ROOT, 'libs/activity-files/src/__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const GPX = fixture('nikeplus-subsecond-time.gpx');
const FIT = fixture('garmin-fenix5-run-short.fit');
const TCX = fixture('garmin-fr305-run.tcx');

describe('POST /imports/upload, /imports/gpx, /imports/fit; GET /imports', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ env: { MAX_IMPORT_UPLOAD_MB: '2' } });
    ({ config, api: app, dataSource } = stack);
    await new Promise<void>((resolve) => app.getHttpServer().listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => stack?.close());

  const upload = (authorization: string, file: Buffer, filename = 'activity.bin', path = 'upload') =>
    request(app.getHttpServer())
      .post(`/api/v1/imports/${path}`)
      .set('Authorization', authorization)
      .attach('file', file, { filename, contentType: 'application/octet-stream' });

  const detail = (authorization: string, id: string) =>
    request(app.getHttpServer()).get(`/api/v1/imports/${id}`).set('Authorization', authorization);

  it('stores the file, creates a pending import and its job, and answers 201 at once', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const response = await upload(authorization, GPX, '../../morning run.gpx').expect(201);
    expect(response.body).toEqual({
      import_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'pending',
      message: 'File uploaded. Processing will start shortly.',
    });
    const id = response.body.import_id as string;

    const shown = await detail(authorization, id).expect(200);
    expect(shown.body).toEqual({
      id,
      source: 'gpx_upload',
      status: 'pending',
      external_id: null,
      original_filename: 'morning run.gpx',
      file_type: 'gpx',
      import_summary: null,
      course_match: null,
      run_record_id: null,
      error_message: null,
      progress_percent: 0,
      activity_type: null,
      duplicate_of_run_id: null,
      duplicate_of_import_id: null,
      created_at: expect.stringMatching(/Z$/),
      completed_at: null,
    });
    await request(app.getHttpServer())
      .get(`/api/v1/imports/${id}/status`)
      .set('Authorization', authorization)
      .expect(200);

    const [row] = await dataSource.query(
      `SELECT file_key, file_sha256, file_size_bytes, compressed FROM external_imports WHERE id = $1`,
      [id],
    );
    expect(row).toMatchObject({ file_size_bytes: GPX.length, compressed: false });
    expect(row.file_key).toBe(`private/imports/${user.id}/${id}.gpx`);
    const stored = storedFilePath(config, row.file_key);
    expect(readFileSync(stored).equals(GPX)).toBe(true);
    const files = await dataSource.query(`SELECT kind, storage_key FROM stored_files WHERE owner_id = $1`, [
      user.id,
    ]);
    expect(files).toEqual([{ kind: 'activity_import', storage_key: row.file_key }]);
    const jobs = await dataSource.query(
      `SELECT queue, payload FROM outbox_events WHERE payload->>'importId' = $1`,
      [id],
    );
    expect(jobs).toEqual([{ queue: 'activity-import', payload: { importId: id } }]);
  });

  it('decides the type by content, gzip included, whatever the name says', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const cases: Array<[Buffer, string, string, string, boolean]> = [
      [FIT, 'run.gpx', 'fit_upload', 'fit', false],
      [TCX, 'run.fit', 'tcx_upload', 'tcx', false],
      [gzipSync(GPX), 'run.gpx.gz', 'gpx_upload', 'gpx', true],
      [gzipSync(FIT), 'run', 'fit_upload', 'fit', true],
    ];
    for (const [file, name, source, type, compressed] of cases) {
      const id = (await upload(authorization, file, name).expect(201)).body.import_id as string;
      const shown = (await detail(authorization, id).expect(200)).body;
      expect([shown.source, shown.file_type]).toEqual([source, type]);
      const [row] = await dataSource.query(
        `SELECT compressed, file_key FROM external_imports WHERE id = $1`,
        [id],
      );
      expect(row.compressed).toBe(compressed);
      expect(existsSync(storedFilePath(config, row.file_key))).toBe(true);
    }
  });

  it('the typed routes take only their own type', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    await upload(authorization, GPX, 'a.gpx', 'gpx').expect(201);
    await upload(authorization, FIT, 'a.fit', 'fit').expect(201);
    const wrong = await upload(authorization, TCX, 'a.gpx', 'gpx').expect(415);
    expect(wrong.body).toEqual({
      code: 'UNSUPPORTED_FILE_TYPE',
      message: expect.stringMatching(/TCX file, not a GPX/),
    });
    expect((await upload(authorization, GPX, 'a.fit', 'fit').expect(415)).body.code).toBe(
      'UNSUPPORTED_FILE_TYPE',
    );
  });

  it('refuses empty, foreign and missing files with the contract body, storing nothing', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const empty = await upload(authorization, Buffer.alloc(0), 'empty.gpx').expect(422);
    expect(empty.body).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [{ field: 'file' }] } });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100),
    ]);
    const image = await upload(authorization, png, 'run.gpx').expect(415);
    expect(image.body).toEqual({
      code: 'UNSUPPORTED_FILE_TYPE',
      message: expect.stringMatching(/PNG image/),
    });
    const kml = Buffer.from('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"></kml>');
    expect((await upload(authorization, kml, 'run.gpx').expect(415)).body.message).toMatch(/KML/);
    const corruptGzip = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);
    expect((await upload(authorization, corruptGzip).expect(415)).body.message).toMatch(/gzip/);
    await request(app.getHttpServer())
      .post('/api/v1/imports/upload')
      .set('Authorization', authorization)
      .field('name', 'x')
      .expect(422);
    await request(app.getHttpServer())
      .post('/api/v1/imports/upload')
      .attach('file', GPX, 'a.gpx')
      .expect(401);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM external_imports WHERE user_id = $1`,
      [user.id],
    );
    expect(n).toBe(0);
  });

  it('reports the earlier import when the same file comes again, even concurrently', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const first = (await upload(authorization, TCX, 'a.tcx').expect(201)).body.import_id as string;
    const again = await upload(authorization, TCX, 'renamed.tcx').expect(200);
    expect(again.body).toEqual({
      import_id: first,
      status: 'pending',
      message: expect.stringMatching(/already uploaded/),
      duplicate_of_import_id: first,
    });

    const file = gzipSync(TCX, { level: 1 });
    const answers = await Promise.all([1, 2, 3].map(() => upload(authorization, file, 'c.tcx.gz')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.import_id)).size).toBe(1);

    const rows = await dataSource.query(`SELECT file_key FROM external_imports WHERE user_id = $1`, [
      user.id,
    ]);
    expect(rows).toHaveLength(2);
    // Only the kept imports' files remain on disk.
    const { readdirSync } = await import('node:fs');
    const onDisk = readdirSync(join(config.storage.localPrivateDir, 'imports', user.id)).sort();
    expect(onDisk).toEqual(rows.map((r: { file_key: string }) => r.file_key.split('/').pop()).sort());

    // Another user's copy of the same file is their own import.
    const other = await createUserWithToken(dataSource, config);
    const theirs = (await upload(other.authorization, TCX, 'a.tcx').expect(201)).body.import_id;
    expect(theirs).not.toBe(first);
  });

  it('lists the caller’s imports newest first, paginated; others’ are not found', async () => {
    const { authorization } = await createUserWithToken(dataSource, config);
    const ids: string[] = [];
    for (const file of [GPX, FIT, TCX])
      ids.push((await upload(authorization, file).expect(201)).body.import_id);
    const page0 = await request(app.getHttpServer())
      .get('/api/v1/imports?page=0&per_page=2')
      .set('Authorization', authorization)
      .expect(200);
    expect(page0.body.total_count).toBe(3);
    expect(page0.body.has_next).toBe(true);
    expect(page0.body.data.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const page1 = await request(app.getHttpServer())
      .get('/api/v1/imports/?page=1&per_page=2')
      .set('Authorization', authorization)
      .expect(200);
    expect(page1.body).toMatchObject({ total_count: 3, has_next: false });
    expect(page1.body.data.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    await request(app.getHttpServer())
      .get('/api/v1/imports?per_page=500')
      .set('Authorization', authorization)
      .expect(422);

    const stranger = await createUserWithToken(dataSource, config);
    const notMine = await detail(stranger.authorization, ids[0]).expect(404);
    expect(notMine.body.code).toBe('NOT_FOUND');
    const empty = await request(app.getHttpServer())
      .get('/api/v1/imports')
      .set('Authorization', stranger.authorization)
      .expect(200);
    expect(empty.body).toEqual({ data: [], total_count: 0, has_next: false });
    expect((await detail(authorization, 'not-a-uuid').expect(422)).body.code).toBe('VALIDATION_ERROR');
  });

  it('refuses an oversized file with 413: at once from Content-Length, early when chunked', async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const big = Buffer.concat([GPX, Buffer.alloc(3 * MB, 0x20)]);
    const declared = await upload(authorization, big, 'big.gpx');
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('PAYLOAD_TOO_LARGE');

    const result = await streamChunkedUpload(app, {
      path: '/imports/upload',
      authorization,
      filename: 'big.gpx',
      contentType: 'application/gpx+xml',
      fileStart: Buffer.from('<gpx>'),
      fill: 0x20,
      totalBytes: 40 * MB,
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).code).toBe('PAYLOAD_TOO_LARGE');
    expect(result.written).toBeLessThan(20 * MB);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM external_imports WHERE user_id = $1`,
      [user.id],
    );
    expect(n).toBe(0);
  });
});
