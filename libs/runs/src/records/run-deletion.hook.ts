import type { EntityManager } from 'typeorm';

/**
 * Work another domain does when a run is deleted (DELETE /runs/{id}, an import deleted with its
 * run), inside the deletion's transaction before the run's row goes — the imports domain lets go
 * of the original file the run was imported from. What cannot share the transaction (removing the
 * object from storage) is returned and run after commit. Provided by a @Global() module under
 * RUN_DELETION_HOOK (the imports lib's ImportRunLinksModule).
 */
export interface RunDeletionHook {
  beforeRunDeletion(
    run: { id: string; userId: string },
    manager: EntityManager,
  ): Promise<(() => Promise<void>) | void>;
}

export const RUN_DELETION_HOOK = Symbol('RUN_DELETION_HOOK');
