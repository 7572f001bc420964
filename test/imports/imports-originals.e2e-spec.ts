import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { LegacyOriginalsService } from '@runvs/imports';
import { ObjectStorage } from '@runvs/storage';
import {
  asUser,
  createUserWithToken,
  eventually,
  lineFrom,
  startStack,
  storedFilePath,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { gpxOf, runAlong } from './activity-track';

const DAY = 86_400_000;

/**
 * Issue 14 item 2: uploaded originals (GPS traces of people's homes) are private. They are kept
 * outside the public /uploads storage, downloaded by their owner only through an authenticated
 * route (an attachment, nosniff), and deleted with the import, the run and the account.
 */
describe('imports: originals are private', () => {
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
  let day = 2;
  const aGpx = () =>
    gpxOf(runAlong(lineFrom([127.01, 37.51], 12, 100), { startMs: Date.now() - day++ * DAY, speedMs: 3 }), {
      type: 'running',
    });

  async function importFile(authorization: string, file: Buffer, name = 'morning run.gpx') {
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
    const [{ file_key: key }] = (await dataSource.query(
      `SELECT file_key FROM external_imports WHERE id = $1`,
      [id],
    )) as Array<{ file_key: string }>;
    return { id, runId: done.run_record_id as string, key };
  }

  const download = (authorization: string | null, id: string) => {
    const call = http()
      .get(`/api/v1/imports/${id}/original`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return authorization ? call.set('Authorization', authorization) : call;
  };

  it('an original is not under /uploads; its owner downloads it as an attachment, nobody else can', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const file = aGpx();
    const { id, key } = await importFile(owner.authorization, file);

    // Stored privately: not in the public directory, not under any public URL.
    expect(key).toMatch(new RegExp(`^private/imports/${owner.user.id}/${id}\\.gpx$`));
    expect(existsSync(storedFilePath(config, key))).toBe(true);
    expect(storedFilePath(config, key).startsWith(config.storage.localDir)).toBe(false);
    for (const path of [`/uploads/${key}`, `/uploads/imports/${owner.user.id}/${id}.gpx`]) {
      expect((await http().get(path)).status).toBe(404);
    }

    const response = await download(owner.authorization, id).expect(200);
    expect(Buffer.compare(response.body as Buffer, file)).toBe(0);
    expect(response.headers['content-type']).toMatch(/^application\/gpx\+xml/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="morning run.gpx"; filename*=UTF-8''morning%20run.gpx`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('private, no-store');

    expect((await download(other.authorization, id).expect(404)).body).toBeDefined();
    await download(null, id).expect(401);
    await download(owner.authorization, randomUUID()).expect(404);
    await download(owner.authorization, 'not-a-uuid').expect(422);
  });

  it('is deleted with its import', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const { id, key } = await importFile(owner.authorization, aGpx());
    await as(owner.authorization).delete(`/imports/${id}`).expect(204);
    expect(existsSync(storedFilePath(config, key))).toBe(false);
    await download(owner.authorization, id).expect(404);
  });

  it('is deleted with its run (the import stays, without a file)', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const { id, runId, key } = await importFile(owner.authorization, aGpx());
    expect(runId).toEqual(expect.any(String));
    await as(owner.authorization).delete(`/runs/${runId}`).expect(204);
    expect(existsSync(storedFilePath(config, key))).toBe(false);
    expect(await dataSource.query(`SELECT file_key FROM external_imports WHERE id = $1`, [id])).toEqual([
      { file_key: null },
    ]);
    expect(await dataSource.query(`SELECT 1 FROM stored_files WHERE storage_key = $1`, [key])).toEqual([]);
    await download(owner.authorization, id).expect(404);
  });

  it('is deleted with the account', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const { key } = await importFile(owner.authorization, aGpx());
    await http().delete('/api/v1/users/me').set('Authorization', owner.authorization).expect(200);
    expect(existsSync(storedFilePath(config, key))).toBe(false);
  });

  it('an original stored publicly before this change is hidden at once and moved to private storage by the worker', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const { id, key } = await importFile(owner.authorization, aGpx());
    // Put it back where the old code kept it: a public key in the public directory.
    const storage = api.get(ObjectStorage);
    const legacyKey = key.slice('private/'.length);
    const bytes = (await download(owner.authorization, id).expect(200)).body as Buffer;
    await storage.put(legacyKey, bytes, 'application/gpx+xml');
    await storage.delete(key);
    await dataSource.query(`UPDATE external_imports SET file_key = $2 WHERE id = $1`, [id, legacyKey]);
    await dataSource.query(`UPDATE stored_files SET storage_key = $2 WHERE storage_key = $1`, [
      key,
      legacyKey,
    ]);
    expect(existsSync(storedFilePath(config, legacyKey))).toBe(true);

    // Not served publicly even before it moves; its owner still gets it.
    expect((await http().get(`/uploads/${legacyKey}`)).status).toBe(404);
    expect(Buffer.compare((await download(owner.authorization, id).expect(200)).body as Buffer, bytes)).toBe(
      0,
    );

    const outcome = await worker.get(LegacyOriginalsService).moveToPrivateStorage();
    expect(outcome.moved).toBeGreaterThanOrEqual(1);
    expect(existsSync(storedFilePath(config, legacyKey))).toBe(false);
    expect(existsSync(storedFilePath(config, key))).toBe(true);
    expect(await dataSource.query(`SELECT file_key FROM external_imports WHERE id = $1`, [id])).toEqual([
      { file_key: key },
    ]);
    expect(await dataSource.query(`SELECT 1 FROM stored_files WHERE storage_key = $1`, [key])).toHaveLength(
      1,
    );
    expect(Buffer.compare((await download(owner.authorization, id).expect(200)).body as Buffer, bytes)).toBe(
      0,
    );
    // Nothing left to move: idempotent.
    expect(await worker.get(LegacyOriginalsService).moveToPrivateStorage()).toEqual({ moved: 0, missing: 0 });
  });
});
