import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

/**
 * Work another domain must do when a run is deleted (DELETE /runs/{id}, an import deleted with its
 * run, a run replaced by a better recording), inside the deletion's transaction and before the
 * run's row goes — e.g. the imports domain letting go of the file the run was imported from. What
 * cannot share the transaction (removing objects from storage) is returned and run after commit.
 *
 * Mark the provider with `@RunDeletionHookProvider()`: RunRecordsService discovers every marked
 * provider of the application.
 */
export interface RunDeletionHook {
  beforeRunDeletion(
    run: { id: string; userId: string },
    manager: EntityManager,
  ): Promise<(() => Promise<void>) | void>;
}

/** Class decorator that registers a RunDeletionHook provider for discovery. */
export const RunDeletionHookProvider = DiscoveryService.createDecorator<void>();
