import { notFound } from '@runvs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertPrivateKey,
  assertPublicKey,
  encodeKey,
  ObjectStorage,
  PRIVATE_KEY_PREFIX,
  type StoredObject,
} from './object-storage';

/**
 * Files on the api host. Public keys live under one directory, served at `<public base>/uploads/<key>`
 * (or the CDN base); private keys (`private/…`) under another directory that nothing serves
 * (`private/imports/u/x.fit` → `<private dir>/imports/u/x.fit`). Writes go to a temporary name
 * first and are renamed into place, so a reader never sees a half-written file.
 */
export class LocalStorage extends ObjectStorage {
  readonly driver = 'local' as const;
  readonly root: string;
  readonly privateRoot: string;

  constructor(
    directory: string,
    private readonly baseUrl: string,
    privateDirectory: string = join(directory, '..', 'private'),
  ) {
    super();
    this.root = resolve(directory);
    this.privateRoot = resolve(privateDirectory);
    if (within(this.privateRoot, this.root) || within(this.root, this.privateRoot)) {
      throw new Error(
        `LOCAL_PRIVATE_STORAGE_DIR (${this.privateRoot}) and LOCAL_STORAGE_DIR (${this.root}) must not contain each other`,
      );
    }
  }

  async put(key: string, body: Buffer, _contentType: string): Promise<StoredObject> {
    assertPublicKey(key);
    await this.write(this.pathIn(this.root, key), body);
    return { key, url: this.publicUrl(key) };
  }

  async putPrivate(key: string, body: Buffer, _contentType: string): Promise<{ key: string }> {
    await this.write(this.privatePath(key), body);
    return { key };
  }

  async putPrivateStream(
    key: string,
    body: Readable,
    _contentType: string,
  ): Promise<{ key: string; sizeBytes: number }> {
    const path = this.privatePath(key);
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

  async openPrivate(key: string): Promise<Readable> {
    const path = this.privatePath(key);
    if (await isFile(path)) return createReadStream(path);
    // Written before private storage had its own directory (export zips under <public dir>/private/).
    const legacy = this.pathIn(this.root, key);
    if (await isFile(legacy)) return createReadStream(legacy);
    throw notFound('File');
  }

  async deletePrivate(key: string): Promise<void> {
    await rm(this.privatePath(key), { force: true });
    await rm(this.pathIn(this.root, key), { force: true });
  }

  protected async deletePublic(key: string): Promise<void> {
    assertPublicKey(key);
    await rm(this.pathIn(this.root, key), { force: true });
  }

  protected async getPublic(key: string): Promise<Readable> {
    assertPublicKey(key);
    const path = this.pathIn(this.root, key);
    if (!(await isFile(path))) throw notFound('File');
    return createReadStream(path);
  }

  publicUrl(key: string): string {
    return `${this.baseUrl}/${encodeKey(key)}`;
  }

  /** Where a key lives on disk (public or private): for tests and operators. */
  pathOf(key: string): string {
    return key.startsWith(PRIVATE_KEY_PREFIX) ? this.privatePath(key) : this.pathIn(this.root, key);
  }

  private privatePath(key: string): string {
    assertPrivateKey(key);
    return this.pathIn(this.privateRoot, key.slice(PRIVATE_KEY_PREFIX.length));
  }

  private pathIn(root: string, key: string): string {
    const path = resolve(join(root, key));
    if (!path.startsWith(`${root}/`)) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  }

  private async write(path: string, body: Buffer): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await writeFile(temporary, body, { flag: 'wx' });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/** Whether `inner` is `outer` or below it. */
function within(inner: string, outer: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}
