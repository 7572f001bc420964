import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { ImportPipelineService, ImportRejected } from '@runvs/imports';
import { OutboxService, QueueName, type StravaSyncPayload } from '@runvs/queue';
import { isStravaRun, type StravaSummaryActivity, streamsToPoints } from './strava-activities';
import { assertStravaEnabled } from './strava-enabled';
import { StravaRemovalService } from './strava-removal.service';
import { StravaUserApi } from './strava-user-api.service';
import { StravaHttpError, StravaRateLimited } from './strava.client';
import { StravaRepository } from './strava.repository';

/** Recent activities synced right after connecting (§11). */
export const INITIAL_SYNC_ACTIVITIES = 20;
export const MAX_SYNC_ACTIVITIES = 200;

/**
 * Sync and import: the `strava-sync` job (recent runs, webhook-driven activity changes,
 * deauthorizations, revocations) feeding Strava runs (streams for GPS) into the same import
 * pipeline as files.
 */
@Injectable()
export class StravaSyncService {
  private readonly logger = new Logger(StravaSyncService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly userApi: StravaUserApi,
    private readonly repository: StravaRepository,
    private readonly removal: StravaRemovalService,
    private readonly outbox: OutboxService,
    private readonly pipeline: ImportPipelineService,
  ) {}

  async syncAll(
    userId: string,
    maxActivities: number,
  ): Promise<{ import_id: string; status: 'accepted'; message: string }> {
    assertStravaEnabled(this.config);
    await this.outbox.transaction(async (manager, enqueue) => {
      if (!(await this.repository.byUser(userId, manager))) {
        throw new DomainError('STRAVA_NOT_CONNECTED', 'Strava not connected');
      }
      await enqueue(QueueName.StravaSync, { kind: 'full-sync', userId, maxActivities });
    });
    return {
      import_id: '',
      status: 'accepted',
      message: `Bulk sync of up to ${maxActivities} recent activities queued.`,
    };
  }

  /** The `strava-sync` job. Rate limits put the job back, delayed until Strava's window resets. */
  async handleJob(payload: StravaSyncPayload): Promise<void> {
    try {
      switch (payload.kind) {
        case 'initial-sync':
          return await this.syncRecent(payload.userId, INITIAL_SYNC_ACTIVITIES);
        case 'full-sync':
          return await this.syncRecent(payload.userId, Math.min(MAX_SYNC_ACTIVITIES, payload.maxActivities));
        case 'activity':
          return await this.syncActivity(payload.userId, payload.activityId, payload.aspect);
        case 'deauthorized':
          return await this.confirmDeauthorization(payload.athleteId);
        case 'deauthorize':
          return await this.userApi.revoke(payload.accessTokenEncrypted, payload.refreshTokenEncrypted);
      }
    } catch (error) {
      if (!(error instanceof StravaRateLimited)) throw error;
      const userId = 'userId' in payload ? payload.userId : null;
      if (userId) await this.repository.markRateLimited(userId, new Date(error.until));
      this.logger.warn(`strava-sync ${payload.kind} delayed: ${error.message}`);
      await this.outbox.transaction(async (_manager, enqueue) => {
        await enqueue(QueueName.StravaSync, payload, { delayMs: Math.max(1_000, error.until - Date.now()) });
      });
    }
  }

  private async syncRecent(userId: string, max: number): Promise<void> {
    const connection = await this.repository.byUser(userId);
    if (!connection) return;
    const perPage = Math.min(max, MAX_SYNC_ACTIVITIES);
    let seen = 0;
    for (let page = 1; seen < max; page++) {
      const activities = await this.userApi.listActivities(userId, { perPage, page });
      if (!Array.isArray(activities) || activities.length === 0) break;
      for (const activity of activities.slice(0, max - seen)) {
        if (isStravaRun(activity)) await this.importActivity(userId, activity);
      }
      seen += activities.length;
      if (activities.length < perPage) break;
    }
    await this.repository.markSynced(userId);
  }

  private async syncActivity(
    userId: string,
    activityId: number,
    aspect: 'create' | 'update' | 'delete',
  ): Promise<void> {
    if (!(await this.repository.byUser(userId))) return;
    const existing = await this.repository.importOf(userId, activityId);
    // Every aspect (a delete too) is checked against Strava: only its 404 removes the run.
    let activity: StravaSummaryActivity;
    try {
      activity = await this.userApi.getActivity(userId, activityId);
    } catch (error) {
      if (error instanceof StravaHttpError && error.status === 404) {
        if (existing) await this.removal.removeImport(userId, existing);
        return;
      }
      throw error;
    }
    if (!isStravaRun(activity)) {
      // Changed to another sport (or never a run): nothing of it stays.
      if (existing) await this.removal.removeImport(userId, existing);
      return;
    }
    if (existing) {
      if (aspect === 'delete') this.logger.warn(`Strava activity ${activityId} still exists: delete ignored`);
      // Title, sport type and privacy follow Strava; the run itself stays private to its owner.
      await this.repository.updateImportMetadata(existing.id, activityMetadata(activity));
    } else await this.importActivity(userId, activity);
    await this.repository.markSynced(userId);
  }

  /**
   * An "athlete deauthorized" event is believed only when Strava refuses to refresh our token;
   * then the athlete's Strava runs, imports and connection go.
   */
  private async confirmDeauthorization(athleteId: number): Promise<void> {
    const connection = await this.repository.byAthlete(athleteId);
    if (!connection) return;
    if (!(await this.userApi.refreshRefused(connection.userId))) {
      this.logger.warn(`Strava athlete ${athleteId} still authorizes us: deauthorization ignored`);
      return;
    }
    await this.removal.removeAfterDeauthorization(connection.userId);
  }

  /** One Strava run → import row → the shared pipeline (dedupe, matching, run record). */
  private async importActivity(userId: string, activity: StravaSummaryActivity): Promise<void> {
    if (await this.repository.importOf(userId, activity.id)) return;
    let streams;
    try {
      streams = await this.userApi.getStreams(userId, activity.id);
    } catch (error) {
      // Manual activities have no streams (404): imported as "no GPS" failures, like a treadmill file.
      if (!(error instanceof StravaHttpError && error.status === 404)) throw error;
      streams = {};
    }
    const importId = await this.repository.startImport(userId, activity.id, activityMetadata(activity));
    if (!importId) return;
    const points = streamsToPoints(activity.start_date, streams ?? {});
    try {
      await this.pipeline.importTrack(
        { id: importId, userId },
        {
          sport: 'running',
          sourceDevice: activity.device_name ?? `Strava/${activity.sport_type ?? activity.type ?? 'Run'}`,
          points,
          pauses: [],
        },
        'strava',
      );
    } catch (error) {
      if (error instanceof ImportRejected) await this.pipeline.fail(importId, error.reason);
      else {
        await this.pipeline.fail(
          importId,
          `The Strava activity could not be imported: ${(error as Error).message}`,
        );
        throw error;
      }
    }
  }
}

/** What an import keeps of its Strava activity (raw_metadata). */
function activityMetadata(activity: StravaSummaryActivity): Record<string, unknown> {
  return {
    name: activity.name ?? null,
    sport_type: activity.sport_type ?? activity.type ?? null,
    start_date: activity.start_date,
    distance: activity.distance ?? null,
    private: activity.private === true,
  };
}
