import type { Enqueue } from '@runvs/queue';
import type { EntityManager } from 'typeorm';

/**
 * Work another domain must do when an account goes, inside the deletion transaction and before
 * any of the user's rows are removed — e.g. the Strava integration revoking its access at Strava
 * (read the connection here and enqueue a deauthorization job; the row itself is deleted right
 * after). Provide an array of hooks under ACCOUNT_DELETION_HOOKS from a @Global() module.
 */
export interface AccountDeletionHook {
  beforeAccountDeletion(userId: string, manager: EntityManager, enqueue: Enqueue): Promise<void>;
}

export const ACCOUNT_DELETION_HOOKS = Symbol('ACCOUNT_DELETION_HOOKS');
