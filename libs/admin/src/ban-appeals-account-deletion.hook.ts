import { Injectable } from '@nestjs/common';
import { type AccountDeletionHook, AccountDeletionHookProvider } from '@runvs/identity';
import type { EntityManager } from 'typeorm';

/**
 * An account that goes takes its ban appeals with it. (Appeals an admin answered keep their
 * answer when that admin's account goes: `answered_by_id` is cleared by the foreign key.)
 */
@Injectable()
@AccountDeletionHookProvider()
export class BanAppealsAccountDeletionHook implements AccountDeletionHook {
  async beforeAccountDeletion(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM ban_appeals WHERE user_id = $1`, [userId]);
  }
}
