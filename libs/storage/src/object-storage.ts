import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  /** Where clients fetch it (CDN base when configured). */
  url: string;
}

/**
 * Where uploaded and generated files live: S3 (or an S3-compatible store) when configured, else
 * the local disk served by the api at /uploads. Keys are relative paths such as
 * `avatars/<user>/<id>.jpg`; objects are immutable (a new version gets a new key).
 */
export abstract class ObjectStorage {
  abstract readonly driver: 'local' | 's3';

  /** Writes an object (replacing one with the same key). */
  abstract put(key: string, body: Buffer, contentType: string): Promise<StoredObject>;

  /**
   * Writes an object from a stream without holding it in memory (data exports); resolves with its
   * size once the whole object is stored. Keys under `private/` are never served publicly.
   */
  abstract putStream(
    key: string,
    body: Readable,
    contentType: string,
  ): Promise<{ key: string; sizeBytes: number }>;

  /** Removes an object; removing one that does not exist is not an error. */
  abstract delete(key: string): Promise<void>;

  /** Reads an object as a stream; 404 NOT_FOUND when there is none. */
  abstract get(key: string): Promise<Readable>;

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

/** URL-encodes each path segment of a key. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
