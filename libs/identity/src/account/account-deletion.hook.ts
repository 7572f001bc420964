import { DiscoveryService } from '@nestjs/core';
import type { Enqueue } from '@runvs/queue';
import type { EntityManager } from 'typeorm';

/**
 * Work another domain must do when an account goes, inside the deletion transaction and before
 * any of the user's rows are removed — e.g. the Strava integration revoking its access at Strava
 * (read the connection here and enqueue a deauthorization job), or the social domain removing the
 * user's friend requests and friendships from the tables it owns.
 *
 * Mark the provider with `@AccountDeletionHookProvider()`: AccountDeletionService discovers every
 * marked provider of the application, so any number of domains can take part. (An array provided
 * under ACCOUNT_DELETION_HOOKS from a @Global() module is still honoured.)
 */
export interface AccountDeletionHook {
  beforeAccountDeletion(userId: string, manager: EntityManager, enqueue: Enqueue): Promise<void>;
}

export const ACCOUNT_DELETION_HOOKS = Symbol('ACCOUNT_DELETION_HOOKS');

/** Class decorator that registers an AccountDeletionHook provider for discovery. */
export const AccountDeletionHookProvider = DiscoveryService.createDecorator<void>();
