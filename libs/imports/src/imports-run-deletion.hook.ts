import { Injectable, Logger } from '@nestjs/common';
import type { RunDeletionHook } from '@runvs/runs';
import { ObjectStorage } from '@runvs/storage';
import type { EntityManager } from 'typeorm';
import { ImportsRepository } from './imports.repository';

/**
 * A deleted run takes the original file it was imported from with it: the import stays (its
 * history, and the dedupe of a second upload of the same file), but its `file_key` is cleared in
 * the run's transaction and the object is removed from private storage after commit.
 */
@Injectable()
export class ImportsRunDeletionHook implements RunDeletionHook {
  private readonly logger = new Logger(ImportsRunDeletionHook.name);

  constructor(
    private readonly repository: ImportsRepository,
    private readonly storage: ObjectStorage,
  ) {}

  async beforeRunDeletion(
    run: { id: string; userId: string },
    manager: EntityManager,
  ): Promise<() => Promise<void>> {
    const keys = await this.repository.releaseOriginalsOfRun(manager, run.userId, run.id);
    return async () => {
      for (const key of keys) {
        await this.storage.delete(key).catch((error: Error) => {
          this.logger.error(
            `could not delete the original ${key} of deleted run ${run.id}: ${error.message}`,
          );
        });
      }
    };
  }
}
