import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  /** Where clients fetch it (CDN base when configured). */
  url: string;
}

/**
 * Where uploaded and generated files live: S3 (or an S3-compatible store) when configured, else
 * the local disk. Keys are relative paths such as `avatars/<user>/<id>.jpg`; objects are immutable
 * (a new version gets a new key).
 *
 * Two kinds, told apart by the key:
 * - **public** (avatars, course and event images, thumbnails): `put`, served at `publicUrl(key)`
 *   (/uploads or the bucket/CDN) with a year of public caching;
 * - **private** (`private/…`: import originals, export zips): `putPrivate`/`putPrivateStream`,
 *   `openPrivate`, `deletePrivate` — never under a public URL (local: another directory than the
 *   public one; S3: no public cache header, and the bucket's public-read policy must leave
 *   `private/*` out). Their owners download them through authenticated api routes only.
 * `get` and `delete` accept both kinds (server-side reads, account deletion by stored key).
 */
export abstract class ObjectStorage {
  abstract readonly driver: 'local' | 's3';

  /** Writes a public object (replacing one with the same key). Private keys are refused. */
  abstract put(key: string, body: Buffer, contentType: string): Promise<StoredObject>;

  /** Writes a private object (`private/…`); it has no public URL. */
  abstract putPrivate(key: string, body: Buffer, contentType: string): Promise<{ key: string }>;

  /**
   * Writes a private object from a stream without holding it in memory (data exports); resolves
   * with its size once the whole object is stored.
   */
  abstract putPrivateStream(
    key: string,
    body: Readable,
    contentType: string,
  ): Promise<{ key: string; sizeBytes: number }>;

  /** Reads a private object; 404 NOT_FOUND when there is none. */
  abstract openPrivate(key: string): Promise<Readable>;

  /** Removes a private object; removing one that does not exist is not an error. */
  abstract deletePrivate(key: string): Promise<void>;

  /** Removes a public object; removing one that does not exist is not an error. */
  protected abstract deletePublic(key: string): Promise<void>;

  /** Reads a public object; 404 NOT_FOUND when there is none. */
  protected abstract getPublic(key: string): Promise<Readable>;

  /** Removes an object of either kind (by its stored key); a missing one is not an error. */
  delete(key: string): Promise<void> {
    return isPrivateKey(key) ? this.deletePrivate(key) : this.deletePublic(key);
  }

  /** Reads an object of either kind on the server; 404 NOT_FOUND when there is none. */
  get(key: string): Promise<Readable> {
    return isPrivateKey(key) ? this.openPrivate(key) : this.getPublic(key);
  }

  /** The public URL of a key. */
  abstract publicUrl(key: string): string;

  /** The key behind one of our public URLs, or null for any other URL. */
  keyOfUrl(url: string): string | null {
    const base = this.publicUrl('');
    if (!url.startsWith(base)) return null;
    const key = decodeURIComponent(url.slice(base.length));
    return isValidKey(key) ? key : null;
  }
}

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Relative, no `..`, no empty or hidden segments, at most 512 characters. */
export function isValidKey(key: string): boolean {
  return key.length <= 512 && KEY_PATTERN.test(key) && !key.split('/').some((part) => part === '..');
}

export function assertValidKey(key: string): void {
  if (!isValidKey(key)) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
}

/** Keys of files only their owner may read through the api (never a public URL). */
export const PRIVATE_KEY_PREFIX = 'private/';

export function isPrivateKey(key: string): boolean {
  return key.startsWith(PRIVATE_KEY_PREFIX);
}

export function assertPrivateKey(key: string): void {
  assertValidKey(key);
  if (!isPrivateKey(key)) throw new Error(`not a private storage key: ${JSON.stringify(key)}`);
}

export function assertPublicKey(key: string): void {
  assertValidKey(key);
  if (isPrivateKey(key)) throw new Error(`a private key cannot be stored publicly: ${JSON.stringify(key)}`);
}

/** URL-encodes each path segment of a key. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
