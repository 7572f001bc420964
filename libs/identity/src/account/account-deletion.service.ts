import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@runvs/common';
import { CourseStatsService } from '@runvs/courses';
import { EventCourseDeletionService } from '@runvs/events';
import { type Box, HeatmapService } from '@runvs/heatmap';
import { OutboxService, QueueName } from '@runvs/queue';
import { ObjectStorage } from '@runvs/storage';
import { DataSource, type EntityManager } from 'typeorm';
import { AuthStateService } from '../auth/auth-state.service';
import {
  type AccountDeletionHook,
  AccountDeletionHookProvider,
  ACCOUNT_DELETION_HOOKS,
} from './account-deletion.hook';
import { AccountDeletionRepository } from './account-deletion.repository';

export const ACCOUNT_DELETED_REASON = 'account-deleted';

/**
 * Deletes an account and everything of it (app-store requirement), in this order:
 * 1. the user's stored objects (avatars, import files, course thumbnails) are removed from storage
 *    first — if storage fails, nothing has changed yet and the request can simply be retried;
 * 2. one transaction locks the user row, runs the other domains' hooks (Strava deauthorization),
 *    deletes every row of the user (see AccountDeletionRepository.deleteRows), recounts the
 *    counters of other courses and events the user touched, and writes a `ranking-recalc` job for
 *    every other course whose leaderboard or stats counted the user — in the same transaction, so
 *    no recalculation can be lost;
 * 3. objects written between step 1 and the lock (a racing upload) are removed after the commit,
 *    and the public heatmap's cached tiles where the user ran are invalidated.
 * A second, concurrent deletion finds no row under the lock and answers the same.
 */
@Injectable()
export class AccountDeletionService {
  private readonly logger = new Logger(AccountDeletionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly repository: AccountDeletionRepository,
    private readonly storage: ObjectStorage,
    private readonly heatmap: HeatmapService,
    private readonly authState: AuthStateService,
    private readonly courseStats: CourseStatsService,
    private readonly eventCourses: EventCourseDeletionService,
    private readonly discovery: DiscoveryService,
    @Optional() @Inject(ACCOUNT_DELETION_HOOKS) private readonly providedHooks: AccountDeletionHook[] = [],
  ) {}

  private discoveredHooks: AccountDeletionHook[] | undefined;

  /** Hooks marked with @AccountDeletionHookProvider() anywhere in the app, plus the provided array. */
  private hooks(): AccountDeletionHook[] {
    if (!this.discoveredHooks) {
      const discovered = this.discovery
        .getProviders({ metadataKey: AccountDeletionHookProvider.KEY })
        .map((wrapper) => wrapper.instance as AccountDeletionHook | undefined)
        .filter((hook): hook is AccountDeletionHook => typeof hook?.beforeAccountDeletion === 'function');
      this.discoveredHooks = [...new Set([...(this.providedHooks ?? []), ...discovered])];
    }
    return this.discoveredHooks;
  }

  async deleteAccount(userId: string): Promise<{ deleted: true }> {
    const removed = await this.storageKeys(this.dataSource.manager, userId);
    await this.removeObjects(removed, true);

    let heatmapArea: Box | null = null;
    const leftovers = await this.outbox.transaction(async (manager, enqueue) => {
      if (!(await this.repository.lockUser(manager, userId))) return [];
      heatmapArea = await this.repository.heatmapExtent(manager, userId);
      for (const hook of this.hooks()) await hook.beforeAccountDeletion(userId, manager, enqueue);
      // The user's courses go with them: events bound to them are cancelled (participants told)
      // or frozen first — the events lib owns them, and the foreign key insists.
      await this.eventCourses.coursesOfUserDeleted(manager, userId, enqueue);
      const keys = await this.storageKeys(manager, userId);
      const footprint = await this.repository.footprint(manager, userId);
      await this.repository.deleteRows(manager, userId, keys);
      await this.courseStats.recountSocialCounters(manager, footprint.counterCourseIds);
      await this.repository.recountEvents(manager, footprint);
      for (const courseId of footprint.leaderboardCourseIds) {
        await enqueue(QueueName.RankingRecalc, { courseId, reason: ACCOUNT_DELETED_REASON });
      }
      return keys.filter((key) => !removed.includes(key));
    });
    // Its access tokens are refused from the next request on, not when their cached state expires.
    await this.authState.invalidateUser(userId);
    await this.removeObjects(leftovers, false);
    // The runs' heatmap samples went with them; cached tiles of that area are refreshed now.
    await this.heatmap.invalidate(heatmapArea);
    return { deleted: true };
  }

  private async storageKeys(manager: EntityManager, userId: string): Promise<string[]> {
    const { keys, urls } = await this.repository.storedFiles(manager, userId);
    const fromUrls = urls
      .map((url) => this.storage.keyOfUrl(url))
      .filter((key): key is string => key !== null);
    return [...new Set([...keys, ...fromUrls])];
  }

  private async removeObjects(keys: string[], required: boolean): Promise<void> {
    for (const key of keys) {
      try {
        await this.storage.delete(key);
      } catch (error) {
        this.logger.error(`could not delete stored object ${key}: ${(error as Error).message}`);
        if (required) {
          throw new DomainError(
            'SERVICE_UNAVAILABLE',
            'Your files could not be removed right now; nothing was deleted, please try again.',
          );
        }
      }
    }
  }
}
