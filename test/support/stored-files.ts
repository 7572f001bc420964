import type { AppConfig } from '@runvs/config';
import { join } from 'node:path';

/**
 * Where the local storage driver keeps a key on disk: private keys (`private/…`: import
 * originals, export zips) under LOCAL_PRIVATE_STORAGE_DIR, never under the public /uploads
 * directory; all others under LOCAL_STORAGE_DIR.
 */
export function storedFilePath(config: AppConfig, key: string): string {
  return key.startsWith('private/')
    ? join(config.storage.localPrivateDir, key.slice('private/'.length))
    : join(config.storage.localDir, key);
}
