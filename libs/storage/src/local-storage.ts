import { notFound } from '@runvs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, encodeKey, ObjectStorage, type StoredObject } from './object-storage';

/**
 * Files under one directory on the api host, served at `<public base>/uploads/<key>` (or the CDN
 * base). Writes go to a temporary name first and are renamed into place, so a reader never sees a
 * half-written file.
 */
export class LocalStorage extends ObjectStorage {
  readonly driver = 'local' as const;
  readonly root: string;

  constructor(
    directory: string,
    private readonly baseUrl: string,
  ) {
    super();
    this.root = resolve(directory);
  }

  async put(key: string, body: Buffer, _contentType: string): Promise<StoredObject> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await writeFile(temporary, body, { flag: 'wx' });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { key, url: this.publicUrl(key) };
  }

  async putStream(
    key: string,
    body: Readable,
    _contentType: string,
  ): Promise<{ key: string; sizeBytes: number }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await pipeline(body, createWriteStream(temporary, { flags: 'wx' }));
      const { size } = await stat(temporary);
      await rename(temporary, path);
      return { key, sizeBytes: size };
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw notFound('File');
    return createReadStream(path);
  }

  publicUrl(key: string): string {
    return `${this.baseUrl}/${encodeKey(key)}`;
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    const path = resolve(join(this.root, key));
    if (!path.startsWith(`${this.root}/`)) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  }
}
