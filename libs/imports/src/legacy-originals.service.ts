import { Injectable, Logger } from '@nestjs/common';
import { isDomainError } from '@runvs/common';
import { isPrivateKey, ObjectStorage, PRIVATE_KEY_PREFIX } from '@runvs/storage';
import type { Readable } from 'node:stream';
import { ImportsRepository } from './imports.repository';

const BATCH = 100;

/**
 * Originals uploaded before private storage existed sit under public keys (`imports/<user>/…`,
 * served at /uploads and, on S3, public with a year of caching). The worker moves them once, at
 * boot, in the background: copy to `private/<old key>`, point the import (and its stored_files
 * row) at the copy in one statement, then delete the public object. Idempotent and safe with
 * several workers (a row already moved or deleted meanwhile is left alone and the extra copy
 * removed). Until an original is moved it is still read, downloaded and deleted through its old
 * key, and the local /uploads handler already refuses `imports/` paths.
 */
@Injectable()
export class LegacyOriginalsService {
  private readonly logger = new Logger(LegacyOriginalsService.name);

  constructor(
    private readonly repository: ImportsRepository,
    private readonly storage: ObjectStorage,
  ) {}

  /** Moves every public original; resolves with how many were moved and how many are missing. */
  async moveToPrivateStorage(): Promise<{ moved: number; missing: number }> {
    let moved = 0;
    let missing = 0;
    const skipped = new Set<string>();
    for (;;) {
      const batch = (await this.repository.publicOriginals(BATCH + skipped.size)).filter(
        (row) => !skipped.has(row.id),
      );
      if (batch.length === 0) break;
      for (const row of batch) {
        const outcome = await this.moveOne(row.id, row.file_key);
        if (outcome === 'moved') moved += 1;
        else {
          skipped.add(row.id);
          if (outcome === 'missing') missing += 1;
        }
      }
    }
    if (moved > 0 || missing > 0) {
      this.logger.log(
        `moved ${moved} import original(s) to private storage; ${missing} missing from storage`,
      );
    }
    return { moved, missing };
  }

  private async moveOne(id: string, oldKey: string): Promise<'moved' | 'missing' | 'raced'> {
    if (isPrivateKey(oldKey)) return 'raced';
    const newKey = `${PRIVATE_KEY_PREFIX}${oldKey}`;
    let bytes: Buffer;
    try {
      bytes = await readAll(await this.storage.get(oldKey));
    } catch (error) {
      if (isDomainError(error) && error.code === 'NOT_FOUND') return 'missing';
      throw error;
    }
    const contentType = (await this.repository.storedContentType(oldKey)) ?? 'application/octet-stream';
    await this.storage.putPrivate(newKey, bytes, contentType);
    const switched = await this.repository.switchOriginalKey(id, oldKey, newKey);
    if (!switched) {
      // Deleted or moved by someone else meanwhile: keep whatever the row points at now.
      if ((await this.repository.currentFileKey(id)) !== newKey) await this.storage.delete(newKey);
      return 'raced';
    }
    await this.storage.delete(oldKey);
    return 'moved';
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
