import { Injectable } from '@nestjs/common';
import { type AccountDeletionHook, AccountDeletionHookProvider } from '@runvs/identity';
import { DistanceBoardsStore } from './distance-boards.store';

/** A deleted account leaves every weekly and monthly distance board at once. */
@Injectable()
@AccountDeletionHookProvider()
export class DistanceBoardsAccountDeletionHook implements AccountDeletionHook {
  constructor(private readonly store: DistanceBoardsStore) {}

  async beforeAccountDeletion(userId: string): Promise<void> {
    await this.store.removeRunner(userId);
  }
}
