import { Injectable } from '@nestjs/common';
import { type AccountDeletionHook, AccountDeletionHookProvider } from '@runvs/identity';
import type { EntityManager } from 'typeorm';
import { FriendsService } from './friends.service';

/** An account that goes takes its friend requests and friendships with it (both directions). */
@Injectable()
@AccountDeletionHookProvider()
export class FriendsAccountDeletionHook implements AccountDeletionHook {
  constructor(private readonly friends: FriendsService) {}

  async beforeAccountDeletion(userId: string, manager: EntityManager): Promise<void> {
    await this.friends.removeAllOf(manager, userId);
  }
}
