import { loadConfig } from '@runvs/config';
import { directBaseUrl, isValidKey, LocalStorage, S3Storage } from '@runvs/storage';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FakeS3 } from '../fakes';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('object storage', () => {
  it('accepts relative keys only', () => {
    for (const key of ['avatars/u/a.jpg', 'a', 'thumbnails/2026/x-y_z.png'])
      expect(isValidKey(key)).toBe(true);
    for (const key of ['', '/abs', '../etc/passwd', 'a/../b', 'a//b', '.hidden', 'a/.git', 'sp ace', 'a/'])
      expect(isValidKey(key)).toBe(false);
  });

  describe('local disk', () => {
    let root: string;
    let storage: LocalStorage;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'runvs-storage-'));
      storage = new LocalStorage(root, 'https://api.runvs.test/uploads');
    });

    afterAll(() => rm(root, { recursive: true, force: true }));

    it('keeps private keys in the private directory, never under the public one (issue 14 item 2)', async () => {
      const privateRoot = await mkdtemp(join(tmpdir(), 'runvs-private-'));
      const both = new LocalStorage(root, 'https://api.runvs.test/uploads', privateRoot);
      try {
        await both.putPrivate('private/imports/u1/x.gpx', Buffer.from('<gpx/>'), 'application/gpx+xml');
        expect(await readFile(join(privateRoot, 'imports/u1/x.gpx'), 'utf8')).toBe('<gpx/>');
        await expect(readFile(join(root, 'private/imports/u1/x.gpx'))).rejects.toMatchObject({
          code: 'ENOENT',
        });
        expect((await readAll(await both.openPrivate('private/imports/u1/x.gpx'))).toString()).toBe('<gpx/>');
        expect((await readAll(await both.get('private/imports/u1/x.gpx'))).toString()).toBe('<gpx/>');
        await expect(both.put('private/imports/u1/y.gpx', Buffer.from('x'), 'text/plain')).rejects.toThrow(
          /private key/,
        );
        await expect(both.putPrivate('imports/u1/y.gpx', Buffer.from('x'), 'text/plain')).rejects.toThrow(
          /not a private/,
        );
        await both.delete('private/imports/u1/x.gpx');
        await expect(both.openPrivate('private/imports/u1/x.gpx')).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        expect(() => new LocalStorage(root, 'https://x', join(root, 'private'))).toThrow(/must not contain/);
      } finally {
        await rm(privateRoot, { recursive: true, force: true });
      }
    });

    it('writes, reads, addresses and deletes files for real', async () => {
      const stored = await storage.put('avatars/u1/a.jpg', Buffer.from('jpeg bytes'), 'image/jpeg');
      expect(stored).toEqual({
        key: 'avatars/u1/a.jpg',
        url: 'https://api.runvs.test/uploads/avatars/u1/a.jpg',
      });
      expect(await readFile(join(root, 'avatars/u1/a.jpg'), 'utf8')).toBe('jpeg bytes');
      expect((await readAll(await storage.get('avatars/u1/a.jpg'))).toString()).toBe('jpeg bytes');
      expect(storage.keyOfUrl(stored.url)).toBe('avatars/u1/a.jpg');
      expect(storage.keyOfUrl('https://elsewhere.test/avatars/u1/a.jpg')).toBeNull();
      await storage.delete('avatars/u1/a.jpg');
      await expect(stat(join(root, 'avatars/u1/a.jpg'))).rejects.toThrow();
      await storage.delete('avatars/u1/a.jpg'); // idempotent
      await expect(storage.get('avatars/u1/a.jpg')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses keys that would leave its directory', async () => {
      await expect(storage.put('../outside.txt', Buffer.from('x'), 'text/plain')).rejects.toThrow(
        /invalid storage key/,
      );
      await expect(storage.delete('/etc/passwd')).rejects.toThrow(/invalid storage key/);
    });
  });

  describe('S3 (against a fake S3 endpoint)', () => {
    const s3 = new FakeS3('runvs-test');
    let storage: S3Storage;

    beforeAll(async () => {
      await s3.start();
      const config = loadConfig({
        APP_ENV: 'development',
        STORAGE_DRIVER: 's3',
        S3_BUCKET_NAME: 'runvs-test',
        S3_ENDPOINT: s3.url,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      });
      storage = new S3Storage(config.storage);
    });

    afterAll(async () => {
      storage?.client.destroy();
      await s3.stop();
    });

    it('puts signed objects with their type and a long cache lifetime, reads and deletes them', async () => {
      const stored = await storage.put('avatars/u2/b.jpg', Buffer.from('s3 bytes'), 'image/jpeg');
      expect(stored).toEqual({ key: 'avatars/u2/b.jpg', url: `${s3.url}/runvs-test/avatars/u2/b.jpg` });
      const object = s3.objects.get('avatars/u2/b.jpg');
      expect(object?.body.toString()).toBe('s3 bytes');
      expect(object?.contentType).toBe('image/jpeg');
      expect(object?.cacheControl).toBe('public, max-age=31536000, immutable');
      expect((await readAll(await storage.get('avatars/u2/b.jpg'))).toString()).toBe('s3 bytes');
      await storage.delete('avatars/u2/b.jpg');
      expect(s3.objects.has('avatars/u2/b.jpg')).toBe(false);
      await storage.delete('avatars/u2/b.jpg');
      await expect(storage.get('avatars/u2/b.jpg')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('stores private objects with no public cache header (issue 14 item 2)', async () => {
      await storage.putPrivate('private/imports/u2/x.fit', Buffer.from('fit'), 'application/vnd.ant.fit');
      expect(s3.objects.get('private/imports/u2/x.fit')?.cacheControl).toBe('private, no-store');
      expect((await readAll(await storage.openPrivate('private/imports/u2/x.fit'))).toString()).toBe('fit');
      await storage.deletePrivate('private/imports/u2/x.fit');
      expect(s3.objects.has('private/imports/u2/x.fit')).toBe(false);
      await expect(
        storage.put('private/x.bin', Buffer.from('x'), 'application/octet-stream'),
      ).rejects.toThrow(/private key/);
    });

    it('rewrites public URLs to the CDN base when one is configured', () => {
      const config = loadConfig({
        APP_ENV: 'development',
        STORAGE_DRIVER: 's3',
        S3_BUCKET_NAME: 'runvs-prod',
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 'b',
        CDN_BASE_URL: 'https://cdn.runvs.run/',
      });
      const cdn = new S3Storage(config.storage);
      expect(cdn.publicUrl('avatars/u/c d.jpg')).toBe('https://cdn.runvs.run/avatars/u/c%20d.jpg');
      cdn.client.destroy();
    });

    it('builds direct URLs for AWS and compatible endpoints', () => {
      expect(directBaseUrl('b', 'ap-northeast-2')).toBe('https://b.s3.ap-northeast-2.amazonaws.com');
      expect(directBaseUrl('b', 'eu-west-1', 'https://minio.local:9000', true)).toBe(
        'https://minio.local:9000/b',
      );
      expect(directBaseUrl('b', 'auto', 'https://acc.r2.cloudflarestorage.com')).toBe(
        'https://b.acc.r2.cloudflarestorage.com',
      );
    });
  });
});
