import { Injectable, Logger } from '@nestjs/common';
import { type AccountDeletionHook, AccountDeletionHookProvider } from '@runvs/identity';
import { ObjectStorage } from '@runvs/storage';
import type { EntityManager } from 'typeorm';
import { ExportsRepository } from './exports.repository';

/** A deleted account takes its export zips with it (the rows go with the user). */
@Injectable()
@AccountDeletionHookProvider()
export class ExportsAccountDeletionHook implements AccountDeletionHook {
  private readonly logger = new Logger(ExportsAccountDeletionHook.name);

  constructor(
    private readonly repository: ExportsRepository,
    private readonly storage: ObjectStorage,
  ) {}

  async beforeAccountDeletion(userId: string, manager: EntityManager): Promise<void> {
    for (const key of await this.repository.fileKeysOf(manager, userId)) {
      await this.storage.deletePrivate(key).catch((error: Error) => {
        this.logger.error(`could not delete export ${key}: ${error.message}`);
      });
    }
  }
}
